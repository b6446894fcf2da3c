/*
 * Rule: d-language §1.6: an unmatched ] is 'extra ] in input stream'
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { x = 1]; }
