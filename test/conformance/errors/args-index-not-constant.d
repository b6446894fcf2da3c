/*
 * Rule: d-language §3.7: the args[] index must be an integer constant
 * @@args: -x errtags
 * @@status: 1
 */
dtrace:::BEGIN { i = 0; trace(args[i]); }
