/*
 * Tests of rule conditions (src/rules/cond.c): parsing from the conf
 * tokens, evaluation on hand-built events, indicator hits and error
 * messages.
 *
 * The module's source is included so that the tests can read the
 * per-expression count of matches that ran into the PCRE2 limits, which
 * has no public accessor; the library's cond.o is then not linked in.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rules/cond.c"
#include "event/evmemo.h"
#include "testmain.h"

#define NLISTS	4

struct fixture {
	struct logevent	 ev[2];
	struct list	*lists[NLISTS];
};

static struct fixture	 fx;

static struct slice
S(const char *s)
{
	struct slice	 sl = { s, strlen(s) };

	return sl;
}

/*
 * ev[0]: a proxy request with most fields set.
 * ev[1]: a sparse event: no port, no URL, odd addresses, a Windows id.
 */
static void
setup(void)
{
	static const char ua2[] = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!";
	struct logevent	*e = &fx.ev[0];

	memset(&fx, 0, sizeof(fx));
	logevent_reset(&fx.ev[0]);
	logevent_reset(&fx.ev[1]);
	e->src_ip = S("10.1.2.3");
	e->src_host = S("WS-042.corp.example");
	e->user = S("ALICE");
	e->src_port = 51515;
	e->dst_ip = S("203.0.113.7");
	e->dst_domain = S("Evil.Example.COM");
	e->dst_port = 443;
	e->url = S("http://evil.example.com/dl/payload.exe?id=1");
	e->url_scheme = S("HTTP");
	e->url_path = S("/dl/payload.exe");
	e->url_query = S("id=1");
	e->method = S("get");
	e->user_agent = S("Mozilla/5.0 (Windows NT 10.0)");
	e->status = 200;
	e->bytes_out = 1234;
	e->bytes_in = 5000000;
	e->process_image = S("C:\\Windows\\System32\\cmd.exe");
	e->command_line = S("cmd.exe /c whoami");

	e = &fx.ev[1];
	e->src_ip = S("[2001:db8::5]");
	e->dst_ip = S("::ffff:192.168.1.9");
	e->src_host = S("fe80::1%eth0");
	e->win_event_id = 4688;
	e->dns_query = S("WWW.Bad-Domain.NET");
	e->user_agent = S(ua2);
	e->command_line = S("\xff\xfe evil \xc3");
	e->file_name = S("C:\\Users\\a\\\xe8\xa6\x8b\xe7\xa9\x8d.xlsxs.exe");

	ck_assert_ptr_nonnull(fx.lists[0] = list_new("bad-domains",
	    LT_DOMAIN));
	ck_assert_int_eq(list_add(fx.lists[0], "example.com", 11,
	    "test domain", "unit-feed"), 0);
	ck_assert_ptr_nonnull(fx.lists[1] = list_new("bad-ips", LT_IP));
	ck_assert_int_eq(list_add(fx.lists[1], "203.0.113.0/24", 14,
	    "test net", "unit-feed"), 0);
	ck_assert_ptr_nonnull(fx.lists[2] = list_new("bad-ports",
	    LT_STRING));
	ck_assert_int_eq(list_add(fx.lists[2], "443", 3, NULL, "ports"), 0);
	ck_assert_ptr_nonnull(fx.lists[3] = list_new("bad-users", LT_USER));
	ck_assert_int_eq(list_add(fx.lists[3], "alice", 5, NULL, "hr"), 0);
}

static void
teardown(void)
{
	size_t	 i;

	for (i = 0; i < NLISTS; i++)
		list_free(fx.lists[i]);
	logevent_free(&fx.ev[0]);
	logevent_free(&fx.ev[1]);
}

static struct list *
lookup(void *arg, const char *name)
{
	struct fixture	*f = arg;
	size_t		 i;

	for (i = 0; i < NLISTS; i++)
		if (f->lists[i] != NULL &&
		    strcmp(list_name(f->lists[i]), name) == 0)
			return f->lists[i];
	return NULL;
}

/*
 * Parse "condition <expr>" the way the rule loader does: the arguments of
 * the statement (the tree is the file's first statement).  The tree is
 * freed before the condition is used, which checks that the condition
 * keeps nothing of the tokens.
 */
static struct cond *
parse(const char *expr, struct cerrors *errs)
{
	struct cnode	*root;
	struct cond	*c;
	char		*text;
	int		 n;

	n = asprintf(&text, "condition %s\n", expr);
	ck_assert_int_ge(n, 0);
	root = conf_parse_string("test", text, (size_t)n, errs);
	free(text);
	ck_assert_msg(root != NULL, "conf parse failed: %s: %s", expr,
	    errs->n > 0 ? errs->msgs[0] : "?");
	c = cond_parse(root->args, root->nargs, lookup, &fx, errs);
	conf_free(root);
	return c;
}

static struct cond *
parse_ok(const char *expr)
{
	struct cerrors	 errs = { 0 };
	struct cond	*c;

	c = parse(expr, &errs);
	ck_assert_msg(c != NULL && errs.n == 0, "%s: %s", expr,
	    errs.n > 0 ? errs.msgs[0] : "no message");
	cerrors_clear(&errs);
	return c;
}

