/*
 * Rule: d-language §1.5: a character constant is an integer: 'a' is 97, '\n' is 10, '\101' and
 *       '\x41' are 65
 * @@args: -q
 */
BEGIN { printf("%d %d %d %d\n", 'a', '\n', '\101', '\x41'); exit(0); }
