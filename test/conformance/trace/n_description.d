/*
 * Rule: dtrace-semantics §3 with -n the notice is "description 'TEXT' matched", TEXT being the argument up
 *       to its first { (here "BEGIN ")
 * @@cmd: -n 'BEGIN { trace(1); exit(0); }'
 */

BEGIN
{
	trace(1);
	exit(0);
}