static const struct {
	const char	*expr;
	int		 ev;
	int		 want;
} evals[] = {
	/* case rules: domains, users, hosts, methods, schemes ignore case */
	{ "destination.domain == evil.example.com", 0, 1 },
	{ "destination.domain == \"EVIL.EXAMPLE.COM\"", 0, 1 },
	{ "user.name == alice", 0, 1 },
	{ "source.address == ws-042.CORP.example", 0, 1 },
	{ "http.request.method == GET", 0, 1 },
	{ "url.scheme == http", 0, 1 },
	{ "dns.question.name == www.bad-domain.net", 1, 1 },
	/* everything else is exact */
	{ "url.path == /dl/payload.exe", 0, 1 },
	{ "url.path == /DL/payload.exe", 0, 0 },
	{ "process.executable == \"c:\\\\windows\\\\system32\\\\cmd.exe\"",
	    0, 0 },
	{ "process.executable == \"C:\\\\Windows\\\\System32\\\\cmd.exe\"",
	    0, 1 },
	{ "url.query == \"id=1\"", 0, 1 },
	{ "url.query != \"id=1\"", 0, 0 },
	{ "url.query != \"id=2\"", 0, 1 },
	/* numbers */
	{ "destination.port == 443", 0, 1 },
	{ "destination.port==443", 0, 1 },
	{ "destination.port == \"443\"", 0, 1 },
	{ "destination.port != 443", 0, 0 },
	{ "destination.port != 80", 0, 1 },
	{ "destination.port < 1024", 0, 1 },
	{ "destination.port < 443", 0, 0 },
	{ "destination.port <= 443", 0, 1 },
	{ "destination.port > 443", 0, 0 },
	{ "destination.port >= 443", 0, 1 },
	{ "destination.port > -5", 0, 1 },
	{ "http.response.status_code >= 200", 0, 1 },
	{ "destination.bytes > 1MB", 0, 1 },
	{ "destination.bytes > 10MB", 0, 0 },
	{ "source.bytes == 1234", 0, 1 },
	{ "winlog.event_id == 4688", 1, 1 },
	/* missing values: only the negated tests hold */
	{ "destination.port == 443", 1, 0 },
	{ "destination.port != 443", 1, 1 },
	{ "destination.port < 1024", 1, 0 },
	{ "destination.port > 0", 1, 0 },
	{ "url.original == x", 1, 0 },
	{ "url.original != x", 1, 1 },
	{ "url.original ~ \".*\"", 1, 0 },
	{ "url.original !~ \"x\"", 1, 1 },
	{ "url.original contains \"/\"", 1, 0 },
	{ "url.original in [a, b]", 1, 0 },
	{ "destination.port in [80, 443]", 1, 0 },
	{ "destination.domain in list bad-domains", 1, 0 },
	{ "user.name is set", 1, 0 },
	{ "user.name is not set", 1, 1 },
	{ "user.name is ip", 1, 0 },
	{ "user.name is not ip", 1, 1 },
	{ "destination.port is set", 0, 1 },
	{ "destination.port is set", 1, 0 },
	{ "destination.port IS NOT SET", 1, 1 },
	{ "winlog.event_id is set", 1, 1 },
	{ "winlog.event_id is set", 0, 0 },
	/* regular expressions */
	{ "user_agent.original ~ \"^mozilla\"", 0, 0 },
	{ "user_agent.original ~ \"(?i)^mozilla\"", 0, 1 },
	{ "user_agent.original ~ \"Windows NT [0-9]+\\\\.\"", 0, 1 },
	{ "user_agent.original !~ \"curl\"", 0, 1 },
	{ "user_agent.original !~ \"Mozilla\"", 0, 0 },
	{ "process.command_line ~ \"evil\"", 1, 1 },	/* bad UTF-8 */
	{ "process.command_line ~ \"\\xff\"", 1, 1 },
	/* contains is exact */
	{ "url.original contains \"payload.exe\"", 0, 1 },
	{ "url.original contains \"PAYLOAD\"", 0, 0 },
	{ "url.original CONTAINS .exe", 0, 1 },
	/* is deceptive */
	{ "file.name is deceptive", 1, 1 },
	{ "file.name is deceptive", 0, 0 },
	{ "file.name is not deceptive", 1, 0 },
	{ "url.path is deceptive", 0, 0 },
	{ "process.executable is not deceptive", 0, 1 },
	{ "file.name is deceptive and user.name == alice", 1, 0 },
	/* is ip */
	{ "source.ip is ip", 0, 1 },
	{ "source.ip is ip", 1, 1 },		/* [2001:db8::5] */
	{ "destination.ip is ip", 1, 1 },	/* v4-mapped */
	{ "source.address is ip", 1, 1 },	/* fe80::1%eth0 */
	{ "source.address is ip", 0, 0 },
	{ "url.original is not ip", 0, 1 },
	/* CIDR */
	{ "source.ip in 10.0.0.0/8", 0, 1 },
	{ "source.ip in 10.1.2.0/25", 0, 1 },
	{ "source.ip in 10.1.2.128/25", 0, 0 },
	{ "source.ip in 10.1.2.2/31", 0, 1 },
	{ "source.ip in 10.1.2.4/31", 0, 0 },
	{ "source.ip in 192.168.0.0/16", 0, 0 },
	{ "source.ip in 0.0.0.0/0", 0, 1 },
	{ "source.ip in 10.1.2.3", 0, 1 },
	{ "source.ip in \"10.1.2.3/32\"", 0, 1 },
	{ "source.ip in 2001:db8::/32", 1, 1 },
	{ "source.ip in 2001:db9::/32", 1, 0 },
	{ "source.ip in ::/0", 1, 1 },
	{ "source.ip in 10.0.0.0/8", 1, 0 },
	{ "source.ip in 2001:db8::/32", 0, 0 },
	{ "destination.ip in 192.168.0.0/16", 1, 1 },
	{ "source.address in fe80::/10", 1, 1 },
	{ "user.name in 10.0.0.0/8", 0, 0 },	/* not an address */
	{ "not source.ip in 10.0.0.0/8", 0, 0 },
	/* sets */
	{ "destination.port in [80, 443, 8080]", 0, 1 },
	{ "destination.port in [80, 8080]", 0, 0 },
	{ "destination.port in [80, 443,]", 0, 1 },
	{ "destination.domain in [a.com, \"EVIL.example.com\"]", 0, 1 },
	{ "url.path in [/a, /b]", 0, 0 },
	{ "source.ip in [192.168.0.0/16, 10.1.2.3]", 0, 1 },
	{ "source.ip in [192.168.0.0/16, 10.1.2.4]", 0, 0 },
	{ "source.ip in [2001:db8:0:0::5]", 1, 1 },
	/* lists */
	{ "destination.domain in list bad-domains", 0, 1 },
	{ "destination.ip in list bad-ips", 0, 1 },
	{ "destination.ip IN LIST bad-ips", 0, 1 },
	{ "destination.port in list bad-ports", 0, 1 },
	{ "destination.port in list \"bad-ports\"", 1, 0 },
	{ "source.ip in list bad-ips", 0, 0 },
	/* precedence, not, parentheses */
	{ "destination.port == 443 or destination.port == 80 and "
	    "user.name == bob", 0, 1 },
	{ "(destination.port == 443 or destination.port == 80) and "
	    "user.name == bob", 0, 0 },
	{ "user.name == bob and destination.port == 80 or "
	    "destination.port == 443", 0, 1 },
	{ "user.name == bob and (destination.port == 80 or "
	    "destination.port == 443)", 0, 0 },
	{ "not destination.port == 443", 0, 0 },
	{ "not not destination.port == 443", 0, 1 },
	{ "NOT destination.port == 80 AND user.name == alice", 0, 1 },
	{ "not (destination.port == 80 or user.name == bob)", 0, 1 },
	{ "not (destination.port == 443 Or user.name == bob)", 0, 0 },
	{ "((((destination.port == 443))))", 0, 1 },
	{ "destination.port == 443 and user.name == alice and "
	    "url.scheme == https", 0, 0 },
	{ "destination.port == 1 or destination.port == 2 or "
	    "destination.port == 3 or destination.port == 443", 0, 1 },
	{ "(destination.port == 443\n and user.name == alice)", 0, 1 },
};

