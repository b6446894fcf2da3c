/*
 * Rule: d-language §2: stmt ::= ';' so empty statements are allowed anywhere in a body
 * @@args: -q
 */
BEGIN { ;; printf("ok\n");; exit(0); ; }
