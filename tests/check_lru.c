/*
 * The bounded tables of the analyzers: CLOCK (second-chance) eviction,
 * its order and determinism, eviction counts, removal and reuse; the sliding windows and distinct sets they
 * hold; baselines and their text form.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers/baseline.h"
#include "analyzers/dset.h"
#include "analyzers/lru.h"
#include "analyzers/window.h"
#include "util/bigmem.h"

struct item {
	int	 v;
};

static int	 dropped;

static void
drop(void *arg, void *p)
{
	(void)arg;
	dropped += ((struct item *)p)->v;
}

START_TEST(lru_basic)
{
	struct lru	*l = lru_new(sizeof(struct item), 3, drop, NULL);
	struct item	*it;
	int		 c;

	dropped = 0;
	it = lru_put(l, 1, &c);
	ck_assert_int_eq(c, 1);
	it->v = 1;
	((struct item *)lru_put(l, 2, &c))->v = 2;
	((struct item *)lru_put(l, 3, &c))->v = 4;
	/*
	 * Touch 1: the hand, at 1, gives it a second chance and takes 2,
	 * the first entry not used since; 4 takes 2's slot.
	 */
	ck_assert_ptr_nonnull(lru_get(l, 1));
	((struct item *)lru_put(l, 4, &c))->v = 8;
	ck_assert_int_eq(dropped, 2);
	ck_assert_ptr_null(lru_get(l, 2));
	ck_assert_int_eq(lru_evictions(l), 1);
	ck_assert_int_eq(lru_count(l), 3);
	it = lru_put(l, 3, &c);
	ck_assert_int_eq(c, 0);
	ck_assert_int_eq(it->v, 4);
	/* Clock order from the hand (past 4's slot): 3, 1, 4. */
	it = lru_oldest(l);
	ck_assert_int_eq(it->v, 4);
	ck_assert_int_eq(lru_key(it), 3);
	it = lru_newer(l, it);
	ck_assert_int_eq(it->v, 1);
	it = lru_newer(l, it);
	ck_assert_int_eq(it->v, 8);
	ck_assert_ptr_null(lru_newer(l, it));
	lru_remove(l, lru_get(l, 4));
	ck_assert_int_eq(lru_count(l), 2);
	it = lru_put(l, 5, &c);
	ck_assert_int_eq(it->v, 0);
	ck_assert_int_eq(lru_evictions(l), 1);
	lru_free(l);
	ck_assert_int_eq(dropped, 2 + 1 + 4);
	lru_free(NULL);
}
END_TEST

/* Keys evicted by a run of puts and gets, as a checksum. */
static uint64_t
lru_run(size_t *walked)
{
	struct lru	*l = lru_new(sizeof(struct item), 1000, drop, NULL);
	struct item	*it;
	uint64_t	 k, sum = 0;
	int		 c;

	dropped = 0;
	ck_assert_ptr_nonnull(lru_put(l, 1, &c));
	for (k = 0; k < 20000; k++) {
		it = lru_put(l, (k * 7919) % 3001 + 1, &c);
		if (c)
			it->v = (int)(k % 1000) + 1;
		/* Key 1 is used all the time: it is never evicted. */
		ck_assert_ptr_nonnull(lru_get(l, 1));
		sum = sum * 31 + (uint64_t)dropped;
	}
	*walked = 0;
	for (it = lru_oldest(l); it != NULL; it = lru_newer(l, it))
		(*walked)++;
	ck_assert_uint_eq(*walked, lru_count(l));
	sum += lru_evictions(l);
	lru_free(l);
	return sum;
}

START_TEST(lru_clock)
{
	size_t	 w1, w2;

	/* Same calls, same evictions: alerts do not depend on the run. */
	ck_assert_uint_eq(lru_run(&w1), lru_run(&w2));
	ck_assert_uint_eq(w1, 1000);
	ck_assert_uint_eq(w2, 1000);
}
END_TEST

