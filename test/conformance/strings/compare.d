/*
 * Rule: dtrace-semantics §3 relational operators on strings compare like strcmp
 * @@args: -q
 */

BEGIN
{
	printf("%d\n", "abc" < "abd");
	printf("%d\n", "b" > "abc");
	printf("%d\n", "abc" == "abc");
	printf("%d\n", "abc" != "abc");
	printf("%d\n", "" < "a");
	printf("%d\n", "Z" < "a");
	s1 = "x";
	printf("%d\n", s1 <= "x");
	printf("%d\n", s1 >= "y");
	exit(0);
}
