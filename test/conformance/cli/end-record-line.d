/*
 * Rule: dtrace-semantics §3: END is probe 2; a non-quiet END clause prints its record line after
 *       BEGIN's
 */
BEGIN { exit(0); }
END { }