START_TEST(lru_many)
{
	struct lru	*l = lru_new(sizeof(struct item), 10000, NULL, NULL);
	struct item	*it;
	uint64_t	 k;
	int		 c;

	for (k = 0; k < 50000; k++) {
		it = lru_put(l, k * 0x9e3779b97f4a7c15ULL, &c);
		ck_assert_ptr_nonnull(it);
		it->v = (int)k;
	}
	ck_assert_int_eq(lru_count(l), 10000);
	ck_assert_int_eq(lru_evictions(l), 40000);
	for (k = 40000; k < 50000; k++) {
		it = lru_get(l, k * 0x9e3779b97f4a7c15ULL);
		ck_assert_ptr_nonnull(it);
		ck_assert_int_eq(it->v, (int)k);
	}
	ck_assert_ptr_null(lru_get(l, 5 * 0x9e3779b97f4a7c15ULL));
	ck_assert_ptr_null(lru_new(8, 0, NULL, NULL));
	lru_free(l);
}
END_TEST

START_TEST(window_sliding)
{
	struct window	 w;
	int64_t		 b = 1000;	/* 8 s window */
	int		 i;

	window_clear(&w);
	for (i = 0; i < 8; i++)
		ck_assert_int_eq(window_add(&w, b, 100000 + i * 1000, 1), 0);
	ck_assert_int_eq(window_total(&w, b, 107000), 8);
	ck_assert_int_eq(window_total(&w, b, 108000), 7);
	ck_assert_int_eq(window_total(&w, b, 120000), 0);
	/* Late but inside: counted; too late: refused. */
	ck_assert_int_eq(window_add(&w, b, 101500, 5), 0);
	ck_assert_int_eq(window_total(&w, b, 107999), 13);
	ck_assert_int_eq(window_add(&w, b, 99999, 1), -1);
	ck_assert_int_eq(window_add(&w, b, 300000, 2), 0);
	ck_assert_int_eq(window_total(&w, b, 300000), 2);
}
END_TEST

START_TEST(dset_counts)
{
	struct dset	 s;
	uint32_t	 i;

	memset(&s, 0, sizeof(s));
	for (i = 0; i < 100; i++)
		ck_assert_int_eq(dset_add(&s, i * 2654435761U, 1000 + i, 1.5f,
		    1000), 1);
	ck_assert_int_eq(dset_add(&s, 5 * 2654435761U, 2000, 1.5f, 1000), 0);
	ck_assert_int_eq(s.n, 100);
	ck_assert_double_eq_tol(s.vsum, 150, 1e-9);
	/* Drop what was last seen before 1050; value 5 was seen again. */
	dset_expire(&s, 1050);
	ck_assert_int_eq(s.n, 51);
	/* Full: refused and counted. */
	ck_assert_int_eq(dset_add(&s, 0, 3000, 0, 51), -1);
	ck_assert_int_eq(s.overflow, 1);
	ck_assert_uint_gt(dset_memory(&s), 51 * DSET_ITEM_BYTES);
	dset_clear(&s);
	ck_assert_int_eq(s.n, 0);
}
END_TEST

START_TEST(baseline_rolling)
{
	struct baseline		 b, r;
	struct baseline_conf	 c = { 5, 0 };
	char			*buf;
	size_t			 len;
	FILE			*fp;
	uint32_t		 i;

	memset(&b, 0, sizeof(b));
	memset(&r, 0, sizeof(r));
	for (i = 100; i < 104; i++) {
		ck_assert_int_eq(baseline_roll(&b, &c, i), 0);
		b.cur = 10 + i % 3;
	}
	/* Skip two windows: they count as zero. */
	ck_assert_int_eq(baseline_roll(&b, &c, 106), 0);
	ck_assert_int_eq(b.n, 5);
	ck_assert_int_eq(b.nsel, 5);
	/* Windows 101-105: 11 12 10 0 0 (window 100 fell out). */
	ck_assert_double_eq(b.med, 10);
	ck_assert_double_ge(baseline_bound(&b, 6), 10 + 6 * 1.4826 * 2);
	fp = open_memstream(&buf, &len);
	ck_assert_int_eq(baseline_write(fp, &b), 0);
	fclose(fp);
	ck_assert_int_eq(baseline_read(&r, &c, buf), 0);
	ck_assert_int_eq(r.n, b.n);
	ck_assert_int_eq(r.pos, b.pos);
	ck_assert_int_eq(r.cur_idx, 106);
	ck_assert_double_eq(r.med, b.med);
	ck_assert_int_eq(baseline_read(&r, &c, "1 2 9 0"), -1);
	ck_assert_int_eq(baseline_read(&r, &c, "1 2 1 0 5:3"), -1);
	ck_assert_int_eq(baseline_read(&r, &c, "1 2 1 1 5:3"), 0);
	ck_assert_int_eq(baseline_read(&r, &c, "x"), -1);
	free(buf);
	baseline_clear(&b);
	baseline_clear(&r);
}
END_TEST