START_TEST(test_eval)
{
	struct cond	*c;

	c = parse_ok(evals[_i].expr);
	ck_assert_msg(cond_eval(c, &fx.ev[evals[_i].ev], NULL) ==
	    evals[_i].want, "%s on event %d: want %d", evals[_i].expr,
	    evals[_i].ev, evals[_i].want);
	cond_free(c);
}
END_TEST

/*
 * With the line's memo of shared answers (as in the pipeline): the same
 * answers, asked once and then read back.
 */
START_TEST(test_eval_memo)
{
	struct logevent	*ev = &fx.ev[evals[_i].ev];
	struct evmemo	*m = evmemo_new();
	struct cond	*c, *twice[2];
	int		 n;

	ck_assert_ptr_nonnull(m);
	ev->memo = m;
	c = parse_ok(evals[_i].expr);
	/* As if two rules made it: its list tests are shared. */
	twice[0] = twice[1] = c;
	ck_assert_int_eq(cond_mark_shared(twice, 2), 0);
	/* And as the rule set leaves it: cheap tests first. */
	ck_assert_int_eq(cond_order(c), 0);
	for (n = 0; n < 2; n++)
		ck_assert_msg(cond_eval(c, ev, NULL) == evals[_i].want,
		    "%s on event %d, time %d: want %d", evals[_i].expr,
		    evals[_i].ev, n + 1, evals[_i].want);
	cond_free(c);
	ev->memo = NULL;
	evmemo_free(m);
}
END_TEST

/*
 * Conditions of several rules that ask the same question (the
 * statistical rules share one answer an event): the same tests as
 * written, in the same shape.  A different value, field, list,
 * operator or shape is another question.
 */
static const struct {
	const char	*a, *b;
	int		 same;
} sames[] = {
	{ "destination.port == 53", "destination.port == 53", 1 },
	{ "destination.port == 53", "destination.port == 54", 0 },
	{ "destination.port == 53", "source.port == 53", 0 },
	{ "destination.port == 53", "destination.port != 53", 0 },
	{ "not destination.domain in list bad-domains and "
	    "not destination.ip in list bad-ips",
	    "not destination.domain in list bad-domains and "
	    "not destination.ip in list bad-ips", 1 },
	{ "not destination.domain in list bad-domains and "
	    "not destination.ip in list bad-ips",
	    "not destination.ip in list bad-ips and "
	    "not destination.domain in list bad-domains", 0 },
	{ "destination.domain in list bad-domains",
	    "destination.domain in list bad-users", 0 },
	{ "destination.domain in list bad-domains or destination.port == 1",
	    "destination.domain in list bad-domains and destination.port == 1",
	    0 },
	{ "destination.port in [53, 853]", "destination.port in [53, 853]", 1 },
	{ "destination.port in [53, 853]", "destination.port in [53, 5353]",
	    0 },
	{ "url.original ~ \"a+b\"", "url.original ~ \"a+b\"", 1 },
	{ "url.original ~ \"a+b\"", "url.original ~ \"a+c\"", 0 },
};

START_TEST(test_same)
{
	struct cond	*a = parse_ok(sames[_i].a), *b = parse_ok(sames[_i].b);

	ck_assert_msg(cond_same(a, b) == sames[_i].same, "%s / %s: want %d",
	    sames[_i].a, sames[_i].b, sames[_i].same);
	ck_assert_int_eq(cond_same(b, a), sames[_i].same);
	ck_assert_int_eq(cond_same(a, a), 1);
	ck_assert_int_eq(cond_same(a, NULL), 0);
	ck_assert_int_eq(cond_same(NULL, NULL), 1);
	cond_free(a);
	cond_free(b);
}
END_TEST

/*
 * The fields whose values decide a condition, when a list is among its
 * tests and nothing else decides it (what a statistical rule keeps the
 * answers of from event to event): every field a test reads, a "not"
 * and an "in [...]" too, each once.  A regex, a derived field or a
 * condition without a list: none.
 */
static const struct {
	const char	*expr;
	int		 want;
	const char	*fields;	/* in the order first read */
} fieldss[] = {
	{ "not destination.domain in list bad-domains and "
	    "not destination.ip in list bad-ips and "
	    "not destination.port == 53 and not destination.port == 123",
	    1, "destination.domain destination.ip destination.port" },
	{ "destination.ip in list bad-ips or source.ip in list bad-ips",
	    1, "destination.ip source.ip" },
	{ "destination.port in [1, 2] and user.name in list bad-users",
	    1, "destination.port user.name" },
	{ "destination.ip in list bad-ips and http.request.method is set",
	    1, "destination.ip http.request.method" },
	{ "destination.port == 53", 0, "" },
	{ "destination.ip in list bad-ips and url.original ~ \"x\"", 0, "" },
	{ "destination.ip in list bad-ips and "
	    "url.extension == \"exe\"", 0, "" },
};

START_TEST(test_fields)
{
	const struct field_def	*f[8];
	struct cond		*c = parse_ok(fieldss[_i].expr);
	char			 got[256];
	size_t			 n, i, o = 0;

	ck_assert_int_eq(cond_fields(c, f, 8, &n), fieldss[_i].want);
	got[0] = '\0';
	for (i = 0; fieldss[_i].want && i < n; i++)
		o += (size_t)snprintf(got + o, sizeof(got) - o, "%s%s",
		    i ? " " : "", f[i]->name);
	ck_assert_str_eq(got, fieldss[_i].fields);
	/* Room for fewer fields than it reads: none. */
	if (fieldss[_i].want && n > 1)
		ck_assert_int_eq(cond_fields(c, f, n - 1, &n), 0);
	ck_assert_int_eq(cond_fields(NULL, f, 8, &n), 0);
	cond_free(c);
}
END_TEST

