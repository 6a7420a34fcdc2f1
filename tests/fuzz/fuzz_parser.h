/*
 * The driver of the parser fuzz targets: a target defines FUZZ_PARSER,
 * the parser's name, and includes this.  Arbitrary bytes go to the
 * parser as one line, then as each '\n'-separated line, the way the
 * collector hands them over, with the parser's per-file state; for the
 * formats that may carry a syslog header, each line again through
 * parser_parse, which takes the header(s) off as the pipeline does.  Every byte of every string field of a parsed event is read, so
 * that ASan checks the slices, and an error must say what it is.
 * A target that feeds the parser its own way defines FUZZ_OWN_ENTRY and
 * calls fuzz_line for each line.
 */
#ifndef FUZZ_PARSER
#error "define FUZZ_PARSER, the parser's name, first"
#endif

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "event/logevent.h"
#include "parsers/parser.h"

#define FUZZ_REF_MS	1773100800000LL

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Read every byte of every string field, so that ASan checks the slices. */
static void
fuzz_touch(const struct logevent *ev)
{
	const struct field_def	*t;
	struct slice		 s;
	size_t			 n, i, j;
	volatile unsigned	 sum = 0;

	t = field_table(&n);
	for (i = 0; i < n; i++) {
		if (t[i].type != FIELD_STR)
			continue;
		s = field_str(ev, &t[i]);
		for (j = 0; j < s.len; j++)
			sum += (unsigned char)s.p[j];
	}
	(void)sum;
}

/* The line to the format's parse(), or through parser_parse (whole). */
static void
fuzz_one(const struct parser *p, void *st, struct logevent *ev,
    const char *line, size_t len, int whole)
{
	const char		*err = NULL;
	enum parse_result	 r;

	logevent_reset(ev);
	if (logevent_reserve(ev, len + 64) == -1)
		return;
	ev->raw.p = line;
	ev->raw.len = len;
	r = whole ? parser_parse(p, st, FUZZ_REF_MS, line, len, ev, &err) :
	    p->parse(st, line, len, ev, &err);
	switch (r) {
	case PARSE_OK:
		fuzz_touch(ev);
		break;
	case PARSE_ERROR:
		if (err == NULL || err[0] == '\0')
			__builtin_trap();
		break;
	case PARSE_SKIP:
		break;
	}
}

static void
fuzz_line(const struct parser *p, void *st, struct logevent *ev,
    const char *line, size_t len)
{
	fuzz_one(p, st, ev, line, len, 0);
	/* Syslog headers taken off as the pipeline does. */
	if (p->flags & PARSER_SYSLOG)
		fuzz_one(p, st, ev, line, len, 1);
}

#ifndef FUZZ_OWN_ENTRY
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct parser	*p = parser_lookup(FUZZ_PARSER);
	const char		*s = (const char *)data, *end = s + size, *nl;
	struct logevent		 ev;
	void			*st = NULL;

	if (p->state_new != NULL && (st = p->state_new(FUZZ_REF_MS)) == NULL)
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
	if (st != NULL)
		p->state_free(st);
	logevent_free(&ev);
	return 0;
}
#endif
