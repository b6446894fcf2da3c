/*
 * Rule: dtrace-semantics §3 casts to the fixed-width typedefs narrow and extend like their base types
 * @@args: -q
 */

BEGIN
{
	printf("%d %d %d %d\n", (int8_t)200, (uint16_t)70000, (int32_t)4294967295, (uint32_t)-1);
	exit(0);
}
