/*
 * Rule: d-language §2 sugar: the else branch is a second test (!condition), so if/else is error
 *       reset + 2 conditions + 2 bodies + ERROR = 6; only the taken else body records
 * @@cmd: -n 'BEGIN { if (0) { trace(1); } else { exit(0); } }'
 */
