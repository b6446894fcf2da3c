/*
 * Rule: dtrace-semantics §3 index/rindex are 0-based, -1 when not found
 * @@args: -q
 */

BEGIN
{
	printf("%d\n", index("hello", "l"));
	printf("%d\n", rindex("hello", "l"));
	printf("%d\n", index("hello", "z"));
	printf("%d\n", rindex("hello", "z"));
	printf("%d\n", index("hello", "lo"));
	printf("%d\n", index("hello", "hello"));
	printf("%d\n", index("hi", "hello"));
	exit(0);
}
