/*
 * Tests of the collector's state file (src/collector/state.c): offsets
 * and file identities saved and loaded back whole, odd bytes in paths
 * included; a missing file is an empty state, bad records are skipped.
 */
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
	state_free(r);
	test_puts("other.state", "w", "something else\nF\tx\n");
	r = state_load(test_path("other.state"));
	ck_assert_uint_eq(r->nf, 0);
	state_free(r);
}
END_TEST

int
main(void)
{
	const struct test_def	 tests[] = {
		{ state_roundtrip, 0 }, { state_bad, 0 },
	};

	return test_run_fixture("state", tests,
	    TEST_NITEMS(tests), test_dir_make, test_dir_remove);
}
