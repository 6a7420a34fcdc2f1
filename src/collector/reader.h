/*
 * Reading a log file from the start: plain, gzip'd or standard input,
 * split into lines with memchr over large reads.  Used by replay mode and
 * for the catch-up of files that are not followed live.
 */
#ifndef DETECTD_READER_H
#define DETECTD_READER_H

#include <stddef.h>
#include <stdint.h>

#include "event/rline.h"

struct reader;

/* "-" is standard input.  gzip is recognised by its magic bytes. */
struct reader	*reader_open(const char *path, size_t max_line);
/* The same on fd, open already (and taken over), read from its start. */
struct reader	*reader_fdopen(int fd, const char *path, size_t max_line);
void		 reader_free(struct reader *);
/* 1: a line in *l; 0: end of file; -1: read error (logged). */
int		 reader_next(struct reader *, struct rline *l);
/* Offset (uncompressed) just after the last line handed out. */
uint64_t	 reader_offset(const struct reader *);
/* Bytes consumed from the underlying file (compressed bytes for gzip). */
uint64_t	 reader_pos(const struct reader *);
/* Size of the underlying file, 0 when unknown (a pipe). */
uint64_t	 reader_size(const struct reader *);
int		 reader_is_gzip(const struct reader *);
int64_t		 reader_mtime_ms(const struct reader *);

#endif
