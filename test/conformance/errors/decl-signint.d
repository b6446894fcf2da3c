/*
 * Rule: d-language §4.3: signed/unsigned with a non-integer type
 * @@args: -x errtags
 * @@status: 1
 */
unsigned string x;
