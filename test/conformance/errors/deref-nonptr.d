/*
 * Rule: d-language §3.4: indexing an already-typed scalar is pointer indexing
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { x = 1; trace(x[0]); }
