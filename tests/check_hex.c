/*
 * Tests of the hex encoding of the state files (src/util/hex.c): bytes
 * to lower-case digits and back for every byte value, either case read,
 * any non-digit refused wherever it stands, and write errors reported.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/hex.h"
#include "testmain.h"

static const struct {
	const char	*bytes;
	size_t		 len;
	const char	*hex;
} encoded[] = {
	{ "", 0, "" },
	{ "\0", 1, "00" },
	{ "\x0f\xf0", 2, "0ff0" },
	{ "a b\n", 4, "6120620a" },
	{ "\xde\xad\xbe\xef", 4, "deadbeef" },
	{ "qakbot-c2.example", 17, "71616b626f742d63322e6578616d706c65" },
};

/* bytes to hex, as written; and back. */
START_TEST(test_encoded)
{
	unsigned char	 back[32];
	char		*buf = NULL;
	size_t		 size = 0;
	FILE		*fp;

	ck_assert_ptr_nonnull(fp = open_memstream(&buf, &size));
	ck_assert_int_eq(hex_write(fp, encoded[_i].bytes, encoded[_i].len), 0);
	ck_assert_int_eq(fclose(fp), 0);
	ck_assert_str_eq(buf, encoded[_i].hex);
	ck_assert_int_eq(hex_read(buf, encoded[_i].len, back), 0);
	ck_assert(memcmp(back, encoded[_i].bytes, encoded[_i].len) == 0);
	free(buf);
}
END_TEST

/* All 256 byte values, in order, there and back. */
START_TEST(test_roundtrip)
{
	unsigned char	 in[256], out[256];
	char		*buf = NULL;
	size_t		 size = 0, i;
	FILE		*fp;

	for (i = 0; i < sizeof(in); i++)
		in[i] = (unsigned char)i;
	ck_assert_ptr_nonnull(fp = open_memstream(&buf, &size));
	ck_assert_int_eq(hex_write(fp, in, sizeof(in)), 0);
	ck_assert_int_eq(fclose(fp), 0);
	ck_assert_uint_eq(size, 2 * sizeof(in));
	ck_assert_uint_eq(strspn(buf, "0123456789abcdef"), size);
	memset(out, 0, sizeof(out));
	ck_assert_int_eq(hex_read(buf, sizeof(out), out), 0);
	ck_assert(memcmp(in, out, sizeof(in)) == 0);
	free(buf);
}
END_TEST

/* Upper case reads as well as lower case. */
START_TEST(test_upper)
{
	unsigned char	 out[4];

	ck_assert_int_eq(hex_read("DEADbeef", 4, out), 0);
	ck_assert(memcmp(out, "\xde\xad\xbe\xef", 4) == 0);
	ck_assert_int_eq(hex_read("aBcD", 2, out), 0);
	ck_assert(memcmp(out, "\xab\xcd", 2) == 0);
}
END_TEST

/* Every character that is not a hex digit, at each of four places. */
START_TEST(test_bad_digits)
{
	char		 hex[9];
	unsigned char	 out[4];
	int		 c, pos, want;

	for (c = 0; c < 256; c++) {
		want = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
		    (c >= 'A' && c <= 'F') ? 0 : -1;
		ck_assert_msg((hex_digit(c) >= 0 ? 0 : -1) == want,
		    "hex_digit(%d)", c);
		for (pos = 0; pos < 8; pos++) {
			memcpy(hex, "00000000", sizeof(hex));
			hex[pos] = (char)c;
			ck_assert_msg(hex_read(hex, 4, out) == want,
			    "byte %d at %d", c, pos);
		}
	}
	for (c = 0; c < 16; c++)
		ck_assert_int_eq(hex_digit("0123456789abcdef"[c]), c);
}
END_TEST

/* A stream that cannot be written: the error comes back. */
START_TEST(test_write_error)
{
	FILE	*fp = fopen("/dev/full", "w");

	if (fp == NULL)
		return;		/* no /dev/full here */
	setvbuf(fp, NULL, _IONBF, 0);
	ck_assert_int_eq(hex_write(fp, "x", 1), -1);
	fclose(fp);
}
END_TEST

/* %XX decoded; a stray '%' kept; the output bound held. */
START_TEST(test_unescape_pct)
{
	static const struct {
		const char	*in, *want;
		size_t		 max;
	} t[] = {
		{ "a%20b%E8%a6%8B", "a b\xe8\xa6\x8b", 64 },
		{ "100%", "100%", 64 },
		{ "%zz%2", "%zz%2", 64 },
		{ "%41%42%43", "AB", 2 },
		{ "", "", 64 },
	};
	char	 out[64];
	size_t	 i, n;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		n = hex_unescape_pct(t[i].in, strlen(t[i].in), out, t[i].max);
		ck_assert_msg(n == strlen(t[i].want) &&
		    memcmp(out, t[i].want, n) == 0, "case %zu: %.*s", i,
		    (int)n, out);
	}
}
END_TEST

int
main(void)
{
	const struct test_def	 tests[] = {
		{ test_encoded, TEST_NITEMS(encoded) },
		{ test_roundtrip, 0 }, { test_upper, 0 },
		{ test_bad_digits, 0 }, { test_write_error, 0 },
		{ test_unescape_pct, 0 },
	};

	return test_run("hex", tests, TEST_NITEMS(tests));
}
