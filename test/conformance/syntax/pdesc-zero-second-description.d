/*
 * Rule: d-language §3.1: clauses are compiled once per description, so a later non-matching
 *       description still fails the compile
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN, syscall::nosuch:entry { exit(0); }
