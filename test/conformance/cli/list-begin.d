/*
 * Rule: d-language §6: -l -n lists matching probes with the %5s %10s %17s %33s %s header and rows,
 *       status 0, no notice
 * @@cmd: -l -n BEGIN
 */
