/*
 * Rule: d-language §6: -w prints 'allowing destructive actions' after the matched notices
 * @@cmd: -w -n 'BEGIN { exit(0); }'
 */
