/*
 * Tests of event-time parsing and formatting (src/util/timeutil.c): the
 * time stamps of every format, as a table; every prefix of them; civil
 * dates; RFC 3339 output; and format then parse across centuries.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/timeutil.h"
#include "testmain.h"
#include "testrand.h"

enum tkind { T_EPOCH, T_CLF, T_ISO, T_BIND, T_SYSLOG };

struct tcase {
	enum tkind	 kind;
	const char	*in;
	int		 consumed;	/* -1: must be rejected */
	int64_t		 ms;
	int64_t		 ref;		/* syslog only */
};

/* 2026-03-10T14:02:11Z */
#define T0	1773151331000LL

static const struct tcase cases[] = {
	/* epoch */
	{ T_EPOCH, "0", 1, 0, 0 },
	{ T_EPOCH, "1700000000.123", 14, 1700000000123LL, 0 },
	{ T_EPOCH, "1700000000", 10, 1700000000000LL, 0 },
	{ T_EPOCH, "1700000000.1", 12, 1700000000100LL, 0 },
	{ T_EPOCH, "1700000000.123456 x", 17, 1700000000123LL, 0 },
	{ T_EPOCH, "1700000000.", 10, 1700000000000LL, 0 },
	{ T_EPOCH, "1700000000.1234567890", -1, 0, 0 },
	{ T_EPOCH, "", -1, 0, 0 },
	{ T_EPOCH, ".5", -1, 0, 0 },
	{ T_EPOCH, "-1", -1, 0, 0 },
	{ T_EPOCH, "abc", -1, 0, 0 },
	{ T_EPOCH, "1234567890123", -1, 0, 0 },

	/* ISO 8601 / RFC 3339 */
	{ T_ISO, "2026-03-10T14:02:11.123Z", 24, T0 + 123, 0 },
	{ T_ISO, "2026-03-10T14:02:11Z", 20, T0, 0 },
	{ T_ISO, "2026-03-10t14:02:11z", 20, T0, 0 },
	{ T_ISO, "2026-03-10T14:02:11+01:00", 25, T0 - 3600000, 0 },
	{ T_ISO, "2026-03-10T14:02:11+0100", 24, T0 - 3600000, 0 },
	{ T_ISO, "2026-03-10T14:02:11+01", 22, T0 - 3600000, 0 },
	{ T_ISO, "2026-03-10T14:02:11-05:30", 25, T0 + 19800000, 0 },
	{ T_ISO, "2026-03-10 14:02:11", 19, T0, 0 },
	{ T_ISO, "2026-03-10 14:02:11 host", 19, T0, 0 },
	{ T_ISO, "2026-03-10T14:02:11.", 19, T0, 0 },
	{ T_ISO, "2026-03-10T14:02:11,5Z", 22, T0 + 500, 0 },
	{ T_ISO, "2026-03-10T14:02:11.123456789Z", 30, T0 + 123, 0 },
	{ T_ISO, "2026-03-10T14:02:11.1234567890Z", -1, 0, 0 },
	{ T_ISO, "2026-03-10T14:02:11.999999+00:00", 32, T0 + 999, 0 },
	{ T_ISO, "1970-01-01T00:00:00Z", 20, 0, 0 },
	{ T_ISO, "1969-12-31T23:59:59.999Z", 24, -1, 0 },
	{ T_ISO, "1900-01-01T00:00:00Z", 20, -2208988800000LL, 0 },
	{ T_ISO, "2024-02-29T00:00:00Z", 20, 1709164800000LL, 0 },
	{ T_ISO, "2023-02-29T00:00:00Z", -1, 0, 0 },
	{ T_ISO, "2000-02-29T12:00:00Z", 20, 951825600000LL, 0 },
	{ T_ISO, "2100-02-29T00:00:00Z", -1, 0, 0 },
	{ T_ISO, "2100-03-01T00:00:00Z", 20, 4107542400000LL, 0 },
	{ T_ISO, "9999-12-31T23:59:59Z", 20, 253402300799000LL, 0 },
	{ T_ISO, "2026-13-10T14:02:11Z", -1, 0, 0 },
	{ T_ISO, "2026-00-10T14:02:11Z", -1, 0, 0 },
	{ T_ISO, "2026-03-32T14:02:11Z", -1, 0, 0 },
	{ T_ISO, "2026-04-31T14:02:11Z", -1, 0, 0 },
	{ T_ISO, "2026-03-00T14:02:11Z", -1, 0, 0 },
	{ T_ISO, "2026-03-10T25:02:11Z", -1, 0, 0 },
	{ T_ISO, "2026-03-10T24:00:00Z", -1, 0, 0 },
	{ T_ISO, "2026-03-10T14:60:11Z", -1, 0, 0 },
	{ T_ISO, "2026-03-10T14:02:61Z", -1, 0, 0 },
	{ T_ISO, "2026-03-10T14:02:11+24:00", -1, 0, 0 },
	{ T_ISO, "2026-03-10T14:02:11+01:60", -1, 0, 0 },
	{ T_ISO, "2026-03-10T14:02:11+01:", -1, 0, 0 },
	{ T_ISO, "2026-03-10T14:02:11+", -1, 0, 0 },
	{ T_ISO, "2026-03-10T14:02:1", -1, 0, 0 },
	{ T_ISO, "2026-03-10T14:02", -1, 0, 0 },
	{ T_ISO, "2026-03-10T", -1, 0, 0 },
	{ T_ISO, "2026-03-10", -1, 0, 0 },
	{ T_ISO, "2026-3-10T14:02:11Z", -1, 0, 0 },
	{ T_ISO, "", -1, 0, 0 },

	/* Common Log Format */
	{ T_CLF, "10/Mar/2026:14:02:11 +0100", 26, T0 - 3600000, 0 },
	{ T_CLF, "10/Mar/2026:14:02:11 +0000]", 26, T0, 0 },
	{ T_CLF, "10/mar/2026:14:02:11 -0800", 26, T0 + 28800000, 0 },
	{ T_CLF, "1/Mar/2026:00:00:00 +0000", 25, 1772323200000LL, 0 },
	{ T_CLF, "29/Feb/2024:10:00:00 +0000", 26, 1709200800000LL, 0 },
	{ T_CLF, "29/Feb/2023:10:00:00 +0000", -1, 0, 0 },
	{ T_CLF, "31/Apr/2026:14:02:11 +0100", -1, 0, 0 },
	{ T_CLF, "10/Foo/2026:14:02:11 +0100", -1, 0, 0 },
	{ T_CLF, "10/Mar/2026:14:02:11", -1, 0, 0 },
	{ T_CLF, "10/Mar/2026:14:02:11 +01", -1, 0, 0 },
	{ T_CLF, "10/Mar/2026:14:02:11 +01:00", -1, 0, 0 },
	{ T_CLF, "10/Mar/2026 14:02:11 +0100", -1, 0, 0 },
	{ T_CLF, "10/Ma", -1, 0, 0 },

	/* BIND */
	{ T_BIND, "02-May-2023 13:33:40.299", 24, 1683034420299LL, 0 },
	{ T_BIND, "02-May-2023 13:33:40", 20, 1683034420000LL, 0 },
	{ T_BIND, "02-May-2023 13:33:40.299 client", 24, 1683034420299LL, 0 },
	{ T_BIND, "32-May-2023 13:33:40.299", -1, 0, 0 },
	{ T_BIND, "02-Mai-2023 13:33:40.299", -1, 0, 0 },
	{ T_BIND, "02-May-2023 13:33", -1, 0, 0 },
	{ T_BIND, "2-May-2023 13:33:40", -1, 0, 0 },

	/* syslog without a year, against the file's mtime */
	{ T_SYSLOG, "Mar 10 14:02:11", 15, T0, 1773144000000LL },
	{ T_SYSLOG, "Mar 10 22:02:11 host", 15, 1773180131000LL,
	    1773144000000LL },
	{ T_SYSLOG, "Dec 31 23:59:59", 15, 1767225599000LL, 1767571200000LL },
	{ T_SYSLOG, "Jan  1 00:00:10", 15, 1767225610000LL, 1767222000000LL },
	{ T_SYSLOG, "Mar  1 00:00:00", 15, 1772323200000LL, 1773144000000LL },
	{ T_SYSLOG, "Mar 1 00:00:00", 14, 1772323200000LL, 1773144000000LL },
	{ T_SYSLOG, "Feb 29 10:00:00", 15, 1709200800000LL, 1710028800000LL },
	{ T_SYSLOG, "Feb 29 10:00:00", -1, 0, 1773144000000LL },
	{ T_SYSLOG, "Mar 10 25:02:11", -1, 0, 1773144000000LL },
	{ T_SYSLOG, "Mar 32 14:02:11", -1, 0, 1773144000000LL },
	{ T_SYSLOG, "Mar 00 14:02:11", -1, 0, 1773144000000LL },
	{ T_SYSLOG, "Xyz 10 14:02:11", -1, 0, 1773144000000LL },
	{ T_SYSLOG, "Mar 10 14:02", -1, 0, 1773144000000LL },
	{ T_SYSLOG, "Mar", -1, 0, 1773144000000LL },
};

