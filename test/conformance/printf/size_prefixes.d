/*
 * Rule: dtrace-semantics §3 printf: explicit h/l/ll size prefixes with matching argument types
 * @@args: -q
 */

BEGIN
{
	printf("%ld %lu %hd %hu %lld %llx\n", (long)-5, (unsigned long)5, (short)-1, (unsigned short)65535,
	    (long long)-7, (uint64_t)255);
	exit(0);
}
