/*
 * Fuzz target for the YAML-to-rule compiler: the input is a Sigma rule
 * file.  It is written to a file of its own and loaded by a sigma
 * statement of a fresh rule set, with a mapping of the target's own
 * (Windows process creation, proxy, and a product whose fields are all
 * the line's own); whatever loads is evaluated against two fixed events
 * and explained, as an alert would.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "event/logevent.h"
#include "conf/conf.h"
#include "rules/cond.h"
#include "rules/rule.h"
#include "rules/ruleset.h"

#define FUZZ_MAXLEN	(256 * 1024)

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char fuzz_logsources[] =
    "logsource {\n product windows\n category process_creation\n"
    " target t {\n  format windows\n  event-id 1\n"
    "  field Image process.executable\n"
    "  field CommandLine process.command_line\n  field EventID "
    "winlog.event_id\n  field OriginalFileName none\n  unmapped native\n"
    " }\n}\n"
    "logsource {\n category proxy\n target s {\n  format squid\n"
    "  field c-uri url.original\n  field cs-host destination.domain\n"
    "  field sc-status http.response.status_code\n"
    "  field c-uri-extension url.extension\n  field c-ip source.ip\n }\n}\n"
    "logsource {\n product fuzz\n target f {\n  format fuzz\n"
    "  unmapped native\n }\n}\n";

struct fuzz_state {
	char		 dir[256];
	char		 rule[300];
	char		 conf[1024];
	struct logevent	 ev[2];
};

static struct slice
fuzz_native(const struct logevent *ev, const char *name, size_t len,
    char *buf, size_t size)
{
	struct slice	 s = { NULL, 0 };

	(void)ev;
	(void)buf;
	(void)size;
	if (len == 4 && memcmp(name, "User", 4) == 0)
		s = slice_cstr("NT AUTHORITY\\SYSTEM");
	else if (len == 5 && memcmp(name, "Empty", 5) == 0)
		s.p = "";
	return s;
}

static void
fuzz_events(struct logevent *ev)
{
	logevent_reset(&ev[0]);
	ev[0].format = "windows";
	ev[0].win_event_id = 1;
	ev[0].process_image = slice_cstr("C:\\Windows\\System32\\cmd.exe");
	ev[0].command_line = slice_cstr("cmd.exe /c whoami /all -enc "
	    "SQBFAFgA \xe2\x80\x93x");
	ev[0].raw = slice_cstr("{\"EventID\":1,\"Image\":\"cmd.exe\"}");
	ev[0].native = fuzz_native;
	logevent_reset(&ev[1]);
	ev[1].format = "squid";
	ev[1].src_ip = slice_cstr("10.1.2.3");
	ev[1].url = slice_cstr("http://evil.example/a.php?x=1");
	ev[1].url_path = slice_cstr("/a.php");
	ev[1].dst_domain = slice_cstr("evil.example");
	ev[1].status = 200;
	ev[1].raw = slice_cstr("1 2 10.1.2.3 TCP_MISS/200 1 GET x - - -");
}

static struct fuzz_state *
fuzz_state(void)
{
	static struct fuzz_state	*st;
	const char			*tmp = getenv("TMPDIR");
	FILE				*f;

	if (st != NULL)
		return st;
	if ((st = calloc(1, sizeof(*st))) == NULL)
		abort();
	snprintf(st->dir, sizeof(st->dir), "%s/fuzz-sigma.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if (mkdtemp(st->dir) == NULL)
		abort();
	snprintf(st->rule, sizeof(st->rule), "%s/r.yml", st->dir);
	snprintf(st->conf, sizeof(st->conf), "%s/sigma-logsources.conf",
	    st->dir);
	if ((f = fopen(st->conf, "w")) == NULL)
		abort();
	fputs(fuzz_logsources, f);
	fclose(f);
	snprintf(st->conf, sizeof(st->conf), "sigma \"%s\" { status "
	    "experimental\nlevel informational\nlogsources \"%s/"
	    "sigma-logsources.conf\" }\n", st->rule, st->dir);
	fuzz_events(st->ev);
	return st;
}

static void
fuzz_eval(const struct ruleset *rs, const struct logevent *ev)
{
	char	 buf[256];
	size_t	 i;

	ruleset_event_begin(rs);
	for (i = 0; i < rs->nrules; i++)
		if (cond_eval(rs->rules[i]->cond, ev, NULL))
			(void)cond_explain(rs->rules[i]->cond, ev, buf,
			    sizeof(buf));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_state	*st = fuzz_state();
	struct cerrors		 errs = { 0 };
	struct ruleset		*rs;
	struct cnode		*root, *n;
	FILE			*f;

	if (size > FUZZ_MAXLEN || (f = fopen(st->rule, "w")) == NULL)
		return 0;
	if (fwrite(data, 1, size, f) != size) {
		fclose(f);
		return 0;
	}
	fclose(f);
	if ((rs = ruleset_new("fuzz", NULL, 0)) == NULL)
		abort();
	root = conf_parse_string("fuzz", st->conf, strlen(st->conf), &errs);
	for (n = root; n != NULL; n = n->next)
		(void)ruleset_statement(rs, n, &errs);
	conf_free(root);
	if (errs.n == 0 && ruleset_finish(rs, &errs) == 0) {
		fuzz_eval(rs, &st->ev[0]);
		fuzz_eval(rs, &st->ev[1]);
	}
	ruleset_free(rs);
	cerrors_clear(&errs);
	return 0;
}
