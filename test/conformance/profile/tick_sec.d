/*
 * Rule: dtrace-semantics §3 profile provider units: a window measured with tick-1sec (sec = s); --fast
 *       simulated time, firings per simulated second (rounded to 10)
 * @@args: -q
 */

int n, n1, s;

tick-10ms
{
	n++;
}

tick-1sec
{
	s++;
}

tick-1sec
/s == 1/
{
	n1 = n;
}

tick-1sec
/s == 2/
{
	printf("%d\n", (n - n1 + 5) / 10 * 10);
	exit(0);
}
