/*
 * Rule: d-language §3.1: actions are checked before the predicate; /x == 0/ { x = 1 } compiles
 *       because the actions create x, which reads 0 at BEGIN
 * @@args: -q
 */
BEGIN /x == 0/ { x = 1; printf("ok\n"); exit(0); }
