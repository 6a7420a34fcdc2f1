/*
 * Tests of propagation paths (src/analyzers/compchain.c): a path goes
 * back in event time only (an edge after the finding it would explain
 * does not count, nor a finding after the edge it would start), the
 * same whatever order the lines arrive in, to the millisecond of the
 * window's edges, an endpoint once in a path, and a search bounded in
 * the work it does.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers/compchain.h"
#include "testmain.h"

#define W	600000		/* the window: 10 minutes */
#define T	10000000	/* a time well inside the event clock */

static struct compchain	*cc;

static void
setup(void)
{
	ck_assert_ptr_nonnull(cc = compchain_new(1000));
}

static void
teardown(void)
{
	compchain_free(cc);
	cc = NULL;
}

/* A finding of rule on endpoint key at t. */
static void
finding(const char *key, int64_t t, uint16_t rule)
{
	struct comp_item	 it;

	memset(&it, 0, sizeof(it));
	it.t = t;
	it.rule = rule;
	it.evref = (uint64_t)t;
	snprintf(it.ep, sizeof(it.ep), "%s", key);
	compchain_finding(cc, key, &it);
}

static void
edge(const char *from, const char *to, int64_t t)
{
	compchain_edge(cc, from, to, t, (uint64_t)t + 1);
}

/* The path to key's latest finding, as its keys with a space between. */
static const char *
path_of(const char *key, struct comp_path *p)
{
	static char	 buf[256];
	size_t		 i, n, len = 0;

	n = compchain_path(cc, key, W, p);
	ck_assert_uint_eq(n, p->n);
	buf[0] = '\0';
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s",
		    i > 0 ? " " : "", p->hop[i].key);
	return buf;
}

static const char *
path(const char *key)
{
	struct comp_path	 p;

	return path_of(key, &p);
}

/* A finding on a (b NULL), or an edge from a to b, at T + dt. */
struct cev {
	const char	*a, *b;
	int64_t		 dt;
	uint16_t	 rule;
};

#define CASE_EV	8

static void
feed(const struct cev *e, int reverse)
{
	int	 n, i;

	for (n = 0; n < CASE_EV && e[n].a != NULL; n++)
		;
	for (i = 0; i < n; i++) {
		const struct cev *x = &e[reverse ? n - 1 - i : i];

		if (x->b == NULL)
			finding(x->a, T + x->dt, x->rule);
		else
			edge(x->a, x->b, T + x->dt);
	}
}

/* A -> B -> C in event time order. */
#define NATURAL	{ "A", NULL, 100000, 1 }, { "A", "B", 200000, 0 }, \
		{ "B", NULL, 300000, 2 }, { "B", "C", 400000, 0 }, \
		{ "C", NULL, 500000, 3 }

struct ccase {
	const char	*what;
	struct cev	 ev[CASE_EV];
	int		 reverse;	/* arriving last first */
	const char	*key, *want;
};

