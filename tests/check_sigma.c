/*
 * Tests of Sigma rules (src/rules/sigma*.c, stest.c, sfield.c): every
 * modifier and condition form, each with an event that fires and one
 * that does not, table-driven; then bad input, each with its message;
 * then the statement's options, filters, groups of targets and the
 * metadata of the rule.
 *
 * Rules are written to a directory of the test's own beside a mapping
 * file of the test's own: logsource "product test" reads events of
 * format "test" whose fields the cases set, and any field it does not
 * map through the line's own names, which the event serves from the
 * case's text.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers/analyzer.h"
#include "analyzers/composite.h"
#include "analyzers/finding.h"
#include "event/logevent.h"
#include "conf/conf.h"
#include "rules/cond.h"
#include "rules/rule.h"
#include "rules/ruleset.h"
#include "rules/sigma.h"
#include "testmain.h"
#include "testtmp.h"
#include "testruleset.h"

static const char logsources[] =
    "logsource {\n"
    "	product test\n"
    "	target t {\n"
    "		format test\n"
    "		field CommandLine process.command_line\n"
    "		field Image process.executable\n"
    "		field User user.name\n"
    "		field Port destination.port\n"
    "		field Ip source.ip\n"
    "		field Ext url.extension\n"
    "		field Url url.original\n"
    "		field Missing none\n"
    "		unmapped native\n"
    "	}\n"
    "}\n"
    "logsource {\n"
    "	product test\n"
    "	category two\n"
    "	target a {\n"
    "		format test\n"
    "		field CommandLine process.command_line\n"
    "		field Only none\n"
    "	}\n"
    "	target b {\n"
    "		format other\n"
    "		field CommandLine process.command_line\n"
    "		field Only native Only\n"
    "	}\n"
    "}\n";

/* The line's own fields of the event under test. */
struct tnat {
	char	 name[64][32];
	char	 value[64][256];
	int	 n;
};

static struct tnat	 nat;

static struct slice
tnative(const struct logevent *ev, const char *name, size_t len, char *buf,
    size_t size)
{
	struct slice	 s = { NULL, 0 };
	int		 i;

	(void)ev;
	for (i = 0; i < nat.n; i++)
		if (strlen(nat.name[i]) == len &&
		    memcmp(nat.name[i], name, len) == 0) {
			snprintf(buf, size, "%s", nat.value[i]);
			s.p = buf;
			s.len = strlen(buf);
		}
	return s;
}

static char	 evtext[8][8192];

/* "%N" in a value of a case is a newline. */
static void
unescape(char *v)
{
	char	*r = v, *w = v;

	for (; *r != '\0'; r++)
		if (r[0] == '%' && r[1] == 'N') {
			*w++ = '\n';
			r++;
		} else
			*w++ = *r;
	*w = '\0';
}

/* "Key=value" lines into an event of format test. */
static void
event(struct logevent *ev, const char *spec)
{
	char		 line[8192], *eq;
	const char	*p = spec, *nl;
	struct slice	*dst;
	int		 k = 0;

	memset(ev, 0, sizeof(*ev));
	logevent_reset(ev);
	ev->format = "test";
	ev->native = tnative;
	nat.n = 0;
	for (; p != NULL && *p != '\0'; p = nl != NULL ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		snprintf(line, sizeof(line), "%.*s", (int)(nl != NULL ?
		    (size_t)(nl - p) : strlen(p)), p);
		ck_assert_ptr_nonnull(eq = strchr(line, '='));
		*eq = '\0';
		unescape(eq + 1);
		if (strcmp(line, "Port") == 0) {
			ev->dst_port = atoi(eq + 1);
			continue;
		}
		dst = strcmp(line, "CommandLine") == 0 ? &ev->command_line :
		    strcmp(line, "Image") == 0 ? &ev->process_image :
		    strcmp(line, "User") == 0 ? &ev->user :
		    strcmp(line, "Ip") == 0 ? &ev->src_ip :
		    strcmp(line, "Url") == 0 ? &ev->url :
		    strcmp(line, "Path") == 0 ? &ev->url_path :
		    strcmp(line, "Line") == 0 ? &ev->raw :
		    strcmp(line, "Format") == 0 ? NULL : NULL;
		if (strcmp(line, "Format") == 0) {
			snprintf(evtext[k], sizeof(evtext[k]), "%s", eq + 1);
			ev->format = evtext[k++];
		} else if (dst != NULL) {
			snprintf(evtext[k], sizeof(evtext[k]), "%s", eq + 1);
			*dst = slice_cstr(evtext[k++]);
		} else {
			snprintf(nat.name[nat.n], sizeof(nat.name[0]), "%.31s",
			    line);
			snprintf(nat.value[nat.n], sizeof(nat.value[0]),
			    "%.255s", eq + 1);
			nat.n++;
		}
	}
}

static void
setup(void)
{
	test_dir_make();
	test_puts("sigma-logsources.conf", "w", logsources);
	test_puts("paths.txt", "w", "\\temp\\\n\\appdata\\\n");
	test_puts("hosts.txt", "w", "10.0.0.1\n");
}

static void
teardown(void)
{
	test_dir_remove();
}

/* The rule set of a rule file text, lists first; NULL on errors. */
static struct ruleset *
load_rules(const char *text, struct cerrors *errs)
{
	struct ruleset	*rs;

	test_puts("t.rules", "w", text);
	if ((rs = test_ruleset(conf_parse_file(test_path("t.rules"), errs),
	    errs)) == NULL)
		cerrors_print(errs);
	return rs;
}

#define RULES_HEAD \
	"list paths { file \"paths.txt\"; type string }\n" \
	"list hosts { file \"hosts.txt\"; type ip }\n"

/* A rule set with the Sigma rules of dir (options: the block). */
static struct ruleset *
load_sigma(const char *path, const char *options)
{
	struct cerrors	 errs = { 0 };
	struct ruleset	*rs;
	char		 text[2048];

	snprintf(text, sizeof(text), RULES_HEAD "sigma \"%s\" {\n%s\n}\n",
	    path, options != NULL ? options : "status experimental\n"
	    "level informational");
	rs = load_rules(text, &errs);
	ck_assert_ptr_nonnull(rs);
	cerrors_clear(&errs);
	return rs;
}

/* A rule of logsource "product test" with this detection, loaded. */
static struct ruleset *
load_detection(const char *detection)
{
	char	 yaml[8192];

	snprintf(yaml, sizeof(yaml),
	    "title: Test rule\n"
	    "id: 00000000-0000-0000-0000-000000000001\n"
	    "status: test\n"
	    "level: high\n"
	    "logsource:\n"
	    "    product: test\n"
	    "detection:\n%s", detection);
	test_puts("r.yml", "w", yaml);
	return load_sigma("r.yml", NULL);
}

static int
fires(const struct ruleset *rs, const char *id, const char *spec)
{
	const struct rule	*r;
	struct logevent		 ev;
	int			 v;

	ck_assert_ptr_nonnull(r = ruleset_rule(rs, id));
	event(&ev, spec);
	ruleset_event_begin(rs);
	v = cond_eval(r->cond, &ev, NULL);
	logevent_free(&ev);
	return v;
}

