/*
 * Rule: d-language §2: assignments are right-associative and compound assignments apply to the left
 *       operand
 * @@args: -q
 */
BEGIN { a = b = 4; a += b *= 2; printf("%d %d\n", a, b); exit(0); }
