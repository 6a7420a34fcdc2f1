/*
 * Tests of the configuration language (src/conf/lex.c, parse.c and
 * conf.c): tokens, trees, positions, errors, includes, nesting and
 * robustness, and the value helpers statement handlers share.
 */
#include <sys/stat.h>

#include <check.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "conf/conf.h"
#include "testtmp.h"
#include "testmain.h"

#define DATADIR	TEST_SRCDIR "/data/conf"
#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

static void
cat(char *buf, const char *s, size_t size)
{
	size_t	 n = strlen(buf);

	snprintf(buf + n, size - n, "%s", s);
}

/* The tree as one line: "key arg arg{child;child;};next;". */
static void
dump_list(const struct cnode *n, char *buf, size_t size)
{
	size_t	 i;

	for (; n != NULL; n = n->next) {
		cat(buf, n->key.text, size);
		for (i = 0; i < n->nargs; i++) {
			cat(buf, " ", size);
			cat(buf, n->args[i].text, size);
		}
		if (n->has_block) {
			cat(buf, "{", size);
			dump_list(n->children, buf, size);
			cat(buf, "}", size);
		}
		cat(buf, ";", size);
	}
}

static const char *
dump(const struct cnode *root)
{
	static char	 buf[8192];

	buf[0] = '\0';
	dump_list(root, buf, sizeof(buf));
	return buf;
}

static struct cnode *
parse(const char *s, struct cerrors *errs)
{
	return conf_parse_string("t", s, strlen(s), errs);
}

/* Parse "k <text>" and return its only argument. */
static struct cnode *
parse_arg(const char *text, struct cerrors *errs, const struct ctok **tok)
{
	char		 buf[256];
	struct cnode	*root;

	snprintf(buf, sizeof(buf), "k %s\n", text);
	root = parse(buf, errs);
	ck_assert_msg(root != NULL, "%s: %s", text,
	    errs->n ? errs->msgs[0] : "");
	ck_assert_uint_eq(root->nargs, 1);
	*tok = &root->args[0];
	return root;
}

static const struct {
	const char	*in;
	enum ctok_type	 type;
	double		 num;
	enum cunit	 unit;
} numbers[] = {
	{ "30s",	CT_NUMBER,	30000,		CU_TIME },
	{ "24h",	CT_NUMBER,	86400000,	CU_TIME },
	{ "1.5h",	CT_NUMBER,	5400000,	CU_TIME },
	{ "500ms",	CT_NUMBER,	500,		CU_TIME },
	{ "5m",		CT_NUMBER,	300000,		CU_TIME },
	{ "2d",		CT_NUMBER,	172800000,	CU_TIME },
	{ "1w",		CT_NUMBER,	604800000,	CU_TIME },
	{ "0s",		CT_NUMBER,	0,		CU_TIME },
	{ "10MB",	CT_NUMBER,	10485760,	CU_SIZE },
	{ "5M",		CT_NUMBER,	5242880,	CU_SIZE },
	{ "100B",	CT_NUMBER,	100,		CU_SIZE },
	{ "1K",		CT_NUMBER,	1024,		CU_SIZE },
	{ "4KB",	CT_NUMBER,	4096,		CU_SIZE },
	{ "2KiB",	CT_NUMBER,	2048,		CU_SIZE },
	{ "1MiB",	CT_NUMBER,	1048576,	CU_SIZE },
	{ "1G",		CT_NUMBER,	1073741824,	CU_SIZE },
	{ "2GB",	CT_NUMBER,	2147483648.0,	CU_SIZE },
	{ "1GiB",	CT_NUMBER,	1073741824,	CU_SIZE },
	{ "1TB",	CT_NUMBER,	1099511627776.0, CU_SIZE },
	{ "1TiB",	CT_NUMBER,	1099511627776.0, CU_SIZE },
	{ "0.5KB",	CT_NUMBER,	512,		CU_SIZE },
	{ "-3",		CT_NUMBER,	-3,		CU_NONE },
	{ "1.5",	CT_NUMBER,	1.5,		CU_NONE },
	{ "42",		CT_NUMBER,	42,		CU_NONE },
	{ "007",	CT_NUMBER,	7,		CU_NONE },
	{ "-2.25s",	CT_NUMBER,	-2250,		CU_TIME },
	{ "10.0.0.1",	CT_WORD,	0,		CU_NONE },
	{ "10.0.0.0/8",	CT_WORD,	0,		CU_NONE },
	{ "::1",	CT_WORD,	0,		CU_NONE },
	{ "3des",	CT_WORD,	0,		CU_NONE },
	{ "30sec",	CT_WORD,	0,		CU_NONE },
	{ "5mb",	CT_WORD,	0,		CU_NONE },
	{ "5S",		CT_WORD,	0,		CU_NONE },
	{ "1T",		CT_WORD,	0,		CU_NONE },
	{ "1.",		CT_WORD,	0,		CU_NONE },
	{ ".5",		CT_WORD,	0,		CU_NONE },
	{ "-",		CT_WORD,	0,		CU_NONE },
	{ "--3",	CT_WORD,	0,		CU_NONE },
	{ "1.2.3",	CT_WORD,	0,		CU_NONE },
	{ "1e5",	CT_WORD,	0,		CU_NONE },
	{ "0x10",	CT_WORD,	0,		CU_NONE },
	{ "2001:db8::/32", CT_WORD,	0,		CU_NONE },
	{ "T1071.001",	CT_WORD,	0,		CU_NONE },
};