/*
 * One list asked about two fields of a line, and then the same field of
 * the slot's next line: each answer is its own.  A test only one rule
 * makes is asked every time.
 */
START_TEST(test_memo_shared)
{
	struct logevent	*ev = &fx.ev[0];
	struct evmemo	*m = evmemo_new();
	struct cond	*c[6];
	size_t		 i;

	ck_assert_ptr_nonnull(m);
	ev->memo = m;
	c[0] = parse_ok("destination.ip in list bad-ips");
	c[1] = parse_ok("source.ip in list bad-ips");
	c[2] = parse_ok("destination.port in list bad-ports");
	c[3] = parse_ok("destination.ip in list bad-ips or "
	    "source.ip in list bad-ips");
	c[4] = parse_ok("destination.port in list bad-ports");
	c[5] = parse_ok("user.name in list bad-users");
	ck_assert_int_eq(cond_mark_shared(c, 6), 0);
	ck_assert_int_eq(cond_eval(c[0], ev, NULL), 1);
	ck_assert_int_eq(cond_eval(c[1], ev, NULL), 0);
	ck_assert_int_eq(cond_eval(c[0], ev, NULL), 1);
	ck_assert_int_eq(cond_eval(c[5], ev, NULL), 1);
	ev->src_ip = S("203.0.113.9");
	ev->dst_ip = S("10.1.2.3");
	ev->user = S("bob");
	/* Still the same line: the memo answers as the line was... */
	ck_assert_int_eq(cond_eval(c[0], ev, NULL), 1);
	/* ...but for a test no other rule makes, which asks again. */
	ck_assert_int_eq(cond_eval(c[5], ev, NULL), 0);
	/* The slot's next line, lent the same memo. */
	logevent_reset(ev);
	ev->memo = m;
	ev->src_ip = S("203.0.113.9");
	ev->dst_ip = S("10.1.2.3");
	ck_assert_int_eq(cond_eval(c[0], ev, NULL), 0);
	ck_assert_int_eq(cond_eval(c[1], ev, NULL), 1);
	ck_assert_int_eq(cond_eval(c[2], ev, NULL), 0);
	ev->dst_port = 443;
	logevent_reset(ev);
	ev->memo = m;
	ev->dst_port = 443;
	ck_assert_int_eq(cond_eval(c[2], ev, NULL), 1);
	for (i = 0; i < 6; i++)
		cond_free(c[i]);
	ev->memo = NULL;
	evmemo_free(m);
}
END_TEST

static const struct {
	const char	*expr;
	const char	*msg;		/* whole first message */
	size_t		 nerrs;
} errors[] = {
	{ "destination.portt == 1",
	    "test:1:11: unknown field 'destination.portt'", 1 },
	{ "destination.domain in list nope",
	    "test:1:38: unknown list 'nope'", 1 },
	{ "destination.port = 443",
	    "test:1:28: use '==' for equality", 1 },
	{ "url.query == id=1 and user.name == x",
	    "test:1:26: unexpected '=' after the condition "
	    "(missing 'and' or 'or'?)", 1 },
	{ "destination.port ~ \"x\"",
	    "test:1:28: '~' matches text; 'destination.port' is a numeric "
	    "field", 1 },
	{ "destination.port contains x",
	    "test:1:28: 'contains' looks into text; 'destination.port' is "
	    "a numeric field", 1 },
	{ "destination.domain < 5",
	    "test:1:30: '<' compares numbers; 'destination.domain' is a "
	    "string field", 1 },
	{ "destination.port == abc",
	    "test:1:31: 'destination.port' is numeric: 'abc' is not an "
	    "integer", 1 },
	{ "destination.port == 1.5",
	    "test:1:31: 'destination.port' is numeric: '1.5' is not an "
	    "integer", 1 },
	{ "destination.port in 10.0.0.0/8",
	    "test:1:31: 'destination.port' is a numeric field, never in an "
	    "address prefix", 1 },
	{ "destination.port is deceptive",
	    "test:1:31: 'destination.port' is a numeric field, never a file "
	    "name", 1 },
	{ "destination.port is ip",
	    "test:1:31: 'destination.port' is a numeric field, never an IP "
	    "address", 1 },
	{ "source.ip in 10.0.0.0/33",
	    "test:1:24: '10.0.0.0/33' is not an IP address or prefix", 1 },
	{ "source.ip in 10.0.0.0/",
	    "test:1:24: '10.0.0.0/' is not an IP address or prefix", 1 },
	{ "source.ip in evil",
	    "test:1:24: 'evil' is not an IP address or prefix", 1 },
	{ "source.ip in list",
	    "test:1:24: expected a list name after 'list'", 1 },
	{ "source.ip in",
	    "test:1:21: expected 'list NAME', '[' or an address prefix "
	    "after 'in'", 1 },
	{ "destination.port == 443 user.name == x",
	    "test:1:35: unexpected 'user.name' after the condition "
	    "(missing 'and' or 'or'?)", 1 },
	{ "destination.port ==",
	    "test:1:28: expected a value after '=='", 1 },
	{ "destination.port == )",
	    "test:1:31: expected a value after '==', got ')'", 1 },
	{ "destination.port",
	    "test:1:11: expected an operator after 'destination.port'", 1 },
	{ "destination.port 443",
	    "test:1:28: expected an operator after 'destination.port', "
	    "got '443'", 1 },
	{ "destination.port == 443 and",
	    "test:1:35: expected a condition after 'and'", 1 },
	{ "destination.port == 443 and or user.name == x",
	    "test:1:39: expected a condition, got 'or'", 1 },
	{ "user.name is foo",
	    "test:1:24: expected 'ip', 'set' or 'deceptive' after 'is'", 1 },
	{ "user.name is not",
	    "test:1:24: expected 'ip', 'set' or 'deceptive' after 'is not'",
	    1 },
	{ "user.name == \"\"",
	    "test:1:24: an empty value never matches: use 'is set' or "
	    "'is not set'", 1 },
	{ "destination.port in []", "test:1:31: empty set", 1 },
	{ "destination.port in [80 443]",
	    "test:1:35: expected ',' or ']' in the set", 1 },
	{ "destination.port in [80, (]",
	    "test:1:36: expected a value in the set, got '('", 1 },
	{ "destination.port in [80, http]",
	    "test:1:36: 'destination.port' is numeric: 'http' is not an "
	    "integer", 1 },
	{ "user.name contains",
	    "test:1:21: expected a value after 'contains'", 1 },
	{ "user.name not == bad-user",
	    "test:1:21: write 'not user.name ...' to negate a test", 1 },
	{ "and user.name == x",
	    "test:1:11: expected a condition, got 'and'", 1 },
	{ "\"user.name\" == x",
	    "test:1:11: expected a field name, got 'user.name'", 1 },
	{ "user.name ~ foo",
	    "test:1:23: expected a quoted regular expression after '~'", 1 },
	{ "user.name ~ \"(?<n>a)(?<n>b)\"",
	    "test:1:23: bad regular expression: two named subpatterns "
	    "have the same name (PCRE2_DUPNAMES not set) at offset 12", 1 },
	{ "user.name ~ \"(*UTF)x\"",
	    "test:1:23: bad regular expression: using UTF is disabled by "
	    "the application at offset 6", 1 },
	{ "(user.name == a",
	    "test:1:11: unbalanced parentheses: '(' is not closed", 1 },
	{ "user.name == a)",
	    "test:1:25: unbalanced parentheses: unexpected ')'", 1 },
	{ "(user.name == a user.name == b)",
	    "test:1:27: unexpected 'user.name' (missing 'and', 'or' or "
	    "')'?)", 1 },
	{ "()", "test:1:12: expected a condition, got ')'", 1 },
	{ "destination.port in [80, 443",
	    "test:1:31: unbalanced brackets: '[' is not closed", 1 },
	/* semantic errors are all collected */
	{ "foo == 1 and destination.port == bar or user.name ~ \"(\" or "
	    "url.path in list nope",
	    "test:1:11: unknown field 'foo'", 4 },
	{ "destination.port ~ \"(\"",
	    "test:1:30: bad regular expression: missing closing "
	    "parenthesis at offset 1", 2 },
	{ "nosuch ~ \"(\"", "test:1:11: unknown field 'nosuch'", 2 },
	{ "nosuch = 1", "test:1:11: unknown field 'nosuch'", 2 },
};

