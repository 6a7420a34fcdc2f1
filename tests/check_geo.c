/*
 * Tests of the country database (src/rules/geo.c): the CSV forms, ranges
 * turned into prefixes, bad rows, and lookups of addresses as logged.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "event/logevent.h"
#include "conf/conf.h"
#include "rules/geo.h"
#include "testmain.h"

static const char csv[] =
    "network,country,extra\n"
    "# a comment\n"
    "192.0.2.0/24,jp,x\n"
    "198.51.100.0/25,US\n"
    "2001:db8::/32,\"DE\"\r\n"
    "10.0.0.0/8,-\n"
    "203.0.113.0,203.0.113.127,CN\n"
    "\"16777216\",\"16777471\",\"AU\",\"Australia\"\n"
    "203.0.113.200,203.0.113.1,FR\n"
    "bogus,JP\n"
    "192.0.2.0/24,JPN\n";

static const struct {
	const char	*ip;
	const char	*cc;		/* NULL: unknown */
} lookups[] = {
	{ "192.0.2.77", "JP" },
	{ "198.51.100.127", "US" },
	{ "198.51.100.128", NULL },
	{ "[2001:db8::1]", "DE" },
	{ "::ffff:192.0.2.1", "JP" },
	{ "10.1.1.1", NULL },
	{ "203.0.113.0", "CN" },
	{ "203.0.113.127", "CN" },
	{ "203.0.113.128", NULL },
	{ "1.0.0.200", "AU" },
	{ "1.0.1.0", NULL },
	{ "not-an-ip", NULL },
	{ "", NULL },
};

START_TEST(test_lookup)
{
	struct cerrors	 errs = { 0 };
	struct geo	*g;
	char		 cc[3];
	struct slice	 s = slice_cstr(lookups[_i].ip);

	g = geo_load_mem("geo.csv", csv, strlen(csv), &errs);
	ck_assert_ptr_nonnull(g);
	if (lookups[_i].cc == NULL)
		ck_assert_int_eq(geo_country(g, s, cc), -1);
	else {
		ck_assert_int_eq(geo_country(g, s, cc), 0);
		ck_assert_str_eq(cc, lookups[_i].cc);
	}
	geo_free(g);
	cerrors_clear(&errs);
}
END_TEST

/* The MaxMind DB form: tests/data/geo/test-country.mmdb. */
static const struct {
	const char	*ip;
	const char	*cc;		/* NULL: unknown */
} mm_lookups[] = {
	{ "203.0.113.7", "CN" },
	{ "192.0.2.66", "JP" },
	{ "198.51.100.1", "US" },
	{ "2001:db8:66::1", "RU" },
	{ "[2001:db8:66:1::2]", "RU" },
	{ "::ffff:203.0.113.9", "CN" },
	{ "198.18.7.1", "DE" },		/* registered country only */
	{ "10.1.2.3", NULL },
	{ "2001:db8:67::1", NULL },
	{ "not-an-ip", NULL },
};

START_TEST(test_mmdb)
{
	struct cerrors	 errs = { 0 };
	struct geo	*g;
	char		 cc[3];
	struct slice	 s = slice_cstr(mm_lookups[_i].ip);

	g = geo_load(TEST_SRCDIR "/data/geo/test-country.mmdb", &errs);
	ck_assert_ptr_nonnull(g);
	ck_assert_uint_gt(geo_size(g), 0);
	if (mm_lookups[_i].cc == NULL)
		ck_assert_int_eq(geo_country(g, s, cc), -1);
	else {
		ck_assert_int_eq(geo_country(g, s, cc), 0);
		ck_assert_str_eq(cc, mm_lookups[_i].cc);
	}
	geo_free(g);
	cerrors_clear(&errs);
}
END_TEST

/* A missing .mmdb, or a file that only has the name, is an error naming it. */
START_TEST(test_mmdb_bad)
{
	struct cerrors	 errs = { 0 };

	ck_assert_ptr_null(geo_load(TEST_SRCDIR "/data/geo/none.mmdb", &errs));
	ck_assert_uint_eq(errs.n, 1);
	ck_assert_ptr_nonnull(strstr(errs.msgs[0], "none.mmdb"));
	cerrors_clear(&errs);
	ck_assert_ptr_null(geo_load(TEST_SRCDIR
	    "/data/geo/not-a-db.mmdb", &errs));
	ck_assert_uint_eq(errs.n, 1);
	cerrors_clear(&errs);
}
END_TEST

START_TEST(test_bad_rows)
{
	struct cerrors	 errs = { 0 };
	struct geo	*g;

	g = geo_load_mem("geo.csv", csv, strlen(csv), &errs);
	ck_assert_ptr_nonnull(g);
	ck_assert_uint_eq(errs.n, 3);
	ck_assert_str_eq(errs.msgs[0], "geo.csv:9:1: range ends before it "
	    "starts");
	ck_assert_str_eq(errs.msgs[1], "geo.csv:10:1: not an IP address or "
	    "CIDR");
	ck_assert_str_eq(errs.msgs[2], "geo.csv:11:14: not a two-letter "
	    "country code");
	/* 3 prefixes, 1 for AU, and 203.0.113.0-127 is one /25. */
	ck_assert_uint_eq(geo_size(g), 5);
	geo_free(g);
	cerrors_clear(&errs);
}
END_TEST

START_TEST(test_ranges)
{
	static const char r[] = "10.0.0.1,10.0.0.6,XA\n::,::ffff:ffff,XB\n"
	    "0.0.0.0,255.255.255.255,XC\n";
	struct cerrors	 errs = { 0 };
	struct geo	*g;
	char		 cc[3];

	ck_assert_ptr_nonnull(g = geo_load_mem("r", r, strlen(r), &errs));
	/* .1, .2-.3, .4-.5, .6: four prefixes; ::/96 one; 0/0 one. */
	ck_assert_uint_eq(geo_size(g), 6);
	ck_assert_int_eq(geo_country(g, slice_cstr("10.0.0.6"), cc), 0);
	ck_assert_str_eq(cc, "XA");
	ck_assert_int_eq(geo_country(g, slice_cstr("10.0.0.7"), cc), 0);
	ck_assert_str_eq(cc, "XC");
	geo_free(g);
	cerrors_clear(&errs);
}
END_TEST

START_TEST(test_empty)
{
	struct cerrors	 errs = { 0 };

	ck_assert_ptr_null(geo_load_mem("e", "network,country\n", 16, &errs));
	ck_assert_str_eq(errs.msgs[errs.n - 1], "e: no networks in the "
	    "country database");
	cerrors_clear(&errs);
	ck_assert_ptr_null(geo_load("/nonexistent.csv", &errs));
	ck_assert_uint_eq(errs.n, 1);
	cerrors_clear(&errs);
	geo_free(NULL);
}
END_TEST

int
main(void)
{
	const struct test_def	 tests[] = {
		{ test_lookup, TEST_NITEMS(lookups) },
		{ test_mmdb, TEST_NITEMS(mm_lookups) },
		{ test_mmdb_bad, 0 }, { test_bad_rows, 0 }, { test_ranges, 0 },
		{ test_empty, 0 },
	};

	return test_run("geo", tests, TEST_NITEMS(tests));
}
