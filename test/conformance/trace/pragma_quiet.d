/*
 * Rule: d-language §6 notices are hidden under quiet, including #pragma D option quiet; quiet trace() prints
 *       bare values
 */

#pragma D option quiet

BEGIN
{
	trace(5);
	printf("\n");
	exit(0);
}
