/*
 * Rule: d-language §3.4 / §4.8 #16: using a subroutine as a value is D_IDENT_BADREF
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { trace(strlen); }
