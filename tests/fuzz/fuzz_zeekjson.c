/*
 * The Zeek JSON parser on arbitrary bytes: the whole input as one line,
 * then each '\n'-separated line, the way the collector hands them over.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "logevent.h"
#include "parsers/parser.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
touch(struct logevent *ev, struct slice s)
{
	/* Read the slice's ends, so that ASan checks it. */
	if (s.len > 0 && (s.p[0] == '\0' || s.p[s.len - 1] == '\0'))
		ev->status = 0;
}

static void
fuzz_line(const struct parser *p, struct logevent *ev, const char *line,
    size_t len)
{
	const char	*err = NULL;

	logevent_reset(ev);
	if (logevent_reserve(ev, len + 64) == -1)
		return;
	ev->raw.p = line;
	ev->raw.len = len;
	switch (p->parse(NULL, line, len, ev, &err)) {
	case PARSE_OK:
		touch(ev, ev->src_ip);
		touch(ev, ev->dst_ip);
		touch(ev, ev->dst_domain);
		touch(ev, ev->url);
		touch(ev, ev->url_path);
		touch(ev, ev->url_query);
		touch(ev, ev->user_agent);
		touch(ev, ev->referrer);
		touch(ev, ev->dns_query);
		touch(ev, ev->dns_answers);
		touch(ev, ev->content_type);
		touch(ev, ev->conn_state);
		break;
	case PARSE_ERROR:
		if (err == NULL || err[0] == '\0')
			__builtin_trap();
		break;
	case PARSE_SKIP:
		break;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct parser	*p = parser_lookup("zeek-json");
	const char		*s = (const char *)data, *end = s + size, *nl;
	struct logevent		 ev;

	memset(&ev, 0, sizeof(ev));
	fuzz_line(p, &ev, s, size);
	while (s < end) {
		nl = memchr(s, '\n', (size_t)(end - s));
		if (nl == NULL)
			nl = end;
		fuzz_line(p, &ev, s, (size_t)(nl - s));
		s = nl + 1;
	}
	logevent_free(&ev);
	return 0;
}
