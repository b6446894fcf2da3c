/*
 * Rule: d-language §4 and §6: for -n, errors while the predicate is checked say 'in predicate: '
 * @@cmd: -n 'BEGIN /"a"/ { exit(0); }'
 * @@status: 1
 */
