/*
 * Rule: d-language §4.4: normalize expects 2 arguments; the template says 'args' even for 1
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { @a = count(); }
END { normalize(@a); }
