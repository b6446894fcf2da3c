/*
 * Rule: d-language §3.4: the kind name of an action such as trace is 'tracing function'
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { x = trace; }
