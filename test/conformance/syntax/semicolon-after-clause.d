/*
 * Rule: d-language §1.9: in OUTER any character other than / , { is a syntax error, including ';'
 *       after a clause
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { exit(0); };