static const struct ccase ccases[] = {
	{ "natural order", { NATURAL }, 0, "C", "A B C" },
	{ "natural order, to B", { NATURAL }, 0, "B", "A B" },
	{ "natural order, to A", { NATURAL }, 0, "A", "A" },
	/* Searches follow event times, not the order lines arrive in. */
	{ "late arrivals", { NATURAL }, 1, "C", "A B C" },
	/* An older finding on C arriving late: the latest is the end. */
	{ "an older finding late", { NATURAL, { "C", NULL, 50000, 5 } }, 0,
	    "C", "A B C" },
	/* A reached B only after B's finding: A is not to blame for it. */
	{ "edge after the finding", { { "A", NULL, 100000, 1 },
	    { "B", NULL, 300000, 2 }, { "A", "B", 400000, 0 } }, 0, "B",
	    "B" },
	/* A's finding came after it reached B: it did not carry it. */
	{ "source finding after its edge", { { "A", "B", 200000, 0 },
	    { "A", NULL, 250000, 1 }, { "B", NULL, 300000, 2 } }, 0, "B",
	    "B" },
	/* The middle: B's finding came before A reached it. */
	{ "middle finding before reached", { { "A", NULL, 100000, 1 },
	    { "B", NULL, 150000, 2 }, { "A", "B", 200000, 0 },
	    { "B", "C", 300000, 0 }, { "C", NULL, 400000, 3 } }, 0, "C",
	    "B C" },
	/* The middle: A reached B only after B had reached C. */
	{ "middle reached after it reached on", { { "A", NULL, 100000, 1 },
	    { "B", NULL, 250000, 2 }, { "B", "C", 300000, 0 },
	    { "A", "B", 320000, 0 }, { "B", NULL, 330000, 4 },
	    { "C", NULL, 400000, 3 } }, 0, "C", "B C" },
	/* A and B reached each other back and forth: each once. */
	{ "cycle", { { "A", NULL, 100000, 1 }, { "A", "B", 200000, 0 },
	    { "B", NULL, 210000, 2 }, { "B", "A", 300000, 0 },
	    { "A", NULL, 310000, 3 }, { "A", "B", 400000, 0 },
	    { "B", NULL, 500000, 4 } }, 0, "B", "A B" },
};

START_TEST(test_order)
{
	const struct ccase	*c = &ccases[_i];

	feed(c->ev, c->reverse);
	ck_assert_msg(strcmp(path(c->key), c->want) == 0,
	    "%s: %s, want %s", c->what, path(c->key), c->want);
}
END_TEST

/* Each hop: when it was reached, by what evidence, its finding. */
START_TEST(test_hops)
{
	static const struct cev	 natural[CASE_EV] = { NATURAL };
	struct comp_path	 p;
	int			 rev;

	for (rev = 0; rev < 2; rev++) {
		feed(natural, rev);
		ck_assert_str_eq(path_of("C", &p), "A B C");
		ck_assert_int_eq(p.hop[0].reached, 0);
		ck_assert_int_eq(p.hop[0].f.t, T + 100000);
		ck_assert_int_eq(p.hop[1].reached, T + 200000);
		ck_assert_uint_eq(p.hop[1].edge_evref, T + 200000 + 1);
		ck_assert_int_eq(p.hop[1].f.t, T + 300000);
		ck_assert_int_eq(p.hop[2].reached, T + 400000);
		ck_assert_int_eq(p.hop[2].f.t, T + 500000);
		ck_assert_uint_eq(compchain_path(cc, "nobody", W, &p), 0);
		ck_assert_uint_eq(compchain_count(cc), 3);
		compchain_free(cc);
		ck_assert_ptr_nonnull(cc = compchain_new(1000));
	}
}
END_TEST

struct wcase {
	int64_t	 f_a;		/* A's finding, from T */
	int64_t	 e_ab;		/* A reached B */
	int64_t	 f_b;		/* B's finding */
	int64_t	 e_bc;		/* B reached C */
	int64_t	 f_c;		/* C's finding */
	const char *want;
};

/* Every hop within the window of the last, to the millisecond. */
static const struct wcase wcases[] = {
	/* The edge into C a whole window before C's finding: in. */
	{ 0, 1000, 2000, W, 2 * W, "A B C" },
	{ 0, 1000, 2000, W - 1, 2 * W, "C" },
	/* A's finding a whole window before A reached B: in. */
	{ 0, W, W + 1, W + 2, W + 3, "A B C" },
	{ 0, W + 1, W + 2, W + 3, W + 4, "B C" },
	/*
	 * B's finding a whole window after A reached B (and after B
	 * reached C): in; a millisecond later, B is no part of a path.
	 */
	{ 0, 1000, 1000 + W, 2000, 1000 + W + 1, "A B C" },
	{ 0, 1000, 1001 + W, 2000, 1001 + W + 1, "C" },
	/* All at one millisecond: in. */
	{ 0, 0, 0, 0, 0, "A B C" },
};