/* Whether the first skip message has msg in it. */
static int
skipped_with(const struct ruleset *rs, const char *msg)
{
	const char	*m;
	size_t		 i;

	for (i = 0; (m = sigma_skipped(rs->sigma, i)) != NULL; i++)
		if (strstr(m, msg) != NULL)
			return 1;
	for (i = 0; (m = sigma_skipped(rs->sigma, i)) != NULL; i++)
		fprintf(stderr, "skipped: %s\n", m);
	return 0;
}

/*
 * A modifier or condition form: a detection, an event on which it
 * fires and one on which it does not.
 */
struct scase {
	const char	*what;
	const char	*detection;
	const char	*yes;
	const char	*no;
};

static const struct scase cases[] = {
	{ "equality ignores case",
	    "    sel:\n        Image: 'C:\\Windows\\cmd.exe'\n"
	    "    condition: sel\n",
	    "Image=c:\\WINDOWS\\CMD.EXE", "Image=C:\\Windows\\cmd.exe2" },
	{ "cased",
	    "    sel:\n        Image|cased: 'C:\\Windows\\cmd.exe'\n"
	    "    condition: sel\n",
	    "Image=C:\\Windows\\cmd.exe", "Image=c:\\windows\\cmd.exe" },
	{ "star wildcard",
	    "    sel:\n        Image: 'C:\\\\*\\cmd.exe'\n"
	    "    condition: sel\n",
	    "Image=C:\\Windows\\System32\\cmd.exe", "Image=D:\\x\\cmd.exe" },
	{ "question mark wildcard",
	    "    sel:\n        Image: 'c?d.exe'\n    condition: sel\n",
	    "Image=cmd.exe", "Image=cmmd.exe" },
	{ "escaped star is literal",
	    "    sel:\n        CommandLine: 'a\\*b'\n    condition: sel\n",
	    "CommandLine=a*b", "CommandLine=axb" },
	{ "escaped backslash before a wildcard",
	    "    sel:\n        CommandLine: 'x\\\\*'\n    condition: sel\n",
	    "CommandLine=x\\anything", "CommandLine=xanything" },
	{ "lone backslash is literal",
	    "    sel:\n        CommandLine: 'a\\b'\n    condition: sel\n",
	    "CommandLine=a\\b", "CommandLine=ab" },
	{ "contains",
	    "    sel:\n        CommandLine|contains: 'WhoAmI'\n"
	    "    condition: sel\n",
	    "CommandLine=cmd /c whoami /all", "CommandLine=cmd /c who" },
	{ "startswith",
	    "    sel:\n        CommandLine|startswith: 'cmd '\n"
	    "    condition: sel\n",
	    "CommandLine=CMD /c x", "CommandLine=x cmd /c" },
	{ "endswith",
	    "    sel:\n        Image|endswith: '\\whoami.exe'\n"
	    "    condition: sel\n",
	    "Image=C:\\w\\WHOAMI.EXE", "Image=C:\\w\\whoami.exe.bak" },
	{ "list of values is any",
	    "    sel:\n        Image|endswith:\n            - '\\a.exe'\n"
	    "            - '\\b.exe'\n    condition: sel\n",
	    "Image=C:\\b.exe", "Image=C:\\c.exe" },
	{ "contains all",
	    "    sel:\n        CommandLine|contains|all:\n"
	    "            - 'net'\n            - 'user'\n"
	    "    condition: sel\n",
	    "CommandLine=net user bob", "CommandLine=net group" },
	{ "re",
	    "    sel:\n        CommandLine|re: 'who[a-z]+\\s+/all'\n"
	    "    condition: sel\n",
	    "CommandLine=x whoami /all", "CommandLine=x WHOAMI /all" },
	{ "re i",
	    "    sel:\n        CommandLine|re|i: 'whoami'\n"
	    "    condition: sel\n",
	    "CommandLine=WHOAMI", "CommandLine=who ami" },
	{ "re m",
	    "    sel:\n        CommandLine|re|m: '^b$'\n    condition: sel\n",
	    "CommandLine=a%Nb", "CommandLine=a b" },
	{ "re s",
	    "    sel:\n        CommandLine|re|s: 'a.b'\n    condition: sel\n",
	    "CommandLine=a%Nb", "CommandLine=a%N%Nb" },
	{ "cidr",
	    "    sel:\n        Ip|cidr: '10.0.0.0/8'\n    condition: sel\n",
	    "Ip=10.1.2.3", "Ip=11.1.2.3" },
	{ "cidr ipv6",
	    "    sel:\n        Ip|cidr: '2001:db8::/32'\n    condition: sel\n",
	    "Ip=2001:db8::5", "Ip=2001:db9::5" },
	{ "base64 contains",
	    "    sel:\n        CommandLine|base64|contains: 'whoami'\n"
	    "    condition: sel\n",
	    "CommandLine=x d2hvYW1p y", "CommandLine=whoami" },
	{ "base64offset contains, offset 0",
	    "    sel:\n        CommandLine|base64offset|contains: 'http://'\n"
	    "    condition: sel\n",
	    "CommandLine=aHR0cDovL", "CommandLine=http://" },
	{ "base64offset contains, offset 1",
	    "    sel:\n        CommandLine|base64offset|contains: 'http://'\n"
	    "    condition: sel\n",
	    "CommandLine=xxh0dHA6Lyzz", "CommandLine=IGh0dHBz" },
	{ "base64offset contains, offset 2",
	    "    sel:\n        CommandLine|base64offset|contains: 'http://'\n"
	    "    condition: sel\n",
	    "CommandLine=ICBodHRwOi8vYQ", "CommandLine=ICBodHRwcw==" },
	{ "wide base64offset contains",
	    "    sel:\n        CommandLine|wide|base64offset|contains: 'iex'\n"
	    "    condition: sel\n",
	    "CommandLine=-enc aQBlAHgA", "CommandLine=-enc aWV4" },
	{ "utf16le base64offset contains",
	    "    sel:\n        CommandLine|utf16le|base64offset|contains: "
	    "'iex'\n    condition: sel\n",
	    "CommandLine=-enc aQBlAHgA", "CommandLine=-enc aWV4" },
	{ "utf16be base64 contains",
	    "    sel:\n        CommandLine|utf16be|base64|contains: 'iex'\n"
	    "    condition: sel\n",
	    "CommandLine=AGkAZQB4", "CommandLine=aQBlAHgA" },
	{ "utf16 base64: with its byte order mark",
	    "    sel:\n        CommandLine|utf16|base64|contains: 'iex'\n"
	    "    condition: sel\n",
	    "CommandLine=//5pAGUAeAA=", "CommandLine=aQBlAHgA" },
	{ "windash slash",
	    "    sel:\n        CommandLine|windash|contains: ' -enc '\n"
	    "    condition: sel\n",
	    "CommandLine=powershell /enc abc", "CommandLine=powershell enc" },
	{ "windash en dash",
	    "    sel:\n        CommandLine|windash|contains: ' -enc '\n"
	    "    condition: sel\n",
	    "CommandLine=powershell \xe2\x80\x93" "enc abc",
	    "CommandLine=powershell --enc abc" },
	{ "windash horizontal bar",
	    "    sel:\n        CommandLine|contains|windash: ' -enc '\n"
	    "    condition: sel\n",
	    "CommandLine=p \xe2\x80\x95" "enc x", "CommandLine=p _enc x" },
	{ "expand from a list",
	    "    sel:\n        CommandLine|expand|contains: '%paths%'\n"
	    "    condition: sel\n",
	    "CommandLine=c:\\users\\x\\AppData\\y.exe",
	    "CommandLine=c:\\users\\x\\y.exe" },
	{ "exists true",
	    "    sel:\n        Other|exists: true\n    condition: sel\n",
	    "Other=", "CommandLine=x" },
	{ "exists false",
	    "    sel:\n        Other|exists: false\n    condition: sel\n",
	    "CommandLine=x", "Other=1" },
	{ "null is absent or empty",
	    "    sel:\n        Other: null\n    condition: sel\n",
	    "CommandLine=x", "Other=1" },
	{ "empty string is present and empty",
	    "    sel:\n        Other: ''\n    condition: sel\n",
	    "Other=", "CommandLine=x" },
	{ "lone star is present with any value",
	    "    sel:\n        Other: '*'\n    condition: sel\n",
	    "Other=abc", "CommandLine=x" },
	{ "gt",
	    "    sel:\n        Port|gt: 1000\n    condition: sel\n",
	    "Port=1001", "Port=1000" },
	{ "gte",
	    "    sel:\n        Port|gte: 1000\n    condition: sel\n",
	    "Port=1000", "Port=999" },
	{ "lt",
	    "    sel:\n        Port|lt: 1000\n    condition: sel\n",
	    "Port=999", "Port=1000" },
	{ "lte",
	    "    sel:\n        Port|lte: 1000\n    condition: sel\n",
	    "Port=1000", "Port=1001" },
	{ "gt on a native field of text",
	    "    sel:\n        Count|gt: 10\n    condition: sel\n",
	    "Count=11", "Count=abc" },
	{ "integer equality",
	    "    sel:\n        Port: 443\n    condition: sel\n",
	    "Port=443", "Port=4430" },
	{ "fieldref",
	    "    sel:\n        User|fieldref: Other\n    condition: sel\n",
	    "User=alice\nOther=ALICE", "User=alice\nOther=bob" },
	{ "fieldref startswith",
	    "    sel:\n        User|fieldref|startswith: Other\n"
	    "    condition: sel\n",
	    "User=alice\nOther=al", "User=alice\nOther=ce" },
	{ "native field",
	    "    sel:\n        ParentUser|endswith: 'SYSTEM'\n"
	    "    condition: sel\n",
	    "ParentUser=NT AUTHORITY\\SYSTEM", "ParentUser=bob" },
	{ "url extension",
	    "    sel:\n        Ext: 'hta'\n    condition: sel\n",
	    "Path=/a/b.HTA", "Path=/a/b.htm" },
	{ "keywords search the line",
	    "    keywords:\n        - 'mimikatz'\n        - 'sekurlsa'\n"
	    "    condition: keywords\n",
	    "Line=... SEKURLSA::logonpasswords ...", "Line=nothing here" },
	{ "keywords with wildcards",
	    "    keywords:\n        - 'evil*tool'\n    condition: keywords\n",
	    "Line=an evil little tool", "Line=a tool evil" },
	{ "a map is and",
	    "    sel:\n        Image|endswith: '\\net.exe'\n"
	    "        CommandLine|contains: 'user'\n    condition: sel\n",
	    "Image=c:\\net.exe\nCommandLine=net user",
	    "Image=c:\\net.exe\nCommandLine=net group" },
	{ "a list of maps is or",
	    "    sel:\n        - Image|endswith: '\\a.exe'\n"
	    "        - CommandLine|contains: 'b'\n    condition: sel\n",
	    "CommandLine=xbx", "Image=c:\\c.exe\nCommandLine=x" },
	{ "and",
	    "    a:\n        Image: 'x'\n    b:\n        User: 'u'\n"
	    "    condition: a and b\n",
	    "Image=x\nUser=u", "Image=x\nUser=v" },
	{ "or",
	    "    a:\n        Image: 'x'\n    b:\n        User: 'u'\n"
	    "    condition: a or b\n",
	    "Image=y\nUser=u", "Image=y\nUser=v" },
	{ "not",
	    "    a:\n        Image: 'x'\n    b:\n        User: 'u'\n"
	    "    condition: a and not b\n",
	    "Image=x\nUser=v", "Image=x\nUser=u" },
	{ "parentheses",
	    "    a:\n        Image: 'x'\n    b:\n        User: 'u'\n"
	    "    c:\n        CommandLine: 'c'\n"
	    "    condition: a and (b or c)\n",
	    "Image=x\nCommandLine=c", "Image=y\nCommandLine=c" },
	{ "and binds before or",
	    "    a:\n        Image: 'x'\n    b:\n        User: 'u'\n"
	    "    c:\n        CommandLine: 'c'\n"
	    "    condition: a and b or c\n",
	    "Image=y\nCommandLine=c", "Image=x\nUser=v" },
	{ "1 of pattern",
	    "    sel_a:\n        Image: 'x'\n    sel_b:\n        User: 'u'\n"
	    "    other:\n        CommandLine: 'c'\n"
	    "    condition: 1 of sel_*\n",
	    "User=u", "CommandLine=c" },
	{ "all of pattern",
	    "    sel_a:\n        Image: 'x'\n    sel_b:\n        User: 'u'\n"
	    "    condition: all of sel_*\n",
	    "Image=x\nUser=u", "Image=x\nUser=v" },
	{ "1 of them",
	    "    a:\n        Image: 'x'\n    b:\n        User: 'u'\n"
	    "    condition: 1 of them\n",
	    "User=u", "User=v" },
	{ "all of them leaves out _ names",
	    "    a:\n        Image: 'x'\n    _b:\n        User: 'u'\n"
	    "    condition: all of them\n",
	    "Image=x", "Image=y\nUser=u" },
	{ "not 1 of pattern",
	    "    sel:\n        Image: 'x'\n    filter_a:\n        User: 'u'\n"
	    "    filter_b:\n        User: 'w'\n"
	    "    condition: sel and not 1 of filter_*\n",
	    "Image=x\nUser=v", "Image=x\nUser=w" },
	{ "a list of conditions is or",
	    "    a:\n        Image: 'x'\n    b:\n        User: 'u'\n"
	    "    condition:\n        - a\n        - b\n",
	    "User=u", "User=v" },
	{ "a field with no equivalent leaves its map false",
	    "    a:\n        Missing: 'x'\n    b:\n        User: 'u'\n"
	    "    condition: a or b\n",
	    "User=u", "User=v" },
	{ "keyword casefolding",
	    "    keywords: 'MimiKatz'\n    condition: keywords\n",
	    "Line=MIMIKATZ", "Line=mimi katz" },
};

