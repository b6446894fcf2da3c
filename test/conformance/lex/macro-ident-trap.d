/*
 * Rule: d-language §1.7 trap: $1 = hello is re-lexed as an identifier, so it fails as 'failed to
 *       resolve hello: Unknown variable name'
 * @@args: -x errtags
 * @@operands: hello
 * @@status: 1
 */
BEGIN { printf("%s\n", $1); }
