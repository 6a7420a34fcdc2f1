/*
 * Tests of the webhook spool (src/output/spool.c): records in order,
 * batches by bytes, a restart, segments, a torn tail, the cap, a
 * damaged or wrong head file (sent again, never lost) and links planted
 * in the spool (never followed).
 */
#include <sys/stat.h>

#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "output/spool.h"

static char	 base[200];
static char	 dir[256];

static void
setup(void)
{
	const char	*tmp = getenv("TMPDIR");

	snprintf(base, sizeof(base), "%s/spoolXXXXXX", tmp ? tmp : P_tmpdir);
	ck_assert_ptr_nonnull(mkdtemp(base));
	snprintf(dir, sizeof(dir), "%s/spool", base);
}

static void
teardown(void)
{
	char	 cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", base);
	(void)system(cmd);
}

static int
nsegments(void)
{
	DIR		*d;
	struct dirent	*de;
	int		 n = 0;

	ck_assert_ptr_nonnull(d = opendir(dir));
	while ((de = readdir(d)) != NULL)
		n += strstr(de->d_name, ".seg") != NULL;
	closedir(d);
	return n;
}

/* Append records "r<first>".."r<last>", each in its own call. */
static void
fill(struct spool *sp, int first, int last)
{
	char	 rec[32];
	int	 i;

	for (i = first; i <= last; i++) {
		snprintf(rec, sizeof(rec), "r%d\n", i);
		ck_assert_int_eq(spool_append(sp, rec, strlen(rec)), 0);
	}
}

/* "r<first>".."r<last>", per records to an append: fewer syncs. */
static void
fill_bulk(struct spool *sp, int first, int last, int per)
{
	char	 buf[16 * 1024];
	size_t	 len = 0;
	int	 i;

	for (i = first; i <= last; i++) {
		len += snprintf(buf + len, sizeof(buf) - len, "r%d\n", i);
		ck_assert_uint_lt(len, sizeof(buf));
		if ((i - first + 1) % per == 0 || i == last) {
			ck_assert_int_eq(spool_append(sp, buf, len), 0);
			len = 0;
		}
	}
}

/* Take n records in batches and check they are r<first>... in order. */
static void
take_bulk(struct spool *sp, int first, int n)
{
	struct spool_batch	 b;
	const char		*p;
	char			 want[32];
	size_t			 i;

	while (n > 0) {
		ck_assert_int_eq(spool_peek(sp, n < 64 ? (size_t)n : 64, 0,
		    &b), 0);
		ck_assert_uint_gt(b.n, 0);
		for (i = 0, p = b.buf; i < b.n; i++, first++, n--) {
			snprintf(want, sizeof(want), "r%d\n", first);
			ck_assert_msg(strncmp(p, want, strlen(want)) == 0,
			    "want %s", want);
			p += strlen(want);
		}
		ck_assert_int_eq(spool_commit(sp, &b), 0);
	}
}

/* Take n records one at a time and check they are r<first>... */
static void
take(struct spool *sp, int first, int n)
{
	struct spool_batch	 b;
	char			 want[32];
	int			 i;

	for (i = 0; i < n; i++) {
		ck_assert_int_eq(spool_peek(sp, 1, 0, &b), 0);
		ck_assert_uint_eq(b.n, 1);
		snprintf(want, sizeof(want), "r%d\n", first + i);
		ck_assert_uint_eq(b.len, strlen(want));
		ck_assert(memcmp(b.buf, want, b.len) == 0);
		ck_assert_int_eq(spool_commit(sp, &b), 0);
	}
}

