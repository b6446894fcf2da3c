/*
 * Rule: dtrace-semantics §3 trace() of an int prints " %8d" after the probe line "%3d %6d %32s " (BEGIN is
 *       ID 1 on CPU 0)
 */

BEGIN
{
	trace(1);
	exit(0);
}
