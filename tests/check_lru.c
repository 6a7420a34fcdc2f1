/*
 * Tests of the bounded tables of the analyzers (src/analyzers/lru.c):
 * CLOCK (second-chance) eviction, its order and determinism, eviction
 * counts, removal and reuse.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers/lru.h"
#include "testmain.h"

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

/*
 * A peek finds an entry without marking it used: work ahead of an
 * event's turn must not change what the clock evicts before it.
 */
START_TEST(lru_peek_unmarked)
{
	struct lru	*l = lru_new(sizeof(struct item), 3, drop, NULL);
	const struct item *p;
	int		 c;

	dropped = 0;
	((struct item *)lru_put(l, 1, &c))->v = 1;
	((struct item *)lru_put(l, 2, &c))->v = 2;
	((struct item *)lru_put(l, 3, &c))->v = 4;
	p = lru_peek(l, 1);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(p->v, 1);
	ck_assert_ptr_null(lru_peek(l, 9));
	/* 1 was peeked, not used: the hand takes it first. */
	((struct item *)lru_put(l, 4, &c))->v = 8;
	ck_assert_int_eq(dropped, 1);
	ck_assert_ptr_null(lru_peek(l, 1));
	ck_assert_ptr_nonnull(lru_peek(l, 4));
	lru_free(l);
}
END_TEST

/*
 * A full table that evicts on every put names, after each eviction, the
 * entry the next one takes (what its drop will free is loaded ahead).
 */
static int	 hinted, last_dropped;

static void
hint(const void *p)
{
	hinted = ((const struct item *)p)->v;
}

static void
drop_one(void *arg, void *p)
{
	(void)arg;
	last_dropped = ((struct item *)p)->v;
}

START_TEST(lru_next_victim)
{
	struct lru	*l = lru_new(sizeof(struct item), 64, drop_one, NULL);
	struct item	*it;
	int		 k, c, named = 0;

	lru_set_hint(l, hint);
	hinted = -1;
	for (k = 0; k < 1000; k++) {
		it = lru_put(l, (uint64_t)k * 0x9e3779b97f4a7c15ULL, &c);
		ck_assert_ptr_nonnull(it);
		it->v = k;
		if (k < 64)
			continue;
		/* No hit sets a reference: the hint was right. */
		ck_assert_int_eq(last_dropped, named);
		ck_assert_int_eq(hinted, ++named);
	}
	lru_free(l);
}
END_TEST

/* The key whose bucket product (lru.c) is p: the product's inverse. */
static uint64_t
key_of_product(uint64_t p)
{
	uint64_t	 c = 0x9e3779b97f4a7c15ULL, x = c;
	int		 i;

	for (i = 0; i < 6; i++)
		x *= 2 - c * x;
	return p * x;
}

/*
 * Keys that share a bucket, and some all of the bucket's bits and more
 * (the part of the product the index keeps), put, got, removed and
 * evicted at random against a model: every key is found exactly while
 * it is in, whatever was taken out before or after it in its run.
 */
START_TEST(lru_crowded)
{
	enum { NK = 600, CAP = 256 };
	struct lru	*l = lru_new(sizeof(struct item), CAP, drop_one, NULL);
	static uint64_t	 keys[NK];
	static int	 in[NK];
	struct item	*it;
	unsigned	 x = 7;
	int		 i, k, c, n = 0;

	for (i = 0; i < NK; i++) {
		/*
		 * 10 runs of buckets, the last of the index among them
		 * (probes wrap round); within a run, keys eight at a
		 * time share all the bits the index keeps.
		 */
		keys[i] = key_of_product((uint64_t)(i % 10 * 7) << 58 |
		    (uint64_t)(i / 80) << 32 | (uint64_t)i);
		in[i] = 0;
	}
	for (i = 0; i < 200000; i++) {
		x = x * 1103515245 + 12345;
		k = (int)((x >> 8) % NK);
		switch ((x >> 20) % 4) {
		case 0:
		case 1:
			last_dropped = -1;
			it = lru_put(l, keys[k], &c);
			ck_assert_ptr_nonnull(it);
			ck_assert_int_eq(c, !in[k]);
			if (c) {
				it->v = k;
				in[k] = 1;
				if (last_dropped >= 0) {
					ck_assert(in[last_dropped]);
					in[last_dropped] = 0;
				} else
					n++;
			}
			ck_assert_int_eq(((const struct item *)lru_peek(l,
			    keys[k]))->v, k);
			break;
		case 2:
			it = lru_get(l, keys[k]);
			ck_assert_int_eq(it != NULL, in[k]);
			if (it != NULL)
				ck_assert_int_eq(it->v, k);
			break;
		default:
			if ((it = lru_get(l, keys[k])) != NULL) {
				lru_remove(l, it);
				in[k] = 0;
				n--;
			}
			break;
		}
		ck_assert_int_eq((int)lru_count(l), n);
	}
	for (k = 0; k < NK; k++)
		ck_assert_int_eq(lru_peek(l, keys[k]) != NULL, in[k]);
	lru_free(l);
}
END_TEST

int
main(void)
{
	const struct test_def	 tests[] = {
		{ lru_basic, 0 }, { lru_many, 0 }, { lru_clock, 0 },
		{ lru_peek_unmarked, 0 },
		{ lru_next_victim, 0 }, { lru_crowded, 0 },
	};

	return test_run("lru", tests, TEST_NITEMS(tests));
}
