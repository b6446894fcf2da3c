/*
 * Rule: d-language §1.6: after / the lexer skips blanks; a following digit makes it division, and /
 *       before { ends the predicate
 * @@args: -q
 */
BEGIN /4 / 2 == 2/ { printf("ok\n"); exit(0); }
