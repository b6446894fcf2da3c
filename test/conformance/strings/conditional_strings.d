/*
 * Rule: d-language §3.3 ?: with string branches of compatible type
 * @@args: -q
 */

BEGIN
{
	x = 5;
	printf("[%s]\n", x > 3 ? "big" : "small");
	printf("[%s]\n", x > 9 ? "big" : "small");
	exit(0);
}
