/*
 * Rule: dtrace-semantics §3 profile-N fires on every CPU (the host has 8)
 * @@args: -q
 */

int ncpu, s;

profile-97
/!seen[cpu]/
{
	seen[cpu] = 1;
	ncpu++;
}

tick-1s
{
	s++;
}

tick-1s
/s == 2/
{
	printf("%d\n", ncpu);
	exit(0);
}
