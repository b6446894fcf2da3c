/*
 * Rule: d-language §3.3: += never takes a string
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { x = 1; x += "a"; }
