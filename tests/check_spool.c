/*
 * Tests of the webhook spool (src/output/spool.c): records in order,
 * batches by bytes, a restart, segments, a torn tail, the cap, and a
 * damaged head file.
 */
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

	ck_assert_ptr_nonnull(sp = spool_open(dir, 0, 0));
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

	ck_assert_ptr_nonnull(sp = spool_open(dir, 0, 0));
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

	ck_assert_ptr_nonnull(sp = spool_open(dir, 0, 0));
	fill(sp, 1, 6);
	take(sp, 1, 2);
	/* In flight when it stopped: sent again. */
	ck_assert_int_eq(spool_peek(sp, 2, 0, &b), 0);
	spool_free(sp);
	ck_assert_ptr_nonnull(sp = spool_open(dir, 0, 0));
	ck_assert_uint_eq(spool_records(sp), 4);
	fill(sp, 7, 7);
	take(sp, 3, 5);
	ck_assert_uint_eq(spool_records(sp), 0);
	spool_free(sp);
	ck_assert_ptr_nonnull(sp = spool_open(dir, 0, 0));
	ck_assert_uint_eq(spool_records(sp), 0);
	spool_free(sp);
}
END_TEST

/* Small segments: records roll over and finished ones are deleted. */
START_TEST(test_segments)
{
	struct spool	*sp;

	ck_assert_ptr_nonnull(sp = spool_open(dir, 0, 16));
	fill(sp, 10, 29);
	ck_assert_int_ge(nsegments(), 5);
	take(sp, 10, 11);
	spool_free(sp);
	ck_assert_ptr_nonnull(sp = spool_open(dir, 0, 16));
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

	ck_assert_ptr_nonnull(sp = spool_open(dir, 0, 0));
	fill(sp, 1, 2);
	spool_free(sp);
	snprintf(seg, sizeof(seg), "%s/%020d.seg", dir, 1);
	ck_assert_int_ne(fd = open(seg, O_WRONLY | O_APPEND), -1);
	ck_assert_int_eq(write(fd, "r3-cut", 6), 6);
	close(fd);
	ck_assert_ptr_nonnull(sp = spool_open(dir, 0, 0));
	ck_assert_uint_eq(spool_records(sp), 2);
	fill(sp, 3, 3);
	take(sp, 1, 3);
	spool_free(sp);
}
END_TEST

START_TEST(test_cap)
{
	struct spool	*sp;

	ck_assert_ptr_nonnull(sp = spool_open(dir, 12, 0));
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

	ck_assert_ptr_nonnull(sp = spool_open(dir, 0, 0));
	fill(sp, 1, 3);
	take(sp, 1, 1);
	spool_free(sp);
	snprintf(head, sizeof(head), "%s/head", dir);
	ck_assert_ptr_nonnull(f = fopen(head, "w"));
	fputs("garbage", f);
	fclose(f);
	/* Sends too much rather than too little. */
	ck_assert_ptr_nonnull(sp = spool_open(dir, 0, 0));
	ck_assert_uint_eq(spool_records(sp), 3);
	spool_free(sp);
	spool_free(NULL);
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
