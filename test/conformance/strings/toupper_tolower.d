/*
 * Rule: dtrace-semantics §3 toupper/tolower change letters only
 * @@args: -q
 */

BEGIN
{
	printf("[%s]\n", toupper("Hello, World 1"));
	printf("[%s]\n", tolower("MiXeD 2!"));
	exit(0);
}
