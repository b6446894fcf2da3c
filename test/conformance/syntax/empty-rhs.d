/*
 * Rule: d-language §2 / §4.8 #4: an assignment with no right-hand side is syntax error near ";"
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { x = ; }
