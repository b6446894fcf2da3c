/*
 * Rule: d-language §1.9: descriptions glob with * ? and [...]: dtrace:::BEGI? and dt*:::BEGIN match
 *       BEGIN
 * @@args: -q
 */
dtrace:::BEGI? { printf("a\n"); }
dt*:::[AB]EGIN { printf("b\n"); exit(0); }
