/*
 * Rule: d-language §1.1: a # line is a control line when # is the first non-blank character of a
 *       line, also inside a clause body
 */
BEGIN {
#pragma D option quiet
	printf("ok\n");
	exit(0);
}
