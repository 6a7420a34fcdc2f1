/*
 * Tests of the regex prefilter (src/rules/prefilter.c): literal
 * extraction from patterns, and the automaton against a plain search on
 * many patterns and texts.
 */
#include <check.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules/prefilter.h"
#include "testmain.h"

static const struct {
	const char	*pat;
	int		 rc;
	const char	*lits;		/* joined with '|' */
} lit_cases[] = {
	{ "abc", 0, "abc" },
	/* A group of literals stands for its alternative when longer. */
	{ "(?i)\\$\\{(jndi|lower:)", 0, "jndi|lower:" },
	{ "(\\.\\.|%2e%2e)(/|%2f)", 0, "..|%2e%2e" },
	{ "(ab|cd)+e", 0, "ab|cd" },
	{ "foo(barbaz|quxquux)|zz", 0, "barbaz|quxquux|zz" },
	{ "(?:ab|cd)?xyz", 0, "xyz" },
	{ "(?:ab|cd)*xyz", 0, "xyz" },
	{ "(?:ab|cd){0,2}xyz", 0, "xyz" },
	{ "x(ab|)y", 0, "x" },
	{ "(a\\d|bc)z", 0, "z" },
	{ "(?=abc)d", 0, "d" },
	{ "(a.c|bcd)e", 0, "e" },
	{ "(ab|cd)*", -1, "" },
	/* Sixteen literals at most: a group of more stands for nothing. */
	{ "x(aa|bb|cc|dd|ee|ff|gg|hh|ii|jj|kk|ll|mm|nn|oo|pp)", 0,
	    "aa|bb|cc|dd|ee|ff|gg|hh|ii|jj|kk|ll|mm|nn|oo|pp" },
	{ "x(aa|bb|cc|dd|ee|ff|gg|hh|ii|jj|kk|ll|mm|nn|oo|pp|qq)", 0, "x" },
	{ "foo|barbaz", 0, "foo|barbaz" },
	{ "fo+bar", 0, "bar" },
	{ "abcd?ef", 0, "abc" },
	{ "ab*cdef", 0, "cdef" },
	{ "x{0,3}yz", 0, "yz" },
	{ "wx{2}yz", 0, "wx" },
	{ "[abc]def", 0, "def" },
	{ "a.bcd", 0, "bcd" },
	{ "\\d+abc\\w", 0, "abc" },
	{ "\\\\services\\.exe$", 0, "\\services.exe" },
	{ "(a+)+$", -1, "" },
	{ "abc|.*", -1, "" },
	{ "(?x) a b c", -1, "" },
	{ "\\Qa.b\\Ecd", 0, "cd" },
	{ "/autodiscover/autodiscover\\.json.{0,300}(@|/mapi/)", 0,
	    "/autodiscover/autodiscover.json" },
	{ "ABC", 0, "abc" },
	{ "", -1, "" },
};

START_TEST(test_literals)
{
	struct prefilter_lits	 l;
	char			 joined[1024] = "";
	size_t			 i;

	ck_assert_int_eq(prefilter_literals(lit_cases[_i].pat, &l),
	    lit_cases[_i].rc);
	for (i = 0; i < l.n; i++) {
		if (i > 0)
			strcat(joined, "|");
		strcat(joined, l.lit[i]);
	}
	ck_assert_str_eq(joined, lit_cases[_i].lits);
}
END_TEST

/* Pattern i has the literal "/sig<i>x" in the middle of a regex. */
START_TEST(test_many)
{
	struct prefilter	*pf;
	struct prefilter_stats	 st;
	char			 pat[64], text[256];
	uint32_t		 id;
	int			 key, i, j, may;

	ck_assert_ptr_nonnull(pf = prefilter_new());
	for (i = 0; i < 500; i++) {
		snprintf(pat, sizeof(pat), "^/[a-z]+/SIG%dX\\d+", i);
		ck_assert_int_eq(prefilter_add(pf, &key, pat, &id), 0);
		ck_assert_uint_eq(id, (uint32_t)i);
	}
	/* One pattern without a literal always runs. */
	ck_assert_int_eq(prefilter_add(pf, &key, ".*", &id), 0);
	ck_assert_int_eq(prefilter_build(pf), 0);
	for (j = 0; j < 50; j++) {
		prefilter_begin(pf);
		snprintf(text, sizeof(text), "/path/to/sig%dx42?q=sig%dx",
		    j * 7, j * 7 + 1);
		for (i = 0; i < 500; i++) {
			may = prefilter_may(pf, i, (struct slice){ text,
			    strlen(text) });
			/* "=sig<n>x" lacks the "/" of the literal. */
			ck_assert_int_eq(may, i == j * 7);
		}
		ck_assert_int_eq(prefilter_may(pf, 500, (struct slice){ text,
		    strlen(text) }), 1);
	}
	prefilter_stats(pf, &st);
	ck_assert_uint_eq(st.patterns, 501);
	ck_assert_uint_eq(st.filtered, 500);
	ck_assert_uint_eq(st.scans, 50);
	prefilter_free(pf);
}
END_TEST

