/*
 * Rule: d-language §1.4: -1 is unary minus applied to 1 (an int), so -2147483648 is minus a long and
 *       prints as a long
 * @@args: -q
 */
BEGIN { printf("%d %d\n", sizeof (-1), sizeof (-2147483648)); exit(0); }
