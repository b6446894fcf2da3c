/*
 * Rule: d-language §1.7: with -xdefaultargs a missing $N is 0 and a missing $$N is ""
 * @@args: -q -x defaultargs
 */
BEGIN { printf("%d [%s]\n", $1, $$2); exit(0); }
