/*
 * Rule: dtrace-semantics §3 SmartOS strtoll(s[,base]): leading blanks, a sign, 0x with base 16, digits up to
 *       the first non-digit
 * @@args: -q
 */

BEGIN
{
	printf("%d\n", strtoll("123"));
	printf("%d\n", strtoll("-42"));
	printf("%d\n", strtoll("  17"));
	printf("%d\n", strtoll("12abc"));
	printf("%d\n", strtoll("ff", 16));
	printf("%d\n", strtoll("0x1f", 16));
	printf("%d\n", strtoll("777", 8));
	printf("%d\n", strtoll("z", 36));
	printf("%d\n", strtoll("+5"));
	printf("%d\n", strtoll("abc"));
	exit(0);
}