START_TEST(test_errors)
{
	struct cerrors	 errs = { 0 };
	struct cond	*c;
	size_t		 i;

	c = parse(errors[_i].expr, &errs);
	ck_assert_msg(c == NULL, "%s: parsed", errors[_i].expr);
	ck_assert_msg(errs.n >= 1, "%s: no message", errors[_i].expr);
	ck_assert_str_eq(errs.msgs[0], errors[_i].msg);
	for (i = 1; i < errs.n; i++)
		ck_assert_msg(strncmp(errs.msgs[i], "test:1:", 7) == 0, "%s",
		    errs.msgs[i]);
	ck_assert_msg(errs.n == errors[_i].nerrs, "%s: %zu errors, want %zu",
	    errors[_i].expr, errs.n, errors[_i].nerrs);
	cerrors_clear(&errs);
}
END_TEST

/* The second error of a condition with a type error and a bad pattern. */
START_TEST(test_regex_and_type_error)
{
	struct cerrors	 errs = { 0 };

	ck_assert_ptr_null(parse("destination.port ~ \"(\"", &errs));
	ck_assert_uint_eq(errs.n, 2);
	ck_assert_str_eq(errs.msgs[1], "test:1:28: '~' matches text; "
	    "'destination.port' is a numeric field");
	cerrors_clear(&errs);
}
END_TEST

START_TEST(test_empty)
{
	struct cerrors	 errs = { 0 };

	ck_assert_ptr_null(cond_parse(NULL, 0, lookup, &fx, &errs));
	ck_assert_uint_eq(errs.n, 1);
	ck_assert_ptr_nonnull(strstr(errs.msgs[0], "empty condition"));
	cerrors_clear(&errs);
	cond_free(NULL);
	ck_assert_int_eq(cond_eval(NULL, &fx.ev[0], NULL), 0);
}
END_TEST

static char *
nested(const char *open, int n, const char *test, const char *close)
{
	size_t	 len;
	char	*s;
	int	 i;

	len = (strlen(open) + strlen(close)) * n + strlen(test) + 1;
	ck_assert_ptr_nonnull(s = malloc(len));
	s[0] = '\0';
	for (i = 0; i < n; i++)
		strcat(s, open);
	strcat(s, test);
	for (i = 0; i < n; i++)
		strcat(s, close);
	return s;
}

START_TEST(test_depth)
{
	struct cerrors	 errs = { 0 };
	struct cond	*c;
	char		*s;

	s = nested("not ", COND_MAX_DEPTH, "user.name == alice", "");
	c = parse_ok(s);
	ck_assert_int_eq(cond_eval(c, &fx.ev[0], NULL), 1);	/* even */
	cond_free(c);
	free(s);
	s = nested("(", COND_MAX_DEPTH, "user.name == alice", ")");
	c = parse_ok(s);
	ck_assert_int_eq(cond_eval(c, &fx.ev[0], NULL), 1);
	cond_free(c);
	free(s);

	s = nested("not ", COND_MAX_DEPTH + 1, "user.name == bob", "");
	ck_assert_ptr_null(parse(s, &errs));
	ck_assert_uint_eq(errs.n, 1);
	ck_assert_str_eq(errs.msgs[0], "test:1:267: condition nested too "
	    "deeply (more than 64 levels)");
	cerrors_clear(&errs);
	free(s);
	s = nested("( ", 1000, "user.name == alice", " )");
	ck_assert_ptr_null(parse(s, &errs));
	ck_assert_uint_eq(errs.n, 1);
	ck_assert_ptr_nonnull(strstr(errs.msgs[0], "nested too deeply"));
	cerrors_clear(&errs);
	free(s);
}
END_TEST

