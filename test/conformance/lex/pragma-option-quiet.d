/*
 * Rule: d-language §1.8 and §6: #pragma D option quiet sets quiet, which also hides the 'matched'
 *       notice
 */
#pragma D option quiet
BEGIN { printf("ok\n"); exit(0); }
