/*
 * Rule: dtrace-semantics §3 self-> string variables
 * @@args: -q
 */

BEGIN
{
	self->s = "abc";
	printf("%s %d\n", self->s, strlen(self->s));
	exit(0);
}
