/*
 * Tests of indicator lists (src/rules/list.c, with listnorm.c and
 * listfeed.c): matching each kind of indicator, normalisation, and the
 * feed formats (plain, Zeek Intel, MISP CSV, URLhaus and Feodo CSV).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf.h"
#include "rules/list.h"
#include "testmain.h"

#ifndef TEST_SRCDIR
#define TEST_SRCDIR "tests"
#endif
#define LISTDIR	TEST_SRCDIR "/data/lists/"

static struct slice
S(const char *s)
{
	struct slice	 sl = { s, strlen(s) };

	return sl;
}

static void
add_all(struct list *l, const char *const *v)
{
	for (; *v != NULL; v++)
		ck_assert_msg(list_add(l, *v, strlen(*v), *v, NULL) == 0,
		    "add %s: %s", *v, list_error(l));
}

/* The value of the match, or NULL. */
static const char *
match(const struct list *l, const char *s)
{
	const struct indicator	*ind = list_match(l, S(s));

	return ind != NULL ? ind->value : NULL;
}

static const char *
match_desc(const struct list *l, const char *s)
{
	const struct indicator	*ind = list_match(l, S(s));

	return ind != NULL ? ind->description : NULL;
}

static void
check_str(const char *what, const char *got, const char *want)
{
	if (want == NULL)
		ck_assert_msg(got == NULL, "%s: got %s, want no match", what,
		    got);
	else
		ck_assert_msg(got != NULL && strcmp(got, want) == 0,
		    "%s: got %s, want %s", what, got ? got : "(null)", want);
}

/*
 * A file of tests/data/lists: errors to e, bad rows to w.  The list is
 * named after the file.
 */
static struct list *
load(const char *file, enum list_format f, enum list_type t,
    struct cerrors *e, struct cerrors *w)
{
	char	 path[512];

	snprintf(path, sizeof(path), "%s%s", LISTDIR, file);
	return list_load(file, path, f, t, 0, e, w);
}

/* Whether some message contains all of the given parts. */
static int
has_err(const struct cerrors *e, const char *a, const char *b)
{
	size_t	 i;

	for (i = 0; i < e->n; i++)
		if (strstr(e->msgs[i], a) != NULL &&
		    (b == NULL || strstr(e->msgs[i], b) != NULL))
			return 1;
	return 0;
}

struct mcase {
	const char	*in;
	const char	*want;		/* NULL: no match */
};

static void
run_cases(const struct list *l, const struct mcase *c, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		check_str(c[i].in, match(l, c[i].in), c[i].want);
}

/*
 * One indicator of a feed: the list of its type loaded from the feed
 * has n entries, and in matches with its description and source.
 */
struct feed_case {
	enum list_type	 type;
	size_t		 n;
	const char	*in;
	const char	*desc;
	const char	*source;
};

/* Warnings add up in w; there must be no error. */
static void
run_feed(const char *file, enum list_format f, const struct feed_case *c,
    size_t n, struct cerrors *w)
{
	const struct indicator	*ind;
	struct cerrors		 e = { 0 };
	struct list		*l;
	size_t			 i;

	for (i = 0; i < n; i++) {
		l = load(file, f, c[i].type, &e, w);
		ck_assert_uint_eq(e.n, 0);
		ck_assert_ptr_nonnull(l);
		ck_assert_msg(list_size(l) == c[i].n, "%s: %zu entries",
		    list_type_name(c[i].type), list_size(l));
		ind = list_match(l, S(c[i].in));
		ck_assert_msg(ind != NULL, "%s: no match", c[i].in);
		check_str(c[i].in, ind->description, c[i].desc);
		check_str(c[i].in, ind->source, c[i].source);
		list_free(l);
	}
}

START_TEST(test_domain_match)
{
	static const char *const add[] = { "evil.com", "*.wild.example",
	    "Sub.Deep.Example.ORG.", "a.b.evil.com", ".dot.example", NULL };
	static const struct mcase cases[] = {
		{ "evil.com", "evil.com" },
		{ "www.EVIL.com.", "evil.com" },
		{ "EVIL.COM", "evil.com" },
		{ "x.y.z.evil.com", "evil.com" },
		{ "a.b.evil.com", "a.b.evil.com" },
		{ "z.a.b.evil.com", "a.b.evil.com" },
		{ "b.evil.com", "evil.com" },
		{ "notevil.com", NULL },
		{ "evil.com.au", NULL },
		{ "com", NULL },
		{ "evil", NULL },
		{ "wild.example", "wild.example" },
		{ "x.wild.example", "wild.example" },
		{ "sub.deep.example.org", "sub.deep.example.org" },
		{ "deep.example.org", NULL },
		{ "q.dot.example", "dot.example" },
		{ "", NULL },
		{ ".", NULL },
		{ "evil.com..", NULL },
	};
	struct list	*l = list_new("d", LT_DOMAIN);

	add_all(l, add);
	ck_assert_uint_eq(list_size(l), 5);
	run_cases(l, cases, sizeof(cases) / sizeof(cases[0]));
	list_free(l);
}
END_TEST

START_TEST(test_domain_reject)
{
	static const struct {
		const char	*v;
		int		 ok;
	} cases[] = {
		{ "good.example", 1 }, { "under_score.example", 1 },
		{ "xn--bcher-kva.example", 1 }, { "single", 1 },
		{ "a..b", 0 }, { ".", 0 }, { "", 0 }, { "*.", 0 },
		{ "sp ace.example", 0 }, { "pct%.example", 0 },
		{ "198.51.100.7", 0 }, { "2001:db8::1", 0 },
		{ "http://x.example/", 0 },
		{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa."
		  "example", 1 },
		{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa."
		  "example", 0 },
	};
	struct list	*l = list_new("d", LT_DOMAIN);
	char		 longname[300];
	size_t		 i;
	int		 rc;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rc = list_add(l, cases[i].v, strlen(cases[i].v), NULL, NULL);
		ck_assert_msg((rc == 0) == cases[i].ok, "%s: rc %d (%s)",
		    cases[i].v, rc, list_error(l));
	}
	/* 254 characters in labels of 9 + '.' */
	for (i = 0; i < 254; i++)
		longname[i] = i % 10 == 9 ? '.' : 'a';
	longname[254] = '\0';
	ck_assert_int_eq(list_add(l, longname, 254, NULL, NULL), -1);
	ck_assert_int_eq(list_add(l, longname, 249, NULL, NULL), 0);
	ck_assert_str_eq(list_error(l), "name longer than 253 characters");
	list_free(l);
}
END_TEST

