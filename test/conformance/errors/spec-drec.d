/*
 * Rule: d-language §3.6 / §4.8 #40: speculate() after a data-recording action
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { trace(1); speculate(1); }
