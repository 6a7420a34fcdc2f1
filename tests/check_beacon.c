/*
 * Beacon scoring (src/analyzers/beacon.c) on synthetic connection times:
 * the patterns the analyzer must catch score above the default threshold
 * (0.65), and human-like traffic (Poisson arrivals, bursts) stays below
 * it.
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers/beacon.h"
#include "testmain.h"
#include "testrand.h"

#define THRESHOLD	0.65
#define MIN_CONN	12
#define DAY_MS		86400000LL

static uint64_t rng;

static double
unif(void)
{
	return test_unif(&rng);
}

static double
score_of(const int64_t *t, size_t n, int64_t bytes, int jitter_bytes,
    struct beacon_result *r)
{
	struct beacon	 b;
	size_t		 i;
	int64_t		 by;

	memset(&b, 0, sizeof(b));
	for (i = 0; i < n; i++) {
		by = bytes;
		if (jitter_bytes && bytes > 0)
			by = (int64_t)(bytes * (0.2 + 1.6 * unif()));
		ck_assert_int_eq(beacon_add(&b, t[i], by), 0);
	}
	if (beacon_score(&b, DAY_MS, MIN_CONN, r) == -1) {
		beacon_free(&b);
		return -1;
	}
	beacon_free(&b);
	return r->score;
}

static int64_t tt[4096];

START_TEST(jittered_60s)
{
	struct beacon_result	 r;
	size_t			 i;
	int			 seed;

	for (seed = 1; seed <= 50; seed++) {
		rng = 0x9e3779b97f4a7c15ULL * (uint64_t)seed;
		tt[0] = 1700000000000LL;
		for (i = 1; i < 120; i++)
			tt[i] = tt[i - 1] + (int64_t)(60000 * (0.8 +
			    0.4 * unif()));
		ck_assert_double_ge(score_of(tt, 120, 310, 0, &r), THRESHOLD);
		ck_assert_double_ge(r.period_ms, 54000);
		ck_assert_double_le(r.period_ms, 66000);
		ck_assert_int_eq(r.two_mode, 0);
	}
}
END_TEST

START_TEST(two_mode)
{
	struct beacon_result	 r;
	size_t			 i;

	rng = 42;
	tt[0] = 1700000000000LL;
	for (i = 1; i < 200; i++)
		tt[i] = tt[i - 1] + (i % 2 ? 9000 : 14000) +
		    (int64_t)(300 * unif());
	ck_assert_double_ge(score_of(tt, 200, 120, 0, &r), 0.80);
	ck_assert_int_eq(r.two_mode, 1);
	ck_assert_double_ge(r.period_ms, 23000);
	ck_assert_double_le(r.period_ms, 23600);
	ck_assert_double_le(fabs(r.mode_a_ms - 9150), 300);
	ck_assert_double_le(fabs(r.mode_b_ms - 14150), 300);
}
END_TEST

/*
 * A probe logged twice each time (the same millisecond) every 5 s, as
 * a scanner's UDP probes are: gaps alternate 0 and 5 s.  The zero gaps
 * are duplicates, not a second sleep, so this is no two-mode beacon.
 */
START_TEST(retries_not_two_mode)
{
	struct beacon_result	 r;
	size_t			 i;

	rng = 7;
	tt[0] = 1700000000000LL;
	for (i = 1; i < 64; i++)
		tt[i] = tt[i - 1] + (i % 2 ? 0 : 5000 +
		    (int64_t)(100 * unif()));
	(void)score_of(tt, 64, 60, 0, &r);
	ck_assert_int_eq(r.two_mode, 0);
}
END_TEST

