/*
 * Rule: dtrace-semantics §2 a keyed distribution: the key (" %8d" for an int) then the block, whose leading
 *       newline ends the key line; the entry newline leaves a blank line
 * @@args: -q
 */

BEGIN
{
	@q[3] = quantize(5);
	exit(0);
}
