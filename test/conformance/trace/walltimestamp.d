/*
 * Rule: dtrace-semantics §3 trace() of walltimestamp (int64_t) at BEGIN: the host epoch 2011-08-15T00:00:00Z
 *       in ns
 */

BEGIN
{
	trace(walltimestamp);
	exit(0);
}
