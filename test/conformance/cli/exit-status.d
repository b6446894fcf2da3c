/*
 * Rule: d-language §6: exit(n) gives n & 0xff as the status; the final newline is still printed
 * @@args: -q
 * @@status: 3
 */
BEGIN { exit(3); }
