/*
 * Rule: d-language §1.8: '# N "file"' sets the line and file for the next line: messages read
 *       '"file", line N: '
 * @@args: -x errtags
 * @@status: 1
 */
# 100 "other.d"
BEGIN { trace(x); }
