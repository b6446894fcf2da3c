/*
 * Rule: dtrace-semantics §2 a string key longer than 50 columns prints whole, then the value
 * @@args: -q
 */

BEGIN
{
	@c["a_key_that_is_much_longer_than_the_fifty_columns_of_the_key_field"] = count();
	exit(0);
}
