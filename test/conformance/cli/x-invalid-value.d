/*
 * Rule: d-language §5 and §6: a bad value names only the option: 'failed to set -x bufsize: Invalid
 *       value for specified option'
 * @@cmd: -x bufsize=4x -n 'BEGIN { exit(0); }'
 * @@status: 1
 */
