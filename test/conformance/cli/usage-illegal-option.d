/*
 * Rule: d-language §6: an unknown option is getopt's 'illegal option -- c' then the illumos
 *       (SmartOS) usage text, status 2
 * @@cmd: -k
 * @@status: 2
 */
