/*
 * Rule: d-language §1.4: the suffix pattern is [uU]?[lL]?[lL]?, so 1lu lexes as 1l followed by the
 *       identifier u: syntax error near "u"
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { trace(1lu); }
