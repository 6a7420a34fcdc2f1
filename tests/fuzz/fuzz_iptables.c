/*
 * The iptables parser on arbitrary bytes: the whole input as one line, then
 * each '\n'-separated line, the way the pipeline hands them over (with
 * its per-file state, and with or without a syslog header).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "logevent.h"
#include "parsers/parser.h"

#define FUZZ_REF_MS	1773100800000LL

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_slice(struct slice s)
{
	volatile char	 c;

	/* Read the ends, so that ASan checks the slice. */
	if (s.len > 0) {
		c = s.p[0];
		c = s.p[s.len - 1];
		(void)c;
	}
}

static void
fuzz_line(const struct parser *p, void *st, struct logevent *ev,
    const char *line, size_t len)
{
	const struct field_def	*t;
	const char		*err = NULL;
	size_t			 n, i;

	logevent_reset(ev);
	if (logevent_reserve(ev, len + 64) == -1)
		return;
	ev->raw.p = line;
	ev->raw.len = len;
	switch (p->parse(st, line, len, ev, &err)) {
	case PARSE_OK:
		t = field_table(&n);
		for (i = 0; i < n; i++)
			if (t[i].type == FIELD_STR)
				fuzz_slice(field_str(ev, &t[i]));
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
	const struct parser	*p = parser_lookup("iptables");
	const char		*s = (const char *)data, *end = s + size, *nl;
	struct logevent		 ev;
	void			*st;

	if ((st = p->state_new(FUZZ_REF_MS)) == NULL)
		return 0;
	memset(&ev, 0, sizeof(ev));
	fuzz_line(p, st, &ev, s, size);
	while (s < end) {
		nl = memchr(s, '\n', (size_t)(end - s));
		if (nl == NULL)
			nl = end;
		fuzz_line(p, st, &ev, s, (size_t)(nl - s));
		s = nl + 1;
	}
	logevent_free(&ev);
	p->state_free(st);
	return 0;
}
