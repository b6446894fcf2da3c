/*
 * Rule: d-language §2: -xempty accepts an empty program; -e then exits 0 after compiling, printing
 *       nothing
 * @@args: -x empty -e
 */