START_TEST(test_order)
{
	struct spool		*sp;
	struct spool_batch	 b;

	ck_assert_ptr_nonnull(sp = spool_open(dir, 0, 0, NULL));
	ck_assert_int_eq(spool_peek(sp, 10, 0, &b), 0);
	ck_assert_uint_eq(b.n, 0);
	fill(sp, 1, 5);
	ck_assert_uint_eq(spool_records(sp), 5);
	ck_assert_uint_eq(spool_bytes(sp), 15);
	/* A peek without a commit gives the same records again. */
	ck_assert_int_eq(spool_peek(sp, 3, 0, &b), 0);
	ck_assert_uint_eq(b.n, 3);
	ck_assert_int_eq(spool_peek(sp, 3, 0, &b), 0);
	ck_assert(memcmp(b.buf, "r1\nr2\nr3\n", b.len) == 0);
	ck_assert_int_eq(spool_commit(sp, &b), 0);
	ck_assert_uint_eq(spool_records(sp), 2);
	take(sp, 4, 2);
	ck_assert_int_eq(spool_peek(sp, 3, 0, &b), 0);
	ck_assert_uint_eq(b.n, 0);
	ck_assert_uint_eq(spool_records(sp), 0);
	spool_free(sp);
}
END_TEST

/* max_bytes bounds a batch, but a long record still comes whole. */
START_TEST(test_batch_bytes)
{
	struct spool		*sp;
	struct spool_batch	 b;
	char			 big[5000];

	ck_assert_ptr_nonnull(sp = spool_open(dir, 0, 0, NULL));
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\n';
	ck_assert_int_eq(spool_append(sp, big, sizeof(big)), 0);
	fill(sp, 1, 3);
	ck_assert_int_eq(spool_peek(sp, 10, 100, &b), 0);
	ck_assert_uint_eq(b.n, 1);
	ck_assert_uint_eq(b.len, sizeof(big));
	ck_assert_int_eq(spool_commit(sp, &b), 0);
	ck_assert_int_eq(spool_peek(sp, 10, 6, &b), 0);
	ck_assert_uint_eq(b.n, 2);
	spool_free(sp);
}
END_TEST

/* What was delivered stays delivered across a restart, the rest waits. */
START_TEST(test_restart)
{
	struct spool		*sp;
	struct spool_batch	 b;

	ck_assert_ptr_nonnull(sp = spool_open(dir, 0, 0, NULL));
	fill(sp, 1, 6);
	take(sp, 1, 2);
	/* In flight when it stopped: sent again. */
	ck_assert_int_eq(spool_peek(sp, 2, 0, &b), 0);
	spool_free(sp);
	ck_assert_ptr_nonnull(sp = spool_open(dir, 0, 0, NULL));
	ck_assert_uint_eq(spool_records(sp), 4);
	fill(sp, 7, 7);
	take(sp, 3, 5);
	ck_assert_uint_eq(spool_records(sp), 0);
	spool_free(sp);
	ck_assert_ptr_nonnull(sp = spool_open(dir, 0, 0, NULL));
	ck_assert_uint_eq(spool_records(sp), 0);
	spool_free(sp);
}
END_TEST

/* Small segments: records roll over and finished ones are deleted. */
START_TEST(test_segments)
{
	struct spool	*sp;

	ck_assert_ptr_nonnull(sp = spool_open(dir, 0, 16, NULL));
	fill(sp, 10, 29);
	ck_assert_int_ge(nsegments(), 5);
	take(sp, 10, 11);
	spool_free(sp);
	ck_assert_ptr_nonnull(sp = spool_open(dir, 0, 16, NULL));
	ck_assert_uint_eq(spool_records(sp), 9);
	take(sp, 21, 9);
	ck_assert_int_le(nsegments(), 1);
	spool_free(sp);
}
END_TEST

/* A record cut short by a crash is not sent; the rest is. */
START_TEST(test_torn_tail)
{
	struct spool	*sp;
	char		 seg[600];
	int		 fd;

	ck_assert_ptr_nonnull(sp = spool_open(dir, 0, 0, NULL));
	fill(sp, 1, 2);
	spool_free(sp);
	snprintf(seg, sizeof(seg), "%s/%020d.seg", dir, 1);
	ck_assert_int_ne(fd = open(seg, O_WRONLY | O_APPEND), -1);
	ck_assert_int_eq(write(fd, "r3-cut", 6), 6);
	close(fd);
	ck_assert_ptr_nonnull(sp = spool_open(dir, 0, 0, NULL));
	ck_assert_uint_eq(spool_records(sp), 2);
	fill(sp, 3, 3);
	take(sp, 1, 3);
	spool_free(sp);
}
END_TEST

