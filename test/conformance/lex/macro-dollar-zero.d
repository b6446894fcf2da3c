/*
 * Rule: d-language §1.7: $0 is the script path as given to -s (here a string because it is not an
 *       identifier)
 * @@args: -q
 */
BEGIN { printf("%s\n", $0); exit(0); }
