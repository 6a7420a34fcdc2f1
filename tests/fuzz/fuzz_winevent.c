/*
 * The Windows JSON parser on arbitrary bytes: the whole input as one
 * line, then each '\n'-separated line, the way the collector hands them
 * over, with the arena reserved as the pipeline reserves it.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "logevent.h"
#include "parsers/parser.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Read every byte of every string field, so ASan checks the slices. */
static unsigned
fuzz_touch(const struct logevent *ev)
{
	const struct field_def	*f;
	struct slice		 s;
	size_t			 i, j, n;
	unsigned		 sum = 0;

	f = field_table(&n);
	for (i = 0; i < n; i++) {
		if (f[i].type != FIELD_STR)
			continue;
		s = field_str(ev, &f[i]);
		for (j = 0; j < s.len; j++)
			sum += (unsigned char)s.p[j];
	}
	return sum;
}

static void
fuzz_line(const struct parser *p, struct logevent *ev, const char *line,
    size_t len)
{
	const char	*err = NULL;
	volatile unsigned sink;

	logevent_reset(ev);
	if (logevent_reserve(ev, len + 64) == -1)
		return;
	ev->raw.p = line;
	ev->raw.len = len;
	switch (p->parse(NULL, line, len, ev, &err)) {
	case PARSE_OK:
		sink = fuzz_touch(ev);
		(void)sink;
		if (ev->win_event_id < 0 || ev->win_event_id > 65535)
			__builtin_trap();
		if (ev->arena_len > len + 64)
			__builtin_trap();
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
	const struct parser	*p = parser_lookup("windows");
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
