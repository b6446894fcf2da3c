/*
 * Rule: d-language §3.3 postfix ++/-- yield the old value, prefix the new one
 * @@args: -q
 */

BEGIN
{
	x = 5;
	y = x++;
	z = ++x;
	w = x--;
	v = --x;
	printf("%d %d %d %d %d\n", x, y, z, w, v);
	exit(0);
}
