/*
 * Rule: d-language §1.2: static parses but is rejected
 * @@args: -x errtags
 * @@status: 1
 */
static int x;
