/*
 * Rule: dtrace-semantics §3 printf: precision on %d pads with zeros as in C
 * @@args: -q
 */

BEGIN
{
	printf("%.3d|%6.3d|\n", 7, 7);
	exit(0);
}
