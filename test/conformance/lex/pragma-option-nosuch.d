/*
 * Rule: d-language §1.8 / §4.8 #39: an unknown option in a pragma is D_PRAGMA_OPTSET; the line is
 *       the pragma's own (the newline already read is given back)
 * @@args: -x errtags
 * @@status: 1
 */
#pragma D option nosuch
BEGIN { exit(0); }
