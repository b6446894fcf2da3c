/*
 * Rule: dtrace-semantics §3 globals are typed by their first assignment: x = 1 is an int, 1l a long,
 *       2147483648 a long
 * @@args: -q
 */

BEGIN
{
	x = 1;
	y = 1l;
	z = 2147483648;
	printf("%d %d %d\n", sizeof (x), sizeof (y), sizeof (z));
	exit(0);
}
