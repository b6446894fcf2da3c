/*
 * Rule: dtrace-semantics §3 a constant zero divisor is a compile error: D_DIV_ZERO "expression contains
 *       division by zero"
 * @@status: 1
 */

BEGIN
{
	x = 1 / 0;
	exit(0);
}
