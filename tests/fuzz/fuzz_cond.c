/*
 * Fuzz target for rule conditions: the input is the text of a condition.
 * It goes through the conf parser as "condition <input>", every statement's
 * arguments go to cond_parse (any list name finds one small list), and
 * what parses is evaluated against two fixed events.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "event/logevent.h"
#include "analyzers/finding.h"
#include "conf/conf.h"
#include "rules/cond.h"
#include "rules/list.h"

#define FUZZ_MAXLEN	(64 * 1024)

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct fuzz_state {
	struct list	*list;
	struct logevent	 ev[2];
};

static struct slice
fuzz_slice(const char *s)
{
	struct slice	 sl = { s, strlen(s) };

	return sl;
}

static void
fuzz_events(struct logevent *ev)
{
	logevent_reset(&ev[0]);
	ev[0].src_ip = fuzz_slice("10.1.2.3");
	ev[0].src_host = fuzz_slice("WS-042");
	ev[0].user = fuzz_slice("Alice");
	ev[0].dst_ip = fuzz_slice("203.0.113.7");
	ev[0].dst_domain = fuzz_slice("evil.example.com");
	ev[0].dst_port = 443;
	ev[0].url = fuzz_slice("http://evil.example.com/a.exe?x=1");
	ev[0].url_path = fuzz_slice("/a.exe");
	ev[0].method = fuzz_slice("GET");
	ev[0].user_agent = fuzz_slice("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!");
	ev[0].status = 200;
	ev[0].bytes_in = 123456;

	logevent_reset(&ev[1]);
	ev[1].src_ip = fuzz_slice("[2001:db8::1]");
	ev[1].dst_ip = fuzz_slice("::ffff:192.168.0.1");
	ev[1].dns_query = fuzz_slice("x.EXAMPLE.org");
	ev[1].command_line = fuzz_slice("\xff\xfe cmd /c \xc3");
	ev[1].win_event_id = 4624;
}

static struct fuzz_state *
fuzz_state(void)
{
	static struct fuzz_state	*st;

	if (st != NULL)
		return st;
	if ((st = calloc(1, sizeof(*st))) == NULL)
		abort();
	if ((st->list = list_new("fuzz", LT_DOMAIN)) == NULL ||
	    list_add(st->list, "example.com", 11, "fuzz", "fuzz") == -1)
		abort();
	fuzz_events(st->ev);
	return st;
}

static struct list *
fuzz_lookup(void *arg, const char *name)
{
	struct fuzz_state	*st = arg;

	(void)name;
	return st->list;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char	 pre[] = "condition ";
	struct fuzz_state	*st = fuzz_state();
	struct cerrors		 errs = { 0 };
	struct indicator_hit	 hit;
	struct cnode		*root, *n;
	struct cond		*c;
	char			*text;
	size_t			 len;

	if (size > FUZZ_MAXLEN)
		return 0;
	len = sizeof(pre) - 1 + size + 1;
	if ((text = malloc(len)) == NULL)
		return 0;
	memcpy(text, pre, sizeof(pre) - 1);
	memcpy(text + sizeof(pre) - 1, data, size);
	text[len - 1] = '\n';
	root = conf_parse_string("fuzz", text, len, &errs);
	free(text);
	for (n = root; n != NULL; n = n->next) {
		c = cond_parse(n->args, n->nargs, fuzz_lookup, st, &errs);
		if (c == NULL)
			continue;
		(void)cond_eval(c, &st->ev[0], &hit);
		(void)cond_eval(c, &st->ev[1], NULL);
		(void)cond_eval(c, &st->ev[1], &hit);
		cond_free(c);
	}
	conf_free(root);
	cerrors_clear(&errs);
	return 0;
}
