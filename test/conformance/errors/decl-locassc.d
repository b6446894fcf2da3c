/*
 * Rule: d-language §4.3: clause-local associative arrays cannot be declared
 * @@args: -x errtags
 * @@status: 1
 */
this int a[int];