START_TEST(sleep_periods)
{
	struct beacon_result	 r;
	size_t			 i, n = 0;
	int			 burst;

	/* 20 minutes at 30 s, then 2 hours asleep, all day. */
	rng = 7;
	tt[n++] = 1700000000000LL;
	for (burst = 0; burst < 10; burst++) {
		for (i = 0; i < 40; i++, n++)
			tt[n] = tt[n - 1] + (int64_t)(30000 * (0.9 +
			    0.2 * unif()));
		tt[n] = tt[n - 1] + 7200000;
		n++;
	}
	ck_assert_double_ge(score_of(tt, n, 95, 1, &r), THRESHOLD);
	ck_assert_double_le(fabs(r.period_ms - 30000), 2000);
}
END_TEST

START_TEST(slow_hourly)
{
	struct beacon_result	 r;
	size_t			 i;

	rng = 99;
	tt[0] = 1700000000000LL;
	for (i = 1; i < 24; i++)
		tt[i] = tt[i - 1] + (int64_t)(3600000 * (0.95 + 0.1 * unif()));
	ck_assert_double_ge(score_of(tt, 24, 2048, 0, &r), THRESHOLD);
	ck_assert_double_le(fabs(r.period_ms - 3600000), 200000);
}
END_TEST

START_TEST(late_connections)
{
	struct beacon		 a, b;
	struct beacon_result	 ra, rb;
	int64_t			 t0 = 1700000000000LL;
	int			 i;

	/* The same times, one in order, one with every 5th line late. */
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	for (i = 0; i < 40; i++)
		beacon_add(&a, t0 + i * 60000LL, 100);
	for (i = 0; i < 40; i++) {
		if (i % 5 == 3)
			continue;
		beacon_add(&b, t0 + i * 60000LL, 100);
		if (i % 5 == 4)
			beacon_add(&b, t0 + (i - 1) * 60000LL, 100);
	}
	ck_assert_int_eq(beacon_score(&a, DAY_MS, MIN_CONN, &ra), 0);
	ck_assert_int_eq(beacon_score(&b, DAY_MS, MIN_CONN, &rb), 0);
	ck_assert_ptr_nonnull(a.more);
	ck_assert_ptr_nonnull(b.more);
	ck_assert_uint_eq(a.ngaps, b.ngaps);
	ck_assert_int_eq(memcmp(a.more->gaps, b.more->gaps,
	    sizeof(a.more->gaps)), 0);
	ck_assert_double_eq(ra.score, rb.score);
	beacon_free(&a);
	beacon_free(&b);
	ck_assert_ptr_null(a.more);
	ck_assert_uint_eq(a.n, 0);
}
END_TEST

/* The gaps and sizes a pair holds, inline or allocated. */
static const uint32_t *
held(const struct beacon *b, int sizes)
{
	if (b->more != NULL)
		return sizes ? b->more->sizes : b->more->gaps;
	return sizes ? b->sizes : b->gaps;
}

/*
 * Across the move from the inline arrays to the allocated ones: every
 * gap and size kept, in order, late connections included, and nothing
 * allocated for a pair of BEACON_INLINE connections or fewer.
 */
START_TEST(inline_growth)
{
	/* Gaps of 1, 2, 3 ... seconds; the fourth connection comes late. */
	static const int64_t	 t[] = { 0, 1000, 6000, 3000, 10000, 15000,
	    21000, 28000 };
	static const uint32_t	 gaps[] = { 1000, 2000, 3000, 4000, 5000,
	    6000, 7000 };
	struct beacon		 b;
	size_t			 i, k;

	memset(&b, 0, sizeof(b));
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ck_assert_int_eq(beacon_add(&b, t[i], (int64_t)i * 10), 0);
		ck_assert_uint_eq(b.n, i + 1);
		ck_assert_uint_eq(b.ngaps, i);
		ck_assert_uint_eq(b.nsizes, i + 1);
		if (i + 1 <= BEACON_INLINE)
			ck_assert_ptr_null(b.more);
		else
			ck_assert_ptr_nonnull(b.more);
		/* The late one (3000) split the gap from 1000 to 6000. */
		for (k = 0; k < b.ngaps; k++)
			if (i != 2)
				ck_assert_uint_eq(held(&b, 0)[k], gaps[k]);
		for (k = 0; k <= i; k++)
			ck_assert_uint_eq(held(&b, 1)[k], k * 10);
	}
	ck_assert_int_eq(b.first_ms, 0);
	ck_assert_int_eq(b.last_ms, 28000);
	beacon_free(&b);
}
END_TEST