START_TEST(test_forms)
{
	const struct scase	*c = &cases[_i];
	struct ruleset		*rs = load_detection(c->detection);
	const char		*id = "00000000-0000-0000-0000-000000000001";

	ck_assert_msg(ruleset_rule(rs, id) != NULL, "%s: not loaded (%s)",
	    c->what, sigma_skipped(rs->sigma, 0));
	ck_assert_msg(fires(rs, id, c->yes), "%s: does not fire on %s",
	    c->what, c->yes);
	ck_assert_msg(!fires(rs, id, c->no), "%s: fires on %s", c->what,
	    c->no);
	ruleset_free(rs);
}
END_TEST

/* Bad input: each rule is skipped with its message, the rest loads. */
struct sbad {
	const char	*what;
	const char	*yaml;		/* the whole file */
	const char	*msg;		/* in the skip message */
};

#define GOOD_HEAD \
	"title: Bad rule\nid: 00000000-0000-0000-0000-0000000000b1\n" \
	"logsource:\n    product: test\n"

static const struct sbad bads[] = {
	{ "not YAML", "title: [unclosed\n", "not YAML" },
	{ "tab indentation",
	    GOOD_HEAD "detection:\n\tsel:\n\t\tImage: x\n", "a tab" },
	{ "alias", GOOD_HEAD "detection:\n    sel: &a\n        Image: x\n"
	    "    other: *a\n    condition: sel\n", "aliases" },
	{ "duplicate key", GOOD_HEAD "detection:\n    sel:\n        Image: x\n"
	    "    sel:\n        Image: y\n    condition: sel\n",
	    "given twice" },
	{ "missing selection", GOOD_HEAD "detection:\n    sel:\n"
	    "        Image: x\n    condition: sel and nosuch\n",
	    "names 'nosuch', which is not a selection" },
	{ "pattern matching nothing", GOOD_HEAD "detection:\n    sel:\n"
	    "        Image: x\n    condition: 1 of filter_*\n",
	    "no selection matches 'filter_*'" },
	{ "unknown modifier", GOOD_HEAD "detection:\n    sel:\n"
	    "        Image|containz: x\n    condition: sel\n",
	    "unknown modifier 'containz'" },
	{ "modifiers that do not go together", GOOD_HEAD "detection:\n"
	    "    sel:\n        Image|re|contains: x\n    condition: sel\n",
	    "do not go with re" },
	{ "regex that does not compile", GOOD_HEAD "detection:\n    sel:\n"
	    "        Image|re: 'a(b'\n    condition: sel\n",
	    "bad regular expression" },
	{ "bad cidr", GOOD_HEAD "detection:\n    sel:\n"
	    "        Ip|cidr: '10.0.0.0/33'\n    condition: sel\n",
	    "not an IP address or prefix" },
	{ "gt of text", GOOD_HEAD "detection:\n    sel:\n"
	    "        Port|gt: abc\n    condition: sel\n", "is not a number" },
	{ "base64 of wildcards", GOOD_HEAD "detection:\n    sel:\n"
	    "        Image|contains|base64: x\n    condition: sel\n",
	    "base64 of a value with wildcards" },
	{ "unresolved placeholder", GOOD_HEAD "detection:\n    sel:\n"
	    "        Image|expand: '%nosuch%'\n    condition: sel\n",
	    "%nosuch%: no list of type string" },
	{ "placeholder of a list not of strings", GOOD_HEAD "detection:\n"
	    "    sel:\n        Image|expand: '%hosts%'\n    condition: sel\n",
	    "%hosts%: no list of type string" },
	{ "aggregation", GOOD_HEAD "detection:\n    sel:\n        Image: x\n"
	    "    condition: sel | count() > 5\n", "aggregations" },
	{ "unbalanced parenthesis", GOOD_HEAD "detection:\n    sel:\n"
	    "        Image: x\n    condition: (sel\n", "'(' is not closed" },
	{ "2 of", GOOD_HEAD "detection:\n    sel:\n        Image: x\n"
	    "    condition: 2 of sel\n", "only '1 of' and 'all of'" },
	{ "no condition", GOOD_HEAD "detection:\n    sel:\n        Image: x\n",
	    "has no condition" },
	{ "empty selection", GOOD_HEAD "detection:\n    sel:\n"
	    "    condition: sel\n", "an empty selection" },
	{ "mixed selection list", GOOD_HEAD "detection:\n    sel:\n"
	    "        - Image: x\n        - y\n    condition: sel\n",
	    "mixes maps and values" },
	{ "a field without an equivalent under a not", GOOD_HEAD
	    "detection:\n    sel:\n        Image: x\n    filter:\n"
	    "        Missing: y\n    condition: sel and not filter\n",
	    "field 'Missing' has no equivalent" },
	{ "no title", "id: 00000000-0000-0000-0000-0000000000b1\n"
	    "logsource:\n    product: test\n", "needs a title" },
	{ "no id", "title: x\nlogsource:\n    product: test\n",
	    "needs an id" },
	{ "correlation without rules", "title: c\nid: x\ncorrelation:\n"
	    "    type: event_count\n",
	    "a correlation needs rules" },
	{ "logsource without mapping", "title: t\nid: x\nlogsource:\n"
	    "    product: nosuch\ndetection:\n    sel:\n        a: b\n"
	    "    condition: sel\n", "logsource product=nosuch: no mapping" },
	{ "not a map", "- a\n- b\n", "a Sigma rule is a YAML map" },
	{ "too many values", GOOD_HEAD "detection:\n    sel:\n"
	    "        CommandLine|windash|contains: '-a -b -c -d -e'\n"
	    "    condition: sel\n", "more than 256 alternatives" },
};

