/*
 * Rule: d-language §3.7: args[] takes exactly one index
 * @@args: -x errtags
 * @@status: 1
 */
dtrace:::BEGIN { trace(args[0, 1]); }
