/*
 * Rule: d-language §1.1: end of input inside a comment is D_SYNTAX 'end-of-file encountered before
 *       matching' star-slash; string input (-n) has no location
 * @@cmd: -x errtags -n 'BEGIN { exit(0); } /* unterminated'
 * @@status: 1
 */
