/*
 * Rule: d-language §1.8: an unknown #pragma D directive is D_PRAGMA_INVAL 'invalid D pragma: %s'
 * @@args: -x errtags
 * @@status: 1
 */
#pragma D nosuch
BEGIN { exit(0); }
