/*
 * Rule: d-language §4: a multi-line message keeps its tab-indented lines; only the trailing newline
 *       is removed
 * @@status: 1
 */
BEGIN { trace(strlen(1)); }
