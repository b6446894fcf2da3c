/*
 * Rule: d-language §2 sugar: each straight-line block becomes a clause: error reset, block before
 *       the if, condition, if body, block after the if, ERROR = 6. Only the exit() block records:
 *       clauses whose statements are all assignments record nothing (their enabling has no data, as
 *       for the condition clauses), so they print no line
 */
BEGIN { x = 1; if (x) { y = 2; } exit(0); }