START_TEST(test_ip)
{
	static const struct {
		const char	*v;
		const char	*desc;
	} add[] = {
		{ "10.0.0.0/8", "ten" }, { "10.1.0.0/16", "ten-one" },
		{ "192.0.2.1", "host" }, { "2001:db8::/32", "doc6" },
		{ "2001:db8:1::/48", "doc6-1" }, { "172.16.5.9/12", "masked" },
		{ "::ffff:198.51.100.9", "mapped" }, { "0.0.0.0/0", "any4" },
	};
	static const struct mcase cases[] = {
		{ "10.2.3.4", "ten" }, { "10.1.2.3", "ten-one" },
		{ "192.0.2.1", "host" }, { "192.0.2.2", "any4" },
		{ "::ffff:10.1.0.1", "ten-one" }, { "::FFFF:192.0.2.1", "host" },
		{ "2001:db8:2::1", "doc6" }, { "2001:DB8:1:ffff::1", "doc6-1" },
		{ "[2001:db8::5]", "doc6" }, { "2001:db8::5%eth0", "doc6" },
		{ "2001:db9::1", NULL }, { "::1", NULL },
		{ "172.31.255.255", "masked" }, { "198.51.100.9", "mapped" },
		{ "not-an-ip", NULL }, { "10.0.0.0/8", NULL },
		{ "1.2.3", NULL },
		{ "1111:2222:3333:4444:5555:6666:7777:8888:9999:0000", NULL },
	};
	struct list	*l = list_new("i", LT_IP);
	size_t		 i;

	for (i = 0; i < sizeof(add) / sizeof(add[0]); i++)
		ck_assert_msg(list_add(l, add[i].v, strlen(add[i].v),
		    add[i].desc, NULL) == 0, "%s: %s", add[i].v, list_error(l));
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_str(cases[i].in, match_desc(l, cases[i].in),
		    cases[i].want);
	check_str("canonical", match(l, "172.20.0.1"), "172.16.0.0/12");
	check_str("mapped value", match(l, "198.51.100.9"), "198.51.100.9");
	/* 10.9.9.9/8 is 10.0.0.0/8 again: a duplicate, the first stays. */
	ck_assert_int_eq(list_add(l, "10.9.9.9/8", 10, "dup", NULL), 0);
	ck_assert_uint_eq(list_duplicates(l), 1);
	check_str("dup keeps first", match_desc(l, "10.2.3.4"), "ten");
	list_free(l);
}
END_TEST

START_TEST(test_ip_reject)
{
	static const char *const bad[] = { "10.0.0.0/33", "::/129",
	    "1.2.3", "foo", "1.2.3.4/", "1.2.3.4/a", "1.2.3.4/-1",
	    "300.1.1.1", "1.2.3.4:80", "", "2001:db8::/1000", NULL };
	struct list		*l = list_new("i", LT_IP);
	const char *const	*v;

	for (v = bad; *v != NULL; v++)
		ck_assert_msg(list_add(l, *v, strlen(*v), NULL, NULL) == -1,
		    "%s accepted", *v);
	ck_assert_uint_eq(list_size(l), 0);
	list_free(l);
}
END_TEST

START_TEST(test_url)
{
	static const struct mcase norm[] = {
		{ "HTTP://Evil.COM:80/a%7eb/c?q=1#frag",
		  "http://evil.com/a~b/c?q=1" },
		{ "https://secure.example:443", "https://secure.example/" },
		{ "https://secure.example:8443/x", "https://secure.example:8443/x" },
		{ "http://h.example:443/", "http://h.example:443/" },
		{ "http://h.example:1/", "http://h.example:1/" },
		{ "http://h.example:65535/", "http://h.example:65535/" },
		{ "http://h.example:0/", "http://h.example/" },
		{ "http://h.example/%2f%3a%41", "http://h.example/%2F%3AA" },
		{ "http://h.example?x=1", "http://h.example/?x=1" },
		{ "example.org/no/scheme", "http://example.org/no/scheme" },
		{ "http://User:Pw@Host.Example./P", "http://User:Pw@host.example/P" },
		{ "http://[2001:DB8::1]:80/", "http://[2001:db8::1]/" },
		{ "http://h.example/100%", "http://h.example/100%" },
	};
	static const struct mcase cases[] = {
		{ "http://evil.com/a~b/c?q=1", "http://evil.com/a~b/c?q=1" },
		{ "http://EVIL.com:80/a%7Eb/c?q=1#x", "http://evil.com/a~b/c?q=1" },
		{ "http://evil.com/A~b/c?q=1", NULL },
		{ "https://evil.com/a~b/c?q=1", NULL },
		{ "https://secure.example/", "https://secure.example/" },
		{ "https://secure.example", "https://secure.example/" },
		{ "http://example.org/no/scheme", "http://example.org/no/scheme" },
		{ "http://example.org/no/scheme/", NULL },
		{ "http://", NULL },
	};
	static const char *const bad[] = { "http:// x.example/", "http://",
	    "http://h:99999/", "http://h:8x/", "", "/just/a/path", NULL };
	struct list		*l = list_new("u", LT_URL);
	const struct indicator	*ind;
	const char *const	*v;
	size_t			 i;

	for (i = 0; i < sizeof(norm) / sizeof(norm[0]); i++) {
		ck_assert_msg(list_add(l, norm[i].in, strlen(norm[i].in), NULL,
		    NULL) == 0, "%s: %s", norm[i].in, list_error(l));
		ind = list_match(l, S(norm[i].want));
		check_str(norm[i].in, ind ? ind->value : NULL, norm[i].want);
	}
	run_cases(l, cases, sizeof(cases) / sizeof(cases[0]));
	for (v = bad; *v != NULL; v++)
		ck_assert_msg(list_add(l, *v, strlen(*v), NULL, NULL) == -1,
		    "%s accepted", *v);
	list_free(l);
}
END_TEST

/*
 * A URL list first compares the URL's key (its host up to the first
 * ':', any case) with its entries' keys: every URL that normalises to
 * an entry must get past it, however odd its host.
 */
START_TEST(test_url_key)
{
	static const struct mcase pairs[] = {
		/* "a.example:81" with the default port is a.example:81. */
		{ "http://a.example:81/x", "http://a.example:81:80/x" },
		{ "HTTP://Evil.Example./p", "http://evil.EXAMPLE/p" },
		/* The split drops one dot: the entry keeps the other. */
		{ "http://h.example../p", "http://H.example../p" },
		{ "http://[2001:db8::1]:8080/p", "http://[2001:DB8::1]:8080/p" },
		{ "http://u:pw@h.example/p", "  http://u:pw@H.EXAMPLE:80/p#f" },
		{ "h.example/p", "http://h.example/p" },
		/*
		 * A fragment ends the authority as a path would; a host
		 * longer than the split's eight-byte steps; a CONNECT
		 * target (no scheme, its letters scheme-like).
		 */
		{ "http://frag.example/", "http://frag.example#x/y" },
		{ "http://a-rather-long-name.of.some.host.example:8080/p?q",
		  "HTTP://a-rather-long-name.of.some.host.example:8080/p?q" },
		{ "conn.example:443", "http://conn.example:443/" },
		{ "http://q.example/?a=1", "http://q.example?a=1#b/c" },
	};
	struct list		*l = list_new("u", LT_URL);
	const struct indicator	*ind;
	size_t			 i;

	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		ck_assert_int_eq(list_add(l, pairs[i].in, strlen(pairs[i].in),
		    NULL, NULL), 0);
		ck_assert_msg((ind = list_match(l, S(pairs[i].want))) != NULL,
		    "%s does not match %s", pairs[i].want, pairs[i].in);
	}
	ck_assert_ptr_null(list_match(l, S("http://b.example:81/x")));
	ck_assert_ptr_null(list_match(l, S("http://a.example.x:81/x")));
	list_free(l);
}
END_TEST

