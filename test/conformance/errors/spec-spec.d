/*
 * Rule: d-language §3.6: speculate() twice
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { speculate(1); speculate(1); }
