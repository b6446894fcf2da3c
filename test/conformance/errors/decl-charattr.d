/*
 * Rule: d-language §4.3: short/long with char
 * @@args: -x errtags
 * @@status: 1
 */
short char x;
