/*
 * Line framing (frame.h): owns a read buffer that bytes are appended to
 * and whole lines are cut from, with over-long lines cut and counted.
 */
#include <stdlib.h>
#include <string.h>

#include "collector/frame.h"
#include "util/log.h"

#define FRAME_MIN_BUF	(1024 * 1024)

int
framer_init(struct framer *f, size_t max_line)
{
	memset(f, 0, sizeof(*f));
	if (max_line == 0)
		max_line = 64 * 1024;
	f->max_line = max_line;
	/* Room for a whole maximal line plus a large read behind it. */
	f->cap = max_line * 2 > FRAME_MIN_BUF ? max_line * 2 : FRAME_MIN_BUF;
	if ((f->buf = malloc(f->cap)) == NULL) {
		log_warn("%s: malloc", __func__);
		return -1;
	}
	return 0;
}

void
framer_free(struct framer *f)
{
	if (f == NULL)
		return;
	free(f->buf);
	f->buf = NULL;
}

void
framer_reset(struct framer *f, uint64_t off)
{
	f->start = f->end = f->scan = 0;
	f->off = off;
	f->skipping = 0;
}

char *
framer_space(struct framer *f, size_t *avail)
{
	if (f->start > 0 && (f->cap - f->end < f->cap / 4 ||
	    f->start == f->end)) {
		memmove(f->buf, f->buf + f->start, f->end - f->start);
		f->end -= f->start;
		f->scan -= f->start;
		f->start = 0;
	}
	*avail = f->cap - f->end;
	return f->buf + f->end;
}

void
framer_commit(struct framer *f, size_t n)
{
	f->end += n;
}

static void
framer_emit(struct framer *f, struct rline *l, size_t len, size_t consumed,
    int truncated)
{
	l->p = f->buf + f->start;
	l->len = len;
	l->off = f->off;
	l->truncated = truncated;
	if (!truncated && len > 0 && l->p[len - 1] == '\r')
		l->len--;
	f->start += consumed;
	f->off += consumed;
	if (f->scan < f->start)
		f->scan = f->start;
}

int
framer_next(struct framer *f, struct rline *l)
{
	char	*nl;
	size_t	 len;

	for (;;) {
		nl = memchr(f->buf + f->scan, '\n', f->end - f->scan);
		if (nl == NULL) {
			f->scan = f->end;
			len = f->end - f->start;
			if (f->skipping) {
				/* Drop the rest of the cut line as it comes. */
				f->off += len;
				f->start = f->scan = f->end;
				return 0;
			}
			if (len < f->max_line)
				return 0;
			framer_emit(f, l, f->max_line, f->max_line, 1);
			f->truncated++;
			f->skipping = 1;
			return 1;
		}
		len = nl - (f->buf + f->start);
		if (f->skipping) {
			f->skipping = 0;
			f->off += len + 1;
			f->start = f->scan = len + 1 + f->start;
			continue;
		}
		if (len > f->max_line) {
			/* Arrived in one read: cut it here and skip the rest. */
			framer_emit(f, l, f->max_line, len + 1, 1);
			f->truncated++;
			return 1;
		}
		framer_emit(f, l, len, len + 1, 0);
		return 1;
	}
}

int
framer_rest(struct framer *f, struct rline *l)
{
	size_t	 len = f->end - f->start;

	if (len == 0 || f->skipping) {
		f->skipping = 0;
		f->off += len;
		f->start = f->scan = f->end;
		return 0;
	}
	framer_emit(f, l, len, len, 0);
	return 1;
}

size_t
framer_pending(const struct framer *f)
{
	return f->end - f->start;
}