START_TEST(test_numbers)
{
	struct cerrors		 errs = { 0 };
	const struct ctok	*t;
	struct cnode		*root;

	root = parse_arg(numbers[_i].in, &errs, &t);
	ck_assert_msg(t->type == numbers[_i].type, "%s: type %d",
	    numbers[_i].in, t->type);
	ck_assert_str_eq(t->text, numbers[_i].in);
	ck_assert_msg(t->unit == numbers[_i].unit, "%s: unit %d",
	    numbers[_i].in, t->unit);
	if (t->type == CT_NUMBER)
		ck_assert_msg(t->num == numbers[_i].num, "%s: %f != %f",
		    numbers[_i].in, t->num, numbers[_i].num);
	conf_free(root);
	cerrors_clear(&errs);
}
END_TEST

static const struct {
	const char	*in;
	enum ctok_type	 type;
	const char	*text;
} words[] = {
	{ "destination.domain",	CT_WORD,	"destination.domain" },
	{ "bad-domains",	CT_WORD,	"bad-domains" },
	{ "*.example.com",	CT_WORD,	"*.example.com" },
	{ "%COMSPEC%",		CT_WORD,	"%COMSPEC%" },
	{ "C:\\Windows\\x.exe",	CT_WORD,	"C:\\Windows\\x.exe" },
	{ "!important",		CT_WORD,	"!important" },
	{ "a!b",		CT_WORD,	"a!b" },
	{ "/var/log/*.log",	CT_WORD,	"/var/log/*.log" },
	{ "caf\xc3\xa9",	CT_WORD,	"caf\xc3\xa9" },
	{ "==",			CT_PUNCT,	"==" },
	{ "!=",			CT_PUNCT,	"!=" },
	{ "<=",			CT_PUNCT,	"<=" },
	{ ">=",			CT_PUNCT,	">=" },
	{ "<",			CT_PUNCT,	"<" },
	{ ">",			CT_PUNCT,	">" },
	{ "~",			CT_PUNCT,	"~" },
	{ "!~",			CT_PUNCT,	"!~" },
	{ "=",			CT_PUNCT,	"=" },
	{ "(",			CT_PUNCT,	"(" },
	{ "[",			CT_PUNCT,	"[" },
	{ ",",			CT_PUNCT,	"," },
	{ "\"plain\"",		CT_STRING,	"plain" },
	{ "\"\"",		CT_STRING,	"" },
	{ "\"a\\\"b\"",		CT_STRING,	"a\"b" },
	{ "\"back\\\\slash\"",	CT_STRING,	"back\\slash" },
	{ "\"a\\nb\\tc\"",	CT_STRING,	"a\nb\tc" },
	{ "\"\\d+\\.\\w{2}\"",	CT_STRING,	"\\d+\\.\\w{2}" },
	{ "\"C:\\Windows\"",	CT_STRING,	"C:\\Windows" },
	{ "\"# not {a} ; comment\"", CT_STRING,	"# not {a} ; comment" },
	{ "\"tab\there\"",	CT_STRING,	"tab\there" },
	{ "\"30s\"",		CT_STRING,	"30s" },
};

START_TEST(test_words)
{
	struct cerrors		 errs = { 0 };
	const struct ctok	*t;
	struct cnode		*root;

	root = parse_arg(words[_i].in, &errs, &t);
	ck_assert_msg(t->type == words[_i].type, "%s: type %d",
	    words[_i].in, t->type);
	ck_assert_str_eq(t->text, words[_i].text);
	ck_assert_int_eq(t->unit, CU_NONE);
	conf_free(root);
	cerrors_clear(&errs);
}
END_TEST

