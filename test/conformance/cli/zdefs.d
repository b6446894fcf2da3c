/*
 * Rule: d-language §6 and dtrace-semantics §3: -Z allows a description that matches nothing; it is
 *       reported as matching 0 probes
 * @@cmd: -Z -n 'syscall::nosuch:entry { exit(1); }' -n 'BEGIN { exit(0); }'
 */
