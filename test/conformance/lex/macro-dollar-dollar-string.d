/*
 * Rule: d-language §1.7: $$1 is always a string, even for an integer-shaped argument
 * @@args: -q
 * @@operands: hello 41
 */
BEGIN { printf("%s %s\n", $$1, $$2); exit(0); }
