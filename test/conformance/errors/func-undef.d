/*
 * Rule: d-language §3.1 / §4.8 #14: calling an unknown name is D_FUNC_UNDEF, raised during the parse
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { foo(); }
