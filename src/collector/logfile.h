/*
 * One open log file read as it grows: its identity, a read offset and a
 * committed offset, truncation (copytruncate) spotted by size and by a
 * changed head, a leading run of NUL bytes skipped after a restart at 0,
 * and a partial last line that waits for its newline.  Lines are handed
 * out in batches, so that the caller can look at the clock between them.
 */
#ifndef DETECTD_LOGFILE_H
#define DETECTD_LOGFILE_H

#include <sys/types.h>
#include <sys/stat.h>

#include <stddef.h>
#include <stdint.h>

#include "collector/reader.h"

#define LOGFILE_HEAD	1024	/* bytes of the start that name a file */
#define LOGFILE_PREV	256	/* bytes before an offset that vouch for it */

/*
 * A file is (dev, ino) plus a hash of its first head_len bytes, where
 * head_len is LOGFILE_HEAD, or the whole file while it is shorter: an
 * inode reused for another file has another head.  The head starts at
 * the first byte that is not NUL: a writer without O_APPEND goes on at
 * its old offset after a truncation, so the file then starts with a run
 * of NUL bytes (a hole) that says nothing of it.  head_off is where the
 * head starts, known for open files only (the state file does not keep
 * it: comparisons look for the first byte again).
 */
struct fileid {
	uint64_t	 dev;
	uint64_t	 ino;
	uint64_t	 head_off;
	uint32_t	 head_len;
	uint64_t	 head_hash;
};

/* The head of an open file, to compare with several identities. */
struct fhead {
	uint64_t	 off;
	size_t		 len;		/* 0: empty, or NUL bytes only */
	char		 buf[LOGFILE_HEAD];
};

struct logfile_stats {
	uint64_t	 lines;
	uint64_t	 bytes;
	uint64_t	 cut;		/* lines longer than max-line */
	uint64_t	 truncations;
	uint64_t	 nul_skipped;
	uint64_t	 partial;	/* partial lines given out after a wait */
	uint64_t	 read_errors;
};

struct logfile;

typedef void (*logfile_line_cb)(void *arg, const struct rline *);
/*
 * The file was truncated and is read again from its start; pre is its
 * identity before, pre_off how far its lines were handed out (where a
 * copy of it is to be read from).
 */
typedef void (*logfile_trunc_cb)(void *arg, const struct fileid *pre,
		    uint64_t pre_off, int64_t mtime_ms);

/* The hash used for heads and prev hashes. */
uint64_t fileid_hash(const void *, size_t);
/* Identity of an open file; -1 on a read error. */
int	 fileid_get(int fd, const struct stat *, struct fileid *);
/* Whether fd's head starts with the id->head_len bytes id names. */
int	 fileid_head_same(int fd, const struct fileid *);
/* The head of an open file; -1 on a read error. */
int	 fhead_read(int fd, struct fhead *);
/* Whether a head starts with the id->head_len bytes id names. */
int	 fhead_is(const struct fhead *, const struct fileid *);
/* Hash of the up to LOGFILE_PREV bytes before off; *len gets their count. */
int	 fileid_prev(int fd, uint64_t off, uint64_t *hash, uint32_t *len);

/*
 * Takes over fd (a regular file open for reading) and reads it from off.
 * At off 0 a leading run of NUL bytes is skipped.
 */
struct logfile	*logfile_new(int fd, const struct stat *, uint64_t off,
		    size_t max_line, logfile_line_cb, logfile_trunc_cb,
		    void *arg);
void		 logfile_free(struct logfile *);
/*
 * Hand out at most max_lines whole lines (0: no limit): those left from
 * the last call first; when none is left, check for a truncation and
 * read one chunk (*nread, which may be NULL, gets its size).  Returns 1
 * when lines may have been handed out, 0 at end of file with none left,
 * -1 on an error.
 */
int		 logfile_read(struct logfile *, const char *path,
		    size_t max_lines, size_t *nread);
/*
 * Hand out a partial last line when no byte came for wait_ms (checked
 * by reading once more).
 */
void		 logfile_partial(struct logfile *, const char *path,
		    int64_t now_ms, int64_t wait_ms);
/* The file will not grow: hand out its partial last line. */
void		 logfile_finish(struct logfile *);
/* Offset just after the last line handed out. */
uint64_t	 logfile_consumed(const struct logfile *);
const struct fileid *logfile_id(const struct logfile *);
int		 logfile_fd(const struct logfile *);
const struct logfile_stats *logfile_stats(const struct logfile *);

#endif