/*
 * Lookups skip the lengths no entry has; values of 255 bytes and more
 * share one length mark, and must still be told apart by the table.
 */
START_TEST(test_len_gate)
{
	static const size_t	 lens[] = { 1, 254, 255, 300 };
	struct list		*l = list_new("s", LT_USER_AGENT);
	char			 v[400];
	size_t			 i;

	memset(v, 'u', sizeof(v));
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++)
		ck_assert_int_eq(list_add(l, v, lens[i], NULL, NULL), 0);
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++)
		ck_assert_msg(list_match(l, (struct slice){ v, lens[i] }) !=
		    NULL, "length %zu", lens[i]);
	ck_assert_ptr_null(list_match(l, (struct slice){ v, 2 }));
	ck_assert_ptr_null(list_match(l, (struct slice){ v, 256 }));
	ck_assert_ptr_null(list_match(l, (struct slice){ v, 399 }));
	/* Trimmed before the length is looked at. */
	v[0] = ' ';
	ck_assert_ptr_nonnull(list_match(l, (struct slice){ v, 255 }));
	list_free(l);
}
END_TEST

/* Dotted quads as inet_pton reads them: no leading zero, 0-255. */
START_TEST(test_ipv4_text)
{
	static const struct mcase cases[] = {
		{ "10.1.2.3", "10.0.0.0/8" },
		{ " 10.1.2.3\t", "10.0.0.0/8" },
		{ "0.1.2.3", "0.0.0.0/8" },
		{ "010.1.2.3", NULL },
		{ "10.01.2.3", NULL },
		{ "10.1.2.256", NULL },
		{ "10.1.2", NULL },
		{ "10.1.2.3.4", NULL },
		{ "10..2.3", NULL },
		{ "10.1.2.3x", NULL },
		{ "10.1.2.1000", NULL },
		{ "10.1.2.03", NULL },
		{ "10.255.255.255", "10.0.0.0/8" },
		{ "10.1.2.3/8", NULL },
		{ "10.1.2.3.", NULL },
		{ "::ffff:10.1.2.3", "10.0.0.0/8" },
	};
	struct list	*l = list_new("i", LT_IP);

	ck_assert_int_eq(list_add(l, "10.0.0.0/8", 10, NULL, NULL), 0);
	ck_assert_int_eq(list_add(l, "0.0.0.0/8", 9, NULL, NULL), 0);
	run_cases(l, cases, sizeof(cases) / sizeof(cases[0]));
	list_free(l);
}
END_TEST

/*
 * Prefixes shorter than a first octet cover several (a lookup probes
 * only the lengths an address's first octet has), and the longest
 * prefix still wins over a shorter one of another first-octet range.
 */
START_TEST(test_ipv4_short_prefix)
{
	static const struct mcase cases[] = {
		{ "224.0.0.1", "224.0.0.0/4" },
		{ "239.255.255.255", "224.0.0.0/4" },
		{ "240.0.0.1", "128.0.0.0/1" },
		{ "223.255.255.255", "128.0.0.0/1" },
		{ "128.0.0.0", "128.0.0.0/1" },
		{ "127.255.255.255", NULL },
		{ "10.1.2.3", "10.1.0.0/16" },
		{ "10.2.3.4", NULL },
		{ "192.0.2.9", "192.0.2.0/24" },
		{ "192.0.3.9", "128.0.0.0/1" },
	};
	struct list	*l = list_new("i", LT_IP);

	ck_assert_int_eq(list_add(l, "224.0.0.0/4", 11, "multicast", NULL),
	    0);
	ck_assert_int_eq(list_add(l, "128.0.0.0/1", 11, "upper-half", NULL),
	    0);
	ck_assert_int_eq(list_add(l, "10.1.0.0/16", 11, "ten-one", NULL), 0);
	ck_assert_int_eq(list_add(l, "192.0.2.0/24", 12, "doc", NULL), 0);
	run_cases(l, cases, sizeof(cases) / sizeof(cases[0]));
	list_free(l);
}
END_TEST

START_TEST(test_url_long)
{
	struct list	*l = list_new("u", LT_URL);
	char		*u = malloc(9000);

	memset(u, 'a', 9000);
	memcpy(u, "http://h/", 9);
	ck_assert_int_eq(list_add(l, u, 9000, NULL, NULL), -1);
	ck_assert_int_eq(list_add(l, u, 8000, NULL, NULL), 0);
	ck_assert_ptr_nonnull(list_match(l, (struct slice){ u, 8000 }));
	ck_assert_ptr_null(list_match(l, (struct slice){ u, 9000 }));
	free(u);
	list_free(l);
}
END_TEST

START_TEST(test_hash)
{
	static const char *const add[] = {
	    "44D88612FEA8A8F36DE82E1278ABB02F",
	    "3395856ce81f2b7382dee72602f798b642f14140",
	    " 275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f ",
	    NULL };
	static const struct mcase cases[] = {
		{ "44d88612fea8a8f36de82e1278abb02f",
		  "44d88612fea8a8f36de82e1278abb02f" },
		{ "SHA1=0000000000000000000000000000000000000000,"
		  "MD5=44D88612FEA8A8F36DE82E1278ABB02F,"
		  "SHA256=1111111111111111111111111111111111111111111111111111111111111111,"
		  "IMPHASH=22222222222222222222222222222222",
		  "44d88612fea8a8f36de82e1278abb02f" },
		{ "SHA256=275A021BBFB6489E54D471899F7DB9D1663FC695EC2FE2A2C4538AABF651FD0F",
		  "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f" },
		{ "sha1=3395856CE81F2B7382DEE72602F798B642F14140",
		  "3395856ce81f2b7382dee72602f798b642f14140" },
		/* Part of a longer hex run is not a digest. */
		{ "44d88612fea8a8f36de82e1278abb02f00", NULL },
		{ "x44d88612fea8a8f36de82e1278abb02fx",
		  "44d88612fea8a8f36de82e1278abb02f" },
		{ "MD5=00000000000000000000000000000000", NULL },
	};
	static const char *const bad[] = { "12345",
	    "zz88612fea8a8f36de82e1278abb02f0",
	    "44d88612fea8a8f36de82e1278abb02f0", "", NULL };
	struct list		*l = list_new("h", LT_HASH);
	const char *const	*v;

	add_all(l, add);
	run_cases(l, cases, sizeof(cases) / sizeof(cases[0]));
	for (v = bad; *v != NULL; v++)
		ck_assert_msg(list_add(l, *v, strlen(*v), NULL, NULL) == -1,
		    "%s accepted", *v);
	list_free(l);
}
END_TEST

