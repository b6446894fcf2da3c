/*
 * Rule: d-language §6: no program at all is 'no probes specified', status 1
 * @@cmd: -q
 * @@status: 1
 */
