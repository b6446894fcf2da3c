/*
 * Rule: d-language §1.1: comments do not nest: a slash-star inside a comment is D_SYNTAX 'slash-star
 *       encountered inside a comment' (the message ends in a newline: no 'near' text)
 * @@args: -x errtags
 * @@status: 1
 */
/* outer /* inner */
BEGIN { exit(0); }
