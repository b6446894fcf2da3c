/*
 * Rule: d-language §1.4: the suffix picks the first candidate: 1l is a long (8), 1u an unsigned int
 *       (4), 1ul a long (8)
 * @@args: -q
 */
BEGIN { printf("%d %d %d\n", sizeof (1l), sizeof (1u), sizeof (1ul)); exit(0); }
