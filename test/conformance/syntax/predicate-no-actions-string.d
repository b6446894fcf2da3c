/*
 * Rule: d-language §2 / §4.8 #9: the same for -n, with no location
 * @@cmd: -n 'BEGIN /1/'
 * @@status: 1
 */
