/*
 * Rule: dtrace-semantics §3 C usual arithmetic conversions: char and short operands promote to int, int with
 *       long gives long
 * @@args: -q
 */

BEGIN
{
	printf("%d %d %d %d\n", sizeof ((char)1 + (char)1), sizeof ((short)1 * 2), sizeof (1 + 1l),
	    sizeof ((unsigned char)1 + 0));
	exit(0);
}
