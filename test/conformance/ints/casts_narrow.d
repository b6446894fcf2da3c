/*
 * Rule: dtrace-semantics §3 casts narrow: (char)300 = 44, (short)70000 = 4464, (int)4294967297 = 1,
 *       (char)200 = -56
 * @@args: -q
 */

BEGIN
{
	printf("%d %d %d %d %d %d\n", (char)300, (short)70000, (int)4294967297, (char)200, (uint8_t)-1, (unsigned short)-1);
	exit(0);
}
