/*
 * Rule: d-language §2: D_EMPTY for an empty -n argument, which is printed as given (empty) after
 *       'invalid probe specifier '
 * @@cmd: -x errtags -n ''
 * @@status: 1
 */
