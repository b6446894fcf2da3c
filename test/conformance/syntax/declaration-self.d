/*
 * Rule: d-language §2: 'self int x;' declares a thread-local
 * @@args: -q
 */
self int x;

BEGIN { self->x = 7; printf("%d\n", self->x); exit(0); }
