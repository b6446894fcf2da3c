/*
 * Rule: d-language §4.4: llquantize parameters must be constants; %s names the parameter
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { f = 10; @a = llquantize(1, f, 0, 2, 10); }
