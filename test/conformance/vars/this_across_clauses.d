/*
 * Rule: dtrace-semantics §3 this-> is shared by all clauses of one firing
 * @@args: -q
 */

BEGIN
{
	this->v = 10;
}

BEGIN
{
	printf("%d\n", this->v + 1);
	exit(0);
}
