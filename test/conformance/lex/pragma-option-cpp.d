/*
 * Rule: d-language §5: cpp, env and ld options cannot be set from a pragma: 'Option cannot be used
 *       from within a D program'
 * @@args: -x errtags
 * @@status: 1
 */
#pragma D option cpp
BEGIN { exit(0); }
