/*
 * Tests of the per-line memo of shared answers (src/event/evmemo.c):
 * an answer is read back for its line only, never for the next line in
 * the same slot nor for another question, and a line without a memo
 * keeps nothing.  A thread with a memo of its own (evmemo_own) keeps
 * its answers there, apart from the line's and other threads'.
 */
#include <check.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "event/evmemo.h"
#include "event/logevent.h"
#include "testmain.h"

static const char	 qa = 'a', qb = 'b', ans = 'x';

static struct evmemo	*memo;

/* A line in a slot of its own, lent the memo when lend is set. */
static void
line(struct logevent *ev, int lend)
{
	memset(ev, 0, sizeof(*ev));
	logevent_reset(ev);
	if (lend) {
		if (memo == NULL)
			memo = evmemo_new();
		ck_assert_ptr_nonnull(memo);
		ev->memo = memo;
	}
}

START_TEST(test_same_line)
{
	struct logevent	 ev;
	const void	*v = NULL;

	line(&ev, 1);
	ck_assert_int_eq(evmemo_get(&ev, &qa, &qb, &v), 0);
	evmemo_put(&ev, &qa, &qb, &ans);
	ck_assert_int_eq(evmemo_get(&ev, &qa, &qb, &v), 1);
	ck_assert_ptr_eq(v, &ans);
	/* NULL is an answer. */
	evmemo_put(&ev, &qb, &qa, NULL);
	v = &ans;
	ck_assert_int_eq(evmemo_get(&ev, &qb, &qa, &v), 1);
	ck_assert_ptr_null(v);
	/* Another question with one pointer in common is not answered. */
	ck_assert_int_eq(evmemo_get(&ev, &qa, &qa, &v), 0);
	ck_assert_int_eq(evmemo_get(&ev, &qb, &qb, &v), 0);
	logevent_free(&ev);
}
END_TEST

START_TEST(test_next_line)
{
	struct logevent	 ev;
	const void	*v = NULL;

	line(&ev, 1);
	evmemo_put(&ev, &qa, &qb, &ans);
	/* The slot's next line is lent the same memo, not its answers. */
	logevent_reset(&ev);
	ck_assert_ptr_null(ev.memo);
	ev.memo = memo;
	ck_assert_int_eq(evmemo_get(&ev, &qa, &qb, &v), 0);
	logevent_free(&ev);
}
END_TEST

START_TEST(test_no_memo)
{
	struct logevent	 ev;
	const void	*v = NULL;

	line(&ev, 0);
	evmemo_put(&ev, &qa, &qb, &ans);
	ck_assert_int_eq(evmemo_get(&ev, &qa, &qb, &v), 0);
	logevent_free(&ev);
}
END_TEST

/* More questions than slots: each is answered right, or not at all. */
START_TEST(test_crowded)
{
	static char	 q[500];
	struct logevent	 ev;
	const void	*v;
	int		 i, hits = 0;

	line(&ev, 1);
	for (i = 0; i < 500; i++)
		evmemo_put(&ev, &q[i], &qa, &q[(i + 1) % 500]);
	for (i = 0; i < 500; i++) {
		if (!evmemo_get(&ev, &q[i], &qa, &v))
			continue;
		ck_assert_ptr_eq(v, &q[(i + 1) % 500]);
		hits++;
	}
	ck_assert_int_gt(hits, 0);
	logevent_free(&ev);
}
END_TEST

/* A thread that answers a question about a line with a memo of its own. */
struct own_arg {
	struct logevent	*ev;
	struct evmemo	*mine;
	int		 had;		/* the answer there before it put it */
};

static void *
own_main(void *arg)
{
	struct own_arg	*a = arg;
	const void	*v;

	evmemo_own(a->mine);
	a->had = evmemo_get(a->ev, &qa, &qb, &v);
	evmemo_put(a->ev, &qa, &qb, &ans);
	return NULL;
}

START_TEST(test_own)
{
	struct logevent	 ev, bare;
	struct own_arg	 a;
	struct evmemo	*mine = evmemo_new();
	pthread_t	 th;
	const void	*v = NULL;

	ck_assert_ptr_nonnull(mine);
	line(&ev, 1);
	/* Another thread's answer is in its memo, not in the line's. */
	evmemo_put(&ev, &qa, &qb, &qb);
	a.ev = &ev;
	a.mine = mine;
	a.had = -1;
	ck_assert_int_eq(pthread_create(&th, NULL, own_main, &a), 0);
	ck_assert_int_eq(pthread_join(th, NULL), 0);
	ck_assert_int_eq(a.had, 0);
	ck_assert_int_eq(evmemo_get(&ev, &qa, &qb, &v), 1);
	ck_assert_ptr_eq(v, &qb);
	/* Here, with the same memo: the other thread's answer. */
	evmemo_own(mine);
	ck_assert_int_eq(evmemo_get(&ev, &qa, &qb, &v), 1);
	ck_assert_ptr_eq(v, &ans);
	/* A line without a memo has none, own memo or not. */
	line(&bare, 0);
	evmemo_put(&bare, &qb, &qa, &ans);
	ck_assert_int_eq(evmemo_get(&bare, &qb, &qa, &v), 0);
	evmemo_own(NULL);
	ck_assert_int_eq(evmemo_get(&ev, &qa, &qb, &v), 1);
	ck_assert_ptr_eq(v, &qb);
	logevent_free(&bare);
	logevent_free(&ev);
	evmemo_free(mine);
}
END_TEST

static Suite *
evmemo_suite(void)
{
	Suite	*s = suite_create("evmemo");
	TCase	*tc = tcase_create("memo");

	tcase_add_test(tc, test_same_line);
	tcase_add_test(tc, test_next_line);
	tcase_add_test(tc, test_no_memo);
	tcase_add_test(tc, test_crowded);
	tcase_add_test(tc, test_own);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	int	 rc = test_main(evmemo_suite());

	evmemo_free(memo);
	evmemo_free(NULL);
	return rc;
}
