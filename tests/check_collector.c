/*
 * The collector's pieces: line framing, one followed file (truncation,
 * NUL runs, partial lines, identity), the state file, and the syslog
 * TCP framing.
 */
#include <sys/stat.h>

#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collector/frame.h"
#include "collector/listen.h"
#include "collector/logfile.h"
#include "collector/state.h"
#include "testtmp.h"
#include "util/timeutil.h"

/* Lines collected by the callbacks. */
struct got {
	char	 lines[64][256];
	uint64_t offs[64];
	int	 cut[64];
	int	 n;
	int	 restarts;
};

static void
got_line(void *arg, const struct rline *l)
{
	struct got	*g = arg;
	size_t		 len = l->len < 255 ? l->len : 255;

	ck_assert_int_lt(g->n, 64);
	memcpy(g->lines[g->n], l->p, len);
	g->lines[g->n][len] = '\0';
	g->offs[g->n] = l->off;
	g->cut[g->n] = l->truncated;
	g->n++;
}

static void
got_trunc(void *arg, int64_t mtime_ms)
{
	struct got	*g = arg;

	(void)mtime_ms;
	g->restarts++;
}

static char	 tmpdir[256];

static char *
tpath(const char *name)
{
	static char	 buf[4096];

	snprintf(buf, sizeof(buf), "%s/%s", tmpdir, name);
	return buf;
}

static void
put(const char *name, const char *mode, const void *p, size_t len)
{
	FILE	*fp = fopen(tpath(name), mode);

	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(p, 1, len, fp), len);
	fclose(fp);
}

static void
puts_(const char *name, const char *mode, const char *s)
{
	put(name, mode, s, strlen(s));
}

/* Framing ------------------------------------------------------------- */

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

/* One followed file ---------------------------------------------------- */

static struct logfile *
lf_open(const char *name, uint64_t off, struct got *g)
{
	struct stat	 st;
	int		 fd;

	fd = open(tpath(name), O_RDONLY);
	ck_assert_int_ne(fd, -1);
	ck_assert_int_eq(fstat(fd, &st), 0);
	return logfile_new(fd, &st, off, 256, got_line, got_trunc, g);
}

static void
lf_drain(struct logfile *lf)
{
	while (logfile_read(lf, "test") > 0)
		;
}

START_TEST(logfile_follow)
{
	struct logfile	*lf;
	struct got	 g;

	memset(&g, 0, sizeof(g));
	puts_("a.log", "w", "first\nsecond\npart");
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
	puts_("a.log", "a", "ial\nthird\n");
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
	struct fileid	 pre;
	uint64_t	 off;

	memset(&g, 0, sizeof(g));
	puts_("b.log", "w", "aaaa 1\naaaa 2\n");
	lf = lf_open("b.log", 0, &g);
	lf_drain(lf);
	ck_assert_int_eq(g.n, 2);
	ck_assert_int_eq(logfile_pre_trunc(lf, &pre, &off), 0);
	/* Truncated and written past the old size: the head tells. */
	puts_("b.log", "w", "bbbb 1\nbbbb 2\nbbbb 3\n");
	lf_drain(lf);
	ck_assert_int_eq(g.restarts, 1);
	ck_assert_int_eq(g.n, 5);
	ck_assert_str_eq(g.lines[2], "bbbb 1");
	ck_assert_int_eq(logfile_pre_trunc(lf, &pre, &off), 1);
	ck_assert_uint_eq(off, 14);
	/* Smaller than the offset. */
	puts_("b.log", "w", "c\n");
	lf_drain(lf);
	ck_assert_int_eq(g.restarts, 2);
	ck_assert_str_eq(g.lines[5], "c");
	ck_assert_uint_eq(logfile_stats(lf)->truncations, 2);
	logfile_free(lf);
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
	put("c.log", "w", buf, 2999);
	lf = lf_open("c.log", 0, &g);
	lf_drain(lf);
	ck_assert_int_eq(g.n, 1);
	ck_assert_str_eq(g.lines[0], "line one");
	ck_assert_uint_eq(g.offs[0], 2990);
	ck_assert_uint_eq(logfile_stats(lf)->nul_skipped, 2990);
	/* NULs after the start are data (the line is cut, not skipped). */
	put("c.log", "a", buf, 300);
	puts_("c.log", "a", "\nafter\n");
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
	put("d.log", "w", big, sizeof(big));
	fd = open(tpath("d.log"), O_RDONLY);
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
	puts_("e.log", "w", "short\n");
	fd = open(tpath("e.log"), O_RDONLY);
	ck_assert_int_eq(fstat(fd, &st), 0);
	ck_assert_int_eq(fileid_get(fd, &st, &a), 0);
	ck_assert_uint_eq(a.head_len, 6);
	close(fd);
}
END_TEST

