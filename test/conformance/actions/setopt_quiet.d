/*
 * Rule: dtrace-semantics §2 quiet is a run-time option: setopt("quiet") takes effect from its record on; the
 *       probe line of the setopt clause was already printed and its record newline is then suppressed
 *       (illumos dtrace.c setopthandler/chewrec)
 */

BEGIN
{
	setopt("quiet");
}

BEGIN
{
	printf("hello\n");
}

END
{
	printf("bye\n");
}

BEGIN
{
	exit(0);
}
