/*
 * Rule: d-language §1.4 / §4.8 #11: D_INT_DIGIT for an octal constant with a digit 8 (lexer errors
 *       carry no 'near' text)
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { x = 08; }
