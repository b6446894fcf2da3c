/*
 * Rule: d-language §4.3: a void variable
 * @@args: -x errtags
 * @@status: 1
 */
void x;