#define GOOD_ID	"00000000-0000-0000-0000-0000000000b2"

START_TEST(test_bad)
{
	const struct sbad	*b = &bads[_i];
	struct ruleset		*rs;

	test_puts("bad.yml", "w", b->yaml);
	test_puts("good.yml", "w", "title: Good\nid: " GOOD_ID "\n"
	    "logsource:\n    product: test\ndetection:\n    sel:\n"
	    "        Image: x\n    condition: sel\n");
	rs = load_sigma(test_dir(), NULL);
	ck_assert_msg(skipped_with(rs, b->msg), "%s: no \"%s\"", b->what,
	    b->msg);
	ck_assert_msg(skipped_with(rs, "bad.yml:"), "%s: no position",
	    b->what);
	ck_assert_ptr_null(ruleset_rule(rs,
	    "00000000-0000-0000-0000-0000000000b1"));
	ck_assert_ptr_nonnull(ruleset_rule(rs, GOOD_ID));
	ruleset_free(rs);
}
END_TEST

static void
put_rule(const char *file, const char *id, const char *extra)
{
	char	 yaml[4096];

	snprintf(yaml, sizeof(yaml), "title: Rule %s\nid: %s\n%s"
	    "logsource:\n    product: test\ndetection:\n    sel:\n"
	    "        Image: x\n    condition: sel\n", id, id,
	    extra != NULL ? extra : "");
	test_puts(file, "w", yaml);
}

