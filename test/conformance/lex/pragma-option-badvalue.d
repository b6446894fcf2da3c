/*
 * Rule: d-language §1.8 and §5: a bad option value in a pragma names the value: failed to set option
 *       '%s' to '%s': Invalid value for specified option
 * @@args: -x errtags
 * @@status: 1
 */
#pragma D option bufsize=4x
BEGIN { exit(0); }
