/*
 * Rule: d-language §1.8: #pragma error words is the same D_PRAGERR message as #error
 * @@args: -x errtags
 * @@status: 1
 */
#pragma error stop here
BEGIN { exit(0); }
