/*
 * Rule: d-language §4.4: the normalization factor must be scalar
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { @a = count(); }
END { normalize(@a, "x"); }
