/*
 * Rule: d-language §3.4: the first use fixes the key types; a string key for an int-keyed array is
 *       D_PROTO_ARG with 'key' wording
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { a[1] = 1; a["x"] = 2; }