static int
run(const struct tcase *tc, const char *p, size_t len, int64_t *out)
{
	switch (tc->kind) {
	case T_EPOCH:
		return time_parse_epoch(p, len, out);
	case T_CLF:
		return time_parse_clf(p, len, out);
	case T_ISO:
		return time_parse_iso8601(p, len, out);
	case T_BIND:
		return time_parse_bind(p, len, out);
	case T_SYSLOG:
		return time_parse_syslog(p, len, tc->ref, out);
	}
	return -2;
}

/*
 * Each case runs on a heap copy without a NUL so that ASan catches a
 * read past the end.
 */
START_TEST(test_parse_table)
{
	const struct tcase	*tc = &cases[_i];
	size_t			 len = strlen(tc->in);
	char			*buf = malloc(len + 1);
	int64_t			 out = 42;
	int			 n;

	ck_assert_ptr_nonnull(buf);
	memcpy(buf, tc->in, len);
	n = run(tc, buf, len, &out);
	ck_assert_msg(n == tc->consumed, "case %d \"%s\": consumed %d, want %d",
	    _i, tc->in, n, tc->consumed);
	if (tc->consumed >= 0)
		ck_assert_msg(out == tc->ms, "case %d \"%s\": %lld, want %lld",
		    _i, tc->in, (long long)out, (long long)tc->ms);
	free(buf);
}
END_TEST

