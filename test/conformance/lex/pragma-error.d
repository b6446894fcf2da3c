/*
 * Rule: d-language §1.8: #error words is D_PRAGERR '#error: ' then each word followed by a space
 * @@args: -x errtags
 * @@status: 1
 */
#error this is bad
BEGIN { exit(0); }
