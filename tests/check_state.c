/*
 * Tests of the collector's state file (src/collector/state.c): offsets
 * and file identities saved and loaded back whole, odd bytes in paths
 * included; a missing file is an empty state, bad records are skipped;
 * a damaged file says why, one of the wrong type is refused, and a
 * damaged one is kept aside under a name of its own.
 */
#include <sys/stat.h>

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collector/state.h"
#include "testmain.h"
#include "testtmp.h"

START_TEST(state_roundtrip)
{
	struct state		*s, *r;
	struct state_file	 f;
	char			*path;

	s = state_new();
	ck_assert_int_eq(state_add_input(s, "proxy", 1773273600123LL), 0);
	memset(&f, 0, sizeof(f));
	f.input = "proxy";
	f.id.dev = 2049;
	f.id.ino = 123456789;
	f.id.head_len = 1024;
	f.id.head_hash = 0xfedcba9876543210ULL;
	f.off = 99999;
	f.prev_len = 256;
	f.prev_hash = 42;
	f.path = "/var/log/a\tb%c\nd.log";
	ck_assert_int_eq(state_add_file(s, &f), 0);
	path = strdup(test_path("collector.state"));
	ck_assert_int_eq(state_save(s, path), 0);
	ck_assert_int_eq(access(test_path("collector.state.tmp"), F_OK), -1);
	r = state_load(path);
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(r->nin, 1);
	ck_assert_int_eq(r->in[0].scanned_ms, 1773273600123LL);
	ck_assert_ptr_nonnull(state_input(r, "proxy"));
	ck_assert_ptr_null(state_input(r, "dns"));
	ck_assert_uint_eq(r->nf, 1);
	ck_assert_str_eq(r->f[0].input, "proxy");
	ck_assert_uint_eq(r->f[0].id.dev, 2049);
	ck_assert_uint_eq(r->f[0].id.ino, 123456789);
	ck_assert_uint_eq(r->f[0].id.head_len, 1024);
	ck_assert(r->f[0].id.head_hash == 0xfedcba9876543210ULL);
	ck_assert_uint_eq(r->f[0].off, 99999);
	ck_assert_uint_eq(r->f[0].prev_len, 256);
	ck_assert_uint_eq(r->f[0].prev_hash, 42);
	ck_assert_str_eq(r->f[0].path, f.path);
	ck_assert_str_eq(r->damage, "");
	ck_assert_int_gt(r->mtime_ms, 0);
	state_free(r);
	state_free(s);
	state_free(NULL);
	free(path);
}
END_TEST

START_TEST(state_bad)
{
	struct state	*r;

	/* Missing: empty.  Bad records: skipped, the good ones kept. */
	r = state_load(test_path("nonexistent.state"));
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(r->nf + r->nin, 0);
	state_free(r);
	test_puts("bad.state", "w", "detectd-state 1\n"
	    "F\tproxy\t1\t2\t3\t00000000000000ff\t4\t5\t0000000000000006\t/p\n"
	    "F\tproxy\tx\t2\t3\t00\t4\t5\t06\t/p\n"
	    "F\tproxy\t1\t2\t9999\t00\t4\t5\t06\t/p\n"
	    "F\tproxy\t1\t2\n"
	    "I\tproxy\t-5\n"
	    "Z\n");
	r = state_load(test_path("bad.state"));
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(r->nf, 1);
	ck_assert_uint_eq(r->f[0].id.head_hash, 255);
	ck_assert_uint_eq(r->nin, 0);
	ck_assert_str_eq(r->damage, "a bad record at line 3");
	state_free(r);
	test_puts("other.state", "w", "something else\nF\tx\n");
	r = state_load(test_path("other.state"));
	ck_assert_uint_eq(r->nf, 0);
	ck_assert_str_eq(r->damage, "not a detectd state file");
	state_free(r);
}
END_TEST

/* Damaged state files, each with why. */
static const struct {
	const char	*text;
	const char	*damage;
	size_t		 records;
} damaged[] = {
	{ "", "empty", 0 },
	{ "detectd-state 1\n", "no record", 0 },
	{ "detectd-state 2\n", "no end record: cut short", 0 },
	{ "detectd-state 2\nI\tproxy\t5\n", "no end record: cut short", 1 },
	{ "detectd-state 2\nI\tproxy\t5\nE\t2\n",
	    "its end record does not count its 1 records", 1 },
	{ "detectd-state 2\nE\t0\nI\tproxy\t5\n",
	    "lines after its end record", 0 },
	{ "\x7f" "ELF\x02\x01\x01\n\x00\x00", "not a detectd state file", 0 },
	/* Whole: no damage. */
	{ "detectd-state 2\nE\t0\n", "", 0 },
	{ "detectd-state 2\nI\tproxy\t5\nE\t1\n", "", 1 },
	{ "detectd-state 1\nI\tproxy\t5\n", "", 1 },
};

START_TEST(state_damaged)
{
	struct state	*r;

	test_put("d.state", "w", damaged[_i].text, strlen(damaged[_i].text) +
	    (damaged[_i].text[0] == 0x7f ? 2 : 0));
	r = state_load(test_path("d.state"));
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r->damage, damaged[_i].damage);
	ck_assert_uint_eq(r->nin + r->nf, damaged[_i].records);
	state_free(r);
}
END_TEST

/* Not a regular file: refused.  Kept aside: a new name each time. */
START_TEST(state_refused)
{
	struct state	*s;
	char		 a1[512], a2[512], *path;

	ck_assert_int_eq(mkdir(test_path("dir.state"), 0700), 0);
	ck_assert_ptr_null(state_load(test_path("dir.state")));
	ck_assert_int_eq(symlink("d.state", test_path("link.state")), 0);
	ck_assert_ptr_null(state_load(test_path("link.state")));
	path = strdup(test_path("x.state"));
	test_puts("x.state", "w", "");
	ck_assert_int_eq(state_set_aside(path, a1, sizeof(a1)), 0);
	ck_assert_int_eq(access(path, F_OK), -1);
	ck_assert_int_eq(access(a1, F_OK), 0);
	ck_assert_ptr_nonnull(strstr(a1, "x.state.corrupt-"));
	test_puts("x.state", "w", "");
	ck_assert_int_eq(state_set_aside(path, a2, sizeof(a2)), 0);
	ck_assert_str_ne(a1, a2);
	ck_assert_int_eq(access(a1, F_OK), 0);
	ck_assert_int_eq(access(a2, F_OK), 0);
	/* Written whole, read back whole. */
	s = state_new();
	ck_assert_int_eq(state_save(s, path), 0);
	state_free(s);
	s = state_load(path);
	ck_assert_str_eq(s->damage, "");
	state_free(s);
	free(path);
}
END_TEST

int
main(void)
{
	const struct test_def	 tests[] = {
		{ state_roundtrip, 0 }, { state_bad, 0 },
		{ state_damaged, TEST_NITEMS(damaged) }, { state_refused, 0 },
	};

	return test_run_fixture("state", tests,
	    TEST_NITEMS(tests), test_dir_make, test_dir_remove);
}
