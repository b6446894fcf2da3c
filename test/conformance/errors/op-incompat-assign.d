/*
 * Rule: d-language §3.1 / §4.8 #21: a variable's type is fixed by its first assignment
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { x = 1; x = "a"; }
