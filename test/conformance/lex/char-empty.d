/*
 * Rule: d-language §1.5: '' is D_CHR_NULL 'empty character constant' (xyerror: no 'near' text)
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { x = ''; }
