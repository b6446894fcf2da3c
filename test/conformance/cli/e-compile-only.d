/*
 * Rule: d-language §6: -e compiles and exits 0 without the matched notice and without running (no
 *       output at all)
 * @@args: -e
 */
BEGIN { printf("should not run\n"); exit(1); }