/* The second of two rules with one id is skipped, naming the first. */
START_TEST(test_duplicate_id)
{
	struct ruleset	*rs;

	put_rule("a.yml", "dup-1", NULL);
	put_rule("b.yml", "dup-1", NULL);
	rs = load_sigma(test_dir(), NULL);
	ck_assert_ptr_nonnull(ruleset_rule(rs, "dup-1"));
	ck_assert(strstr(ruleset_rule(rs, "dup-1")->file, "a.yml") != NULL);
	ck_assert(skipped_with(rs, "b.yml:2:5: id dup-1 is already the id "
	    "of "));
	ck_assert(skipped_with(rs, "a.yml:2"));
	ruleset_free(rs);
}
END_TEST

/* A rule file's id that a rule of the rule language has. */
START_TEST(test_duplicate_with_rules)
{
	struct cerrors	 errs = { 0 };
	struct ruleset	*rs;

	put_rule("a.yml", "1000001", NULL);
	rs = load_rules("rule 1000001 {\n name \"r\"\n viewpoint "
	    "known-attack\n stage c2\n condition user.name == \"x\"\n}\n"
	    "sigma \"a.yml\"\n", &errs);
	ck_assert_ptr_nonnull(rs);
	ck_assert(skipped_with(rs, "id 1000001 is already the id of"));
	ruleset_free(rs);
	cerrors_clear(&errs);
}
END_TEST

START_TEST(test_large_file)
{
	struct ruleset	*rs;
	char		*big;
	size_t		 n = SIGMA_FILE_MAX + 10;

	ck_assert_ptr_nonnull(big = malloc(n + 1));
	memset(big, '#', n);
	big[n] = '\0';
	test_puts("big.yml", "w", big);
	free(big);
	put_rule("ok.yml", "ok-1", NULL);
	rs = load_sigma(test_dir(), NULL);
	ck_assert(skipped_with(rs, "big.yml:1:1: not read: larger than 1 MB"));
	ck_assert_ptr_nonnull(ruleset_rule(rs, "ok-1"));
	ruleset_free(rs);
}
END_TEST

/* Deep conditions: refused at a bound, without recursion trouble. */
START_TEST(test_deep_condition)
{
	struct ruleset	*rs;
	char		*det;
	size_t		 i, depth = _i == 0 ? 40 : 10000, n;

	n = 64 + 2 * depth + 8;
	ck_assert_ptr_nonnull(det = malloc(n + 64));
	i = (size_t)snprintf(det, n, "    sel:\n        Image: x\n"
	    "    condition: ");
	memset(det + i, '(', depth);
	i += depth;
	i += (size_t)snprintf(det + i, 8, "sel");
	memset(det + i, ')', depth);
	det[i + depth] = '\n';
	det[i + depth + 1] = '\0';
	rs = load_detection(det);
	free(det);
	ck_assert(skipped_with(rs, "nested more than 32 deep"));
	ruleset_free(rs);
	rs = load_detection("    sel:\n        Image: x\n"
	    "    condition: not not not not not not not not not not not not "
	    "not not not not not not not not not not not not not not not not "
	    "not not not not not not not not sel\n");
	ck_assert(skipped_with(rs, "nested more than 32 deep"));
	ruleset_free(rs);
}
END_TEST

/* YAML nested deeper than the tree allows. */
START_TEST(test_deep_yaml)
{
	struct ruleset	*rs;
	char		 yaml[1024];
	size_t		 i, n = 0;

	n += (size_t)snprintf(yaml, sizeof(yaml), GOOD_HEAD "detection: ");
	for (i = 0; i < 100; i++)
		yaml[n++] = '[';
	for (i = 0; i < 100; i++)
		yaml[n++] = ']';
	yaml[n++] = '\n';
	yaml[n] = '\0';
	test_puts("deep.yml", "w", yaml);
	rs = load_sigma("deep.yml", NULL);
	ck_assert(skipped_with(rs, "YAML nested too deeply"));
	ruleset_free(rs);
}
END_TEST

/* status, level, deprecated and unsupported. */
START_TEST(test_options)
{
	struct ruleset	*rs;

	put_rule("exp.yml", "exp", "status: experimental\nlevel: high\n");
	put_rule("test.yml", "tst", "status: test\nlevel: high\n");
	put_rule("stable.yml", "stb", "status: stable\nlevel: low\n");
	put_rule("info.yml", "inf", "status: stable\nlevel: informational\n");
	put_rule("dep.yml", "dep", "status: deprecated\nlevel: high\n");
	put_rule("uns.yml", "uns", "status: unsupported\nlevel: high\n");
	/* Defaults: test and low, neither deprecated nor unsupported. */
	rs = load_sigma(test_dir(), "");
	ck_assert_ptr_null(ruleset_rule(rs, "exp"));
	ck_assert_ptr_nonnull(ruleset_rule(rs, "tst"));
	ck_assert_ptr_nonnull(ruleset_rule(rs, "stb"));
	ck_assert_ptr_null(ruleset_rule(rs, "inf"));
	ck_assert_ptr_null(ruleset_rule(rs, "dep"));
	ck_assert_ptr_null(ruleset_rule(rs, "uns"));
	ruleset_free(rs);
	rs = load_sigma(test_dir(), "status stable\nlevel informational\n"
	    "deprecated yes\nunsupported yes\n");
	ck_assert_ptr_null(ruleset_rule(rs, "tst"));
	ck_assert_ptr_nonnull(ruleset_rule(rs, "stb"));
	ck_assert_ptr_nonnull(ruleset_rule(rs, "inf"));
	ck_assert_ptr_nonnull(ruleset_rule(rs, "dep"));
	ck_assert_ptr_nonnull(ruleset_rule(rs, "uns"));
	ruleset_free(rs);
}
END_TEST

/* Errors of the statement itself fail the rule set. */
START_TEST(test_statement_errors)
{
	static const struct {
		const char	*text;
		const char	*msg;
	} t[] = {
		{ "sigma \"nosuch\"", "sigma: " },
		{ "sigma \"r.yml\" { status beta }", "unknown value 'beta'" },
		{ "sigma \"r.yml\" { level huge }", "unknown value 'huge'" },
		{ "sigma \"r.yml\" { colour red }", "unknown sigma option" },
		{ "sigma \"r.yml\" { logsources \"nosuch.conf\" }",
		    "nosuch.conf" },
		{ "sigma \"r.yml\" { countermeasure c2 endpoint fly }",
		    "is not a countermeasure" },
		{ "sigma \"r.yml\" { notify stage9 x }", "unknown attack stage" },
	};
	struct cerrors	 errs = { 0 };
	size_t		 i, j;
	int		 found;

	put_rule("r.yml", "r", NULL);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ck_assert_ptr_null(load_rules(t[i].text, &errs));
		for (j = 0, found = 0; j < errs.n; j++)
			found |= strstr(errs.msgs[j], t[i].msg) != NULL;
		ck_assert_msg(found, "%s: no \"%s\"", t[i].text, t[i].msg);
		cerrors_clear(&errs);
	}
}
END_TEST

