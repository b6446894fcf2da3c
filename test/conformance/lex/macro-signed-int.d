/*
 * Rule: d-language §1.7: an argument with a leading - or + and digits is an integer token (getopt
 *       would take -5 for an option, so the operands follow --, which ends option processing)
 * @@args: -q
 * @@operands: -- -5 +7
 */
BEGIN { printf("%d %d\n", $1, $2); exit(0); }
