/*
 * Rule: d-language §1.7: a missing $$N names the token as written: 'macro argument $$3 is not
 *       defined'
 * @@args: -x errtags
 * @@operands: a b
 * @@status: 1
 */
BEGIN { trace($$3); }
