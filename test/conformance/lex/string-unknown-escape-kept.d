/*
 * Rule: d-language §1.5: any other escape is kept as two characters: "\q" is backslash, q
 * @@args: -q
 */
BEGIN { printf("%s\n", "a\qb"); exit(0); }
