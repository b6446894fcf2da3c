/*
 * Rule: d-language §1.7 / §4.7: D_MACRO_UNUSED 'extraneous argument' checks only the last argument;
 *       string input (-n) has no location
 * @@cmd: -x errtags -n 'BEGIN { trace($$1); exit(0); }' a b
 * @@status: 1
 */
