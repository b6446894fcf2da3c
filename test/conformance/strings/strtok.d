/*
 * Rule: dtrace-semantics §3 strtok(s|NULL, d): tokens in turn, skipping empty ones
 * @@args: -q
 */

BEGIN
{
	printf("[%s]\n", strtok("a,b,,c", ","));
	printf("[%s]\n", strtok(NULL, ","));
	printf("[%s]\n", strtok(NULL, ","));
	printf("[%s]\n", strtok(",,x;y", ",;"));
	printf("[%s]\n", strtok(NULL, ",;"));
	exit(0);
}
