/*
 * Rule: d-language §2: expr ::= assign { ',' assign }: the comma operator evaluates left to right
 *       and yields the right operand
 * @@args: -q
 */
BEGIN { x = (y = 1, y + 1); printf("%d %d\n", x, y); exit(0); }
