/*
 * Rule: d-language §4.6: %s given an int
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { printf("%s\n", 1); }
