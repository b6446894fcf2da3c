/*
 * Rule: dtrace-semantics §3 profile provider units: m = minutes: tick-1s fires 60 times between two tick-1m
 *       firings; --fast simulated time, firings per simulated second (rounded to 10)
 * @@args: -q
 */

int n, n1, s;

tick-1s
{
	n++;
}

tick-1m
{
	s++;
}

tick-1m
/s == 1/
{
	n1 = n;
}

tick-1m
/s == 2/
{
	printf("%d\n", (n - n1 + 5) / 10 * 10);
	exit(0);
}