/* Input and the tree it gives, as dump() writes it. */
static const struct {
	const char	*in;
	const char	*tree;
} trees[] = {
	{ "",					"" },
	{ "\n\n;;\n ; ",			"" },
	{ "a",					"a;" },
	{ "a 1; b 2\nc 3",			"a 1;b 2;c 3;" },
	{ "a;;b",				"a;b;" },
	{ "a 1\r\nb 2\r\n",			"a 1;b 2;" },
	{ "r { a 1 }",				"r{a 1;};" },
	{ "r { a 1; b 2 }",			"r{a 1;b 2;};" },
	{ "r {\n\ta 1\n\tb 2\n}\n",		"r{a 1;b 2;};" },
	{ "r { } s 1",				"r{};s 1;" },
	{ "r {}\ns",				"r{};s;" },
	{ "c { d 1; e { f } g 3 }\nh",		"c{d 1;e{f;};g 3;};h;" },
	{ "a { b { c { d } } }",		"a{b{c{d;};};};" },
	{ "a 1 # comment\n# full line\nb 2",	"a 1;b 2;" },
	{ "a 1 #comment at the end",		"a 1;" },
	{ "a#b\nc",				"a;c;" },
	{ "a \"#x\" # y",			"a #x;" },
	{ "cond (a and\n b)\nnext",		"cond ( a and b );next;" },
	{ "cond ((a\n)\n or b)\nnext",		"cond ( ( a ) or b );next;" },
	{ "list [1,\n 2,\n 3]\nx",		"list [ 1 , 2 , 3 ];x;" },
	{ "cond (a\n; b",			"cond ( a;b;" },
	{ "r { cond (a\n}\nx",			"r{cond ( a;};x;" },
	{ "cond ) a\nb",			"cond ) a;b;" },
	{ "cond a \\\n  b\nnext",		"cond a b;next;" },
	{ "cond a \\\r\n  b\nnext",		"cond a b;next;" },
	{ "cond a\\\nb",			"cond a b;" },
	{ "path C:\\dir\\x",			"path C:\\dir\\x;" },
	{ "a==b!=c<=d>=e<f>g~h!~i=j",
	    "a == b != c <= d >= e < f > g ~ h !~ i = j;" },
	{ "f(x,y)[z]",				"f ( x , y ) [ z ];" },
	{ "k \"a\"\"b\"c",			"k a b c;" },
	{ "include \"nothing-here-*.conf\"\nx",	"x;" },
	{ "state-dir \"/var/lib/detectd\"\n"
	  "input proxy { path \"/var/log/squid/access.log\"; format squid }\n"
	  "rule 1000001 { name \"Request\"; revision 1; sources proxy dns; "
	  "condition destination.domain in list malware-domains and not "
	  "(source.ip == 10.0.0.1); stage 5 }",
	  "state-dir /var/lib/detectd;"
	  "input proxy{path /var/log/squid/access.log;format squid;};"
	  "rule 1000001{name Request;revision 1;sources proxy dns;"
	  "condition destination.domain in list malware-domains and not "
	  "( source.ip == 10.0.0.1 );stage 5;};" },
};

START_TEST(test_trees)
{
	struct cerrors	 errs = { 0 };
	struct cnode	*root;

	root = parse(trees[_i].in, &errs);
	ck_assert_msg(errs.n == 0, "%s: %s", trees[_i].in,
	    errs.n ? errs.msgs[0] : "");
	/* No statement at all is NULL too, but without an error. */
	ck_assert((root == NULL) == (trees[_i].tree[0] == '\0'));
	ck_assert_str_eq(dump(root), trees[_i].tree);
	conf_free(root);
}
END_TEST

START_TEST(test_positions)
{
	struct cerrors	 errs = { 0 };
	struct cnode	*root, *n;
	const char	*in = "a 1\n\tb  \"s\" c\nd x \\\n   y\n"
			    "r {\n  e (1,\n 2) f\n}\n";

	root = parse(in, &errs);
	ck_assert_ptr_nonnull(root);
	n = root;
	ck_assert_str_eq(n->key.file, "t");
	ck_assert_int_eq(n->key.line, 1);
	ck_assert_int_eq(n->key.col, 1);
	ck_assert_int_eq(n->args[0].col, 3);
	n = n->next;
	ck_assert_int_eq(n->key.line, 2);
	ck_assert_int_eq(n->key.col, 2);
	ck_assert_int_eq(n->args[0].type, CT_STRING);
	ck_assert_int_eq(n->args[0].col, 5);
	ck_assert_int_eq(n->args[1].col, 9);
	n = n->next;
	ck_assert_int_eq(n->key.line, 3);
	ck_assert_int_eq(n->args[1].line, 4);
	ck_assert_int_eq(n->args[1].col, 4);
	n = n->next;
	ck_assert_int_eq(n->key.line, 5);
	n = n->children;
	ck_assert_str_eq(n->key.text, "e");
	ck_assert_int_eq(n->key.line, 6);
	ck_assert_int_eq(n->key.col, 3);
	ck_assert_uint_eq(n->nargs, 6);
	ck_assert_str_eq(n->args[5].text, "f");
	ck_assert_int_eq(n->args[5].line, 7);
	ck_assert_int_eq(n->args[5].col, 5);
	conf_free(root);
}
END_TEST

