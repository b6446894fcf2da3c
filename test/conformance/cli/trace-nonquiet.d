/*
 * Rule: dtrace-semantics §3: non-quiet trace() of an int prints ' %8d' after the prefix; a string
 *       prints two spaces and is left-justified in 33 columns
 */
BEGIN { trace(42); trace("hi"); exit(0); }
