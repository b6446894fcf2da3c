/*
 * Rule: d-language §1.3: a type name followed by a single = is lexed as an IDENT, so size_t = 5
 *       creates a variable; later uses are IDENTs because it was already seen as one
 * @@args: -q
 */
BEGIN { size_t = 5; printf("%d\n", size_t); exit(0); }
