/*
 * Rule: d-language §1.5: more than 8 bytes in a character constant is D_CHR_OFLOW
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { x = 'abcdefghi'; }