START_TEST(test_user)
{
	static const char *const add[] = { "alice", "CORP\\Bob",
	    "carol@corp.local", NULL };
	static const struct mcase cases[] = {
		{ "alice", "alice" }, { "ALICE", "alice" },
		{ "CORP\\alice", "alice" }, { "alice@corp.local", "alice" },
		{ "corp.local\\Alice@CORP.LOCAL", "alice" },
		{ "bob", "bob" }, { "OTHER\\bob", "bob" },
		{ "Carol", "carol" }, { "mallory", NULL }, { "CORP\\", NULL },
	};
	struct list	*l = list_new("u", LT_USER);

	add_all(l, add);
	run_cases(l, cases, sizeof(cases) / sizeof(cases[0]));
	ck_assert_int_eq(list_add(l, "CORP\\", 5, NULL, NULL), -1);
	list_free(l);
}
END_TEST

START_TEST(test_string_ua)
{
	static const char *const add[] = { "  Mozilla/4.0 (compatible; MSIE 6.0)\t",
	    NULL };
	static const struct mcase cases[] = {
		{ "mozilla/4.0 (COMPATIBLE; msie 6.0)",
		  "Mozilla/4.0 (compatible; MSIE 6.0)" },
		{ " Mozilla/4.0 (compatible; MSIE 6.0) ",
		  "Mozilla/4.0 (compatible; MSIE 6.0)" },
		{ "Mozilla/4.0 (compatible; MSIE 6.0; x)", NULL },
	};
	struct list	*ua = list_new("ua", LT_USER_AGENT);
	struct list	*st = list_new("s", LT_STRING);

	add_all(ua, add);
	add_all(st, add);
	run_cases(ua, cases, sizeof(cases) / sizeof(cases[0]));
	run_cases(st, cases, sizeof(cases) / sizeof(cases[0]));
	ck_assert_int_eq(list_add(st, "  ", 2, NULL, NULL), -1);
	ck_assert_int_eq(list_add(st, "a\0b", 3, NULL, NULL), -1);
	ck_assert_int_eq(list_add(ua, "a\x01b", 3, NULL, NULL), -1);
	list_free(ua);
	list_free(st);
}
END_TEST

START_TEST(test_dup_intern)
{
	struct list		*l = list_new("d", LT_DOMAIN);
	const struct indicator	*a, *b;

	ck_assert_int_eq(list_add(l, "one.example", 11, "first", "feed"), 0);
	ck_assert_int_eq(list_add(l, "ONE.example.", 12, "second", "x"), 0);
	ck_assert_int_eq(list_add(l, "two.example", 11, "first", "feed"), 0);
	ck_assert_int_eq(list_add(l, "three.example", 13, NULL, NULL), 0);
	ck_assert_uint_eq(list_size(l), 3);
	ck_assert_uint_eq(list_duplicates(l), 1);
	a = list_match(l, S("one.example"));
	b = list_match(l, S("two.example"));
	ck_assert_str_eq(a->description, "first");
	/* Interned: one copy of each distinct string. */
	ck_assert_ptr_eq(a->description, b->description);
	ck_assert_ptr_eq(a->source, b->source);
	b = list_match(l, S("three.example"));
	ck_assert_ptr_null(b->description);
	ck_assert_str_eq(b->source, "d");
	list_free(l);
}
END_TEST

START_TEST(test_names)
{
	int	 t, f;

	for (t = 0; t < LT_MAX; t++)
		ck_assert_int_eq(list_type_from_name(list_type_name(t)), t);
	for (f = 0; f < LF_MAX; f++)
		ck_assert_int_eq(list_format_from_name(list_format_name(f)), f);
	ck_assert_str_eq(list_type_name(LT_USER_AGENT), "user_agent");
	ck_assert_str_eq(list_format_name(LF_ZEEK_INTEL), "zeek-intel");
	ck_assert_int_eq(list_type_from_name("cidr"), LT_IP);
	ck_assert_int_eq(list_type_from_name("ipv4"), LT_IP);
	ck_assert_int_eq(list_type_from_name("ipv6"), LT_IP);
	ck_assert_int_eq(list_type_from_name("user-agent"), LT_USER_AGENT);
	ck_assert_int_eq(list_type_from_name("nope"), -1);
	ck_assert_int_eq(list_format_from_name("csv"), -1);
	list_free(NULL);
	ck_assert_ptr_null(list_match(NULL, S("x")));
}
END_TEST

START_TEST(test_plain_domains)
{
	struct cerrors		 e = { 0 }, w = { 0 };
	struct list		*l;
	const struct indicator	*ind;

	l = load("domains.txt", LF_PLAIN, LT_DOMAIN, &e, &w);
	ck_assert_ptr_nonnull(l);
	ck_assert_uint_eq(e.n, 0);
	ck_assert_str_eq(list_name(l), "domains.txt");
	ck_assert_int_eq(list_type(l), LT_DOMAIN);
	ck_assert_uint_eq(list_size(l), 7);
	ck_assert_uint_eq(list_bad(l), 3);
	/* Three bad rows, then the count. */
	ck_assert_uint_eq(w.n, 4);
	ck_assert(has_err(&w, "domains.txt:8:1: bad domain indicator "
	    "\"bad_label..example.org\"", "empty label"));
	ck_assert(has_err(&w, "domains.txt:9:1: ", "IP address"));
	ck_assert(has_err(&w, "domains.txt:10:1: ", "exa%mple.com"));
	ck_assert_str_eq(w.msgs[3], LISTDIR "domains.txt: list domains.txt: "
	    "3 bad rows skipped, 7 indicators loaded");
	ind = list_match(l, S("www.evil.com"));
	ck_assert_str_eq(ind->value, "evil.com");
	ck_assert_str_eq(ind->description, "C2 for campaign Dusk");
	ck_assert_str_eq(ind->source, "domains.txt");
	check_str("wild", match(l, "a.wild.example"), "wild.example");
	check_str("desc", match_desc(l, "login-update.example.net"),
	    "credential phishing");
	check_str("trailing comment", match_desc(l, "tracker.example.info"),
	    NULL);
	check_str("trailing comment value", match(l, "tracker.example.info"),
	    "tracker.example.info");
	check_str("crlf", match_desc(l, "crlf.example"), "line with CRLF");
	check_str("crlf2", match(l, "second.example"), "second.example");
	list_free(l);
	cerrors_clear(&w);
}
END_TEST

