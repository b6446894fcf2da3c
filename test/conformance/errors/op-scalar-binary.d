/*
 * Rule: d-language §3.3: && needs scalar operands
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { trace("a" && 1); }
