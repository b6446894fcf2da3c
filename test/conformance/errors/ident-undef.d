/*
 * Rule: d-language §3.1 / §4.8 #12: reading a never-assigned global is D_IDENT_UNDEF
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { trace(x); }
