/*
 * Rule: d-language §2: pdescs ::= desc { ',' desc }; the count covers every description of every
 *       clause
 * @@args: -q
 */
BEGIN, END { printf("%s\n", probename); }
BEGIN { exit(0); }
