/*
 * Rule: d-language §3.6: exit() counts as data-recording
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { exit(0); speculate(1); }
