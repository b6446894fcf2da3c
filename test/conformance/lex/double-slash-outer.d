/*
 * Rule: d-language §1.1 and §1.9: // is not a comment: in OUTER / is a predicate opener, so a
 *       program starting with // is a syntax error near "/"
 * @@args: -x errtags
 * @@status: 1
 */
// not a comment
BEGIN { exit(0); }
