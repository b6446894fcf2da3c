/*
 * Rule: d-language §3.1 actions are checked before the predicate, so a predicate may read a self-> variable
 *       its own clause assigns
 * @@args: -q
 */

BEGIN
/self->n == 0/
{
	self->n = 1;
	printf("first\n");
}

BEGIN
/self->n == 1/
{
	printf("second\n");
	exit(0);
}
