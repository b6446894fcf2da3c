/*
 * Rule: dtrace-semantics §3 SmartOS json(s, selector): members by name, array elements by [n]; strings
 *       without quotes, numbers and literals as text, objects as JSON
 * @@args: -q
 */

BEGIN
{
	printf("[%s]\n", json("{\"a\":\"hi\",\"b\":2}", "a"));
	printf("[%s]\n", json("{\"a\":\"hi\",\"b\":2}", "b"));
	printf("[%s]\n", json("{\"a\":{\"b\":[10,20,30]}}", "a.b[1]"));
	printf("[%s]\n", json("{\"x\":true}", "x"));
	printf("[%s]\n", json("{\"o\":{\"k\":1}}", "o"));
	exit(0);
}
