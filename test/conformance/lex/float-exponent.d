/*
 * Rule: d-language §1.4 / §4.8 #5: 1e3 is a floating-point constant (the FP pattern wins when its
 *       match is longer): D_SYNTAX, and the message ends in a newline so no 'near' text is added
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { x = 1e3; }
