/*
 * Rule: d-language §3.1 / §4.8 #13: reading an unassigned self-> variable is D_VAR_UNDEF
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { trace(self->ts); }