/* A long flat chain is one node, not a deep tree. */
START_TEST(test_long_chain)
{
	struct cond	*c;
	char		*s, *p;
	size_t		 len;
	int		 i;

	len = 5000 * 40;
	ck_assert_ptr_nonnull(s = malloc(len));
	p = s;
	for (i = 0; i < 5000; i++)
		p += sprintf(p, "%sdestination.port == %d", i ? " or " : "",
		    i + 1000);
	strcpy(p, " or user.name == alice and destination.port == 443");
	c = parse_ok(s);
	ck_assert_int_eq(c->op, C_OR);
	ck_assert_uint_eq(c->nkids, 5001);
	ck_assert_int_eq(cond_eval(c, &fx.ev[0], NULL), 1);
	ck_assert_int_eq(cond_eval(c, &fx.ev[1], NULL), 0);
	cond_free(c);
	free(s);
}
END_TEST

static const struct {
	const char	*expr;
	int		 ev;
	int		 want;
	const char	*list;		/* NULL: no hit */
	const char	*value;
	const char	*matched;
} hits[] = {
	{ "destination.domain in list bad-domains", 0, 1,
	    "bad-domains", "example.com", "destination.domain" },
	{ "destination.domain in list bad-domains", 1, 0, NULL, NULL, NULL },
	{ "destination.port in list bad-ports", 0, 1,
	    "bad-ports", "443", "destination.port" },
	/* a negated list test that is true leaves nothing behind */
	{ "not destination.domain in list bad-domains or "
	    "user.name == alice", 0, 1, NULL, NULL, NULL },
	{ "not (destination.domain in list bad-domains and "
	    "user.name == alice) or url.scheme == http", 0, 1,
	    NULL, NULL, NULL },
	{ "destination.domain in list bad-domains and "
	    "not destination.ip in list bad-ips", 0, 0, NULL, NULL, NULL },
	/* an "and" that fails after a true list test takes its hit back */
	{ "(destination.domain in list bad-domains and user.name == bob) "
	    "or destination.port == 443", 0, 1, NULL, NULL, NULL },
	{ "(destination.domain in list bad-domains and user.name == bob) "
	    "or destination.ip in list bad-ips", 0, 1,
	    "bad-ips", "203.0.113.0/24", "destination.ip" },
	/* the last true list test on the deciding path */
	{ "destination.ip in list bad-ips and "
	    "destination.domain in list bad-domains", 0, 1,
	    "bad-domains", "example.com", "destination.domain" },
	{ "destination.domain in list bad-domains or "
	    "destination.ip in list bad-ips", 0, 1,
	    "bad-domains", "example.com", "destination.domain" },
	/* cheap tests go first (cond_order), the lists keep their order */
	{ "destination.ip in list bad-ips and destination.domain in list "
	    "bad-domains and user.name == alice", 0, 1,
	    "bad-domains", "example.com", "destination.domain" },
	{ "user.name in list bad-users and destination.port == 443", 0, 1,
	    "bad-users", "alice", "user.name" },
	{ "destination.domain in list bad-domains and user.name == bob",
	    0, 0, NULL, NULL, NULL },
	{ "user.name == alice", 0, 1, NULL, NULL, NULL },
};

START_TEST(test_hit)
{
	struct indicator_hit	 hit;
	struct cond		*c;

	c = parse_ok(hits[_i].expr);
	/* garbage in: cond_eval must clear it */
	memset(&hit, 0x5a, sizeof(hit));
	ck_assert_msg(cond_eval(c, &fx.ev[hits[_i].ev], &hit) ==
	    hits[_i].want, "%s", hits[_i].expr);
	if (hits[_i].want && hits[_i].list != NULL) {
		ck_assert_str_eq(hit.list, hits[_i].list);
		ck_assert_str_eq(hit.value, hits[_i].value);
		ck_assert_str_eq(hit.matched, hits[_i].matched);
		ck_assert_ptr_nonnull(hit.type);
		ck_assert_ptr_nonnull(hit.source);
	} else
		ck_assert_msg(hit.value == NULL && hit.list == NULL &&
		    hit.matched == NULL, "%s: hit left: %s", hits[_i].expr,
		    hit.list != NULL ? hit.list : "?");
	cond_free(c);
}
END_TEST

/* The same hits when each "and" takes its cheap tests first. */
START_TEST(test_hit_ordered)
{
	struct indicator_hit	 hit;
	struct cond		*c;

	c = parse_ok(hits[_i].expr);
	ck_assert_int_eq(cond_order(c), 0);
	ck_assert_msg(cond_eval(c, &fx.ev[hits[_i].ev], &hit) ==
	    hits[_i].want, "%s", hits[_i].expr);
	if (hits[_i].want && hits[_i].list != NULL) {
		ck_assert_str_eq(hit.list, hits[_i].list);
		ck_assert_str_eq(hit.value, hits[_i].value);
	} else
		ck_assert_ptr_null(hit.list);
	cond_free(c);
}
END_TEST

static int	 npred;

static int
count_pred(const void *arg, const struct logevent *ev)
{
	(void)arg;
	(void)ev;
	npred++;
	return 1;
}

/*
 * An "and" whose cheap test fails asks nothing dear; explanations
 * still read the tests as written.
 */
START_TEST(test_order)
{
	static const char	 want[] = "'destination.ip in list "
	    "bad-domains' failed";
	struct cond		*c;
	char			 buf[512];

	npred = 0;
	ck_assert_ptr_nonnull(c = cond_new_bool(COND_AND));
	ck_assert_int_eq(cond_add(c, cond_new_pred(count_pred, NULL)), 0);
	ck_assert_int_eq(cond_add(c, parse_ok("user.name == bob")), 0);
	ck_assert_int_eq(cond_eval(c, &fx.ev[0], NULL), 0);
	ck_assert_int_eq(npred, 1);
	ck_assert_int_eq(cond_order(c), 0);
	ck_assert_int_eq(cond_eval(c, &fx.ev[0], NULL), 0);
	ck_assert_int_eq(npred, 1);
	cond_free(c);
	c = parse_ok("destination.ip in list bad-domains and "
	    "user.name == bob");
	ck_assert_int_eq(cond_order(c), 0);
	(void)cond_why_not(c, &fx.ev[0], buf, sizeof(buf));
	ck_assert_msg(strncmp(buf, want, sizeof(want) - 1) == 0, "%s", buf);
	cond_free(c);
}
END_TEST

