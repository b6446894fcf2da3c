/*
 * Rule: d-language §1.5 a character constant is typed like an unsuffixed decimal (int): trace() prints "
 *       %8d"
 */

BEGIN
{
	trace('A');
	exit(0);
}
