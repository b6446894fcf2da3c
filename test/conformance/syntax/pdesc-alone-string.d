/*
 * Rule: d-language §2: for string input (-n) a bare probe description is a clause with the default
 *       action: BEGIN prints its record line
 * @@cmd: -n BEGIN -n 'BEGIN { exit(0); }'
 */
