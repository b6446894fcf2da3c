/*
 * Rule: d-language §6 / dtrace-semantics §3: -n prints 'description TEXT matched 1 probe' (singular;
 *       TEXT cut at its first { / ;, keeping the trailing space), then the header and one line per
 *       recorded firing, then the final newline
 * @@cmd: -n 'BEGIN { exit(0); }'
 */
