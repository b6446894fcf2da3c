/*
 * Rule: d-language §4.6 / §4.8 #35: an unknown conversion is D_SYNTAX
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { printf("%z\n", 1); }
