/*
 * Rule: dtrace-semantics §3 tick-1s fires every simulated second: consecutive firings are 10^9 ns apart
 * @@args: -q
 */

uint64_t last;

tick-1s
/last != 0/
{
	printf("%d\n", timestamp - last);
	exit(0);
}

tick-1s
{
	last = timestamp;
}
