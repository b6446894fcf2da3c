/*
 * Rule: d-language §3.6: an aggregation after commit()
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { commit(1); @a = count(); }
