/*
 * Rule: d-language §6: options and operands interleave; operands become $1, $2 in order
 * @@cmd: -q first -s operands-interleave.d second
 */
BEGIN { printf("%s %s\n", $$1, $$2); exit(0); }
