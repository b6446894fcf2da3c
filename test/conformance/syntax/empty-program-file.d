/*
 * Rule: d-language §2 / §4.8 #10: a program with no clauses or declarations is D_EMPTY (this file is
 *       only its header comment, with no final newline)
 * @@args: -x errtags
 * @@status: 1
 */