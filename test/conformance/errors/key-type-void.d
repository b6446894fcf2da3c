/*
 * Rule: d-language §3.4 / §4.1: a void key is D_KEY_TYPE, the first %s being the key's type name
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { a[trace(1)] = 1; }
