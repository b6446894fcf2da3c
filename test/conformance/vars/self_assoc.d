/*
 * Rule: d-language §3.4 self->a[k] is a thread-local associative array; a missing element reads 0
 * @@args: -q
 */

BEGIN
{
	self->a["x"] = 1;
	self->a["z"] = 40;
	printf("%d\n", self->a["x"] + self->a["y"] + self->a["z"]);
	exit(0);
}
