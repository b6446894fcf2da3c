/*
 * Rule: d-language §3.6: a data-recording action after commit()
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { commit(1); trace(1); }
