/*
 * Rule: d-language §5: a flag option given a value is 'Invalid value for specified option'
 * @@cmd: -x errtags=1 -n 'BEGIN { exit(0); }'
 * @@status: 1
 */
