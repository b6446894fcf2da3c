/*
 * Rule: d-language §4.6: a printa argument that is not an aggregation
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { printa(1); }
