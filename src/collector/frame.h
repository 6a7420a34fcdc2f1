/*
 * Line framing over a read buffer: bytes go in at the end, whole lines
 * come out as slices of the buffer.  A line longer than max_line is cut
 * at max_line, handed out once with truncated set, and the rest of it up
 * to its newline is skipped.  A trailing CR is removed.
 */
#ifndef DETECTD_FRAME_H
#define DETECTD_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include "collector/reader.h"

struct framer {
	char		*buf;
	size_t		 cap;
	size_t		 start;		/* first unconsumed byte */
	size_t		 end;		/* one past the last byte read */
	size_t		 scan;		/* no newline in [start, scan) */
	size_t		 max_line;
	uint64_t	 off;		/* stream offset of buf[start] */
	int		 skipping;	/* inside the rest of a cut line */
	uint64_t	 truncated;	/* lines cut */
};

int	 framer_init(struct framer *, size_t max_line);
void	 framer_free(struct framer *);
void	 framer_reset(struct framer *, uint64_t off);
/* Room to read into (compacting first); never 0 after framer_init. */
char	*framer_space(struct framer *, size_t *avail);
void	 framer_commit(struct framer *, size_t n);
/* 1: a line; 0: need more bytes. */
int	 framer_next(struct framer *, struct rline *);
/* At end of input: the partial last line, if any (1), else 0. */
int	 framer_rest(struct framer *, struct rline *);
/* Bytes buffered but not yet handed out as lines. */
size_t	 framer_pending(const struct framer *);

#endif
