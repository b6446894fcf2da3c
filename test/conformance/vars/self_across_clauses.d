/*
 * Rule: dtrace-semantics §3 self-> is per thread and survives across clauses; assigning 0 frees it (it then
 *       reads 0)
 * @@args: -q
 */

BEGIN
{
	self->x = 5;
}

BEGIN
{
	printf("%d\n", self->x);
	self->x = 0;
}

BEGIN
{
	printf("%d\n", self->x);
	exit(0);
}
