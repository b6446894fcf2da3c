/*
 * Rule: d-language §2 sugar: each straight-line block becomes a clause: error reset, block before
 *       the if, condition, if body, block after the if, ERROR = 6; only the exit() block records
 */
BEGIN { x = 1; if (x) { y = 2; } exit(0); }
