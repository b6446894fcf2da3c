/*
 * Rule: d-language §1.7: an unknown $name is D_MACRO_UNDEF 'macro variable $name is not defined'
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { trace($nosuch); }
