/*
 * Rule: d-language §2 sugar: statements before and after an if run in order, the if body only when
 *       the condition holds
 * @@args: -q
 */
BEGIN { printf("a\n"); if (0) { printf("b\n"); } printf("c\n"); exit(0); }
