/*
 * Tests of the syslog listener's pieces (src/collector/listen.c): TCP
 * framing, by octet count or by newline, with cuts and partial frames,
 * and the listen addresses it accepts.
 */
#include <sys/socket.h>

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collector/listen.h"
#include "testmain.h"

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

int
main(void)
{
	const struct test_def	 tests[] = {
		{ listen_framing, TEST_NITEMS(fcases) },
		{ listen_addrs, 0 },
	};

	return test_run("listen", tests, TEST_NITEMS(tests));
}
