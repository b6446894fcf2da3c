/*
 * Rule: d-language §3.9 and §4.6: joined aggregations need equal key signatures
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { @a[1] = count(); @b[1, 2] = count(); }
END { printa(@a, @b); }
