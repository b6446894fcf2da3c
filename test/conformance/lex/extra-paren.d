/*
 * Rule: d-language §1.6: an unmatched ) is 'extra ) in input stream' (lexer message ending in a
 *       newline: no 'near' text)
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { x = 1); }