START_TEST(test_hit_fields)
{
	struct indicator_hit	 hit;
	struct cond		*c;

	c = parse_ok("destination.domain in list bad-domains");
	ck_assert_int_eq(cond_eval(c, &fx.ev[0], &hit), 1);
	ck_assert_str_eq(hit.description, "test domain");
	ck_assert_str_eq(hit.source, "unit-feed");
	ck_assert_str_eq(hit.type, list_type_name(LT_DOMAIN));
	cond_free(c);
}
END_TEST

/*
 * A deceptive name is the indicator: the name as the note keeps it,
 * and why; a later operand that fails takes both back.
 */
START_TEST(test_deceptive_note)
{
	struct indicator_hit	 hit;
	struct cond_note	 note;
	struct cond		*c;

	c = parse_ok("file.name is deceptive and winlog.event_id == 4688");
	ck_assert_int_eq(cond_eval_note(c, &fx.ev[1], &hit, &note), 1);
	ck_assert_str_eq(note.value, "\xe8\xa6\x8b\xe7\xa9\x8d.xlsxs.exe");
	ck_assert_str_eq(note.field, "file.name");
	ck_assert_str_eq(note.why,
	    "a document extension before an executable one");
	ck_assert_ptr_eq(hit.value, note.value);
	ck_assert_str_eq(hit.type, "file");
	ck_assert_str_eq(hit.matched, "file.name");
	ck_assert_ptr_eq(hit.description, note.why);
	ck_assert_ptr_null(hit.list);
	cond_free(c);
	c = parse_ok("file.name is deceptive and winlog.event_id == 1");
	ck_assert_int_eq(cond_eval_note(c, &fx.ev[1], &hit, &note), 0);
	ck_assert_ptr_null(hit.value);
	ck_assert_ptr_null(note.why);
	cond_free(c);
}
END_TEST

