/*
 * Rule: d-language §1.8: end of input before the newline of a control line is 'end-of-file
 *       encountered before end of control line' (the file ends without a newline)
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { exit(0); }
#pragma D option quiet