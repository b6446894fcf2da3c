/*
 * Rule: conformance format: under _DTRACE_TESTING the header is "%32s" FUNCTION:NAME and each line starts
 *       "%32s " func:name (no CPU or ID)
 * @@env: _DTRACE_TESTING=1
 */

BEGIN
{
	trace(1);
}

tick-1s
{
	trace(2);
	exit(0);
}
