/*
 * Tests of one followed file (src/collector/logfile.c): lines as the
 * file grows, the partial last line, truncation (copytruncate, by a
 * writer with and without O_APPEND), NUL runs, and the identity of a
 * file by device, inode and head.
 */
#include <sys/stat.h>

#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collector/logfile.h"
#include "gotlines.h"
#include "testmain.h"
#include "testtmp.h"
#include "util/timeutil.h"

static struct logfile *
lf_open(const char *name, uint64_t off, struct got *g)
{
	struct stat	 st;
	int		 fd;

	fd = open(test_path(name), O_RDONLY);
	ck_assert_int_ne(fd, -1);
	ck_assert_int_eq(fstat(fd, &st), 0);
	return logfile_new(fd, &st, off, 256, got_line, got_trunc, g);
}

static void
lf_drain(struct logfile *lf)
{
	while (logfile_read(lf, "test", 0, NULL) > 0)
		;
}

START_TEST(logfile_follow)
{
	struct logfile	*lf;
	struct got	 g;

	memset(&g, 0, sizeof(g));
	test_puts("a.log", "w", "first\nsecond\npart");
	lf = lf_open("a.log", 0, &g);
	ck_assert_ptr_nonnull(lf);
	lf_drain(lf);
	ck_assert_int_eq(g.n, 2);
	ck_assert_uint_eq(logfile_consumed(lf), 13);
	/* The partial line waits, then goes out once. */
	logfile_partial(lf, "test", time_now_ms(CLOCK_MONOTONIC), 60000);
	ck_assert_int_eq(g.n, 2);
	logfile_partial(lf, "test", time_now_ms(CLOCK_MONOTONIC) + 60000, 60000);
	ck_assert_int_eq(g.n, 3);
	ck_assert_str_eq(g.lines[2], "part");
	test_puts("a.log", "a", "ial\nthird\n");
	lf_drain(lf);
	ck_assert_int_eq(g.n, 5);
	ck_assert_str_eq(g.lines[3], "ial");
	ck_assert_str_eq(g.lines[4], "third");
	ck_assert_uint_eq(logfile_stats(lf)->partial, 1);
	logfile_free(lf);
	logfile_free(NULL);
}
END_TEST

START_TEST(logfile_truncate)
{
	struct logfile	*lf;
	struct got	 g;

	memset(&g, 0, sizeof(g));
	test_puts("b.log", "w", "aaaa 1\naaaa 2\n");
	lf = lf_open("b.log", 0, &g);
	lf_drain(lf);
	ck_assert_int_eq(g.n, 2);
	ck_assert_int_eq(g.restarts, 0);
	/* Truncated and written past the old size: the head tells. */
	test_puts("b.log", "w", "bbbb 1\nbbbb 2\nbbbb 3\n");
	lf_drain(lf);
	ck_assert_int_eq(g.restarts, 1);
	ck_assert_int_eq(g.n, 5);
	ck_assert_str_eq(g.lines[2], "bbbb 1");
	ck_assert_uint_eq(g.pre_off, 14);
	/* Smaller than the offset. */
	test_puts("b.log", "w", "c\n");
	lf_drain(lf);
	ck_assert_int_eq(g.restarts, 2);
	ck_assert_str_eq(g.lines[5], "c");
	ck_assert_uint_eq(logfile_stats(lf)->truncations, 2);
	logfile_free(lf);
}
END_TEST

/* n lines of 100 bytes, "tag NN" padded with dots. */
static void
hole_write(int fd, const char *tag, int n)
{
	char	 line[101];
	int	 i;

	for (i = 0; i < n; i++) {
		memset(line, '.', sizeof(line));
		snprintf(line, sizeof(line), "%s %02d", tag, i);
		line[strlen(line)] = '.';
		line[99] = '\n';
		ck_assert_int_eq(write(fd, line, 100), 100);
	}
}

/*
 * Truncated under a writer without O_APPEND, which writes n lines of
 * tag at its old offset, the size read so far: told, and read from
 * there past the NUL bytes before.
 */
static void
hole_cycle(int w, struct logfile *lf, struct got *g, const char *tag, int n)
{
	int		 first = g->n, restarts = g->restarts;
	uint64_t	 size = lseek(w, 0, SEEK_CUR);

	ck_assert_int_eq(ftruncate(w, 0), 0);
	hole_write(w, tag, n);
	lf_drain(lf);
	ck_assert_int_eq(g->restarts, restarts + 1);
	ck_assert_uint_eq(g->pre_off, size);
	ck_assert_int_eq(g->n, first + n);
	ck_assert_uint_eq(g->offs[first], size);
	ck_assert_int_eq(strncmp(g->lines[first], tag, strlen(tag)), 0);
}

/*
 * A writer without O_APPEND goes on at its old offset after each
 * truncation: the file starts with more than LOGFILE_HEAD NUL bytes,
 * and the next truncation is told all the same by the head past them.
 */
