/*
 * Rule: d-language §6: a missing script is 'failed to open NAME: strerror', status 1
 * @@cmd: -s nosuch.d
 * @@status: 1
 */