/* A mapping file with errors. */
START_TEST(test_logsource_errors)
{
	struct cerrors	 errs = { 0 };
	size_t		 j;
	int		 found = 0;

	test_puts("bad.conf", "w", "logsource {\n product x\n target t {\n"
	    "  format test\n  field A no.such.field\n  event-id 99999\n }\n}\n"
	    "logsource {\n target u { format x }\n}\n");
	put_rule("r.yml", "r", NULL);
	ck_assert_ptr_null(load_rules("sigma \"r.yml\" { logsources "
	    "\"bad.conf\" }", &errs));
	for (j = 0; j < errs.n; j++)
		found += strstr(errs.msgs[j], "unknown field 'no.such.field'") !=
		    NULL || strstr(errs.msgs[j], "not an event id") != NULL ||
		    strstr(errs.msgs[j], "needs a product") != NULL;
	ck_assert_int_eq(found, 3);
	cerrors_clear(&errs);
}
END_TEST

/* A filter (meta-rule) excludes what it selects from the rules it names. */
START_TEST(test_filter)
{
	struct ruleset	*rs;

	put_rule("a.yml", "rule-a", NULL);
	put_rule("b.yml", "rule-b", NULL);
	test_puts("f.yml", "w", "title: Not on the jump host\nid: f1\n"
	    "logsource:\n    product: test\nfilter:\n    rules:\n"
	    "        - rule-a\n        - Rule rule-b\n        - nosuch\n"
	    "    selection:\n        User: jump\n"
	    "    condition: not selection\n");
	rs = load_sigma(test_dir(), NULL);
	ck_assert(fires(rs, "rule-a", "Image=x\nUser=bob"));
	ck_assert(!fires(rs, "rule-a", "Image=x\nUser=jump"));
	ck_assert(!fires(rs, "rule-b", "Image=x\nUser=JUMP"));
	ck_assert(fires(rs, "rule-b", "Image=x"));
	ruleset_free(rs);
}
END_TEST

/*
 * Two targets of one logsource: a field one lacks is read in the other
 * only, and each target's lines are told apart by format.
 */
START_TEST(test_targets)
{
	struct ruleset		*rs;
	const struct rule	*r;

	test_puts("t.yml", "w", "title: T\nid: t2\nlogsource:\n"
	    "    product: test\n    category: two\ndetection:\n"
	    "    a:\n        CommandLine|contains: evil\n"
	    "    b:\n        Only: yes\n    condition: a or b\n");
	rs = load_sigma("t.yml", NULL);
	ck_assert_ptr_nonnull(r = ruleset_rule(rs, "t2"));
	ck_assert_uint_eq(r->nwhere, 2);
	ck_assert(fires(rs, "t2", "CommandLine=an evil one"));
	ck_assert(fires(rs, "t2", "Format=other\nOnly=yes"));
	ck_assert(!fires(rs, "t2", "Only=yes"));
	ck_assert(!fires(rs, "t2", "Format=third\nCommandLine=evil"));
	ruleset_free(rs);
}
END_TEST

/* What a Sigma rule is as a rule of the rule set. */
START_TEST(test_metadata)
{
	struct ruleset		*rs;
	const struct rule	*r;

	test_puts("m.yml", "w", "title: Meta\nid: m-1\nstatus: stable\n"
	    "description: Says what\nauthor: Ann, Bob\nlicense: DRL-1.1\n"
	    "references:\n    - https://a.example/\n"
	    "tags:\n    - attack.execution\n    - attack.t1059.001\n"
	    "    - attack.credential-access\n    - attack.t1003\n"
	    "    - cve.2021-44228\nlogsource:\n    product: test\n"
	    "detection:\n    sel:\n        Image: x\n    condition: sel\n"
	    "level: critical\n");
	rs = load_sigma("m.yml", "countermeasure lateral account "
	    "disable-account\nnotify lateral \"dc-admins\"\n");
	ck_assert_ptr_nonnull(r = ruleset_rule(rs, "m-1"));
	ck_assert_str_eq(r->name, "Meta");
	ck_assert_str_eq(r->uuid, "m-1");
	ck_assert_str_eq(r->author, "Ann, Bob");
	ck_assert_str_eq(r->license, "DRL-1.1");
	ck_assert_str_eq(r->status, "stable");
	ck_assert_str_eq(r->level, "critical");
	ck_assert_str_eq(r->description, "Says what");
	ck_assert_int_eq(r->stage, 4);
	ck_assert_int_eq(r->importance, LVL_CRITICAL);
	ck_assert_int_eq(r->priority, LVL_CRITICAL);
	ck_assert_int_eq(r->viewpoint, VP_KNOWN_ATTACK);
	ck_assert_uint_eq(r->ntechniques, 2);
	ck_assert_str_eq(r->techniques[0], "T1059.001");
	ck_assert_str_eq(r->techniques[1], "T1003");
	ck_assert_uint_eq(r->nreferences, 2);
	ck_assert_str_eq(r->references[1], "CVE-2021-44228");
	ck_assert_str_eq(r->notify, "dc-admins");
	ck_assert_uint_eq(r->ncms, 1);
	ck_assert_str_eq(r->cms[0].action, "disable-account");
	ck_assert_str_eq(r->analyzer, "match");
	ruleset_free(rs);
}
END_TEST

/* Sigma rules are disabled, enabled and suppressed by their id. */
START_TEST(test_toggles)
{
	struct cerrors	 errs = { 0 };
	struct ruleset	*rs;

	put_rule("a.yml", "s-a", NULL);
	put_rule("b.yml", "s-b", NULL);
	rs = load_rules("sigma \"a.yml\"\nsigma \"b.yml\"\ndisable s-a\n"
	    "suppress { rules s-b; user alice }\n", &errs);
	ck_assert_ptr_nonnull(rs);
	ck_assert_int_eq(ruleset_rule(rs, "s-a")->enabled, 0);
	ck_assert_int_eq(ruleset_rule(rs, "s-b")->enabled, 1);
	ck_assert_ptr_nonnull(rs->sigma);
	ruleset_free(rs);
	cerrors_clear(&errs);
}
END_TEST

/* Several documents; global merged into the ones after it. */
START_TEST(test_documents)
{
	struct ruleset	*rs;

	test_puts("d.yml", "w", "action: global\nlogsource:\n"
	    "    product: test\nlevel: high\n---\n"
	    "title: One\nid: d-1\ndetection:\n    sel:\n        Image: x\n"
	    "    condition: sel\n---\n"
	    "title: Two\nid: d-2\ndetection:\n    sel:\n        Image: y\n"
	    "    condition: sel\n");
	rs = load_sigma("d.yml", NULL);
	ck_assert(fires(rs, "d-1", "Image=x"));
	ck_assert(fires(rs, "d-2", "Image=y"));
	ck_assert_str_eq(ruleset_rule(rs, "d-2")->level, "high");
	ruleset_free(rs);
}
END_TEST

