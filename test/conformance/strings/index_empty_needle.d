/*
 * Rule: dtrace-semantics §3 index/rindex follow Perl for an empty needle
 * @@args: -q
 */

BEGIN
{
	printf("%d\n", index("hello", ""));
	printf("%d\n", rindex("hello", ""));
	printf("%d\n", index("", ""));
	printf("%d\n", index("hello", "", 2));
	printf("%d\n", rindex("hello", "", 2));
	printf("%d\n", index("hello", "", 10));
	printf("%d\n", rindex("hello", "", -1));
	exit(0);
}
