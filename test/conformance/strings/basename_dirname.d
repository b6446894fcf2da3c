/*
 * Rule: dtrace-semantics §3 basename/dirname as basename(1)/dirname(1): trailing slashes ignored, "" and a
 *       bare name give "."
 * @@args: -q
 */

BEGIN
{
	printf("%s %s\n", basename("/foo/bar/baz"), dirname("/foo/bar/baz"));
	printf("%s %s\n", basename("/foo/bar/"), dirname("/foo/bar/"));
	printf("%s %s\n", basename("foo"), dirname("foo"));
	printf("%s %s\n", basename("/"), dirname("/"));
	printf("%s %s\n", basename("/foo"), dirname("/foo"));
	printf("%s %s\n", basename(""), dirname(""));
	printf("%s %s\n", basename("foo//bar"), dirname("foo//bar"));
	printf("%s %s\n", basename("//foo"), dirname("//foo"));
	exit(0);
}
