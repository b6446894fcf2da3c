/*
 * Rule: d-language §1.8: any other #word (here #define without -C) is D_PRAGCTL_INVAL 'invalid
 *       control directive: #define'
 * @@args: -x errtags
 * @@status: 1
 */
#define X 1
BEGIN { exit(0); }
