/*
 * Rule: d-language §6 / §4.8 #39 shape: a bad -x option is 'failed to set -x NAME: Invalid option
 *       name', status 1, before anything compiles
 * @@cmd: -x nosuch -n 'BEGIN { exit(0); }'
 * @@status: 1
 */
