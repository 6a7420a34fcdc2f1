/*
 * Tests of the per-line memo of shared answers (src/event/evmemo.c):
 * an answer is read back for its line only, never for the next line in
 * the same slot nor for another question, and a line without a memo
 * keeps nothing.  Threads share a line's memo: each reads what another
 * kept, and never a mix of two answers.
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

/*
 * Threads sharing a line's memo: each keeps the answers to questions
 * of its own and reads back the others'; an answer read is always the
 * one kept for that question, never a mix of two entries.
 */
#define SHARE_Q		48
#define SHARE_ROUNDS	20000

static char		 share_q[2][SHARE_Q];
static struct logevent	 share_ev;

static void *
share_main(void *arg)
{
	const char	*mine = arg;
	const char	*other = mine == share_q[0] ? share_q[1] : share_q[0];
	const void	*v;
	int		 i, j, bad = 0;

	for (i = 0; i < SHARE_ROUNDS; i++) {
		j = i % SHARE_Q;
		evmemo_put(&share_ev, &mine[j], &qa, &mine[(j + 1) % SHARE_Q]);
		if (evmemo_get(&share_ev, &mine[j], &qa, &v) &&
		    v != &mine[(j + 1) % SHARE_Q])
			bad++;
		if (evmemo_get(&share_ev, &other[j], &qa, &v) &&
		    v != &other[(j + 1) % SHARE_Q])
			bad++;
	}
	return (void *)(intptr_t)bad;
}

START_TEST(test_shared)
{
	pthread_t	 th[2];
	void		*rc;
	const void	*v;
	int		 i, hits = 0;

	line(&share_ev, 1);
	evmemo_share(memo);
	for (i = 0; i < 2; i++)
		ck_assert_int_eq(pthread_create(&th[i], NULL, share_main,
		    share_q[i]), 0);
	for (i = 0; i < 2; i++) {
		ck_assert_int_eq(pthread_join(th[i], &rc), 0);
		ck_assert_int_eq((int)(intptr_t)rc, 0);
	}
	/* What the threads kept is the line's: read here too. */
	for (i = 0; i < SHARE_Q; i++)
		if (evmemo_get(&share_ev, &share_q[1][i], &qa, &v)) {
			ck_assert_ptr_eq(v, &share_q[1][(i + 1) % SHARE_Q]);
			hits++;
		}
	ck_assert_int_gt(hits, 0);
	logevent_free(&share_ev);
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
	tcase_add_test(tc, test_shared);
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
