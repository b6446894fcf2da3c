/*
 * Rule: d-language §6: an option missing its argument is getopt's 'option requires an argument -- c'
 *       then the usage text, status 2
 * @@cmd: -q -s
 * @@status: 2
 */
