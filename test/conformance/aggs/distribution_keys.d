/*
 * Rule: dtrace-semantics §2 distributions after char, short and long keys: the block's leading newline ends
 *       the key line
 * @@args: -q
 */

BEGIN
{
	@q[(char)1] = quantize(3);
	@l[(short)2] = lquantize(3, 0, 5);
	@ll[(long)3] = llquantize(30, 10, 0, 2, 10);
	exit(0);
}
