/*
 * Rule: dtrace-semantics §6 trap 16: trunc(@,n) keeps the n largest values and trunc(@,-n) the n smallest,
 *       ignoring the aggsort options (printing still follows them)
 * @@args: -q -x aggsortrev
 */

BEGIN
{
	@big["a"] = sum(1);
	@big["b"] = sum(5);
	@big["c"] = sum(3);
	@big["d"] = sum(4);
	@small["a"] = sum(1);
	@small["b"] = sum(5);
	@small["c"] = sum(3);
	@small["d"] = sum(4);
	trunc(@big, 2);
	trunc(@small, -2);
	exit(0);
}