START_TEST(test_plain_others)
{
	struct cerrors	 e = { 0 }, w = { 0 };
	struct list	*l;

	l = load("ips.txt", LF_PLAIN, LT_IP, &e, &w);
	ck_assert_uint_eq(list_size(l), 6);
	ck_assert_uint_eq(list_bad(l), 2);
	ck_assert(has_err(&w, "ips.txt:5:1: ", "192.0.2.0/33"));
	ck_assert(has_err(&w, "ips.txt:9:1: ", "300.1.1.1"));
	check_str("ip", match_desc(l, "10.1.2.3"), "ten-one");
	check_str("ip", match_desc(l, "10.2.2.3"), "ten");
	check_str("ip", match_desc(l, "::ffff:198.51.100.9"),
	    "written as mapped");
	list_free(l);
	cerrors_clear(&w);

	l = load("urls.txt", LF_PLAIN, LT_URL, &e, &w);
	ck_assert_uint_eq(list_size(l), 4);
	ck_assert_uint_eq(list_bad(l), 1);
	ck_assert(has_err(&w, "urls.txt:5:1: ", "http://"));
	check_str("url", match(l, "http://evil.com/a~b/c?q=1"),
	    "http://evil.com/a~b/c?q=1");
	check_str("url", match(l, "http://files.example/dl/%2Fpayload.bin"),
	    "http://files.example/dl/%2Fpayload.bin");
	list_free(l);
	cerrors_clear(&w);

	l = load("hashes.txt", LF_PLAIN, LT_HASH, &e, &w);
	ck_assert_uint_eq(list_size(l), 3);
	ck_assert_uint_eq(list_bad(l), 2);
	check_str("hash", match_desc(l, "MD5=44D88612FEA8A8F36DE82E1278ABB02F"),
	    "EICAR md5");
	list_free(l);
	cerrors_clear(&w);

	l = load("useragents.txt", LF_PLAIN, LT_USER_AGENT, &e, &w);
	ck_assert_uint_eq(list_size(l), 2);
	check_str("ua", match_desc(l,
	    "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1)"),
	    "old IE string used by a beacon");
	check_str("ua", match(l, "curl/7.1 evilfork"), "curl/7.1 EvilFork");
	list_free(l);

	l = load("users.txt", LF_PLAIN, LT_USER, &e, &w);
	ck_assert_uint_eq(list_size(l), 2);
	check_str("user", match_desc(l, "alice@corp.local"), "compromised");
	check_str("user", match(l, "CORP\\SVC_BACKUP"), "svc_backup");
	list_free(l);
	ck_assert_uint_eq(e.n, 0);
	ck_assert_uint_eq(w.n, 0);
}
END_TEST

START_TEST(test_zeek)
{
	static const struct feed_case cases[] = {
		{ LT_DOMAIN, 1, "www.evil-update.com", "Phishing landing page",
		  "acme-intel" },
		{ LT_IP, 2, "203.0.113.77", "Bulletproof hosting", "acme-intel" },
		{ LT_URL, 1, "http://malware.example.net/payload/stage2.bin",
		  "Stage 2 payload", "acme-intel" },
		{ LT_HASH, 1, "44D88612FEA8A8F36DE82E1278ABB02F",
		  "https://intel.example/r/2", "intel.dat" },
		{ LT_USER, 1, "CORP\\svc_backup", "Compromised service account",
		  "acme-intel" },
		{ LT_USER_AGENT, 1,
		  "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1) EvilBot",
		  "Beacon user agent", "acme-intel" },
		{ LT_STRING, 9, "attacker@example.org", "Phishing sender",
		  "acme-intel" },
	};
	const struct indicator	*ind;
	struct cerrors		 e = { 0 }, w = { 0 };
	struct list		*l;

	run_feed("intel.dat", LF_ZEEK_INTEL, cases,
	    sizeof(cases) / sizeof(cases[0]), &w);
	/* The one bad domain row is told once, for the domain list. */
	ck_assert_uint_eq(w.n, 2);
	ck_assert(has_err(&w, "intel.dat:11:1: ", "bad..domain"));
	ck_assert(has_err(&w, "intel.dat: list intel.dat: 1 bad rows skipped, "
	    "1 indicators loaded", NULL));
	cerrors_clear(&w);

	l = load("intel-reordered.dat", LF_ZEEK_INTEL, LT_DOMAIN, &e, &w);
	ck_assert_uint_eq(list_size(l), 2);
	ind = list_match(l, S("paypa1-secure.example"));
	ck_assert_str_eq(ind->description, "Typosquat");
	ck_assert_str_eq(ind->source, "typo-feed");
	ind = list_match(l, S("only-domain.example"));
	ck_assert_ptr_null(ind->description);
	ck_assert_str_eq(ind->source, "intel-reordered.dat");
	list_free(l);
	ck_assert_uint_eq(e.n, 0);
	ck_assert_uint_eq(w.n, 0);
}
END_TEST

START_TEST(test_zeek_mem)
{
	static const char nohdr[] = "evil.com\tIntel::DOMAIN\n";
	static const char badhdr[] = "#fields\tvalue\ttype\nx\ty\n";
	static const char other[] =
	    "#fields\tindicator\tindicator_type\n1.2.3.4\tIntel::ADDR\n";
	struct cerrors	 e = { 0 }, w = { 0 };
	struct list	*l;

	l = list_load_mem("z", "mem", nohdr, sizeof(nohdr) - 1,
	    LF_ZEEK_INTEL, LT_DOMAIN, 0, &e, &w);
	ck_assert_ptr_null(l);
	ck_assert(has_err(&w, "mem:1:1: row before the #fields header", NULL));
	ck_assert(has_err(&e, "mem: list z: no indicators in mem: every row "
	    "is bad", NULL));
	cerrors_clear(&e);
	cerrors_clear(&w);
	l = list_load_mem("z", "mem", badhdr, sizeof(badhdr) - 1,
	    LF_ZEEK_INTEL, LT_DOMAIN, 0, &e, &w);
	ck_assert_ptr_null(l);
	ck_assert(has_err(&e, "mem:1:1: list z: #fields header", NULL));
	cerrors_clear(&e);
	/* Only rows of other types: an empty list, not an error. */
	l = list_load_mem("z", "mem", other, sizeof(other) - 1,
	    LF_ZEEK_INTEL, LT_DOMAIN, 0, &e, &w);
	ck_assert_ptr_nonnull(l);
	ck_assert_uint_eq(list_size(l), 0);
	ck_assert_uint_eq(e.n, 0);
	ck_assert_uint_eq(w.n, 0);
	list_free(l);
}
END_TEST