START_TEST(logfile_truncate_hole)
{
	struct logfile	*lf;
	struct got	 g;
	int		 w;

	memset(&g, 0, sizeof(g));
	w = open(test_path("h.log"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert_int_ne(w, -1);
	hole_write(w, "one", 12);
	lf = lf_open("h.log", 0, &g);
	lf_drain(lf);
	ck_assert_int_eq(g.n, 12);
	hole_cycle(w, lf, &g, "two", 3);	/* at 1200 */
	hole_cycle(w, lf, &g, "three", 2);	/* at 1500 */
	ck_assert_uint_eq(logfile_stats(lf)->nul_skipped, 1200 + 1500);
	ck_assert_uint_eq(logfile_id(lf)->head_off, 1500);
	logfile_free(lf);
	close(w);
}
END_TEST

START_TEST(logfile_nul)
{
	struct logfile	*lf;
	struct got	 g;
	char		 buf[3000];

	memset(&g, 0, sizeof(g));
	memset(buf, 0, sizeof(buf));
	memcpy(buf + 2990, "line one\n", 9);
	test_put("c.log", "w", buf, 2999);
	lf = lf_open("c.log", 0, &g);
	lf_drain(lf);
	ck_assert_int_eq(g.n, 1);
	ck_assert_str_eq(g.lines[0], "line one");
	ck_assert_uint_eq(g.offs[0], 2990);
	ck_assert_uint_eq(logfile_stats(lf)->nul_skipped, 2990);
	/* NULs after the start are data (the line is cut, not skipped). */
	test_put("c.log", "a", buf, 300);
	test_puts("c.log", "a", "\nafter\n");
	lf_drain(lf);
	ck_assert_int_eq(g.n, 3);
	ck_assert_int_eq(g.cut[1], 1);
	ck_assert_str_eq(g.lines[2], "after");
	logfile_free(lf);
}
END_TEST

START_TEST(logfile_identity)
{
	struct fileid	 a, b;
	struct stat	 st;
	uint64_t	 h, h2;
	uint32_t	 len;
	int		 fd;
	char		 big[2000];

	memset(big, 'q', sizeof(big));
	test_put("d.log", "w", big, sizeof(big));
	fd = open(test_path("d.log"), O_RDONLY);
	ck_assert_int_eq(fstat(fd, &st), 0);
	ck_assert_int_eq(fileid_get(fd, &st, &a), 0);
	ck_assert_uint_eq(a.head_len, LOGFILE_HEAD);
	ck_assert_int_eq(fileid_head_same(fd, &a), 1);
	b = a;
	b.head_hash ^= 1;
	ck_assert_int_eq(fileid_head_same(fd, &b), 0);
	ck_assert_int_eq(fileid_prev(fd, 1500, &h, &len), 0);
	ck_assert_uint_eq(len, LOGFILE_PREV);
	ck_assert_int_eq(fileid_prev(fd, 10, &h2, &len), 0);
	ck_assert_uint_eq(len, 10);
	ck_assert_int_eq(fileid_prev(fd, 5000, &h2, &len), -1);
	close(fd);
	/* A short file is named by all of it. */
	test_puts("e.log", "w", "short\n");
	fd = open(test_path("e.log"), O_RDONLY);
	ck_assert_int_eq(fstat(fd, &st), 0);
	ck_assert_int_eq(fileid_get(fd, &st, &a), 0);
	ck_assert_uint_eq(a.head_len, 6);
	close(fd);
	/* The head starts past a run of NUL bytes, in a copy too. */
	memset(big, 0, sizeof(big));
	memcpy(big + 1500, "after the hole\n", 15);
	test_put("f.log", "w", big, 1515);
	fd = open(test_path("f.log"), O_RDONLY);
	ck_assert_int_eq(fstat(fd, &st), 0);
	ck_assert_int_eq(fileid_get(fd, &st, &a), 0);
	ck_assert_uint_eq(a.head_off, 1500);
	ck_assert_uint_eq(a.head_len, 15);
	close(fd);
	test_put("g.log", "w", big, 1515);
	fd = open(test_path("g.log"), O_RDONLY);
	ck_assert_int_eq(fileid_head_same(fd, &a), 1);
	close(fd);
	/* Nothing but NUL bytes: no head yet. */
	test_put("z.log", "w", big, 1000);
	fd = open(test_path("z.log"), O_RDONLY);
	ck_assert_int_eq(fstat(fd, &st), 0);
	ck_assert_int_eq(fileid_get(fd, &st, &a), 0);
	ck_assert_uint_eq(a.head_len, 0);
	close(fd);
}
END_TEST

int
main(void)
{
	const struct test_def	 tests[] = {
		{ logfile_follow, 0 }, { logfile_truncate, 0 },
		{ logfile_truncate_hole, 0 }, { logfile_nul, 0 },
		{ logfile_identity, 0 },
	};

	return test_run_fixture("logfile", tests,
	    TEST_NITEMS(tests), test_dir_make, test_dir_remove);
}
