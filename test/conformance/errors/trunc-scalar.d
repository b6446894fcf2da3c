/*
 * Rule: d-language §4.4: the trunc count must be scalar
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { @a = count(); }
END { trunc(@a, "x"); }
