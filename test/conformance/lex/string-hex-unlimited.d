/*
 * Rule: d-language §1.5: \x takes unlimited hex digits truncated to 8 bits, so "\x4142" is the
 *       single byte 0x42 (B)
 * @@args: -q
 */
BEGIN { printf("%s %s\n", "\x41", "\x4142"); exit(0); }
