/*
 * Rule: d-language §3.6: commit() twice
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { commit(1); commit(1); }
