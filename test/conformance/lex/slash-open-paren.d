/*
 * Rule: d-language §1.6 / §4.8 #7: a predicate-ending / with a ( still open is 'closing ) expected
 *       in predicate before /' (no 'near' text)
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN /(1/ { exit(0); }
