/*
 * Rule: d-language §1.6: an unknown character in EXPR gives syntax error near that character
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { x = 1 # 2; }
