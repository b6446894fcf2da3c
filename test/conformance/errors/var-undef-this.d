/*
 * Rule: d-language §3.1: reading an unassigned this-> variable is D_VAR_UNDEF
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { trace(this->x); }