START_TEST(baseline_hour_of_day)
{
	struct baseline		 b;
	struct baseline_conf	 c = { 24 * 7, 24 };
	uint32_t		 h;

	/* Busy at 09:00, quiet at 03:00, for three days. */
	memset(&b, 0, sizeof(b));
	for (h = 24; h < 24 * 4; h++) {
		ck_assert_int_eq(baseline_roll(&b, &c, h), 0);
		b.cur = h % 24 == 9 ? 500 : 5;
	}
	ck_assert_int_eq(baseline_roll(&b, &c, 24 * 4 + 9), 0);
	ck_assert_int_eq(b.nsel, 3);
	ck_assert_double_eq(b.med, 500);
	ck_assert_int_eq(baseline_roll(&b, &c, 24 * 5 + 3), 0);
	ck_assert_double_eq(b.med, 5);
	baseline_clear(&b);
}
END_TEST

/* Fill n bytes with a pattern from seed; check it. */
static void
pattern_fill(unsigned char *p, size_t n, unsigned seed)
{
	size_t	 i;

	for (i = 0; i < n; i += 4093)
		p[i] = (unsigned char)(i * 31 + seed);
}

static int
pattern_ok(const unsigned char *p, size_t n, unsigned seed)
{
	size_t	 i;

	for (i = 0; i < n; i += 4093)
		if (p[i] != (unsigned char)(i * 31 + seed))
			return 0;
	return 1;
}

/*
 * Large table memory keeps its contents through every way of growing:
 * small to small (realloc), small to large (copy), large to large
 * (remapped), within the same huge pages, and back to small.
 */
START_TEST(bigmem_grow)
{
	size_t		 small = 1 << 20, big = BIGMEM_MIN + 12345;
	unsigned char	*p;

	ck_assert_ptr_nonnull(p = bigmem_alloc(small / 2));
	pattern_fill(p, small / 2, 1);
	ck_assert_ptr_nonnull(p = bigmem_realloc(p, small / 2, small));
	ck_assert(pattern_ok(p, small / 2, 1));
	pattern_fill(p, small, 2);
	ck_assert_ptr_nonnull(p = bigmem_realloc(p, small, big));
	ck_assert(pattern_ok(p, small, 2));
	pattern_fill(p, big, 3);
	ck_assert_ptr_nonnull(p = bigmem_realloc(p, big, big + 100));
	ck_assert(pattern_ok(p, big, 3));
	ck_assert_ptr_nonnull(p = bigmem_realloc(p, big + 100, 3 * big));
	ck_assert(pattern_ok(p, big, 3));
	pattern_fill(p, 3 * big, 4);
	ck_assert_ptr_nonnull(p = bigmem_realloc(p, 3 * big, small));
	ck_assert(pattern_ok(p, small, 4));
	bigmem_free(p, small);
	/* Zeroed, large and small. */
	ck_assert_ptr_nonnull(p = bigmem_calloc(big));
	ck_assert_int_eq(p[0] | p[big / 2] | p[big - 1], 0);
	bigmem_free(p, big);
	ck_assert_ptr_nonnull(p = bigmem_calloc(small));
	ck_assert_int_eq(p[0] | p[small - 1], 0);
	bigmem_free(p, small);
}
END_TEST

static Suite *
lru_suite(void)
{
	Suite	*s = suite_create("lru");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, lru_basic);
	tcase_add_test(tc, lru_many);
	tcase_add_test(tc, lru_clock);
	tcase_add_test(tc, bigmem_grow);
	tcase_add_test(tc, window_sliding);
	tcase_add_test(tc, dset_counts);
	tcase_add_test(tc, baseline_rolling);
	tcase_add_test(tc, baseline_hour_of_day);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(lru_suite());
	int	 nf;

	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? 0 : 1;
}