START_TEST(benign_poisson)
{
	struct beacon_result	 r;
	size_t			 i, n;
	int			 seed;
	double			 mean, worst = 0, s;

	for (seed = 1; seed <= 300; seed++) {
		rng = 0xabcdef12345ULL * (uint64_t)seed;
		mean = 5000 + 600000 * unif();
		n = 12 + (size_t)(300 * unif());
		tt[0] = 1700000000000LL;
		for (i = 1; i < n; i++)
			tt[i] = tt[i - 1] + (int64_t)(-mean * log(1 - unif()));
		s = score_of(tt, n, 4000, 1, &r);
		if (s > worst)
			worst = s;
	}
	ck_assert_double_lt(worst, THRESHOLD);
}
END_TEST

START_TEST(benign_bursts)
{
	struct beacon_result	 r;
	size_t			 i, n = 0;
	int			 k;

	/* A user opening pages: bursts of 2-6 requests, minutes apart. */
	rng = 5;
	tt[n++] = 1700000000000LL;
	while (n < 400) {
		k = 2 + (int)(5 * unif());
		for (i = 0; i < (size_t)k && n < 400; i++, n++)
			tt[n] = tt[n - 1] + (int64_t)(2000 * unif());
		if (n < 400) {
			tt[n] = tt[n - 1] + (int64_t)(-300000 *
			    log(1 - unif()));
			n++;
		}
	}
	ck_assert_double_lt(score_of(tt, n, 9000, 1, &r), THRESHOLD);
}
END_TEST

START_TEST(too_few)
{
	struct beacon_result	 r;
	int64_t			 t[5] = { 0, 60000, 120000, 180000, 240000 };

	ck_assert_double_eq(score_of(t, 5, 100, 0, &r), -1);
}
END_TEST

/*
 * A perfect 45-minute pattern of 12 connections, as cloud clients make
 * (and constant sizes): never 0.9, so never more than medium.
 */
START_TEST(short_pattern)
{
	struct beacon_result	 r;
	size_t			 i;

	tt[0] = 1700000000000LL;
	for (i = 1; i < 12; i++)
		tt[i] = tt[i - 1] + 245000;
	ck_assert_double_le(score_of(tt, 12, 4000, 0, &r), 0.80);
	ck_assert_double_ge(r.score, 0.75);
	/* A day of the same: strong. */
	for (i = 1; i < 352; i++)
		tt[i] = tt[i - 1] + 245000;
	ck_assert_double_ge(score_of(tt, 352, 4000, 0, &r), 0.97);
}
END_TEST

struct ctxcase {
	double		 endpoints, org;
	int		 popular;
	int64_t		 first_h, since_h, now_h;	/* hours */
	double		 lo, hi;		/* from a base of 0.8 */
};

static const struct ctxcase ctxcases[] = {
	/* Nothing known: as it was. */
	{ 0, 0, 0, 0, 0, 0, 0.8, 0.8 },
	/* Three infected of 200: not prevalent. */
	{ 3, 200, 0, 0, 0, 10, 0.8, 0.8 },
	/* Every endpoint of the organisation: halved. */
	{ 5000, 5000, 0, 0, 0, 10, 0.4, 0.4 },
	/* 11% of 1,000: a quarter off. */
	{ 110, 1000, 0, 0, 0, 10, 0.6, 0.6 },
	/* All of four endpoints: too few to say. */
	{ 4, 4, 0, 0, 0, 10, 0.8, 0.8 },
	/* Popular. */
	{ 1, 200, 1, 0, 0, 10, 0.64, 0.64 },
	/* New: first seen 2 h ago after a day of observation. */
	{ 1, 200, 0, 24, 0, 26, 0.84, 0.85 },
	/* First seen as the rule began: nothing is new yet. */
	{ 1, 200, 0, 0, 0, 2, 0.8, 0.8 },
	/* A week ago: no longer new. */
	{ 1, 200, 0, 24, 0, 24 + 168, 0.8, 0.8 },
	/* New but popular: only the popular cut. */
	{ 1, 200, 1, 24, 0, 26, 0.64, 0.64 },
};

