/*
 * Rule: dtrace-semantics §3 rindex(s,t,pos) searches backwards from pos; pos > len is clamped to len
 * @@args: -q
 */

BEGIN
{
	printf("%d\n", rindex("hello", "l", 2));
	printf("%d\n", rindex("hello", "l", 1));
	printf("%d\n", rindex("hello", "l", 100));
	printf("%d\n", rindex("hello", "h", -1));
	printf("%d\n", rindex("hello", "o", 4));
	exit(0);
}
