/*
 * Rule: d-language §3.7: args[] beyond the probe's argument count is D_ARGS_IDX naming the
 *       description as written (dtrace:::BEGIN has no arguments)
 * @@args: -x errtags
 * @@status: 1
 */
dtrace:::BEGIN { trace(args[5]); }