/* Input and every message it must give, in order. */
static const struct {
	const char	*in;
	size_t		 len;		/* 0: strlen(in) */
	const char	*msgs[4];
} errcases[] = {
	{ "\"x\" 1", 0, { "t:1:1: expected a keyword, found '\"x\"'" } },
	{ "( a", 0, { "t:1:1: expected a keyword, found '('" } },
	{ "a 1\n  42 b", 0, { "t:2:3: expected a keyword, found '42'" } },
	{ "== b", 0, { "t:1:1: expected a keyword, found '=='" } },
	{ "}", 0, { "t:1:1: unbalanced '}': no block to close" } },
	{ "a { b }\n  }", 0, { "t:2:3: unbalanced '}': no block to close" } },
	{ "a {\n b 1\n", 0, { "t:1:3: block opened here is not closed" } },
	{ "a { b {\n", 0, { "t:1:7: block opened here is not closed",
	    "t:1:3: block opened here is not closed" } },
	{ "a\n{ b }", 0, { "t:2:1: expected a keyword, found '{' "
	    "(a block opens on the line of its statement)" } },
	{ "a \"x", 0, { "t:1:3: unterminated string" } },
	{ "a \"x\\", 0, { "t:1:3: unterminated string" } },
	{ "a \"x\\\"\nb", 0, { "t:1:3: unterminated string" } },
	{ "a \"x\r\nb", 0, { "t:1:3: unterminated string" } },
	{ "a 1\0 b", 6, { "t:1:4: NUL byte in file" } },
	{ "a \x01\x02 b\n\x7f", 0, { "t:1:3: invalid control character 0x01",
	    "t:2:1: invalid control character 0x7f" } },
	{ "a \"x\x02y\"", 0, { "t:1:5: control character in a string "
	    "(use \\n or \\t)" } },
	{ "a \"x\0y\"", 7, { "t:1:5: NUL byte in a string" } },
	{ "# c\0mment\na", 11, { "t:1:4: NUL byte in a comment" } },
	{ "include", 0, { "t:1:1: include takes one file name or glob, "
	    "and no block" } },
	{ "include a b", 0, { "t:1:1: include takes one file name or glob, "
	    "and no block" } },
	{ "include 42", 0, { "t:1:1: include takes one file name or glob, "
	    "and no block" } },
	{ "r {\n include \"x\" { }\n}", 0, { "t:2:2: include takes one file "
	    "name or glob, and no block" } },
	{ "a \xff\x80", 0, { NULL } },	/* bytes >= 0x80 are word bytes */
	{ "ok 1\n\"s\" 2\nok {\n 5 x\n}\n}\nend", 0, {
	    "t:2:1: expected a keyword, found '\"s\"'",
	    "t:4:2: expected a keyword, found '5'",
	    "t:6:1: unbalanced '}': no block to close" } },
	{ "a 1\nb 2\nname \"oops\nc 4\nr {\n x }\n}\n", 0, {
	    "t:3:6: unterminated string",
	    "t:7:1: unbalanced '}': no block to close" } },
	{ "{ \"s\" 1 }\n", 0, {
	    "t:1:1: expected a keyword, found '{' "
	    "(a block opens on the line of its statement)",
	    "t:1:3: expected a keyword, found '\"s\"'" } },
	{ "\"\x01\"", 0, { "t:1:2: control character in a string "
	    "(use \\n or \\t)", "t:1:1: expected a keyword, found '\"\"'"
	} },
};

START_TEST(test_errors)
{
	struct cerrors	 errs = { 0 };
	struct cnode	*root;
	size_t		 len, i, n;

	len = errcases[_i].len ? errcases[_i].len : strlen(errcases[_i].in);
	root = conf_parse_string("t", errcases[_i].in, len, &errs);
	for (n = 0; n < NITEMS(errcases[_i].msgs) && errcases[_i].msgs[n];)
		n++;
	for (i = 0; i < errs.n && i < n; i++)
		ck_assert_str_eq(errs.msgs[i], errcases[_i].msgs[i]);
	ck_assert_msg(errs.n == n, "case %d: %zu messages, first: %s", _i,
	    errs.n, errs.n ? errs.msgs[0] : "");
	if (n > 0)
		ck_assert_ptr_null(root);
	else
		ck_assert_ptr_nonnull(root);
	conf_free(root);
	cerrors_clear(&errs);
}
END_TEST

START_TEST(test_too_many_errors)
{
	struct cerrors	 errs = { 0 };
	char		*s;
	size_t		 i;

	s = malloc(300 * 2 + 1);
	ck_assert_ptr_nonnull(s);
	for (i = 0; i < 300; i++)
		memcpy(s + 2 * i, "}\n", 2);
	s[600] = '\0';
	ck_assert_ptr_null(parse(s, &errs));
	ck_assert_uint_eq(errs.n, 101);
	ck_assert_str_eq(errs.msgs[99],
	    "t:100:1: unbalanced '}': no block to close");
	ck_assert_str_eq(errs.msgs[100], "t:101:1: too many errors");
	cerrors_clear(&errs);
	free(s);
}
END_TEST

START_TEST(test_errors_file)
{
	struct cerrors	 errs = { 0 };

	ck_assert_ptr_null(conf_parse_file(DATADIR "/errors.conf", &errs));
	ck_assert_uint_eq(errs.n, 2);
	ck_assert_str_eq(errs.msgs[0],
	    DATADIR "/errors.conf:3:6: unterminated string");
	ck_assert_str_eq(errs.msgs[1],
	    DATADIR "/errors.conf:7:1: unbalanced '}': no block to close");
	cerrors_clear(&errs);
	ck_assert_uint_eq(errs.n, 0);
	ck_assert_ptr_null(errs.msgs);
}
END_TEST

