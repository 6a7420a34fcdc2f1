/*
 * The driver of the parser fuzz targets: a target defines FUZZ_PARSER,
 * the parser's name, and includes this.  Arbitrary bytes go to the
 * parser as one line, then as each '\n'-separated line, the way the
 * collector hands them over, with the parser's per-file state; for the
 * formats that may carry a syslog header, each line again through
 * parser_parse, which takes the header(s) off as the pipeline does.
 * Every byte of every string field of a parsed event is read, and of
 * the values its format's own names give (logevent_native), so that
 * ASan checks the slices and the lookups.  Every line must give an
 * event, a skip or an error that says what it is (the pipeline counts
 * those): any other result, an error without a message or a parser
 * that cannot make its state aborts, with or without a sanitizer.  The
 * results are counted for the replay driver (fuzz_replay_counts), which
 * wants a corpus to give events as well as errors (as well as skips
 * for a PARSER_FOREIGN format, which skips other programs' lines).
 * A target that feeds the parser its own way defines FUZZ_OWN_ENTRY and
 * calls fuzz_line for each line.
 */
#ifndef FUZZ_PARSER
#error "define FUZZ_PARSER, the parser's name, first"
#endif

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event/logevent.h"
#include "parsers/parser.h"

#define FUZZ_REF_MS	1773100800000LL

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);
void	fuzz_replay_counts(unsigned long *, unsigned long *,
	    unsigned long *);

/* Lines that gave an event, an error, a skip. */
static unsigned long	fuzz_n[3];

int	fuzz_replay_foreign(void);

/* Whether the format skips other programs' lines (PARSER_FOREIGN). */
int
fuzz_replay_foreign(void)
{
	const struct parser	*p = parser_lookup(FUZZ_PARSER);

	return p != NULL && (p->flags & PARSER_FOREIGN);
}

void
fuzz_replay_counts(unsigned long *events, unsigned long *errors,
    unsigned long *skips)
{
	*events = fuzz_n[0];
	*errors = fuzz_n[1];
	*skips = fuzz_n[2];
}

/* An unreported failure: a crash for libFuzzer and the replay alike. */
static void
fuzz_fail(const char *what, int r)
{
	fprintf(stderr, "%s: %s (result %d)\n", FUZZ_PARSER, what, r);
	abort();
}

/* Read every byte of a value, so that ASan checks the slice. */
static void
fuzz_read(struct slice v)
{
	volatile unsigned	 sum = 0;
	size_t			 j;

	for (j = 0; j < v.len; j++)
		sum += (unsigned char)v.p[j];
	(void)sum;
}

/* Read every byte of every string field, so that ASan checks the slices. */
static void
fuzz_touch(const struct logevent *ev)
{
	const struct field_def	*t;
	size_t			 n, i;

	t = field_table(&n);
	for (i = 0; i < n; i++)
		if (t[i].type == FIELD_STR)
			fuzz_read(field_str(ev, &t[i]));
}

/*
 * Names to look up, one of each kind (a System field, an event data
 * key, a dotted name, a key).  Each lookup scans the line: an event
 * gets one of them, picked by its length, so that the fuzzer keeps its
 * time for the parser too.
 */
static const char *const fuzz_native_names[] = {
	"EventID", "Image", "id.orig_h", "msg",
};

#define FUZZ_NNAMES	(sizeof(fuzz_native_names) / \
			    sizeof(fuzz_native_names[0]))

/*
 * Look names up by the format's own names (logevent_native): one of
 * the list, and the line's own first bytes as a name, so that the
 * fuzzer steers names too (with room, and without).  Every byte of a
 * value is read.
 */
static void
fuzz_lookup(const struct logevent *ev, const char *name, size_t len,
    char *buf, size_t size)
{
	struct slice	 v = logevent_native(ev, name, len, buf, size);

	/* {NULL, n}: the room a value needs, never more than the line. */
	if (v.p != NULL)
		fuzz_read(v);
	else if (v.len > ev->raw.len)
		__builtin_trap();
}

static void
fuzz_native(const struct logevent *ev)
{
	size_t		 n = ev->raw.len;
	const char	*name = fuzz_native_names[n % FUZZ_NNAMES];
	char		*buf;

	if (ev->native == NULL || (buf = malloc(n ? n : 1)) == NULL)
		return;
	fuzz_lookup(ev, name, strlen(name), buf, n);
	if (n > 1) {
		fuzz_lookup(ev, ev->raw.p + 1, n - 1 < 12 ? n - 1 : 12, buf, n);
		fuzz_lookup(ev, ev->raw.p + 1, n - 1 < 12 ? n - 1 : 12, NULL,
		    0);
	}
	free(buf);
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
		fuzz_native(ev);
		fuzz_n[0]++;
		break;
	case PARSE_ERROR:
		if (err == NULL || err[0] == '\0')
			fuzz_fail("an error without a message", (int)r);
		fuzz_n[1]++;
		break;
	case PARSE_SKIP:
		fuzz_n[2]++;
		break;
	default:
		fuzz_fail("neither an event, a skip nor an error", (int)r);
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

	if (p == NULL)
		fuzz_fail("no such parser", 0);
	if (p->state_new != NULL && (st = p->state_new(FUZZ_REF_MS)) == NULL)
		fuzz_fail("no state", 0);
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
