/*
 * Rule: d-language §6: more than one of -A -G -h -l -V is a usage error, status 2
 * @@cmd: -l -V
 * @@status: 2
 */
