/*
 * Rule: dtrace-semantics §3 associative array keys are values: a key built by strjoin finds the element
 *       stored under the equal literal
 * @@args: -q
 */

BEGIN
{
	a[strjoin("k", "1")] = 3;
	printf("%d\n", a["k1"]);
	exit(0);
}
