/*
 * Rule: d-language §4.7: -xargref turns the D_MACRO_UNUSED check off
 * @@args: -q -x argref
 * @@operands: a b
 */
BEGIN { printf("%s\n", $$1); exit(0); }
