/*
 * Rule: d-language §3.3: ?: branches must be compatible
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { trace(1 ? "a" : 2); }
