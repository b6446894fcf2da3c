/*
 * Rule: d-language §6: -s prints 'script NAME matched N probes'; an empty clause still records a
 *       line
 */
BEGIN { }
BEGIN { exit(0); }
