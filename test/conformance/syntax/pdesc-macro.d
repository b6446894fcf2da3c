/*
 * Rule: d-language §1.9: $N in a probe description is substituted textually
 * @@args: -q
 * @@operands: BEGIN
 */
dtrace:::$1 { printf("%s\n", probename); exit(0); }
