/*
 * Rule: d-language §2 / §4.8 #1: an if body is a statement, which needs its ';', so '{ if (c)
 *       trace(1) }' is syntax error near "}"
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { if (1) trace(1) }
