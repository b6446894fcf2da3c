/*
 * Rule: d-language §4.3: attributes with void
 * @@args: -x errtags
 * @@status: 1
 */
long void x;
