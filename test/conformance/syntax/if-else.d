/*
 * Rule: d-language §2: if (expr) stmt else stmt
 * @@args: -q
 */
BEGIN { x = 3; if (x > 2) printf("big\n"); else printf("small\n"); exit(0); }
