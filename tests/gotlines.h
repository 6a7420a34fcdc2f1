/*
 * Lines a collector piece hands over, collected for the collector
 * suites (check_frame, check_logfile): got_line is the line callback,
 * got_trunc the truncation one.
 */
#ifndef DETECTD_TESTS_GOTLINES_H
#define DETECTD_TESTS_GOTLINES_H

#include <check.h>
#include <stdint.h>
#include <string.h>

#include "collector/reader.h"

struct got {
	char	 lines[64][256];	/* cut to 255 bytes */
	uint64_t offs[64];
	int	 cut[64];
	int	 n;
	int	 restarts;		/* truncations seen */
	uint64_t pre_off;		/* where the last one stopped reading */
};

static inline void
got_line(void *arg, const struct rline *l)
{
	struct got	*g = arg;
	size_t		 len = l->len < 255 ? l->len : 255;

	ck_assert_int_lt(g->n, 64);
	memcpy(g->lines[g->n], l->p, len);
	g->lines[g->n][len] = '\0';
	g->offs[g->n] = l->off;
	g->cut[g->n] = l->truncated;
	g->n++;
}

struct fileid;

static inline void
got_trunc(void *arg, const struct fileid *pre, uint64_t pre_off,
    int64_t mtime_ms)
{
	struct got	*g = arg;

	(void)pre;
	(void)mtime_ms;
	g->restarts++;
	g->pre_off = pre_off;
}

#endif
