/*
 * Rule: d-language §3.1: reading an unassigned associative array is D_VAR_UNDEF naming the array
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { trace(a[1]); }
