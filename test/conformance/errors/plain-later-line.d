/*
 * Rule: d-language §4: the line is the line of the offending construct, counted from 1 including
 *       comments and blank lines
 * @@status: 1
 */
BEGIN
{
	x = 1;

	y = x + z;
}
