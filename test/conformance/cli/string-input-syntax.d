/*
 * Rule: d-language §4 and §6: for -n the message is 'invalid probe specifier' and the whole
 *       argument; parse errors have no region
 * @@cmd: -n 'BEGIN { x = ; }'
 * @@status: 1
 */
