/*
 * Rule: d-language §3.4: the first use of an associative array fixes its key count; keys say 'keys'
 *       (§4.1 D_PROTO_LEN)
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { a[1] = 1; a[1, 2] = 2; }
