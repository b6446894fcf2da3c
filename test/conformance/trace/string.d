/*
 * Rule: dtrace-semantics §3 trace() of a string prints two spaces then the string left-justified in 33
 *       columns
 */

BEGIN
{
	trace("hello");
	exit(0);
}
