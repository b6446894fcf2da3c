/*
 * Rule: dtrace-semantics §3 assigning 0 deletes the element; it then reads as 0
 * @@args: -q
 */

BEGIN
{
	a[1] = 5;
	printf("%d\n", a[1]);
	a[1] = 0;
	printf("%d\n", a[1]);
	exit(0);
}