/* The counts -n prints. */
START_TEST(test_totals)
{
	struct sigma_totals	 t;
	struct ruleset		*rs;
	const char		*why;
	size_t			 n;

	put_rule("a.yml", "c-a", NULL);
	test_puts("b.yml", "w", "title: [\n");
	test_puts("c.yaml", "w", "title: t\nid: c-c\nlogsource:\n"
	    "    product: nowhere\n");
	test_puts("d.txt", "w", "not read\n");
	rs = load_sigma(test_dir(), NULL);
	sigma_totals(rs->sigma, &t);
	ck_assert_uint_eq(t.files, 3);
	ck_assert_uint_eq(t.loaded, 1);
	ck_assert_uint_eq(t.skipped, 2);
	ck_assert_ptr_nonnull(why = sigma_reason(rs->sigma, 0, &n));
	ck_assert_str_eq(why, "not YAML");
	ck_assert_uint_eq(n, 1);
	ck_assert_ptr_nonnull(why = sigma_reason(rs->sigma, 1, &n));
	ck_assert_str_eq(why, "logsource without mapping");
	ck_assert_ptr_null(sigma_reason(rs->sigma, 2, &n));
	ruleset_free(rs);
}
END_TEST

/* A regex that backtracks catastrophically gives up at its limits. */
START_TEST(test_catastrophic)
{
	struct ruleset	*rs;
	char		 spec[4200];

	rs = load_detection("    sel:\n        CommandLine|re: '(a+)+$'\n"
	    "    condition: sel\n");
	memset(spec, 'a', sizeof(spec));
	memcpy(spec, "CommandLine=", 12);
	spec[sizeof(spec) - 2] = '!';
	spec[sizeof(spec) - 1] = '\0';
	ck_assert(!fires(rs, "00000000-0000-0000-0000-000000000001", spec));
	ck_assert(fires(rs, "00000000-0000-0000-0000-000000000001",
	    "CommandLine=aaaa"));
	ruleset_free(rs);
}
END_TEST

/* A reload tells changed Sigma rules by their text. */
START_TEST(test_reload)
{
	struct ruleset	*a, *b;

	put_rule("a.yml", "re-a", NULL);
	put_rule("b.yml", "re-b", NULL);
	a = load_sigma(test_dir(), NULL);
	put_rule("b.yml", "re-b", "description: changed\n");
	put_rule("c.yml", "re-c", NULL);
	b = load_sigma(test_dir(), NULL);
	ck_assert_uint_eq(a->nrules, 2);
	ck_assert_uint_eq(b->nrules, 3);
	ck_assert(a->rhash[0] == b->rhash[0]);
	ck_assert(a->rhash[1] != b->rhash[1]);
	ruleset_diff_log(a, b);
	ruleset_diff_log(NULL, b);
	ruleset_free(a);
	ruleset_free(b);
}
END_TEST

/* Correlation rules, through the analyzers they compile onto. */

#define CT0	1773273600000LL

static const char corr_bases[] =
    "title: Base A\nid: base-a\nstatus: test\nlevel: high\n"
    "logsource:\n    product: test\ndetection:\n    sel:\n"
    "        Image|endswith: '\\a.exe'\n    condition: sel\n---\n"
    "title: Base B\nid: base-b\nstatus: test\nlevel: high\n"
    "logsource:\n    product: test\ndetection:\n    sel:\n"
    "        Image|endswith: '\\b.exe'\n    condition: sel\n---\n";

static int	 corr_fired;

static void
corr_emit(void *arg, const struct finding *f)
{
	(void)arg;
	if (strcmp(f->rule->id, "corr") == 0)
		corr_fired++;
}

/* The base rules and a correlation, with every analyzer's options. */
static struct ruleset *
load_corr(const char *corr)
{
	struct cerrors	 errs = { 0 };
	struct ruleset	*rs;
	struct cnode	*root, *n;
	char		 text[4200], yaml[4096];

	snprintf(yaml, sizeof(yaml), "%stitle: Corr\nid: corr\nstatus: test\n"
	    "level: high\ncorrelation:\n%s", corr_bases, corr);
	test_puts("c.yml", "w", yaml);
	snprintf(text, sizeof(text), "sigma \"%s\" {\nstatus experimental\n}\n",
	    test_path("c.yml"));
	test_puts("t.rules", "w", text);
	ck_assert_ptr_nonnull(rs = analyzer_ruleset_new("test"));
	root = conf_parse_file(test_path("t.rules"), &errs);
	for (n = root; n != NULL; n = n->next)
		(void)ruleset_statement(rs, n, &errs);
	conf_free(root);
	(void)ruleset_finish(rs, &errs);
	cerrors_print(&errs);
	ck_assert_uint_eq(errs.n, 0);
	cerrors_clear(&errs);
	corr_fired = 0;
	return rs;
}

/* Events "Image User" at t seconds, through the stats analyzer. */
static int
corr_stats(struct ruleset *rs, const char *const *evs, size_t n)
{
	struct emitter		 em = { corr_emit, NULL };
	struct analyzer_env	 env = { NULL, 1, NULL, ANALYZER_TIER_ALL,
	    { NULL, NULL } };
	struct logevent		 ev;
	void			*a;
	size_t			 i;

	corr_fired = 0;
	ck_assert_ptr_nonnull(a = analyzer_stats.new(rs, &em, &env));
	for (i = 0; i < n; i++) {
		event(&ev, evs[i]);
		ev.time_ms = CT0 + (int64_t)i * 1000;
		ruleset_event_begin(rs);
		analyzer_stats.process(a, &ev);
		logevent_free(&ev);
	}
	analyzer_stats.free(a);
	return corr_fired;
}

static const char *const corr_count_evs[] = {
	"Image=C:\\\\x\\\\a.exe\nUser=bob",
	"Image=C:\\\\x\\\\b.exe\nUser=bob",
	"Image=C:\\\\x\\\\a.exe\nUser=eve",
	"Image=C:\\\\y\\\\a.exe\nUser=bob",
	"Image=C:\\\\x\\\\a.exe\nUser=bob",
};

START_TEST(test_corr_event_count)
{
	struct ruleset	*rs;
	const struct rule *r;

	rs = load_corr("    type: event_count\n    rules:\n        - base-a\n"
	    "    group-by:\n        - User\n    timespan: 5m\n"
	    "    condition:\n        gte: 3\n");
	ck_assert_ptr_nonnull(r = ruleset_rule(rs, "corr"));
	ck_assert_str_eq(r->analyzer, "stats");
	ck_assert_int_eq(corr_stats(rs, corr_count_evs, 5), 1);
	ck_assert_int_eq(corr_stats(rs, corr_count_evs, 4), 0);
	ruleset_free(rs);
	rs = load_corr("    type: event_count\n    rules: Base A\n"
	    "    group-by:\n        - User\n    timespan: 5m\n"
	    "    condition:\n        gt: 3\n");
	ck_assert_int_eq(corr_stats(rs, corr_count_evs, 5), 0);
	ruleset_free(rs);
	/* A correlation of a correlation is not. */
	rs = load_corr("    type: event_count\n    rules: base-a\n"
	    "    timespan: 5m\n    condition:\n        gte: 3\n"
	    "---\ntitle: C2\nid: corr2\ncorrelation:\n"
	    "    type: event_count\n    rules: corr\n"
	    "    timespan: 5m\n    condition:\n        gte: 3\n");
	ck_assert_ptr_nonnull(ruleset_rule(rs, "corr"));
	ck_assert_ptr_null(ruleset_rule(rs, "corr2"));
	ck_assert(skipped_with(rs, "corr is a correlation"));
	ruleset_free(rs);
}
END_TEST

