/*
 * Tests of telling addresses from names (src/parsers/url.c): a dotted
 * quad is four parts of one to three digits, each at most 255, leading
 * zeros allowed (as proxies log them, unlike inet_pton); IPv6 groups
 * may end in a dotted quad.
 */
#include <check.h>
#include <string.h>

#include "parsers/url.h"
#include "testmain.h"

struct ipcase {
	const char	*s;
	int		 v4;
	int		 ip;
};

static const struct ipcase cases[] = {
	{ "10.1.2.3", 1, 1 },
	{ "0.0.0.0", 1, 1 },
	{ "255.255.255.255", 1, 1 },
	{ "010.001.002.003", 1, 1 },
	{ "10.1.2.256", 0, 0 },
	{ "256.1.2.3", 0, 0 },
	{ "10.1.2.1000", 0, 0 },
	{ "1000.1.2.3", 0, 0 },
	{ "10.1.2", 0, 0 },
	{ "10.1.2.", 0, 0 },
	{ "10.1.2.3.", 0, 0 },
	{ ".10.1.2.3", 0, 0 },
	{ "10..2.3", 0, 0 },
	{ "10.1.2.3.4", 0, 0 },
	{ "10.1.2.3x", 0, 0 },
	{ "1.2.3.4:80", 0, 0 },
	{ "a.b.c.d", 0, 0 },
	{ "www.example.com", 0, 0 },
	{ "", 0, 0 },
	{ "2001:db8::1", 0, 1 },
	{ "::ffff:10.1.2.3", 0, 1 },
	{ "::ffff:10.1.2.300", 0, 0 },
};

START_TEST(test_is_ip)
{
	const struct ipcase	*c = &cases[_i];
	struct slice		 s = { c->s, strlen(c->s) };

	ck_assert_msg(url_is_ipv4(c->s, strlen(c->s)) == c->v4,
	    "url_is_ipv4(%s) != %d", c->s, c->v4);
	ck_assert_msg(url_is_ip(s) == c->ip, "url_is_ip(%s) != %d", c->s,
	    c->ip);
}
END_TEST

/* Only the given length counts: the same digits go on after it. */
START_TEST(test_is_ipv4_len)
{
	static const char	 s[] = "10.1.2.345";

	ck_assert_int_eq(url_is_ipv4(s, 8), 1);		/* 10.1.2.3 */
	ck_assert_int_eq(url_is_ipv4(s, 9), 1);		/* 10.1.2.34 */
	ck_assert_int_eq(url_is_ipv4(s, 10), 0);	/* .345 */
	ck_assert_int_eq(url_is_ipv4(s, 6), 0);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("url");
	TCase	*tc = tcase_create("core");

	tcase_add_loop_test(tc, test_is_ip, 0, TEST_NITEMS(cases));
	tcase_add_test(tc, test_is_ipv4_len);
	suite_add_tcase(s, tc);
	return test_main(s);
}
