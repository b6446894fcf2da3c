/*
 * Rule: d-language §4.8 #2 and §6: for -n there is no location: 'invalid probe specifier TEXT:
 *       syntax error near end of input'
 * @@cmd: -n 'BEGIN { x = 1;'
 * @@status: 1
 */
