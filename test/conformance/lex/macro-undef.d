/*
 * Rule: d-language §1.7 / §4.8 #38: a missing $N is D_MACRO_UNDEF 'macro argument $N is not defined'
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { trace($1); }
