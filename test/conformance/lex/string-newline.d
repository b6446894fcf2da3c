/*
 * Rule: d-language §1.5: a raw newline inside "..." is D_STR_NL (xyerror: no 'near' text); the line
 *       is the one holding the opening quote
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { x = "abc
"; }
