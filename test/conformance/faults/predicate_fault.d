/*
 * Rule: dtrace-semantics §4 a fault in the predicate reports action index 0 ("in predicate")
 * @@args: -q
 */

BEGIN
{
	x = 0;
}

BEGIN
/1 / x/
{
	printf("never\n");
}

ERROR
{
	printf("index=%d\n", arg2);
}

BEGIN
{
	exit(0);
}
