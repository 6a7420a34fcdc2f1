/*
 * Tests of line framing (src/collector/frame.c): lines split on LF and
 * CRLF across reads, their offsets, the rest without a newline, and
 * over-long lines cut once with the rest skipped to the newline.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collector/frame.h"
#include "gotlines.h"
#include "testmain.h"

static void
feed(struct framer *f, const char *s, struct got *g)
{
	struct rline	 l;
	size_t		 avail, n = strlen(s);
	char		*p;

	p = framer_space(f, &avail);
	ck_assert_uint_ge(avail, n);
	memcpy(p, s, n);
	framer_commit(f, n);
	while (framer_next(f, &l))
		got_line(g, &l);
}

START_TEST(frame_lines)
{
	struct framer	 f;
	struct got	 g;
	struct rline	 l;

	memset(&g, 0, sizeof(g));
	ck_assert_int_eq(framer_init(&f, 256), 0);
	feed(&f, "one\ntwo\r\nthr", &g);
	ck_assert_int_eq(g.n, 2);
	ck_assert_str_eq(g.lines[1], "two");
	ck_assert_uint_eq(g.offs[1], 4);
	ck_assert_uint_eq(framer_pending(&f), 3);
	feed(&f, "ee\n\n", &g);
	ck_assert_int_eq(g.n, 4);
	ck_assert_str_eq(g.lines[2], "three");
	ck_assert_str_eq(g.lines[3], "");
	feed(&f, "tail", &g);
	ck_assert_int_eq(framer_rest(&f, &l), 1);
	ck_assert_uint_eq(l.len, 4);
	ck_assert_uint_eq(f.off, 20);
	ck_assert_int_eq(framer_rest(&f, &l), 0);
	framer_free(&f);
	framer_free(NULL);
}
END_TEST

START_TEST(frame_cut)
{
	struct framer	 f;
	struct got	 g;
	char		 big[700];

	memset(&g, 0, sizeof(g));
	ck_assert_int_eq(framer_init(&f, 256), 0);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	/* Over max in pieces: cut once, the rest skipped to its newline. */
	feed(&f, big, &g);
	ck_assert_int_eq(g.n, 1);
	ck_assert_int_eq(g.cut[0], 1);
	feed(&f, big, &g);
	feed(&f, "yy\nnext\n", &g);
	ck_assert_int_eq(g.n, 2);
	ck_assert_str_eq(g.lines[1], "next");
	ck_assert_uint_eq(g.offs[1], 2 * 699 + 3);
	/* Over max in one piece. */
	big[300] = '\n';
	big[301] = '\0';
	feed(&f, big, &g);
	ck_assert_int_eq(g.n, 3);
	ck_assert_int_eq(g.cut[2], 1);
	ck_assert_uint_eq(f.truncated, 2);
	framer_free(&f);
}
END_TEST

int
main(void)
{
	const struct test_def	 tests[] = {
		{ frame_lines, 0 }, { frame_cut, 0 },
	};

	return test_run("frame", tests, TEST_NITEMS(tests));
}
