/*
 * Rule: d-language §3.6: a destructive action after speculate() (checked at compile time, before -w
 *       matters)
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { speculate(1); raise(9); }
