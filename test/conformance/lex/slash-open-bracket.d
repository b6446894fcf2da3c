/*
 * Rule: d-language §1.6: a predicate-ending / with a [ still open is 'closing ] expected in
 *       predicate before /'
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN /a[1/ { exit(0); }
