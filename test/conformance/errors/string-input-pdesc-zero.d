/*
 * Rule: d-language §4: D_PDESC_ZERO is raised before a clause's parts are checked, so string input
 *       shows no region
 * @@cmd: -x errtags -n 'syscall::nosuch:entry { exit(0); }'
 * @@status: 1
 */