START_TEST(test_cap)
{
	struct spool	*sp;

	ck_assert_ptr_nonnull(sp = spool_open(dir, 12, 0, NULL));
	fill(sp, 1, 3);
	ck_assert_int_eq(spool_full(sp), 0);
	/* Over the cap it still takes records: the cap pauses, never drops. */
	fill(sp, 4, 5);
	ck_assert_int_eq(spool_full(sp), 1);
	ck_assert_uint_eq(spool_records(sp), 5);
	take(sp, 1, 2);
	ck_assert_int_eq(spool_full(sp), 0);
	spool_free(sp);
}
END_TEST

START_TEST(test_damaged_head)
{
	struct spool	*sp;
	char		 head[600];
	FILE		*f;

	ck_assert_ptr_nonnull(sp = spool_open(dir, 0, 0, NULL));
	fill(sp, 1, 3);
	take(sp, 1, 1);
	spool_free(sp);
	snprintf(head, sizeof(head), "%s/head", dir);
	ck_assert_ptr_nonnull(f = fopen(head, "w"));
	fputs("garbage", f);
	fclose(f);
	/* Sends too much rather than too little. */
	ck_assert_ptr_nonnull(sp = spool_open(dir, 0, 0, NULL));
	ck_assert_uint_eq(spool_records(sp), 3);
	spool_free(sp);
	spool_free(NULL);
}
END_TEST

