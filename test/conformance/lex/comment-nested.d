/*
 * Rule: d-language §1.1: comments do not nest: a /* inside a comment is D_SYNTAX '/* encountered
 *       inside a comment' (no 'near' text)
 * @@args: -x errtags
 * @@status: 1
 */
/* outer /* inner */
BEGIN { exit(0); }
