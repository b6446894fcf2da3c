/*
 * Rule: d-language §6: a compile error prints 'failed to compile script NAME: MSG' and exits 1, with
 *       nothing on stdout
 * @@status: 1
 */
BEGIN { x = ; }
