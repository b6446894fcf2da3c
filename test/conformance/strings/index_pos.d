/*
 * Rule: dtrace-semantics §3 index(s,t,pos) starts at pos; pos < 0 is clamped to 0
 * @@args: -q
 */

BEGIN
{
	printf("%d\n", index("hello", "l", 3));
	printf("%d\n", index("hello", "l", 4));
	printf("%d\n", index("hello", "h", -5));
	printf("%d\n", index("aaa", "aa", 1));
	printf("%d\n", index("hello", "l", 100));
	exit(0);
}
