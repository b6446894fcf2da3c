/*
 * Rule: d-language §1.8: #line N sets the line number; illumos dt_pragma() gives the consumed
 *       newline back before the directive and adds it again after, so the line after '#line 100' is
 *       numbered 101
 * @@args: -x errtags
 * @@status: 1
 */
#line 100
BEGIN { trace(x); }
