/*
 * Rule: conformance format: with _DTRACE_TESTING set the header is %32s FUNCTION:NAME and lines
 *       start with %32s func:name (no CPU, ID columns)
 * @@cmd: -n 'BEGIN { exit(0); }'
 * @@env: _DTRACE_TESTING=1
 */
