/*
 * Rule: d-language §4.3: a declaration without a declarator
 * @@args: -x errtags
 * @@status: 1
 */
int;
