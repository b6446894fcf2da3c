/*
 * Rule: d-language §3.5: @n[a][b]
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { @a[1][2] = count(); }
