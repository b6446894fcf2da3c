/*
 * Rule: d-language §3.6: exit() after speculate()
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { speculate(1); exit(0); }
