/*
 * Rule: dtrace-semantics §3 trace() in illumos: 32- and 64-bit values print signed even when unsigned; 8-
 *       and 16-bit values print unsigned
 */

BEGIN
{
	trace((unsigned int)4294967295);
	trace((uint64_t)-1);
	trace((unsigned char)255);
	trace((unsigned short)65535);
	exit(0);
}
