/*
 * Rule: dtrace-semantics §3 dtrace:::END is probe ID 2 on CPU 0, func:name ":END"
 */

BEGIN
{
	exit(0);
}

END
{
	trace(2);
}
