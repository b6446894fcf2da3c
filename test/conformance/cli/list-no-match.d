/*
 * Rule: d-language §6: -l with a description matching nothing prints 'failed to match ...: No probe
 *       matches description' and still exits 0
 * @@cmd: -l -n 'syscall::nosuch:entry'
 */
