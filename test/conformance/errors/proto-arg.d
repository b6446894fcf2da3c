/*
 * Rule: d-language §3.9 / §4.8 #19: an argument of the wrong type is a three-line D_PROTO_ARG
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { trace(strlen(1)); }
