/*
 * Rule: d-language §6: with a program, probes are listed per description in program order, with
 *       repeats
 * @@cmd: -l -n BEGIN -n 'dtrace:::BEGIN,END'
 */