/* Every prefix of a valid time is rejected or shorter, never overread. */
START_TEST(test_truncated)
{
	const struct tcase	*tc = &cases[_i];
	size_t			 len = strlen(tc->in), k;
	int64_t			 out;
	char			*buf;
	int			 n;

	for (k = 0; k < len; k++) {
		buf = malloc(k + 1);
		ck_assert_ptr_nonnull(buf);
		memcpy(buf, tc->in, k);
		n = run(tc, k ? buf : NULL, k, &out);
		ck_assert_msg(n <= (int)k, "case %d prefix %zu: %d", _i, k, n);
		free(buf);
	}
}
END_TEST

START_TEST(test_civil)
{
	ck_assert_int_eq(time_from_civil(1970, 1, 1, 0, 0, 0, 0), 0);
	ck_assert_int_eq(time_from_civil(2026, 3, 10, 14, 2, 11, 0), T0);
	ck_assert_int_eq(time_from_civil(1969, 12, 31, 23, 59, 59, 999), -1);
	ck_assert_int_eq(time_from_civil(2024, 2, 29, 0, 0, 0, 0),
	    1709164800000LL);
	ck_assert(time_civil_valid(2024, 2, 29, 0, 0, 0));
	ck_assert(!time_civil_valid(2023, 2, 29, 0, 0, 0));
	ck_assert(!time_civil_valid(2100, 2, 29, 0, 0, 0));
	ck_assert(time_civil_valid(2000, 2, 29, 0, 0, 0));
	ck_assert(time_civil_valid(2016, 12, 31, 23, 59, 60));
	ck_assert(!time_civil_valid(2026, 13, 1, 0, 0, 0));
	ck_assert(!time_civil_valid(2026, 1, 1, 0, 0, 61));
	ck_assert_int_eq(time_days_in_month(2026, 2), 28);
	ck_assert_int_eq(time_days_in_month(2026, 0), 0);
	ck_assert_int_eq(time_month_from_name("Dec", 3), 12);
	ck_assert_int_eq(time_month_from_name("jAN", 3), 1);
	ck_assert_int_eq(time_month_from_name("Ja", 2), -1);
	ck_assert_int_eq(time_month_from_name("Jum", 3), -1);
}
END_TEST