START_TEST(test_window_edges)
{
	const struct wcase	*c = &wcases[_i];

	finding("A", T + c->f_a, 1);
	edge("A", "B", T + c->e_ab);
	finding("B", T + c->f_b, 2);
	edge("B", "C", T + c->e_bc);
	finding("C", T + c->f_c, 3);
	ck_assert_msg(strcmp(path("C"), c->want) == 0, "case %d: %s, want %s",
	    _i, path("C"), c->want);
}
END_TEST

/*
 * The bound on one search: Z was reached first from S (a path of two),
 * then from D, the top of three layers of six endpoints that each reached
 * all six of the layer below (a search tries each edge into a middle
 * endpoint with each edge before it: some 36^3 ways down, none of them
 * a path), then from the end of a chain of seven.  The search gives up
 * within D's layers and keeps the best it had found; without the bound
 * it would go through every way down, then find the chain.
 */
static void
budget_graph(void)
{
	char	 k[32], k2[32];
	int	 l, i, j;

	finding("Z", T, 1);
	finding("S", T - 5000, 1);
	edge("S", "Z", T - 4000);
	edge("D", "Z", T - 3000);
	finding("D", T + 1, 2);		/* after it was reached: goes on */
	for (l = 1; l <= 3; l++)
		for (i = 0; i < 6; i++) {
			snprintf(k, sizeof(k), "d%d.%d", l, i);
			/* Each after being reached, none before reaching on. */
			finding(k, T + 1, 2);
			if (l == 1) {
				edge(k, "D", T - 3000 - l);
				continue;
			}
			for (j = 0; j < 6; j++) {
				snprintf(k2, sizeof(k2), "d%d.%d", l - 1, j);
				edge(k, k2, T - 3000 - l);
			}
		}
	edge("L1", "Z", T - 2000);
	finding("L1", T - 1999, 2);
	for (l = 2; l <= 7; l++) {
		snprintf(k, sizeof(k), "L%d", l);
		snprintf(k2, sizeof(k2), "L%d", l - 1);
		edge(k, k2, T - 2000 - l * 10);
		finding(k, T - 2000 - l * 10 + 1, 2);
	}
	finding("L7", T - 3000, 3);	/* the chain's start */
}

START_TEST(test_budget)
{
	budget_graph();
	ck_assert_str_eq(path("Z"), "S Z");
	/* The chain alone is found: the bound is on work, not on length. */
	ck_assert_str_eq(path("L1"), "L7 L6 L5 L4 L3 L2 L1");
}
END_TEST

/* Endpoints key reached, and the table's bound. */
START_TEST(test_next_and_bound)
{
	char	 keys[COMPCHAIN_NODE_E][IDENTITY_KEY_LEN], k[32];
	size_t	 n;
	int	 i;

	edge("A", "B", T);
	edge("A", "C", T + 1);
	edge("A", "A", T + 2);		/* to itself: nothing */
	n = compchain_next(cc, "A", keys, COMPCHAIN_NODE_E);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(keys[0], "B");
	ck_assert_str_eq(keys[1], "C");
	ck_assert_uint_eq(compchain_next(cc, "B", keys, COMPCHAIN_NODE_E), 0);
	compchain_free(cc);
	ck_assert_ptr_nonnull(cc = compchain_new(4));
	for (i = 0; i < 10; i++) {
		snprintf(k, sizeof(k), "e%d", i);
		finding(k, T + i, 1);
	}
	ck_assert_uint_le(compchain_count(cc), 4);
	ck_assert_uint_ge(compchain_evictions(cc), 6);
	ck_assert_uint_gt(compchain_memory(cc), 0);
	compchain_free(NULL);
}
END_TEST

int
main(void)
{
	const struct test_def	 tests[] = {
		{ test_order, TEST_NITEMS(ccases) },
		{ test_hops, 0 },
		{ test_window_edges, TEST_NITEMS(wcases) },
		{ test_budget, 0 },
		{ test_next_and_bound, 0 },
	};

	return test_run_fixture("compchain", tests, TEST_NITEMS(tests),
	    setup, teardown);
}