START_TEST(test_corr_value_count)
{
	struct ruleset	*rs;

	rs = load_corr("    type: value_count\n    rules:\n        - base-a\n"
	    "        - base-b\n    group-by:\n        - User\n"
	    "    timespan: 1h\n    condition:\n        field: Image\n"
	    "        gte: 3\n");
	ck_assert_str_eq(ruleset_rule(rs, "corr")->analyzer, "stats");
	/* bob: x\a, x\b, y\a are three; eve has one. */
	ck_assert_int_eq(corr_stats(rs, corr_count_evs, 5), 1);
	ck_assert_int_eq(corr_stats(rs, corr_count_evs, 3), 0);
	ruleset_free(rs);
}
END_TEST

/* Findings of the rules ids on endpoints ips, a minute apart. */
static int
corr_comp(struct ruleset *rs, const char *const *ids, const char *const *ips,
    size_t n)
{
	struct emitter		 em = { corr_emit, NULL };
	struct analyzer_env	 env = { NULL, 1, NULL, ANALYZER_TIER_ALL,
	    { NULL, NULL } };
	struct logevent		 ev;
	struct finding		 f;
	char			 aid[FINDING_ID_LEN];
	void			*a;
	size_t			 i;

	memset(&ev, 0, sizeof(ev));
	corr_fired = 0;
	ck_assert_ptr_nonnull(a = analyzer_composite.new(rs, &em, &env));
	for (i = 0; i < n; i++) {
		logevent_reset(&ev);
		ev.time_ms = CT0 + (int64_t)i * 60000;
		ev.src_ip = slice_cstr(ips[i]);
		ev.raw = slice_cstr("line");
		memset(&f, 0, sizeof(f));
		ck_assert_ptr_nonnull(f.rule = ruleset_rule(rs, ids[i]));
		f.ev = &ev;
		f.first_ms = f.last_ms = ev.time_ms;
		f.count = 1;
		finding_id(&f, aid);
		composite_finding(a, &f, aid, 1);
	}
	analyzer_composite.free(a);
	logevent_free(&ev);
	return corr_fired;
}

static const char *const corr_ab[] = { "base-a", "base-b" };
static const char *const corr_ba[] = { "base-b", "base-a" };
static const char *const corr_same[] = { "10.0.0.5", "10.0.0.5" };
static const char *const corr_apart[] = { "10.0.0.5", "10.0.0.6" };

START_TEST(test_corr_temporal)
{
	struct ruleset	*rs;

	rs = load_corr("    type: temporal\n    rules:\n        - base-a\n"
	    "        - base-b\n    group-by:\n        - Ip\n"
	    "    timespan: 10m\n");
	ck_assert_str_eq(ruleset_rule(rs, "corr")->analyzer, "composite");
	ck_assert_int_ge(corr_comp(rs, corr_ba, corr_same, 2), 1);
	ck_assert_int_eq(corr_comp(rs, corr_ab, corr_apart, 2), 0);
	ruleset_free(rs);
}
END_TEST

START_TEST(test_corr_temporal_ordered)
{
	struct ruleset	*rs;

	rs = load_corr("    type: temporal_ordered\n    rules:\n"
	    "        - base-a\n        - base-b\n    group-by:\n"
	    "        - Ip\n    timespan: 10m\ngenerate: false\n");
	ck_assert_int_eq(ruleset_rule(rs, "base-a")->alert, 0);
	ck_assert_int_ge(corr_comp(rs, corr_ab, corr_same, 2), 1);
	ck_assert_int_eq(corr_comp(rs, corr_ba, corr_same, 2), 0);
	ruleset_free(rs);
}
END_TEST

/* What a correlation cannot say is skipped with its reason. */
START_TEST(test_corr_unsupported)
{
	static const struct {
		const char	*corr, *msg;
	} bad[] = {
		{ "    type: event_count\n    rules: base-a\n"
		  "    timespan: 5m\n    condition:\n        lt: 3\n",
		  "condition lt is not supported" },
		{ "    type: event_count\n    rules: base-a\n"
		  "    group-by: Missing\n    timespan: 5m\n"
		  "    condition:\n        gte: 3\n",
		  "field Missing has no event field" },
		{ "    type: event_count\n    rules: nosuch\n"
		  "    timespan: 5m\n    condition:\n        gte: 3\n",
		  "no such rule nosuch" },
		{ "    type: temporal\n    rules: [base-a, base-b]\n"
		  "    group-by: User\n    timespan: 5m\n",
		  "groups by host.name or source.ip" },
		{ "    type: event_count\n    rules: base-a\n"
		  "    timespan: 5 minutes\n    condition:\n        gte: 3\n",
		  "timespan 5 minutes" },
		{ "    type: value_sum\n    rules: base-a\n"
		  "    timespan: 5m\n",
		  "type value_sum is not supported" },
	};
	struct ruleset	*rs;
	size_t		 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		rs = load_corr(bad[i].corr);
		ck_assert_ptr_null(ruleset_rule(rs, "corr"));
		ck_assert_msg(skipped_with(rs, bad[i].msg), "%s", bad[i].msg);
		ruleset_free(rs);
	}
}
END_TEST

int
main(void)
{
	const struct test_def	 t[] = {
		{ test_forms, TEST_NITEMS(cases) },
		{ test_bad, TEST_NITEMS(bads) },
		{ test_duplicate_id, 0 },
		{ test_duplicate_with_rules, 0 },
		{ test_large_file, 0 },
		{ test_deep_condition, 2 },
		{ test_deep_yaml, 0 },
		{ test_options, 0 },
		{ test_statement_errors, 0 },
		{ test_logsource_errors, 0 },
		{ test_filter, 0 },
		{ test_targets, 0 },
		{ test_metadata, 0 },
		{ test_toggles, 0 },
		{ test_documents, 0 },
		{ test_totals, 0 },
		{ test_reload, 0 },
		{ test_catastrophic, 0 },
		{ test_corr_event_count, 0 },
		{ test_corr_value_count, 0 },
		{ test_corr_temporal, 0 },
		{ test_corr_temporal_ordered, 0 },
		{ test_corr_unsupported, 0 },
	};

	return test_run_fixture("sigma", t, TEST_NITEMS(t), setup, teardown);
}
