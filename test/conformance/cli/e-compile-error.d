/*
 * Rule: d-language §6: -e still reports compile errors with status 1
 * @@args: -e -x errtags
 * @@status: 1
 */
BEGIN { trace(x); }
