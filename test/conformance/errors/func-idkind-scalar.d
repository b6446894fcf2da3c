/*
 * Rule: d-language §4.1 / §4.8 #15: calling a built-in variable is D_FUNC_IDKIND
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { pid(); }
