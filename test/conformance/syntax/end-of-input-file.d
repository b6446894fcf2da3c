/*
 * Rule: d-language §4.8 #2: input ending inside a clause is syntax error near end of input (the file
 *       has no final newline, so the line is the last line)
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { x = 1;