/* Overlapping literals: every one found, whatever its position. */
START_TEST(test_overlap)
{
	static const char *const pats[] = { "he", "she", "his", "hers",
	    "ushers", "s" };
	struct prefilter	*pf;
	const char		*text = "xUSHERSx";
	uint32_t		 id;
	int			 key, i, want;

	ck_assert_ptr_nonnull(pf = prefilter_new());
	for (i = 0; i < 6; i++)
		ck_assert_int_eq(prefilter_add(pf, &key, pats[i], &id), 0);
	ck_assert_int_eq(prefilter_build(pf), 0);
	prefilter_begin(pf);
	for (i = 0; i < 6; i++) {
		want = strcasestr(text, pats[i]) != NULL;
		ck_assert_int_eq(prefilter_may(pf, i, (struct slice){ text,
		    strlen(text) }), want);
	}
	/* Before build, and for a NULL prefilter: always "may". */
	ck_assert_int_eq(prefilter_may(NULL, 0, (struct slice){ "", 0 }), 1);
	prefilter_free(pf);
	prefilter_free(NULL);
}
END_TEST

/* Two fields: each gets its own automaton and its own scan. */
START_TEST(test_fields)
{
	struct prefilter	*pf;
	uint32_t		 a, b;
	int			 ka, kb;

	ck_assert_ptr_nonnull(pf = prefilter_new());
	ck_assert_int_eq(prefilter_add(pf, &ka, "alpha", &a), 0);
	ck_assert_int_eq(prefilter_add(pf, &kb, "beta", &b), 0);
	ck_assert_int_eq(prefilter_build(pf), 0);
	prefilter_begin(pf);
	ck_assert_int_eq(prefilter_may(pf, a, (struct slice){ "beta", 4 }),
	    0);
	ck_assert_int_eq(prefilter_may(pf, b, (struct slice){ "beta", 4 }),
	    1);
	prefilter_begin(pf);
	ck_assert_int_eq(prefilter_may(pf, a, (struct slice){ "ALPHA", 5 }),
	    1);
	ck_assert_int_eq(prefilter_may(pf, b, (struct slice){ "alpha", 5 }),
	    0);
	prefilter_free(pf);
}
END_TEST

