/*
 * Following one live log file from the libevent loop: new lines as they
 * are appended, rotation by rename (the old descriptor is read to its end
 * first), truncation (copytruncate), deletion and re-creation.
 */
#ifndef DETECTD_TAIL_H
#define DETECTD_TAIL_H

#include <stdint.h>

#include "collector/reader.h"

struct event_base;
struct tail;

typedef void (*tail_line_cb)(void *arg, struct tail *, const char *path,
    const struct rline *);
/* A new file is being read from its start (rotation, truncation). */
typedef void (*tail_restart_cb)(void *arg, struct tail *, int64_t mtime_ms);

struct tail_stats {
	uint64_t	 bytes;
	uint64_t	 rotations;
	uint64_t	 truncations;
	uint64_t	 read_errors;
};

struct tail	*tail_new(struct event_base *, const char *path,
		    size_t max_line, int64_t poll_ms, tail_line_cb,
		    tail_restart_cb, void *arg);
void		 tail_free(struct tail *);
const char	*tail_path(const struct tail *);
const struct tail_stats *tail_stats(const struct tail *);
uint64_t	 tail_truncated_lines(const struct tail *);
/* Read what is there now (also called from the timer). */
void		 tail_poll(struct tail *);

#endif
