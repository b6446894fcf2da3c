/*
 * Rule: d-language §1.1: a line starting (after blanks) with #! is ignored
 * @@args: -q
 */
#!/usr/sbin/dtrace -s
BEGIN { printf("ok\n"); exit(0); }