/* State file ------------------------------------------------------------ */

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
	path = strdup(tpath("collector.state"));
	ck_assert_int_eq(state_save(s, path), 0);
	ck_assert_int_eq(access(tpath("collector.state.tmp"), F_OK), -1);
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
	r = state_load(tpath("nonexistent.state"));
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(r->nf + r->nin, 0);
	state_free(r);
	puts_("bad.state", "w", "detectd-state 1\n"
	    "F\tproxy\t1\t2\t3\t00000000000000ff\t4\t5\t0000000000000006\t/p\n"
	    "F\tproxy\tx\t2\t3\t00\t4\t5\t06\t/p\n"
	    "F\tproxy\t1\t2\t9999\t00\t4\t5\t06\t/p\n"
	    "F\tproxy\t1\t2\n"
	    "I\tproxy\t-5\n"
	    "Z\n");
	r = state_load(tpath("bad.state"));
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(r->nf, 1);
	ck_assert_uint_eq(r->f[0].id.head_hash, 255);
	ck_assert_uint_eq(r->nin, 0);
	state_free(r);
	puts_("other.state", "w", "something else\nF\tx\n");
	r = state_load(tpath("other.state"));
	ck_assert_uint_eq(r->nf, 0);
	state_free(r);
}
END_TEST

/* Syslog TCP framing ------------------------------------------------------ */

struct fcase {
	const char	*in;
	size_t		 max;
	int		 eof;
	const char	*msgs[4];	/* expected messages, in order */
	int		 cut;		/* how many were cut */
	size_t		 left;		/* bytes not consumed */
};

static const struct fcase fcases[] = {
	{ "<13>a\n<14>b\n", 64, 0, { "<13>a", "<14>b" }, 0, 0 },
	{ "<13>a\r\n<14>b", 64, 0, { "<13>a" }, 0, 5 },
	{ "<13>a\n<14>b", 64, 1, { "<13>a", "<14>b" }, 0, 0 },
	{ "5 <13>a6 <14>bc", 64, 0, { "<13>a", "<14>bc" }, 0, 0 },
	{ "6 <13>a\n2 xy", 64, 0, { "<13>a", "xy" }, 0, 0 },
	{ "9 <13>a", 64, 0, { NULL }, 0, 7 },
	{ "12", 64, 0, { NULL }, 0, 2 },
	{ "12", 64, 1, { "12" }, 0, 0 },
	{ "12x\n", 64, 0, { "12x" }, 0, 0 },
	{ "0 abc\n", 64, 0, { "0 abc" }, 0, 0 },
	{ "1234567890 a\n", 64, 0, { "1234567890 a" }, 0, 0 },
	{ "10 abcdefghij1 k", 4, 0, { "abcd", "k" }, 1, 0 },
	{ "abcdefghij\nk\n", 4, 0, { "abcd", "k" }, 1, 0 },
	{ "abcd\n", 4, 0, { "abcd" }, 0, 0 },
};

START_TEST(listen_framing)
{
	const struct fcase	*fc = &fcases[_i];
	struct lframe		 fs;
	struct rline		 l;
	size_t			 n = strlen(fc->in), used = 0, k;
	int			 m = 0, cut = 0;
	char			 buf[64];

	memset(&fs, 0, sizeof(fs));
	while ((k = listen_frame(&fs, fc->in + used, n - used, fc->max,
	    fc->eof, &l)) > 0) {
		used += k;
		if (l.p == NULL)
			continue;
		ck_assert_int_lt(m, 4);
		ck_assert_ptr_nonnull(fc->msgs[m]);
		memcpy(buf, l.p, l.len);
		buf[l.len] = '\0';
		ck_assert_str_eq(buf, fc->msgs[m]);
		cut += l.truncated;
		m++;
	}
	ck_assert_ptr_null(m < 4 ? fc->msgs[m] : NULL);
	ck_assert_int_eq(cut, fc->cut);
	ck_assert_uint_eq(n - used, fc->left);
}
END_TEST

START_TEST(listen_addrs)
{
	struct sockaddr_storage	 ss;
	socklen_t		 len;

	ck_assert_int_eq(listen_addr("127.0.0.1:514", SOCK_DGRAM, &ss, &len),
	    0);
	ck_assert_int_eq(listen_addr("[::1]:6514", SOCK_STREAM, &ss, &len),
	    0);
	ck_assert_int_eq(listen_addr(":514", SOCK_STREAM, &ss, &len), 0);
	ck_assert_int_eq(listen_addr("127.0.0.1", SOCK_DGRAM, &ss, &len), -1);
	ck_assert_int_eq(listen_addr("host:514", SOCK_DGRAM, &ss, &len), -1);
	ck_assert_int_eq(listen_addr("1.2.3.4:x", SOCK_DGRAM, &ss, &len), -1);
}
END_TEST

static void
setup(void)
{
	test_tmpl(tmpdir, sizeof(tmpdir), "check_collector");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void
teardown(void)
{
	char	 cmd[4200];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	(void)system(cmd);
}

static Suite *
collector_suite(void)
{
	Suite	*s = suite_create("collector");
	TCase	*tc = tcase_create("collector");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, frame_lines);
	tcase_add_test(tc, frame_cut);
	tcase_add_test(tc, logfile_follow);
	tcase_add_test(tc, logfile_truncate);
	tcase_add_test(tc, logfile_nul);
	tcase_add_test(tc, logfile_identity);
	tcase_add_test(tc, state_roundtrip);
	tcase_add_test(tc, state_bad);
	tcase_add_loop_test(tc, listen_framing, 0,
	    sizeof(fcases) / sizeof(fcases[0]));
	tcase_add_test(tc, listen_addrs);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(collector_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
