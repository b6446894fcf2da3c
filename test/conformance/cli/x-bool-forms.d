/*
 * Rule: d-language §5: bool options accept yes/no, on/off ... in any case, and an empty value unsets
 * @@args: -x quiet=YES -x aggsortkey=off -x aggsortrev=
 */
BEGIN { printf("ok\n"); exit(0); }
