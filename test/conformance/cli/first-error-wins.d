/*
 * Rule: d-language §6: programs compile in order and the first failure ends the run
 * @@cmd: -n 'BEGIN { trace(x); }' -s first-error-wins.d
 * @@status: 1
 */
BEGIN { trace(y); }
