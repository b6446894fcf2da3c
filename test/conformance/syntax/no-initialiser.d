/*
 * Rule: d-language §2 / §4.8 #3: declarations have no initialisers: 'int x = 1;' is syntax error
 *       near "="
 * @@args: -x errtags
 * @@status: 1
 */
int x = 1;
BEGIN { exit(0); }
