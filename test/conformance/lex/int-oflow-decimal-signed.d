/*
 * Rule: d-language §1.4: a decimal constant above 2^63-1 fits no signed type (decimal skips
 *       unsigned): D_INT_OFLOW 'integer constant 0x%llx cannot be represented in any built-in
 *       integral type'
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { x = 9223372036854775808; }
