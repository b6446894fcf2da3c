/*
 * Rule: d-language §6: the -n name is cut at the first / of the predicate
 * @@cmd: -n 'BEGIN/1/{ exit(0); }'
 */
