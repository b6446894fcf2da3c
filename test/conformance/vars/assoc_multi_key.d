/*
 * Rule: dtrace-semantics §3 associative arrays with multi-type keys; a missing element reads 0
 * @@args: -q
 */

BEGIN
{
	a["x", 1] = 5;
	a["y", 2] = 7;
	printf("%d %d %d\n", a["x", 1], a["y", 2], a["x", 2]);
	exit(0);
}
