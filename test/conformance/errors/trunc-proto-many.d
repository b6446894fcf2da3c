/*
 * Rule: d-language §4.4: trunc() takes no more than 2 arguments
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { @a = count(); }
END { trunc(@a, 1, 2); }
