/*
 * Rule: d-language §4: without -xerrtags the message is 'line N: ' and the template, no tag
 * @@status: 1
 */
BEGIN { trace(x); }
