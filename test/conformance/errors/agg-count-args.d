/*
 * Rule: d-language §3.5: count() takes no argument
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { @a = count(1); }
