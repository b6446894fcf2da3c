/*
 * Rule: dtrace-semantics §3 cleanpath removes "//", "/./" and "dir/.." components
 * @@args: -q
 */

BEGIN
{
	printf("[%s]\n", cleanpath("/foo/./bar/../baz"));
	printf("[%s]\n", cleanpath("/a//b///c"));
	printf("[%s]\n", cleanpath("/a/b/.c"));
	printf("[%s]\n", cleanpath("/a/..b/c"));
	printf("[%s]\n", cleanpath("a/./b"));
	exit(0);
}
