/*
 * Rule: d-language §1.7: $1 holding a whole C integer is re-lexed as an integer token
 * @@args: -q
 * @@operands: 41
 */
BEGIN { printf("%d\n", $1 + 1); exit(0); }
