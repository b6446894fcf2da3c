/*
 * Rule: d-language §3.5: an aggregation name never assigned anywhere fails to resolve
 * @@args: -x errtags
 * @@status: 1
 */
END { printa(@nosuch); }