START_TEST(test_regex_limit)
{
	struct cond	*c;
	struct timespec	 t0, t1;
	double		 ms;

	c = parse_ok("user_agent.original ~ \"(a+)+$\"");
	ck_assert_int_eq(c->op, C_RE);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(cond_eval(c, &fx.ev[1], NULL), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
	ck_assert_msg(ms < 500, "catastrophic pattern took %.1f ms", ms);
	ck_assert_uint_eq(c->u.re->limit_hits, 1);
	ck_assert_int_eq(cond_eval(c, &fx.ev[1], NULL), 0);
	ck_assert_uint_eq(c->u.re->limit_hits, 2);
	/* an ordinary match does not count */
	ck_assert_int_eq(cond_eval(c, &fx.ev[0], NULL), 0);
	ck_assert_uint_eq(c->u.re->limit_hits, 2);
	cond_free(c);

	/* counted as no match, so the negation holds */
	c = parse_ok("user_agent.original !~ \"(a+)+$\"");
	ck_assert_int_eq(cond_eval(c, &fx.ev[1], NULL), 1);
	ck_assert_uint_eq(c->kids[0]->u.re->limit_hits, 1);
	cond_free(c);
}
END_TEST

/* Node shapes the evaluation relies on. */
START_TEST(test_shapes)
{
	struct cond	*c;

	c = parse_ok("destination.port in [80, 443, 8080]");
	ck_assert_int_eq(c->op, C_OR);
	ck_assert_uint_eq(c->nkids, 3);
	cond_free(c);
	c = parse_ok("user.name != x");
	ck_assert_int_eq(c->op, C_NOT);
	ck_assert_int_eq(c->kids[0]->op, C_STREQ);
	cond_free(c);
}
END_TEST

/* What made a condition true: field, operator and what matched. */
static const struct {
	const char	*expr;
	size_t		 n;
	const char	*field, *op, *value;	/* of the first */
} matched[] = {
	{ "url.original ~ \"pay[a-z]+\\.exe\"", 1, "url.original", "~",
	    "payload.exe" },
	{ "url.original contains \"/dl/\" and user.name == alice", 1,
	    "url.original", "contains", "/dl/" },
	{ "destination.domain in list bad-domains", 1, "destination.domain",
	    "in list bad-domains", "example.com" },
	{ "destination.port in list bad-ports", 1, "destination.port",
	    "in list bad-ports", "443" },
	/* The alternative that held, not the one that did not. */
	{ "url.original ~ \"nothing\" or process.command_line ~ \"who[a-z]+\"",
	    1, "process.command_line", "~", "whoami" },
	{ "url.original ~ \"\\?id=[0-9]\" and destination.domain in list "
	    "bad-domains", 2, "url.original", "~", "?id=1" },
	/* Under a not, nothing is said; equality is no news. */
	{ "not url.original ~ \"nothing\" and user.name == alice", 0, NULL,
	    NULL, NULL },
	/* False: nothing. */
	{ "url.original ~ \"nothing\"", 0, NULL, NULL, NULL },
};

START_TEST(test_matched)
{
	struct cond_match	 m[4];
	struct cond		*c;
	size_t			 n;

	c = parse_ok(matched[_i].expr);
	n = cond_matched(c, &fx.ev[0], m, 4);
	ck_assert_msg(n == matched[_i].n, "%s: %zu matched, want %zu",
	    matched[_i].expr, n, matched[_i].n);
	if (n > 0) {
		ck_assert_str_eq(m[0].field, matched[_i].field);
		ck_assert_str_eq(m[0].op, matched[_i].op);
		ck_assert_str_eq(m[0].value, matched[_i].value);
	}
	cond_free(c);
}
END_TEST

/* Why a condition is false: the first test that failed. */
static const struct {
	const char	*expr;
	const char	*why;	/* "" when it holds */
} whynot[] = {
	{ "user.name == alice", "" },
	{ "user.name == alice and url.original ~ \"\\.dll$\" and "
	    "destination.port == 80",
	    "'url.original ~ \"\\.dll$\"' failed: it is "
	    "\"http://evil.example.com/dl/payload.exe?id=1\"" },
	{ "destination.port in [80, 8080]",
	    "'destination.port in [80, 8080]' failed: it is 443" },
	{ "dns.question.name == x.example", "'dns.question.name == "
	    "x.example' failed: it is not set" },
	{ "http.request.method != get", "'http.request.method != get' "
	    "failed: it is \"get\"" },
	{ "not (user.name == alice)", "'user.name == alice' holds, and the "
	    "rule wants it not to" },
	{ "user.name == bob or user.name == carol", "none of 2 alternatives "
	    "holds; the first: 'user.name == bob' failed: it is \"ALICE\"" },
};

START_TEST(test_why_not)
{
	struct cond	*c;
	char		 buf[512];

	c = parse_ok(whynot[_i].expr);
	(void)cond_why_not(c, &fx.ev[0], buf, sizeof(buf));
	ck_assert_str_eq(buf, whynot[_i].why);
	cond_free(c);
}
END_TEST

/* The profile key a true condition needs declared (cond_profile_key). */
static const struct {
	const char	*expr;
	int		 key;		/* -1: none needed */
} pkeys[] = {
	{ "destination.port not in profile ports", PK_PORTS },
	{ "http.request.method == CONNECT and destination.port not in "
	    "profile connect-ports", PK_CONNECT_PORTS },
	{ "user_agent.original not in profile applications or "
	    "(winlog.event_id == 1 and process.executable not in profile "
	    "applications)", PK_APPLICATIONS },
	/* An undeclared key makes the test false, its "not" true. */
	{ "not destination.port in profile ports", -1 },
	{ "destination.port not in profile ports or url.category not in "
	    "profile categories", -1 },
	{ "destination.port not in profile ports or user.name == alice", -1 },
	{ "user.name == alice", -1 },
};

START_TEST(test_profile_key)
{
	struct cerrors		 errs = { 0 };
	struct profiles		*set = profiles_new();
	const struct profiles	*got = NULL;
	struct cond_env		 env;
	struct cnode		*root;
	struct cond		*c;
	char			*text;
	int			 n, key = -1;

	ck_assert_ptr_nonnull(set);
	memset(&env, 0, sizeof(env));
	env.profiles = set;
	n = asprintf(&text, "condition %s\n", pkeys[_i].expr);
	ck_assert_int_ge(n, 0);
	ck_assert_ptr_nonnull(root = conf_parse_string("test", text,
	    (size_t)n, &errs));
	free(text);
	c = cond_parse_env(root->args, root->nargs, &env, &errs);
	conf_free(root);
	ck_assert_msg(c != NULL, "%s: %s", pkeys[_i].expr,
	    errs.n > 0 ? errs.msgs[0] : "?");
	ck_assert_int_eq(cond_profile_key(c, &got, &key),
	    pkeys[_i].key >= 0);
	if (pkeys[_i].key >= 0) {
		ck_assert_int_eq(key, pkeys[_i].key);
		ck_assert_ptr_eq(got, set);
	}
	cond_free(c);
	profiles_free(set);
	cerrors_clear(&errs);
}
END_TEST

/* Which keys every, some or no endpoint's profile declares. */
static struct profiles *
profiles_of(const char *text)
{
	struct cerrors	 errs = { 0 };
	struct profiles	*ps = profiles_new();
	struct cnode	*root, *n;

	ck_assert_ptr_nonnull(ps);
	ck_assert_ptr_nonnull(root = conf_parse_string("test", text,
	    strlen(text), &errs));
	for (n = root; n != NULL; n = n->next)
		ck_assert_int_eq(profiles_statement(ps, n, NULL, NULL, &errs),
		    0);
	ck_assert_int_eq(profiles_finish(ps, &errs), 0);
	conf_free(root);
	cerrors_clear(&errs);
	return ps;
}

START_TEST(test_profiles_declared)
{
	struct profiles	*ps;

	ps = profiles_of("profile hq {\n networks 10.0.0.0/8\n"
	    " countries JP\n}\nprofile default {\n ports 80\n}\n");
	ck_assert_int_eq(profiles_declared(ps, PK_PORTS), PROFILES_ALL);
	ck_assert_int_eq(profiles_declared(ps, PK_COUNTRIES), PROFILES_SOME);
	ck_assert_int_eq(profiles_declared(ps, PK_QUERIES), PROFILES_NONE);
	profiles_free(ps);
	/* Without a default, an endpoint no profile covers has none. */
	ps = profiles_of("profile hq {\n networks 10.0.0.0/8\n"
	    " ports 80\n}\n");
	ck_assert_int_eq(profiles_declared(ps, PK_PORTS), PROFILES_SOME);
	profiles_free(ps);
	ck_assert_int_eq(profiles_declared(NULL, PK_PORTS), PROFILES_NONE);
}
END_TEST

static Suite *
cond_suite(void)
{
	Suite	*s = suite_create("cond");
	TCase	*tc;

	tc = tcase_create("eval");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_eval, 0, sizeof(evals) / sizeof(evals[0]));
	tcase_add_loop_test(tc, test_eval_memo, 0,
	    sizeof(evals) / sizeof(evals[0]));
	tcase_add_test(tc, test_memo_shared);
	tcase_add_loop_test(tc, test_same, 0,
	    (int)(sizeof(sames) / sizeof(sames[0])));
	tcase_add_loop_test(tc, test_fields, 0,
	    (int)(sizeof(fieldss) / sizeof(fieldss[0])));
	tcase_add_test(tc, test_long_chain);
	tcase_add_test(tc, test_shapes);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_errors, 0,
	    sizeof(errors) / sizeof(errors[0]));
	tcase_add_test(tc, test_regex_and_type_error);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_depth);
	suite_add_tcase(s, tc);

	tc = tcase_create("hits");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_hit, 0, sizeof(hits) / sizeof(hits[0]));
	tcase_add_loop_test(tc, test_hit_ordered, 0,
	    sizeof(hits) / sizeof(hits[0]));
	tcase_add_test(tc, test_order);
	tcase_add_loop_test(tc, test_profile_key, 0,
	    sizeof(pkeys) / sizeof(pkeys[0]));
	tcase_add_test(tc, test_profiles_declared);
	tcase_add_test(tc, test_hit_fields);
	tcase_add_loop_test(tc, test_matched, 0,
	    sizeof(matched) / sizeof(matched[0]));
	tcase_add_loop_test(tc, test_why_not, 0,
	    sizeof(whynot) / sizeof(whynot[0]));
	tcase_add_test(tc, test_deceptive_note);
	tcase_add_test(tc, test_regex_limit);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return test_main(cond_suite());
}
