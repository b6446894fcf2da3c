/*
 * Rule: d-language §1.6 / §4.8 #6: a } in EXPR with no { open is 'extra } in input stream': after
 *       /1/ the lexer is in EXPR and / followed by } is division, then } has no opener
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN /1/ }
