/*
 * Rule: dtrace-semantics §3 / d-language §6: the last exit() consumed wins, so an exit() in END sets
 *       the status
 * @@args: -q
 * @@status: 4
 */
BEGIN { exit(1); }
END { exit(4); }
