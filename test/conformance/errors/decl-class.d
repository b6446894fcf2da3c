/*
 * Rule: d-language §4.3: two storage classes
 * @@args: -x errtags
 * @@status: 1
 */
extern static int x;
