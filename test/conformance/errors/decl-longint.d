/*
 * Rule: d-language §4.3: long with a non-integer, non-float type
 * @@args: -x errtags
 * @@status: 1
 */
long string x;
