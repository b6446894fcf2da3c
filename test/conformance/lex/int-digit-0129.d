/*
 * Rule: d-language §1.4: D_INT_DIGIT names the first invalid digit after the valid octal prefix
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { x = 0129; }
