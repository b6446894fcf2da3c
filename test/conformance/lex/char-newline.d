/*
 * Rule: d-language §1.5: a raw newline inside '...' is D_CHR_NL; the lexer stops before the newline,
 *       so the line is the one holding the quote
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { x = 'a
; }
