/*
 * Rule: d-language §4.6: the format must be a string constant
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { printf(1); }
