/*
 * Rule: d-language §1.2 and §1.9: a keyword must match the whole word in OUTER: 'inlined' is a probe
 *       description, which matches nothing
 * @@args: -x errtags
 * @@status: 1
 */
inlined { exit(0); }
