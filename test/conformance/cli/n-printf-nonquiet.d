/*
 * Rule: dtrace-semantics §3: without -q each record line is the %3d %6d %32s prefix, the data, then
 *       a newline, so printf's own newline leaves a blank line
 * @@cmd: -n 'BEGIN { printf("a\n"); }' -n 'BEGIN { printf("b\n"); exit(0); }'
 */
