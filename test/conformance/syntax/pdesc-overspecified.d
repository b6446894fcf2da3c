/*
 * Rule: d-language §1.9 / §4.8 #37: five fields is D_PDESC_INVAL 'Overspecified probe description'
 * @@args: -x errtags
 * @@status: 1
 */
a:b:c:d:e { exit(0); }
