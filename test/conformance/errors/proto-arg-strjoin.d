/*
 * Rule: d-language §3.8: strjoin takes (const char *, const char *)
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { trace(strjoin("a", 2)); }