START_TEST(test_misp)
{
	static const struct feed_case cases[] = {
		{ LT_DOMAIN, 3, "evil-cdn.example.com",
		  "C2 domain, seen in \"Op Dusk\"", "misp event 1234" },
		{ LT_DOMAIN, 3, "mail.dusk.example",
		  "Sender MX,\nseen in two campaigns", "misp event 1235" },
		{ LT_IP, 2, "192.0.2.46", "C2 listener", "misp event 1234" },
		{ LT_IP, 2, "192.0.2.45", "Network activity", "misp event 1234" },
		{ LT_URL, 1, "http://evil-cdn.example.com/dl/Invoice.doc",
		  "Payload delivery", "misp event 1234" },
		{ LT_HASH, 2, "44d88612fea8a8f36de82e1278abb02f",
		  "Payload delivery", "misp event 1234" },
		{ LT_USER_AGENT, 1, "Mozilla/5.0 (X11; Linux x86_64) "
		  "Gecko/20100101 DuskLoader", "Network activity",
		  "misp event 1234" },
	};
	struct cerrors		 e = { 0 }, w = { 0 };
	struct list		*l;

	run_feed("misp.csv", LF_MISP_CSV, cases,
	    sizeof(cases) / sizeof(cases[0]), &w);
	cerrors_clear(&w);
	l = load("misp.csv", LF_MISP_CSV, LT_DOMAIN, &e, &w);
	/* to_ids 0 is not taken. */
	ck_assert_ptr_null(list_match(l, S("benign-ref.example.org")));
	ck_assert_ptr_nonnull(list_match(l, S("after-bad.example")));
	ck_assert_uint_eq(e.n, 0);
	ck_assert_uint_eq(list_bad(l), 2);
	ck_assert_uint_eq(w.n, 3);
	ck_assert(has_err(&w, "misp.csv:13:", "bad..example"));
	ck_assert(has_err(&w, "misp.csv:14:1: ", "closing quote"));
	list_free(l);
	cerrors_clear(&w);
}
END_TEST

START_TEST(test_urlhaus)
{
	static const struct feed_case cases[] = {
		{ LT_URL, 4, "https://files.badhost.example/load/x.exe",
		  "malware_download (exe,AgentTesla)", "urlhaus" },
		{ LT_URL, 4, "http://badhost.example/a.sh", "malware_download",
		  "urlhaus" },
	};
	struct cerrors		 e = { 0 }, w = { 0 };
	struct list		*l;

	run_feed("urlhaus.csv", LF_URLHAUS_CSV, cases,
	    sizeof(cases) / sizeof(cases[0]), &w);

	l = load("urlhaus.csv", LF_URLHAUS_CSV, LT_DOMAIN, &e, &w);
	ck_assert_uint_eq(list_size(l), 2);
	check_str("host", match(l, "files.badhost.example"), "files.badhost.example");
	check_str("host", match(l, "x.badhost.example"), "badhost.example");
	list_free(l);

	l = load("urlhaus.csv", LF_URLHAUS_CSV, LT_IP, &e, &w);
	ck_assert_uint_eq(list_size(l), 2);
	check_str("ip", match_desc(l, "198.51.100.77"),
	    "malware_download (32-bit,elf,mips,Mozi)");
	check_str("ip6", match(l, "2001:db8::66"), "2001:db8::66");
	list_free(l);
	ck_assert_uint_eq(e.n, 0);
	ck_assert_uint_eq(w.n, 0);

	l = load("urlhaus.csv", LF_URLHAUS_CSV, LT_HASH, &e, &w);
	ck_assert_ptr_null(l);
	ck_assert(has_err(&e, "urlhaus.csv: list urlhaus.csv: urlhaus lists",
	    NULL));
	cerrors_clear(&e);
}
END_TEST

START_TEST(test_feodo)
{
	static const struct feed_case cases[] = {
		{ LT_IP, 2, "162.243.103.246", "Pikabot C2 port 8080",
		  "feodotracker" },
	};
	struct cerrors		 e = { 0 }, w = { 0 };
	struct list		*l;

	run_feed("feodo.csv", LF_FEODO_CSV, cases,
	    sizeof(cases) / sizeof(cases[0]), &w);
	ck_assert_uint_eq(w.n, 2);
	ck_assert(has_err(&w, "feodo.csv:12:", "not-an-ip"));
	cerrors_clear(&w);

	l = load("feodo-old.csv", LF_FEODO_CSV, LT_IP, &e, &w);
	ck_assert_uint_eq(list_size(l), 1);
	check_str("old", match_desc(l, "51.178.161.32"), "Dridex C2 port 4643");
	list_free(l);

	l = load("feodo.csv", LF_FEODO_CSV, LT_DOMAIN, &e, &w);
	ck_assert_ptr_null(l);
	ck_assert(has_err(&e, "feodo lists are IP lists", NULL));
	cerrors_clear(&e);
	cerrors_clear(&w);
}
END_TEST

/* Top-sites rank lists: rank,domain, the rank as description. */
START_TEST(test_rank)
{
	static const struct feed_case cases[] = {
		{ LT_DOMAIN, 4, "www.apple.com", "rank 3",
		  "tranco.csv" },
	};
	struct cerrors		 e = { 0 }, w = { 0 };
	struct list		*l;

	run_feed("tranco.csv", LF_RANK_CSV, cases,
	    sizeof(cases) / sizeof(cases[0]), &w);
	/* Three bad rows and the line that counts them. */
	ck_assert_uint_eq(w.n, 4);
	ck_assert(has_err(&w, "tranco.csv:6:1:", "four"));
	ck_assert(has_err(&w, "tranco.csv:7:", "not rank,domain"));
	ck_assert(has_err(&w, "tranco.csv:10:", "bad..name"));
	cerrors_clear(&w);

	l = load("tranco.csv", LF_RANK_CSV, LT_DOMAIN, &e, &w);
	check_str("extra", match_desc(l, "s3.amazonaws.com"), "rank 6");
	ck_assert_ptr_null(list_match(l, S("notgoogle.com")));
	ck_assert_ptr_null(list_match(l, S("rank")));
	list_free(l);
	cerrors_clear(&w);

	l = load("tranco.csv", LF_RANK_CSV, LT_IP, &e, &w);
	ck_assert_ptr_null(l);
	ck_assert(has_err(&e, "rank-csv lists are domain lists", NULL));
	cerrors_clear(&e);
}
END_TEST

START_TEST(test_file_errors)
{
	struct cerrors	 e = { 0 }, w = { 0 };
	struct list	*l;

	l = load("no-such-file.txt", LF_PLAIN, LT_DOMAIN, &e, &w);
	ck_assert_ptr_null(l);
	ck_assert(has_err(&e, "no-such-file.txt: list no-such-file.txt: ",
	    "No such file"));
	cerrors_clear(&e);

	l = load("empty.txt", LF_PLAIN, LT_DOMAIN, &e, &w);
	ck_assert_ptr_null(l);
	ck_assert_uint_eq(e.n, 1);
	ck_assert(has_err(&e, "list empty.txt: no indicators in ", "empty.txt"));
	cerrors_clear(&e);

	/* Every row bad: an error, and the rows told as for any list. */
	l = load("allbad.txt", LF_PLAIN, LT_DOMAIN, &e, &w);
	ck_assert_ptr_null(l);
	ck_assert_uint_eq(e.n, 1);
	ck_assert(has_err(&e, "no indicators", "every row is bad"));
	ck_assert_uint_eq(w.n, 4);
	ck_assert(has_err(&w, "allbad.txt:1:1: ", "bad!domain"));
	ck_assert(has_err(&w, "allbad.txt:3:1: ", "1.2.3.4"));
	cerrors_clear(&e);
	cerrors_clear(&w);

	l = list_load_mem("m", "mem", "", 0, LF_MISP_CSV, LT_DOMAIN, 0, &e,
	    &w);
	ck_assert_ptr_null(l);
	cerrors_clear(&e);
	l = list_load_mem("m", "mem", "a,b\n1,2\n", 8, LF_MISP_CSV, LT_DOMAIN,
	    0, &e, &w);
	ck_assert_ptr_null(l);
	ck_assert(has_err(&e, "mem:1:1: list m: MISP CSV header", NULL));
	cerrors_clear(&e);
	ck_assert_uint_eq(w.n, 0);
}
END_TEST

