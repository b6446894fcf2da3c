/*
 * Rule: d-language §1.7: for -n programs $0 is the command's argv[0]: here the symlink the harness
 *       runs, whose name ends in /dtrace
 * @@cmd: -q -n 'BEGIN { printf("%s\n", basename($$0)); exit(0); }'
 */
