/*
 * Rule: d-language §1.1 and §1.6: // is not a comment: in EXPR the first / is followed by / so the
 *       slash rule makes it the end of a predicate: syntax error near "/"
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { x = 1; // not a comment
}
