/*
 * Rule: dtrace-semantics §2 setopt("aggsortrev") reverses later printa() output
 * @@args: -q
 */

BEGIN
{
	@s["x"] = sum(1);
	@s["y"] = sum(2);
}

BEGIN
{
	printa("%s ", @s);
	setopt("aggsortrev");
	printa("%s ", @s);
	printf("\n");
	exit(0);
}
