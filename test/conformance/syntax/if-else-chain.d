/*
 * Rule: d-language §2: else if chains and nested if inside braces
 * @@args: -q
 */
BEGIN
{
	x = 2;
	if (x == 1) {
		printf("one\n");
	} else if (x == 2) {
		if (x > 1)
			printf("two\n");
	} else {
		printf("other\n");
	}
	exit(0);
}
