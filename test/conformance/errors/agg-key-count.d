/*
 * Rule: d-language §3.5 / §4.8 #32: keys follow the array rules with the prefix @ ('keys' wording)
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { @a[1] = count(); }
BEGIN { @a[1, 2] = count(); }
