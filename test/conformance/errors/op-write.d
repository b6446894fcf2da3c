/*
 * Rule: d-language §3.4 / §4.8 #28: built-in variables are not writable
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { timestamp = 0; }
