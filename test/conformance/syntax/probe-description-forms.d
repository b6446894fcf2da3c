/*
 * Rule: d-language §1.9: missing leading fields are empty and match everything: BEGIN, :::BEGIN and
 *       dtrace:::BEGIN name the same probe
 * @@args: -q
 */
BEGIN { printf("a\n"); }
:::BEGIN { printf("b\n"); }
dtrace:::BEGIN { printf("c\n"); exit(0); }
