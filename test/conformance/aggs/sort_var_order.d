/*
 * Rule: dtrace-semantics §2 aggregations print in variable-id order (order of first appearance in the
 *       program), before value order
 * @@args: -q
 */

int x;

BEGIN
/x/
{
	@b = sum(2);
}

BEGIN
{
	@a = sum(1);
	x = 1;
}

BEGIN
/x/
{
	@b = sum(2);
	exit(0);
}
