/*
 * Rule: dtrace-semantics §3 substr(s,i[,n]) with i >= 0 follows Perl
 * @@args: -q
 */

BEGIN
{
	printf("[%s]\n", substr("hello", 1));
	printf("[%s]\n", substr("hello", 1, 3));
	printf("[%s]\n", substr("hello", 0));
	printf("[%s]\n", substr("hello", 4));
	printf("[%s]\n", substr("hello", 2, 100));
	printf("[%s]\n", substr("hello", 0, 0));
	exit(0);
}
