/*
 * Rule: d-language §2: && binds tighter than ^^, ^^ tighter than ||; ^^ is logical XOR
 * @@args: -q
 */
BEGIN { printf("%d %d %d\n", 1 ^^ 1, 0 || 1 && 0, 1 ^^ 0 || 0); exit(0); }