START_TEST(test_include_glob)
{
	struct cerrors	 errs = { 0 };
	struct cnode	*root, *n;

	root = conf_parse_file(DATADIR "/main.conf", &errs);
	ck_assert_msg(root != NULL, "%s", errs.n ? errs.msgs[0] : "");
	ck_assert_str_eq(dump(root), "state-dir /var/lib/detectd;from-a 1;"
	    "nested{inner x;};from-b 2;from-plain p;leaf 1;last yes;");
	ck_assert_str_eq(root->key.file, DATADIR "/main.conf");
	n = root->next;
	ck_assert_str_eq(n->key.file, DATADIR "/inc.d/a.conf");
	ck_assert_int_eq(n->key.line, 1);
	ck_assert_int_eq(n->next->children->key.line, 3);
	ck_assert_int_eq(n->next->children->key.col, 2);
	n = n->next->next->next->next;
	ck_assert_str_eq(n->key.text, "leaf");
	ck_assert_str_eq(n->key.file, DATADIR "/sub/leaf.conf");
	ck_assert_str_eq(n->next->key.file, DATADIR "/main.conf");
	ck_assert_int_eq(n->next->key.line, 5);
	conf_free(root);
}
END_TEST

START_TEST(test_include_in_block)
{
	struct cerrors	 errs = { 0 };
	struct cnode	*root;

	root = conf_parse_file(DATADIR "/inblock.conf", &errs);
	ck_assert_ptr_nonnull(root);
	ck_assert_str_eq(dump(root), "rule 1{from-b 2;after 1;};");
	conf_free(root);
}
END_TEST

START_TEST(test_include_string_cwd)
{
	struct cerrors	 errs = { 0 };
	struct cnode	*root;

	ck_assert_int_eq(chdir(DATADIR), 0);
	root = parse("x 0\ninclude inc.d/*.conf\ninclude \"sub/leaf.conf\"",
	    &errs);
	ck_assert_ptr_nonnull(root);
	ck_assert_str_eq(dump(root),
	    "x 0;from-a 1;nested{inner x;};from-b 2;leaf 1;");
	ck_assert_str_eq(root->next->key.file, "inc.d/a.conf");
	conf_free(root);
}
END_TEST

START_TEST(test_include_nomatch)
{
	struct cerrors	 errs = { 0 };
	struct cnode	*root;

	root = conf_parse_file(DATADIR "/nomatch.conf", &errs);
	ck_assert_ptr_nonnull(root);
	ck_assert_uint_eq(errs.n, 0);
	ck_assert_str_eq(dump(root), "ok 1;");
	conf_free(root);
}
END_TEST

/* A file and the one message parsing it gives. */
static const struct {
	const char	*file;
	const char	*msg;
} incerrs[] = {
	{ DATADIR "/missing.conf", DATADIR "/missing.conf:1:1: include "
	    "\"does-not-exist.conf\": No such file or directory" },
	{ DATADIR "/cycle-a.conf", DATADIR "/cycle-b.conf:2:1: include "
	    "\"cycle-a.conf\": " DATADIR "/cycle-a.conf is already being read "
	    "(include loop)" },
	{ DATADIR "/badinc.conf", DATADIR "/bad.inc:2:1: expected a keyword, "
	    "found '\"oops\"'" },
	{ DATADIR "/no-such-file.conf", DATADIR "/no-such-file.conf: "
	    "No such file or directory" },
	{ DATADIR, DATADIR ": Is a directory" },
};

START_TEST(test_include_errors)
{
	struct cerrors	 errs = { 0 };

	ck_assert_ptr_null(conf_parse_file(incerrs[_i].file, &errs));
	ck_assert_uint_eq(errs.n, 1);
	ck_assert_str_eq(errs.msgs[0], incerrs[_i].msg);
	cerrors_clear(&errs);
}
END_TEST

START_TEST(test_include_directory)
{
	struct cerrors	 errs = { 0 };

	ck_assert_ptr_null(parse("include \"" DATADIR "/inc.d\"", &errs));
	ck_assert_uint_eq(errs.n, 1);
	ck_assert_str_eq(errs.msgs[0], "t:1:1: include \"" DATADIR
	    "/inc.d\": Is a directory");
	cerrors_clear(&errs);
	ck_assert_ptr_null(parse("include \"/dev/null\"", &errs));
	ck_assert_str_eq(errs.msgs[0],
	    "t:1:1: include \"/dev/null\": not a regular file");
	cerrors_clear(&errs);
}
END_TEST

