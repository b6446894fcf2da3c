/*
 * Rule: dtrace-semantics §3 a constant zero divisor of % is a compile error (D_DIV_ZERO)
 * @@status: 1
 */

BEGIN
{
	x = 7;
	y = x % 0;
	exit(0);
}
