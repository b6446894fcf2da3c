/*
 * Rule: dtrace-semantics §3 strings have a fixed strsize; longer values are silently truncated (-x strsize=8
 *       keeps at most 8 bytes of "abcdefghijkl")
 * @@args: -q -x strsize=8
 */

BEGIN
{
	s = "abcdefghijkl";
	printf("%d\n", strlen(s) == 7 || strlen(s) == 8);
	printf("%d\n", index(s, "abcdefg"));
	printf("%d\n", index(s, "ijkl"));
	exit(0);
}
