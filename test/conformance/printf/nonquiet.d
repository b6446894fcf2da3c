/*
 * Rule: dtrace-semantics §3 non-quiet: printf output follows the probe line; the record ends with a newline
 */

BEGIN
{
	printf("hi %d\n", 5);
	exit(0);
}
