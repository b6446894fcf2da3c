/*
 * Rule: d-language §4.6: an empty format
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { printf(""); }
