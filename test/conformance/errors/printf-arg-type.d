/*
 * Rule: d-language §4.6 / §4.8 #34: %d given a string (the format is argument #1)
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { printf("%d\n", "a"); }