/* A feed of 25 bad rows: five told, then the count; still loaded. */
START_TEST(test_bad_limit)
{
	struct cerrors	 e = { 0 }, w = { 0 };
	struct list	*l;
	size_t		 i;

	l = load("bad25.txt", LF_PLAIN, LT_DOMAIN, &e, &w);
	ck_assert_ptr_nonnull(l);
	ck_assert_uint_eq(e.n, 0);
	ck_assert_uint_eq(list_size(l), 25);
	ck_assert_uint_eq(list_bad(l), 25);
	ck_assert_uint_eq(w.n, LIST_MAXBAD + 2);
	for (i = 0; i < LIST_MAXBAD; i++)
		ck_assert_ptr_nonnull(strstr(w.msgs[i], "bad domain indicator"));
	ck_assert(has_err(&w, "bad25.txt:2:1: ", "bad1..example"));
	/* The sixth bad row is on line 12. */
	ck_assert(has_err(&w, "bad25.txt:12:1: 20 more bad rows", NULL));
	ck_assert_str_eq(w.msgs[LIST_MAXBAD + 1], LISTDIR "bad25.txt: list "
	    "bad25.txt: 25 bad rows skipped, 25 indicators loaded");
	list_free(l);
	cerrors_clear(&w);
}
END_TEST

/*
 * Each format with bad rows among good ones: the good load, the bad are
 * counted and told with file:line:column, and nothing is an error.
 * Then the same rows without the good ones: an error unless the list may
 * be empty (allow-empty), and with LIST_STRICT every bad row is one.
 */
static const struct bad_case {
	enum list_format	 fmt;
	enum list_type		 type;
	const char		*good;		/* rows that load */
	const char		*bad;		/* rows that do not */
	size_t			 nents;
	size_t			 nbad;
	const char		*told[3];	/* of the bad rows, in order */
} bad_cases[] = {
	{ LF_PLAIN, LT_DOMAIN, "good.example\n",
	  "bad..x\n# comment\n\nexa%mple.com\tdesc\n", 1, 2,
	  { "feed:2:1: bad domain indicator \"bad..x\": ",
	    "feed:5:1: bad domain indicator \"exa%mple.com\"" } },
	{ LF_PLAIN, LT_IP, "192.0.2.1\n2001:db8::/32\n",
	  "  300.1.1.1\n10.0.0.0/33\n", 2, 2,
	  { "feed:3:3: bad ip indicator \"300.1.1.1\"",
	    "feed:4:1: bad ip indicator \"10.0.0.0/33\"" } },
	{ LF_ZEEK_INTEL, LT_DOMAIN, "#fields\tindicator\tindicator_type\n"
	  "evil.example\tIntel::DOMAIN\n",
	  "bad..x\tIntel::DOMAIN\nshort-row\n\tIntel::DOMAIN\n", 1, 3,
	  { "feed:3:1: bad domain indicator \"bad..x\"",
	    "feed:4:1: row has fewer columns than the #fields header",
	    "feed:5:1: row without an indicator" } },
	{ LF_MISP_CSV, LT_IP, "type,value,to_ids\nip-dst,192.0.2.9,1\n",
	  "ip-dst,192.0.2.300,1\nip-dst,,1\nip-dst,\"x\"y,1\n", 1, 3,
	  { "feed:3:8: bad ip indicator \"192.0.2.300\"",
	    "feed:4:1: row without a value",
	    "feed:5:1: text after the closing quote" } },
	{ LF_URLHAUS_CSV, LT_URL, "# id,dateadded,url,url_status\n"
	  "\"1\",\"2024-05-01\",\"http://a.example/x\",\"online\"\n",
	  "\"2\",\"2024-05-01\",\"http://\",\"online\"\n"
	  "\"3\",\"2024-05-01\",\"\",\"online\"\n", 1, 2,
	  { "feed:3:18: bad url indicator \"http://\"",
	    "feed:4:1: row without a url" } },
	{ LF_FEODO_CSV, LT_IP, "# \"first_seen_utc\",\"dst_ip\",\"dst_port\"\n"
	  "\"2024-05-01\",\"192.0.2.7\",\"443\"\n",
	  "\"2024-05-01\",\"not-an-ip\",\"443\"\n\"2024-05-01\",\"\",\"1\"\n",
	  1, 2,
	  { "feed:3:14: bad ip indicator \"not-an-ip\"",
	    "feed:4:1: row without a dst_ip" } },
};

/* The bad rows without the good: the header lines of good, if any. */
static char *
bad_only(const struct bad_case *c)
{
	const char	*p, *end = c->good + strlen(c->good);
	char		*buf;
	size_t		 keep = 0;

	/* Keep the lines of good that start with '#' or name columns. */
	for (p = c->good; p < end; p = strchr(p, '\n') + 1)
		if (*p == '#' || strncmp(p, "type,", 5) == 0)
			keep = strchr(p, '\n') + 1 - c->good;
	if (asprintf(&buf, "%.*s%s", (int)keep, c->good, c->bad) == -1)
		return NULL;
	return buf;
}