START_TEST(context)
{
	const struct ctxcase	*c = &ctxcases[_i];
	struct beacon_result	 r;
	struct beacon_ctx	 x;

	memset(&r, 0, sizeof(r));
	r.score = 0.8;
	x.endpoints = c->endpoints;
	x.org = c->org;
	x.popular = c->popular;
	x.first_ms = 1700000000000LL + c->first_h * 3600000;
	x.since_ms = 1700000000000LL + c->since_h * 3600000;
	x.now_ms = 1700000000000LL + c->now_h * 3600000;
	beacon_context(&r, &x);
	ck_assert_msg(r.score >= c->lo - 1e-9 && r.score <= c->hi + 1e-9,
	    "case %d: score %f", _i, r.score);
	ck_assert_double_eq_tol(r.base, 0.8, 1e-9);
}
END_TEST

START_TEST(reason_text)
{
	struct beacon_result	 r;
	char			 buf[256], n[32];

	memset(&r, 0, sizeof(r));
	r.period_ms = 60200;
	r.jitter_ms = 11800;
	r.n = 1412;
	r.span_ms = (int64_t)(23.6 * 3600000);
	r.score = 0.93;
	beacon_reason(&r, "203.0.113.7:443", buf, sizeof(buf));
	ck_assert_str_eq(buf, "beacon every 60.2 s ±11.8 s (MAD), 1,412 "
	    "connections over 23.6 h to 203.0.113.7:443, score 0.93");
	/* What the organisation knows, and the score before it. */
	r.base = 0.8;
	r.endpoints = 3;
	r.org = 200;
	r.new_ms = 2 * 3600000;
	beacon_reason(&r, "203.0.113.7:443", buf, sizeof(buf));
	ck_assert_str_eq(buf, "beacon every 60.2 s ±11.8 s (MAD), 1,412 "
	    "connections over 23.6 h to 203.0.113.7:443, score 0.93 (0.80 "
	    "before); 3 of 200 endpoints contact it, first seen 2.0 h ago");
	beacon_thousands(1234567, n, sizeof(n));
	ck_assert_str_eq(n, "1,234,567");
	beacon_thousands(12, n, sizeof(n));
	ck_assert_str_eq(n, "12");
}
END_TEST

START_TEST(regularity_values)
{
	double	 c[8] = { 5, 5, 5, 5, 5, 5, 5, 5 }, z[4] = { 0, 0, 0, 0 };
	double	 m, d;

	ck_assert_double_eq(beacon_regularity(c, 8, &m, &d), 1);
	ck_assert_double_eq(m, 5);
	ck_assert_double_eq(d, 0);
	/* All zero: perfectly regular sizes (no payload each time). */
	ck_assert_double_eq(beacon_regularity(z, 4, NULL, NULL), 1);
}
END_TEST

int
main(void)
{
	const struct test_def	 tests[] = {
		{ jittered_60s, 0 }, { two_mode, 0 },
		{ retries_not_two_mode, 0 }, { sleep_periods, 0 },
		{ slow_hourly, 0 }, { late_connections, 0 },
		{ inline_growth, 0 },
		{ benign_poisson, 0 }, { benign_bursts, 0 }, { too_few, 0 },
		{ reason_text, 0 }, { regularity_values, 0 },
		{ short_pattern, 0 },
		{ context, (int)(sizeof(ctxcases) / sizeof(ctxcases[0])) },
	};

	return test_run("beacon", tests, TEST_NITEMS(tests));
}
