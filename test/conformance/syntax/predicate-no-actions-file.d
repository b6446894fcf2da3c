/*
 * Rule: d-language §2 / §4.8 #9: a predicate with no { } body; the file ends without a newline so
 *       the line is that of the predicate
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN /1/