START_TEST(test_bad_rows)
{
	const struct bad_case	*c = &bad_cases[_i];
	struct cerrors		 e = { 0 }, w = { 0 };
	struct list		*l;
	char			*text;
	size_t			 i, n;

	ck_assert(asprintf(&text, "%s%s", c->good, c->bad) != -1);
	l = list_load_mem("t", "feed", text, strlen(text), c->fmt, c->type,
	    0, &e, &w);
	free(text);
	ck_assert_msg(l != NULL, "%s not loaded", list_format_name(c->fmt));
	ck_assert_uint_eq(e.n, 0);
	ck_assert_uint_eq(list_size(l), c->nents);
	ck_assert_uint_eq(list_bad(l), c->nbad);
	for (n = 0; n < 3 && c->told[n] != NULL; n++)
		;
	ck_assert_uint_eq(w.n, n + 1);
	for (i = 0; i < n; i++)
		ck_assert_msg(strncmp(w.msgs[i], c->told[i],
		    strlen(c->told[i])) == 0, "%s: got \"%s\", want \"%s\"",
		    list_format_name(c->fmt), w.msgs[i], c->told[i]);
	list_free(l);
	cerrors_clear(&w);

	/* Only the bad rows: nothing usable. */
	ck_assert_ptr_nonnull(text = bad_only(c));
	l = list_load_mem("t", "feed", text, strlen(text), c->fmt, c->type,
	    0, &e, &w);
	ck_assert_ptr_null(l);
	ck_assert(has_err(&e, "feed: list t: no indicators in feed: every "
	    "row is bad", NULL));
	cerrors_clear(&e);
	cerrors_clear(&w);
	l = list_load_mem("t", "feed", text, strlen(text), c->fmt, c->type,
	    LIST_EMPTY_OK, &e, &w);
	ck_assert_ptr_nonnull(l);
	ck_assert_uint_eq(list_size(l), 0);
	ck_assert_uint_eq(list_bad(l), c->nbad);
	ck_assert_uint_eq(e.n, 0);
	list_free(l);
	cerrors_clear(&w);
	free(text);

	/* Strict: each bad row is an error. */
	ck_assert(asprintf(&text, "%s%s", c->good, c->bad) != -1);
	l = list_load_mem("t", "feed", text, strlen(text), c->fmt, c->type,
	    LIST_STRICT, &e, NULL);
	free(text);
	ck_assert_ptr_null(l);
	ck_assert_uint_eq(e.n, n);
	ck_assert_uint_eq(strncmp(e.msgs[0], c->told[0], strlen(c->told[0])),
	    0);
	cerrors_clear(&e);
}
END_TEST

/* An empty file loads when it may be empty; a missing one still fails. */
START_TEST(test_allow_empty)
{
	struct cerrors	 e = { 0 };
	struct list	*l;
	char		 path[512];

	snprintf(path, sizeof(path), "%s%s", LISTDIR, "empty.txt");
	l = list_load("e", path, LF_PLAIN, LT_DOMAIN, LIST_EMPTY_OK, &e, NULL);
	ck_assert_ptr_nonnull(l);
	ck_assert_uint_eq(list_size(l), 0);
	ck_assert_ptr_null(list_match(l, S("any.example")));
	ck_assert_uint_eq(e.n, 0);
	list_free(l);
	snprintf(path, sizeof(path), "%s%s", LISTDIR, "no-such-file.txt");
	l = list_load("e", path, LF_PLAIN, LT_DOMAIN, LIST_EMPTY_OK, &e, NULL);
	ck_assert_ptr_null(l);
	ck_assert(has_err(&e, "no-such-file.txt: list e: ", "No such file"));
	cerrors_clear(&e);
	/* Without warns, bad rows are only counted. */
	l = list_load_mem("n", "mem", "a.example\nbad..x\n", 17, LF_PLAIN,
	    LT_DOMAIN, 0, &e, NULL);
	ck_assert_uint_eq(list_bad(l), 1);
	ck_assert_uint_eq(e.n, 0);
	list_free(l);
}
END_TEST

/* Enough entries to grow tables and arena chunks onto their big paths. */
START_TEST(test_many)
{
	struct list	*d = list_new("d", LT_DOMAIN);
	struct list	*ip = list_new("i", LT_IP);
	char		 buf[64];
	int		 i, n;

	for (i = 0; i < 300000; i++) {
		n = snprintf(buf, sizeof(buf), "host%d.example", i);
		ck_assert_int_eq(list_add(d, buf, n, i % 2 ? "odd" : "even",
		    NULL), 0);
		n = snprintf(buf, sizeof(buf), "10.%d.%d.%d", i >> 16 & 255,
		    i >> 8 & 255, i & 255);
		ck_assert_int_eq(list_add(ip, buf, n, NULL, NULL), 0);
	}
	ck_assert_uint_eq(list_size(d), 300000);
	ck_assert_uint_eq(list_size(ip), 300000);
	for (i = 0; i < 300000; i += 997) {
		snprintf(buf, sizeof(buf), "www.HOST%d.example.", i);
		check_str(buf, match_desc(d, buf), i % 2 ? "odd" : "even");
		snprintf(buf, sizeof(buf), "10.%d.%d.%d", i >> 16 & 255,
		    i >> 8 & 255, i & 255);
		check_str(buf, match(ip, buf), buf);
	}
	check_str("miss", match(d, "host300000.example"), NULL);
	check_str("miss", match(ip, "10.200.0.1"), NULL);
	list_free(d);
	list_free(ip);
}
END_TEST

/*
 * A list's memo key: the same for every copy loaded under its name (each
 * worker thread loads the rules again), another for another name.
 */
START_TEST(test_memo_key)
{
	struct list	*a = list_new("popular-sites", LT_DOMAIN);
	struct list	*b = list_new("popular-sites", LT_DOMAIN);
	struct list	*c = list_new("internal-networks", LT_IP);

	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_ptr_nonnull(c);
	ck_assert_ptr_nonnull(list_memo_key(a));
	ck_assert_ptr_eq(list_memo_key(a), list_memo_key(b));
	ck_assert_ptr_ne(list_memo_key(a), list_memo_key(c));
	list_free(a);
	list_free(b);
	list_free(c);
}
END_TEST

static Suite *
list_suite(void)
{
	Suite	*s = suite_create("list");
	TCase	*tc = tcase_create("core");

	tcase_set_timeout(tc, 60);

	tcase_add_test(tc, test_domain_match);
	tcase_add_test(tc, test_domain_reject);
	tcase_add_test(tc, test_ip);
	tcase_add_test(tc, test_ip_reject);
	tcase_add_test(tc, test_url);
	tcase_add_test(tc, test_url_key);
	tcase_add_test(tc, test_len_gate);
	tcase_add_test(tc, test_ipv4_text);
	tcase_add_test(tc, test_ipv4_short_prefix);
	tcase_add_test(tc, test_url_long);
	tcase_add_test(tc, test_hash);
	tcase_add_test(tc, test_user);
	tcase_add_test(tc, test_string_ua);
	tcase_add_test(tc, test_dup_intern);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_plain_domains);
	tcase_add_test(tc, test_plain_others);
	tcase_add_test(tc, test_zeek);
	tcase_add_test(tc, test_zeek_mem);
	tcase_add_test(tc, test_misp);
	tcase_add_test(tc, test_urlhaus);
	tcase_add_test(tc, test_feodo);
	tcase_add_test(tc, test_rank);
	tcase_add_test(tc, test_file_errors);
	tcase_add_test(tc, test_bad_limit);
	tcase_add_loop_test(tc, test_bad_rows, 0,
	    sizeof(bad_cases) / sizeof(bad_cases[0]));
	tcase_add_test(tc, test_allow_empty);
	tcase_add_test(tc, test_many);
	tcase_add_test(tc, test_memo_key);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return test_main(list_suite());
}
