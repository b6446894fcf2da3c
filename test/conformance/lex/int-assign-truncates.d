/*
 * Rule: d-language §3.2: x = 1 makes x an int; an integer constant is converted to the target's type
 *       on assignment: x = 5000000000 stores 705032704
 * @@args: -q
 */
BEGIN { x = 1; x = 5000000000; printf("%d\n", x); exit(0); }
