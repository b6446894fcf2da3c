/*
 * Rule: d-language §1.9: an undefined macro in a probe description is D_PDESC_INVAL '...: Undefined
 *       macro variable in probe description'
 * @@args: -x errtags
 * @@status: 1
 */
dtrace:::$1 { exit(0); }
