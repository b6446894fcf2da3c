/*
 * Rule: d-language §3.6: commit() after a data-recording action
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { trace(1); commit(1); }
