/*
 * Rule: d-language §6: exit(n) gives n & 0xff: exit(258) is status 2
 * @@args: -q
 * @@status: 2
 */
BEGIN { exit(258); }
