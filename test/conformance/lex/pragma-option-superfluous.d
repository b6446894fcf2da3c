/*
 * Rule: d-language §4.7: more than one word after #pragma D option is D_PRAGMA_MALFORM 'superfluous
 *       arguments specified for #pragma option'
 * @@args: -x errtags
 * @@status: 1
 */
#pragma D option quiet flowindent
BEGIN { exit(0); }
