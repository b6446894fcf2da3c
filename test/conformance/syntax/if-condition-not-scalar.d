/*
 * Rule: d-language §2: the if condition must be scalar; the generated condition uses &&, so a string
 *       gives D_OP_SCALAR for && while its action list is checked
 * @@cmd: -x errtags -n 'BEGIN { if ("a") { trace(1); } }'
 * @@status: 1
 */