/* A chain of 20 files, each including the next: stopped at 16. */
START_TEST(test_include_depth)
{
	struct cerrors	 errs = { 0 };
	char		 dir[PATH_MAX / 2], path[PATH_MAX];
	FILE		*f;
	int		 i;

	test_tmpl(dir, sizeof(dir), "check_conf");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	for (i = 0; i < 20; i++) {
		snprintf(path, sizeof(path), "%s/f%d.conf", dir, i);
		ck_assert_ptr_nonnull(f = fopen(path, "w"));
		fprintf(f, "level %d\ninclude \"f%d.conf\"\n", i, i + 1);
		fclose(f);
	}
	snprintf(path, sizeof(path), "%s/f0.conf", dir);
	ck_assert_ptr_null(conf_parse_file(path, &errs));
	ck_assert_uint_eq(errs.n, 1);
	ck_assert_ptr_nonnull(strstr(errs.msgs[0], "/f16.conf:2:1: include "
	    "\"f17.conf\": includes nested more than 16 deep"));
	cerrors_clear(&errs);
	for (i = 0; i < 20; i++) {
		snprintf(path, sizeof(path), "%s/f%d.conf", dir, i);
		unlink(path);
	}
	rmdir(dir);
}
END_TEST

START_TEST(test_nesting)
{
	struct cerrors	 errs = { 0 };
	struct cnode	*root;
	char		 buf[512];
	int		 i;

	/* 32 levels of blocks are fine, 33 are not. */
	buf[0] = '\0';
	for (i = 0; i < 32; i++)
		cat(buf, "a {", sizeof(buf));
	for (i = 0; i < 32; i++)
		cat(buf, "}", sizeof(buf));
	ck_assert_ptr_nonnull(root = parse(buf, &errs));
	conf_free(root);
	buf[0] = '\0';
	for (i = 0; i < 33; i++)
		cat(buf, "a {", sizeof(buf));
	for (i = 0; i < 33; i++)
		cat(buf, "}", sizeof(buf));
	cat(buf, "\n}", sizeof(buf));
	ck_assert_ptr_null(parse(buf, &errs));
	ck_assert_uint_eq(errs.n, 2);
	ck_assert_str_eq(errs.msgs[0],
	    "t:1:99: blocks nested more than 32 deep");
	ck_assert_str_eq(errs.msgs[1],
	    "t:2:1: unbalanced '}': no block to close");
	cerrors_clear(&errs);
}
END_TEST

