/*
 * Rule: d-language §6: -l -P dtrace lists BEGIN, END, ERROR (ids 1, 2, 3) in id order
 * @@cmd: -l -P dtrace
 */
