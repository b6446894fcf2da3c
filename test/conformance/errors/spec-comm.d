/*
 * Rule: d-language §3.6: speculate() after commit()
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { commit(1); speculate(1); }