static uint64_t
lz_rand(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/*
 * A random word over a small alphabet, so that literals share prefixes,
 * or over a wide one (lz_wide), so that a group has many byte classes.
 */
static int	lz_wide;

static void
lz_word(uint64_t *x, char *w, size_t min, size_t max)
{
	static const char	 small[] = "ab\\c:.e";
	static const char	 wide[] =
	    "abcdefghijklmnopqrstuvwxyz0123456789\\:.-_/ %";
	const char		*alpha = lz_wide ? wide : small;
	size_t			 na = lz_wide ? sizeof(wide) - 1 :
				    sizeof(small) - 1;
	size_t			 n = min + lz_rand(x) % (max - min + 1), i;

	for (i = 0; i < n; i++)
		w[i] = alpha[lz_rand(x) % na];
	w[n] = '\0';
}

/* Some literal of the first n patterns copied into text at random. */
static void
lz_plant(uint64_t *x, char *text, char (*lits)[2][16], size_t n)
{
	const char	*l = lits[lz_rand(x) % n][lz_rand(x) % 2];
	size_t		 tl = strlen(text), ll = strlen(l), at;

	if (ll > tl)
		return;
	at = lz_rand(x) % (tl - ll + 1);
	memcpy(text + at, l, ll);
}

/*
 * Patterns of one or two literals of minlen to maxlen bytes in one
 * group (npats of them, lazy or not): on random texts of up to 600
 * bytes, every pattern is reported exactly when one of its literals is
 * in the text, as a plain case-blind search says, and once.
 */
#define LZ_PATS		400
static void
lz_check(size_t npats, size_t minlen, size_t maxlen, int lazy, int want_lazy)
{
	static char		 lits[LZ_PATS][2][16], text[601], upper[601];
	struct prefilter	*pf;
	const uint32_t		*ids;
	const char		*l[2];
	uint8_t			 seen[LZ_PATS];
	uint64_t		 x = 0x9e3779b97f4a7c15ULL + minlen;
	uint32_t		 id;
	size_t			 n, k, i;
	int			 key, j, want;

	ck_assert_ptr_nonnull(pf = prefilter_new());
	for (i = 0; i < npats; i++) {
		lz_word(&x, lits[i][0], minlen, maxlen);
		lz_word(&x, lits[i][1], minlen, maxlen);
		/* A regular expression of plain letters is its own literal. */
		for (k = 0; !lazy && lits[i][0][k] != '\0'; k++)
			if (!isalpha((uint8_t)lits[i][0][k]))
				lits[i][0][k] = 'd';
		l[0] = lits[i][0];
		l[1] = lits[i][1];
		if (lazy)
			ck_assert_int_eq(prefilter_add_lits(pf, &key, l,
			    1 + i % 2, &id), 0);
		else
			ck_assert_int_eq(prefilter_add(pf, &key, l[0], &id),
			    0);
		ck_assert_uint_eq(id, (uint32_t)i);
	}
	ck_assert_int_eq(prefilter_build(pf), 0);
	ck_assert_int_eq(prefilter_group_lazy(pf, prefilter_group(pf, 0)),
	    want_lazy);
	for (j = 0; j < 1000; j++) {
		lz_word(&x, text, 0, j % 3 ? 40 : sizeof(text) - 1);
		if (j % 4 == 0)
			lz_plant(&x, text, lits, npats);
		for (k = 0; text[k] != '\0'; k++)
			upper[k] = j % 2 ? (char)toupper((uint8_t)text[k]) :
			    text[k];
		upper[k] = '\0';
		prefilter_begin(pf);
		prefilter_scan_group(pf, prefilter_group(pf, 0),
		    (struct slice){ upper, k });
		memset(seen, 0, sizeof(seen));
		n = prefilter_matches(pf, &ids);
		for (k = 0; k < n; k++) {
			ck_assert_uint_lt(ids[k], npats);
			ck_assert_msg(!seen[ids[k]], "pattern %u twice",
			    ids[k]);
			seen[ids[k]] = 1;
		}
		for (i = 0; i < npats; i++) {
			want = strstr(text, lits[i][0]) != NULL ||
			    (lazy && i % 2 == 1 &&
			    strstr(text, lits[i][1]) != NULL);
			ck_assert_msg(seen[i] == want, "text %s, pattern %zu "
			    "(%s, %s): %d, want %d", text, i, lits[i][0],
			    i % 2 ? lits[i][1] : "-", seen[i], want);
		}
	}
	prefilter_free(pf);
}

/*
 * A lazy group of many literals: the sparse automaton, with full rows
 * near the root and edges and failure links below.
 */
START_TEST(test_lazy)
{
	lz_check(LZ_PATS, 1, 10, 1, 1);
}
END_TEST

/*
 * Groups whose literals are all long, few enough for a full table: the
 * scan skips through the text.  Windows of the shortest length and
 * longer, many literals sharing starts and ends, texts shorter than a
 * window; both kinds of group.
 */
START_TEST(test_skip)
{
	static const size_t	 shapes[][3] = {
		{ 20, 5, 5 }, { 20, 5, 12 }, { 8, 9, 14 }, { 3, 6, 6 },
		{ 12, 7, 15 },
	};
	size_t			 i;

	for (i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
		lz_check(shapes[i][0], shapes[i][1], shapes[i][2], 1, 1);
		lz_check(shapes[i][0], shapes[i][1], shapes[i][2], 0, 0);
	}
	/* Too many classes for a table over three: two at a time. */
	lz_wide = 1;
	for (i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++)
		lz_check(shapes[i][0], shapes[i][1], shapes[i][2], 1, 1);
	lz_wide = 0;
}
END_TEST

/*
 * A literal at every place of a long text of other bytes, so that its
 * window ends once at each place a skip scan could miss: the middle of
 * a text read from two places, the last byte, the first window.  With
 * few classes (three at a time) and with many (two).
 */
static void
skip_everywhere(int wide)
{
	static const char	*lits[] = { "needle12", "qwertyuiop",
	    "abcdefghijklmnopqrstuvwxyz",
	    "0123456789!#$%&()*+,-./:;<=>?@[]^_{|}~" };
	struct prefilter	*pf;
	const uint32_t		*ids;
	char			 text[700];
	size_t			 len, at;
	uint32_t		 id;
	int			 key;

	ck_assert_ptr_nonnull(pf = prefilter_new());
	ck_assert_int_eq(prefilter_add_lits(pf, &key, lits, wide ? 4 : 2,
	    &id), 0);
	ck_assert_int_eq(prefilter_build(pf), 0);
	for (len = 255; len <= sizeof(text); len += 189)
		for (at = 0; at + 8 <= len; at++) {
			memset(text, 'X', len);
			memcpy(text + at, "NEEDLE12", 8);
			prefilter_begin(pf);
			prefilter_scan_group(pf, prefilter_group(pf, 0),
			    (struct slice){ text, len });
			ck_assert_msg(prefilter_matches(pf, &ids) == 1,
			    "length %zu, at %zu, wide %d", len, at, wide);
		}
	prefilter_free(pf);
}

START_TEST(test_skip_everywhere)
{
	skip_everywhere(0);
	skip_everywhere(1);
}
END_TEST

int
main(void)
{
	const struct test_def	 tests[] = {
		{ test_literals, TEST_NITEMS(lit_cases) },
		{ test_many, 0 }, { test_overlap, 0 }, { test_fields, 0 },
		{ test_lazy, 0 }, { test_skip, 0 }, { test_skip_everywhere, 0 },
	};

	return test_run("prefilter", tests, TEST_NITEMS(tests));
}
