/*
 * Rule: dtrace-semantics §3 / §4.8 #36: a description that matches nothing is D_PDESC_ZERO
 * @@args: -x errtags
 * @@status: 1
 */
syscall::nosuch:entry { exit(0); }
