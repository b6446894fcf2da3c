/*
 * Rule: dtrace-semantics §3 trace() of a string longer than 33 columns prints it whole
 */

BEGIN
{
	trace("this string is longer than thirty-three columns");
	trace(5);
	exit(0);
}