/* Write the head file "seg off" by hand, as a damaged disk might. */
static void
put_head(const char *text)
{
	char	 head[600];
	FILE	*f;

	snprintf(head, sizeof(head), "%s/head", dir);
	ck_assert_ptr_nonnull(f = fopen(head, "w"));
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

/* N of "rN", the first record of the oldest segment on disk. */
static int
oldest_first(void)
{
	DIR		*d;
	struct dirent	*de;
	char		 min[256] = "", path[600];
	FILE		*f;
	int		 n = -1;

	ck_assert_ptr_nonnull(d = opendir(dir));
	while ((de = readdir(d)) != NULL)
		if (strstr(de->d_name, ".seg") != NULL &&
		    (min[0] == '\0' || strcmp(de->d_name, min) < 0))
			snprintf(min, sizeof(min), "%s", de->d_name);
	closedir(d);
	snprintf(path, sizeof(path), "%s/%s", dir, min);
	ck_assert_ptr_nonnull(f = fopen(path, "r"));
	ck_assert_int_eq(fscanf(f, "r%d", &n), 1);
	fclose(f);
	return n;
}

/*
 * A head that does not fit the segments present (past the last one,
 * past the end of its own, before the first, inside a record) or does
 * not parse sends everything again from the oldest segment present; it
 * never deletes or skips.  300 records in segments of 64 bytes; 29
 * taken first, so that segment 1 is gone and the head is inside
 * segment 2.
 */
static const char *const heads[] = {
	"99 0\n",		/* past the last segment */
	"2 999999999\n",	/* past the end of its own */
	"1 0\n",		/* before the first present */
	"2 1\n",		/* inside a record */
	"2 -5\n",		/* not a number */
	"2 0 junk\n",		/* trailing garbage */
	"18446744073709551616 0\n",	/* too large */
};

START_TEST(test_wrong_head)
{
	struct spool	*sp;
	int		 segs, first;

	ck_assert_ptr_nonnull(sp = spool_open(dir, 0, 64, NULL));
	fill_bulk(sp, 1, 300, 5);
	take_bulk(sp, 1, 29);
	spool_free(sp);
	segs = nsegments();
	ck_assert_int_ge(segs, 3);
	first = oldest_first();
	ck_assert_int_gt(first, 1);
	ck_assert_int_le(first, 29);
	put_head(heads[_i]);
	ck_assert_ptr_nonnull(sp = spool_open(dir, 0, 64, NULL));
	ck_assert_int_eq(nsegments(), segs);
	ck_assert_uint_eq(spool_records(sp), (uint64_t)(300 - first + 1));
	take_bulk(sp, first, 300 - first + 1);
	ck_assert_uint_eq(spool_records(sp), 0);
	spool_free(sp);
}
END_TEST

/*
 * The two heads of the issue against one segment of 300: "99 0" used
 * to delete all 300, "1 999999999" to skip the 271 left in segment 1.
 */
START_TEST(test_wrong_head_one_segment)
{
	static const char *const bad[] = { "99 0\n", "1 999999999\n" };
	struct spool	*sp;
	size_t		 i;

	for (i = 0; i < 2; i++) {
		snprintf(dir, sizeof(dir), "%s/spool%zu", base, i);
		ck_assert_ptr_nonnull(sp = spool_open(dir, 0, 0, NULL));
		fill_bulk(sp, 1, 300, 300);
		take_bulk(sp, 1, 29);
		spool_free(sp);
		put_head(bad[i]);
		ck_assert_ptr_nonnull(sp = spool_open(dir, 0, 0, NULL));
		/* Segment 1 from its start: the 29 delivered come again. */
		ck_assert_uint_eq(spool_records(sp), 300);
		take_bulk(sp, 1, 300);
		spool_free(sp);
	}
}
END_TEST

/* A file "precious" beside the spool, for links to point at. */
static void
victim(char *path, size_t len)
{
	FILE	*f;

	snprintf(path, len, "%s/victim", base);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs("precious\n", f);
	ck_assert_int_eq(fclose(f), 0);
}

static void
victim_intact(const char *path)
{
	char	 buf[64] = "";
	FILE	*f;

	ck_assert_ptr_nonnull(f = fopen(path, "r"));
	ck_assert_ptr_nonnull(fgets(buf, sizeof(buf), f));
	ck_assert_ptr_null(fgets(buf + strlen(buf), 2, f));
	fclose(f);
	ck_assert_str_eq(buf, "precious\n");
}

/*
 * Links planted in the spool by the account detectd runs as: a segment,
 * the spool directory itself (refused, never followed), and head.tmp
 * (replaced, never written through), symbolic and hard.
 */
START_TEST(test_planted_links)
{
	struct spool	*sp;
	char		 v[600], p[600];

	victim(v, sizeof(v));
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	snprintf(p, sizeof(p), "%s/%020d.seg", dir, 1);
	ck_assert_int_eq(symlink(v, p), 0);
	ck_assert_ptr_null(spool_open(dir, 0, 0, NULL));
	victim_intact(v);
	ck_assert_int_eq(unlink(p), 0);

	snprintf(p, sizeof(p), "%s/elsewhere", base);
	ck_assert_int_eq(mkdir(p, 0700), 0);
	snprintf(v, sizeof(v), "%s/linked", base);
	ck_assert_int_eq(symlink(p, v), 0);
	ck_assert_ptr_null(spool_open(v, 0, 0, NULL));

	victim(v, sizeof(v));
	ck_assert_ptr_nonnull(sp = spool_open(dir, 0, 0, NULL));
	fill(sp, 1, 4);
	snprintf(p, sizeof(p), "%s/head.tmp", dir);
	ck_assert_int_eq(symlink(v, p), 0);
	take(sp, 1, 2);
	victim_intact(v);
	ck_assert_int_eq(link(v, p), 0);
	take(sp, 3, 1);
	victim_intact(v);
	spool_free(sp);
	ck_assert_ptr_nonnull(sp = spool_open(dir, 0, 0, NULL));
	ck_assert_uint_eq(spool_records(sp), 1);
	take(sp, 4, 1);
	spool_free(sp);
}
END_TEST

static Suite *
spool_suite(void)
{
	Suite	*s = suite_create("spool");
	TCase	*tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_order);
	tcase_add_test(tc, test_batch_bytes);
	tcase_add_test(tc, test_restart);
	tcase_add_test(tc, test_segments);
	tcase_add_test(tc, test_torn_tail);
	tcase_add_test(tc, test_cap);
	tcase_add_test(tc, test_damaged_head);
	tcase_add_loop_test(tc, test_wrong_head, 0,
	    (int)(sizeof(heads) / sizeof(heads[0])));
	tcase_add_test(tc, test_wrong_head_one_segment);
	tcase_add_test(tc, test_planted_links);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(spool_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
