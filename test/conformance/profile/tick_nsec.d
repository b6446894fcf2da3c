/*
 * Rule: dtrace-semantics §3 profile provider units: nsec = ns; --fast simulated time, firings per simulated
 *       second (rounded to 10)
 * @@args: -q
 */

int n, n1, s;

tick-5000000nsec
{
	n++;
}

tick-1s
{
	s++;
}

tick-1s
/s == 1/
{
	n1 = n;
}

tick-1s
/s == 2/
{
	printf("%d\n", (n - n1 + 5) / 10 * 10);
	exit(0);
}
