/*
 * Rule: d-language §4.7: #pragma D option with no argument is D_PRAGMA_MALFORM 'malformed #pragma
 *       option <option>=<val>'
 * @@args: -x errtags
 * @@status: 1
 */
#pragma D option
BEGIN { exit(0); }
