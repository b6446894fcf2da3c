/*
 * Rule: d-language §3.6: an action inside ?: is D_OP_ACT
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { 1 ? trace(1) : trace(2); }
