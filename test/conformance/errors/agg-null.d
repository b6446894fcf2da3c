/*
 * Rule: d-language §3.5 / §4.8 #31: a bare @a[k]; statement has no effect
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { @a[1] = count(); }
BEGIN { @a[1]; }
