/*
 * Rule: d-language §3.5: the value must be scalar
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { @a = sum("x"); }