START_TEST(test_format)
{
	char	 buf[TIME_RFC3339_LEN];

	ck_assert_int_eq(time_format_rfc3339(0, buf, sizeof(buf)), 24);
	ck_assert_str_eq(buf, "1970-01-01T00:00:00.000Z");
	ck_assert_int_eq(time_format_rfc3339(T0 - 3600000 + 7, buf,
	    sizeof(buf)), 24);
	ck_assert_str_eq(buf, "2026-03-10T13:02:11.007Z");
	time_format_rfc3339(-1, buf, sizeof(buf));
	ck_assert_str_eq(buf, "1969-12-31T23:59:59.999Z");
	time_format_rfc3339(1709164800000LL, buf, sizeof(buf));
	ck_assert_str_eq(buf, "2024-02-29T00:00:00.000Z");
	time_format_rfc3339(4107542400000LL, buf, sizeof(buf));
	ck_assert_str_eq(buf, "2100-03-01T00:00:00.000Z");
	ck_assert_int_eq(time_format_rfc3339(0, buf, sizeof(buf) - 1), -1);
	ck_assert_int_eq(time_format_rfc3339(253402300800000LL, buf,
	    sizeof(buf)), -1);
	ck_assert_int_eq(time_format_rfc3339(-62167219200001LL, buf,
	    sizeof(buf)), -1);
}
END_TEST

/* Durations in the largest unit that divides them. */
static const struct {
	int64_t		 ms;
	const char	*text;
} durations[] = {
	{ 86400000, "1 day" },
	{ 2 * 86400000LL, "2 days" },
	{ 14 * 86400000LL, "2 weeks" },
	{ 36 * 3600000LL, "36 hours" },
	{ 3600000, "1 hour" },
	{ 90 * 60000, "90 min" },
	{ 600000, "10 min" },
	{ 45000, "45 s" },
	{ 1500, "1500 ms" },
	{ 0, "0 ms" },
};

START_TEST(test_duration)
{
	char	 buf[32];

	ck_assert_int_eq(time_format_duration(durations[_i].ms, buf,
	    sizeof(buf)), (int)strlen(durations[_i].text));
	ck_assert_str_eq(buf, durations[_i].text);
}
END_TEST

/* format then parse gives the same instant, across centuries. */
START_TEST(test_roundtrip)
{
	char	 buf[TIME_RFC3339_LEN];
	int64_t	 ms, out;
	uint64_t x = 88172645463325252ULL;
	int	 i;

	for (i = 0; i < 100000; i++) {
		ms = (int64_t)(test_xorshift(&x) % 253402300800000ULL) -
		    2208988800000LL;
		ck_assert_int_eq(time_format_rfc3339(ms, buf, sizeof(buf)), 24);
		ck_assert_int_eq(time_parse_iso8601(buf, 24, &out), 24);
		ck_assert_msg(out == ms, "%s: %lld != %lld", buf,
		    (long long)out, (long long)ms);
	}
}
END_TEST

int
main(void)
{
	const struct test_def	 tests[] = {
		{ test_parse_table, TEST_NITEMS(cases) },
		{ test_truncated, TEST_NITEMS(cases) },
		{ test_civil, 0 }, { test_format, 0 }, { test_roundtrip, 0 },
		{ test_duration, TEST_NITEMS(durations) },
	};

	return test_run("timeutil", tests, TEST_NITEMS(tests));
}
