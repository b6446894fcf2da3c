/*
 * Rule: d-language §3.9: a destructive action without -w fails at enabling: could not enable
 *       tracing: Destructive actions not allowed
 * @@args: -q
 * @@status: 1
 */
BEGIN { raise(9); exit(0); }
