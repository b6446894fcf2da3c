/*
 * Rule: d-language §2 / §4.8 #8: in a file a probe description needs a predicate or actions (the
 *       file ends without a newline so the description's line is unambiguous)
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN