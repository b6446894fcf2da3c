/*
 * Rule: d-language §1.7: an argument that is neither an integer nor an identifier becomes a string;
 *       surrounding double quotes are stripped
 * @@args: -q
 * @@operands: a-b '"hello"'
 */
BEGIN { printf("%s %s\n", $1, $2); exit(0); }
