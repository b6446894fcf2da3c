/*
 * Rule: dtrace-semantics §3 profile provider units: min = minutes; --fast simulated time, firings per
 *       simulated second (rounded to 10)
 * @@args: -q
 */

int n, n1, s;

tick-1s
{
	n++;
}

tick-1min
{
	s++;
}

tick-1min
/s == 1/
{
	n1 = n;
}

tick-1min
/s == 2/
{
	printf("%d\n", (n - n1 + 5) / 10 * 10);
	exit(0);
}
