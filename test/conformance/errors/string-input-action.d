/*
 * Rule: d-language §4 and §6: for -n, errors while the action list is checked say 'in action list: '
 * @@cmd: -n 'BEGIN { trace(x); }'
 * @@status: 1
 */
