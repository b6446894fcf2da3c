/*
 * Rule: d-language §1.2: switch is a reserved word, always a syntax error
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { switch (1) { } }