static char *
repeat(int c, size_t n)
{
	char	*s = malloc(n + 1);

	ck_assert_ptr_nonnull(s);
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

/* None of these may crash, leak, or give a tree along with errors. */
START_TEST(test_nasty)
{
	static const char	*fixed[] = { "{", "\"", "}", "\\", "\\\n",
	    "a \\", "\"\\", "\r", "a\r", "!", "!=", "#", "a;{;}", "include",
	    "include \"\"", "include \"[\"", "k \"\\\"", "=\n=", "((((" };
	static const int	 reps[] = { '(', '{', '}', '"', '[', ';', '\n',
	    '\\', '#', '\0', 'x', '=' };
	struct cerrors		 errs = { 0 };
	struct cnode		*root;
	char			*s;
	size_t			 i, j, len;

	for (i = 0; i < NITEMS(fixed) + NITEMS(reps) + 20; i++) {
		if (i < NITEMS(fixed)) {
			s = strdup(fixed[i]);
			len = strlen(s);
		} else if (i < NITEMS(fixed) + NITEMS(reps)) {
			len = 100000;
			s = repeat(reps[i - NITEMS(fixed)], len);
		} else {
			/* Random bytes, the same every run. */
			srandom(i);
			len = 10000;
			s = repeat(0, len);
			for (j = 0; j < len; j++)
				s[j] = (char)(random() & 0xff);
		}
		root = conf_parse_string("t", s, len, &errs);
		ck_assert_msg(errs.n == 0 || root == NULL, "case %zu", i);
		ck_assert_uint_le(errs.n, 101);
		conf_free(root);
		cerrors_clear(&errs);
		free(s);
	}
}
END_TEST

START_TEST(test_too_large)
{
	struct cerrors	 errs = { 0 };
	size_t		 len = 64 * 1024 * 1024 + 1;
	char		*s;

	ck_assert_ptr_nonnull(s = calloc(1, len));
	ck_assert_ptr_null(conf_parse_string("big", s, len, &errs));
	ck_assert_uint_eq(errs.n, 1);
	ck_assert_str_eq(errs.msgs[0], "big: file larger than 64 MiB");
	cerrors_clear(&errs);
	free(s);
}
END_TEST

START_TEST(test_speed)
{
	struct cerrors	 errs = { 0 };
	struct cnode	*root, *n;
	struct timespec	 t0, t1;
	char		*s;
	size_t		 len = 0, count = 0;
	double		 secs;
	int		 i;

	ck_assert_ptr_nonnull(s = malloc(10000 * 400));
	for (i = 0; i < 10000; i++)
		len += sprintf(s + len, "rule %d {\n"
		    "\tname \"Request to a domain on a malware list\"\n"
		    "\trevision 1; sources proxy dns\n"
		    "\tcondition destination.domain in list malware-domains "
		    "and not (source.ip == 10.0.0.1 or\n\t    bytes > 10MB)\n"
		    "\twindow 5m; stage 5; importance high\n}\n", 1000000 + i);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
	root = conf_parse_string("big", s, len, &errs);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
	ck_assert_ptr_nonnull(root);
	for (n = root; n != NULL; n = n->next)
		count++;
	ck_assert_uint_eq(count, 10000);
	secs = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	ck_assert_msg(secs < 1.0, "10000 rules took %.3f s", secs);
	conf_free(root);
	free(s);
}
END_TEST

START_TEST(test_cerrors)
{
	struct cerrors	 errs = { 0 };
	struct ctok	 tok = { .file = "f.conf", .line = 3, .col = 7 };
	char		 buf[256];
	FILE		*f;
	int		 saved;
	size_t		 n;

	conf_free(NULL);
	cerrors_clear(&errs);
	cerrors_print(&errs);
	cerrors_add(&errs, "a.conf", 2, 5, "bad %s %d", "thing", 42);
	cerrors_addtok(&errs, &tok, "unknown keyword '%s'", "foo");
	cerrors_add(&errs, "b.conf", 0, 0, "Permission denied");
	ck_assert_uint_eq(errs.n, 3);
	ck_assert_str_eq(errs.msgs[0], "a.conf:2:5: bad thing 42");
	ck_assert_str_eq(errs.msgs[1], "f.conf:3:7: unknown keyword 'foo'");
	ck_assert_str_eq(errs.msgs[2], "b.conf: Permission denied");

	/* cerrors_print writes one message a line, nothing else. */
	ck_assert_ptr_nonnull(f = tmpfile());
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	dup2(fileno(f), STDERR_FILENO);
	cerrors_print(&errs);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	rewind(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	ck_assert_str_eq(buf, "a.conf:2:5: bad thing 42\n"
	    "f.conf:3:7: unknown keyword 'foo'\nb.conf: Permission denied\n");
	cerrors_clear(&errs);
	ck_assert_uint_eq(errs.n, 0);
}
END_TEST

/* Value helpers (conf.c) ------------------------------------------------ */

/* The first statement of text, which must parse. */
static struct cnode *
one(const char *text)
{
	struct cerrors	 e = { 0 };
	struct cnode	*n;

	n = conf_parse_string("helpers.conf", text, strlen(text), &e);
	ck_assert_msg(n != NULL && e.n == 0, "%s does not parse", text);
	return n;
}

static const struct {
	const char	*text;
	size_t		 min, max;
	const char	*err;		/* NULL: the count is right */
} argcases[] = {
	{ "a x", 1, 1, NULL },
	{ "a x y", 1, 3, NULL },
	{ "a", 0, 0, NULL },
	{ "a", 1, 1, "helpers.conf:1:1: 'a' needs 1 argument" },
	{ "a x", 2, 4, "helpers.conf:1:1: 'a' needs at least 2 arguments" },
	{ "a x y", 1, 1, "helpers.conf:1:5: 'a' takes 1 argument: "
	  "unexpected 'y'" },
	{ "a x y z", 0, 2, "helpers.conf:1:7: 'a' takes at most 2 arguments: "
	  "unexpected 'z'" },
};

START_TEST(test_want_args)
{
	struct cerrors	 e = { 0 };
	struct cnode	*n = one(argcases[_i].text);

	ck_assert_int_eq(conf_want_args(n, argcases[_i].min, argcases[_i].max,
	    &e), (argcases[_i].err != NULL ? -1 : 0));
	if (argcases[_i].err == NULL)
		ck_assert_uint_eq(e.n, 0);
	else {
		ck_assert_uint_eq(e.n, 1);
		ck_assert_str_eq(e.msgs[0], argcases[_i].err);
	}
	cerrors_clear(&e);
	conf_free(n);
}
END_TEST

static const struct {
	const char	*word;
	int		 v;		/* -1: refused */
} bools[] = {
	{ "yes", 1 }, { "on", 1 }, { "true", 1 },
	{ "no", 0 }, { "off", 0 }, { "false", 0 },
	{ "YES", -1 }, { "1", -1 }, { "", -1 }, { "yess", -1 },
};

START_TEST(test_bool)
{
	struct cerrors	 e = { 0 };
	struct ctok	 t = { CT_WORD, NULL, 0, CU_NONE, "b.conf", 3, 9 };
	int		 v = 7;

	t.text = (char *)(uintptr_t)bools[_i].word;
	ck_assert_int_eq(conf_bool(&t, &v, &e), (bools[_i].v == -1 ? -1 : 0));
	if (bools[_i].v == -1) {
		ck_assert_int_eq(v, 7);
		ck_assert_uint_eq(e.n, 1);
		ck_assert_ptr_nonnull(strstr(e.msgs[0], "b.conf:3:9: expected "
		    "yes or no"));
	} else {
		ck_assert_int_eq(v, bools[_i].v);
		ck_assert_uint_eq(e.n, 0);
	}
	cerrors_clear(&e);
}
END_TEST

/* Relative paths are the naming file's; absolute ones stay. */
static const struct {
	const char	*file;
	const char	*text;
	const char	*want;
} paths[] = {
	{ "/etc/detectd/detectd.conf", "rules.d/a.rules",
	  "/etc/detectd/rules.d/a.rules" },
	{ "/etc/detectd/detectd.conf", "/var/lib/x", "/var/lib/x" },
	{ "conf/d.conf", "lists/bad.txt", "conf/lists/bad.txt" },
	{ "d.conf", "lists/bad.txt", "lists/bad.txt" },
	{ NULL, "x.txt", "x.txt" },
	{ "/d.conf", "x.txt", "/x.txt" },
	{ "live/d.conf", "../conf/rules.d/x.rules", "conf/rules.d/x.rules" },
};

START_TEST(test_conf_path)
{
	struct ctok	 t = { CT_STRING, NULL, 0, CU_NONE, NULL, 1, 1 };
	char		*p;

	t.text = (char *)(uintptr_t)paths[_i].text;
	t.file = paths[_i].file;
	ck_assert_ptr_nonnull(p = conf_path(&t));
	ck_assert_str_eq(p, paths[_i].want);
	free(p);
}
END_TEST

/* Path names cleaned: ".", "//" and "dir/.." go, a link's ".." stays. */
static const struct {
	const char	*in, *out;
} cleans[] = {
	{ "a/./b//c", "a/b/c" },
	{ "/x/./y/", "/x/y" },
	{ "./a", "a" },
	{ "a/..", "." },
	{ "../../a", "../../a" },
	{ "d/../e.rules", "e.rules" },
	{ "d/sub/../../e.rules", "e.rules" },
	{ "d/../../e.rules", "../e.rules" },
	{ "link/../e.rules", "link/../e.rules" },
	{ "d/link/../e.rules", "d/link/../e.rules" },
};

START_TEST(test_path_clean)
{
	char	 cwd[PATH_MAX], buf[PATH_MAX];

	/* d/ and d/sub/ are directories, link and d/link are links. */
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	test_dir_make();
	ck_assert_int_eq(chdir(test_dir()), 0);
	ck_assert_int_eq(mkdir("d", 0700), 0);
	ck_assert_int_eq(mkdir("d/sub", 0700), 0);
	ck_assert_int_eq(symlink("d/sub", "link"), 0);
	ck_assert_int_eq(symlink("sub", "d/link"), 0);
	snprintf(buf, sizeof(buf), "%s", cleans[_i].in);
	conf_path_clean(buf);
	ck_assert_str_eq(buf, cleans[_i].out);
	(void)unlink("d/link");
	(void)unlink("link");
	(void)rmdir("d/sub");
	(void)rmdir("d");
	ck_assert_int_eq(chdir(cwd), 0);
	test_dir_remove();
}
END_TEST

/* A configuration named through a detour: its files are named short. */
START_TEST(test_path_clean_include)
{
	struct cerrors	 errs = { 0 };
	struct cnode	*root;

	root = conf_parse_file(DATADIR "/inc.d/../main.conf", &errs);
	ck_assert_msg(root != NULL, "%s", errs.n ? errs.msgs[0] : "");
	ck_assert_str_eq(root->key.file, DATADIR "/main.conf");
	ck_assert_str_eq(root->next->key.file, DATADIR "/inc.d/a.conf");
	conf_free(root);
}
END_TEST

static Suite *
conf_suite(void)
{
	Suite	*s = suite_create("conf");
	TCase	*tc;

	tc = tcase_create("lexer");
	tcase_add_loop_test(tc, test_numbers, 0, NITEMS(numbers));
	tcase_add_loop_test(tc, test_words, 0, NITEMS(words));
	tcase_add_test(tc, test_positions);
	suite_add_tcase(s, tc);

	tc = tcase_create("parser");
	tcase_add_loop_test(tc, test_trees, 0, NITEMS(trees));
	tcase_add_loop_test(tc, test_errors, 0, NITEMS(errcases));
	tcase_add_test(tc, test_too_many_errors);
	tcase_add_test(tc, test_errors_file);
	tcase_add_test(tc, test_nesting);
	tcase_add_test(tc, test_cerrors);
	suite_add_tcase(s, tc);

	tc = tcase_create("include");
	tcase_add_test(tc, test_include_glob);
	tcase_add_test(tc, test_include_in_block);
	tcase_add_test(tc, test_include_string_cwd);
	tcase_add_test(tc, test_include_nomatch);
	tcase_add_loop_test(tc, test_include_errors, 0, NITEMS(incerrs));
	tcase_add_test(tc, test_include_directory);
	tcase_add_test(tc, test_include_depth);
	tcase_add_loop_test(tc, test_path_clean, 0, NITEMS(cleans));
	tcase_add_test(tc, test_path_clean_include);
	suite_add_tcase(s, tc);

	tc = tcase_create("helpers");
	tcase_add_loop_test(tc, test_want_args, 0, NITEMS(argcases));
	tcase_add_loop_test(tc, test_bool, 0, NITEMS(bools));
	tcase_add_loop_test(tc, test_conf_path, 0, NITEMS(paths));
	suite_add_tcase(s, tc);

	tc = tcase_create("robustness");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_nasty);
	tcase_add_test(tc, test_too_large);
	tcase_add_test(tc, test_speed);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return test_main(conf_suite());
}
