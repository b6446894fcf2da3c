/*
 * Rule: d-language §1.5: \a \b \f \n \r \t \v \\ \" are C escapes; printed with %s each arrives as
 *       one byte
 * @@args: -q
 */
BEGIN { printf("[%s]\n", "x\ty\\z\"w"); exit(0); }
