/*
 * Rule: d-language §6: programs are compiled and enabled in command-line order, whatever their kind
 * @@cmd: -q -n 'BEGIN { printf("n\n"); }' -s n-and-s-order.d
 */
BEGIN { printf("s\n"); exit(0); }
