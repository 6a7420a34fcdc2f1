/*
 * Following one input: the files matching a glob, from the libevent loop.
 * Files are known by identity (collector/logfile.h), so a file renamed to
 * another matching name is the same file, not a new one.  A file renamed
 * away (rotation) or deleted is read to its end and for a grace period
 * more; a file truncated in place is read again from its start.  Offsets
 * advance in two steps: read (lines handed to the pipeline) and committed
 * (their alerts are written out); only committed offsets are saved.
 */
#ifndef DETECTD_TAIL_H
#define DETECTD_TAIL_H

#include <stddef.h>
#include <stdint.h>

#include "collector/reader.h"

struct event_base;
struct state;
struct tail;
struct watch;

struct tail_conf {
	const char	*name;		/* the input's name */
	const char	*path;		/* glob of the files to follow */
	const char	*rotated;	/* glob of rotated names, or NULL */
	size_t		 max_line;
	int		 start_at_end;	/* first run: files present from their end */
	int		 catch_up_gzip;	/* read rotated files gzip'd while stopped */
	int		 follow_symlinks;	/* glob matches that are links */
	int64_t		 rotate_wait_ms;
	int64_t		 partial_wait_ms;
	int64_t		 poll_ms;
	int64_t		 rescan_ms;
};

struct tail_cbs {
	/* A file is opened; returns its context (for parser state). */
	void	*(*file_open)(void *arg, const char *path, int64_t mtime_ms);
	void	 (*file_close)(void *arg, void *fctx);
	/* The file was truncated: it starts anew. */
	void	 (*file_restart)(void *arg, void *fctx, int64_t mtime_ms);
	void	 (*line)(void *arg, void *fctx, const char *path,
		    const struct rline *);
	/* Called after each chunk read: -1 means stop reading (paused). */
	int	 (*pressure)(void *arg);
	void	*arg;
};

struct tail_stats {
	uint64_t	 files;		/* open now */
	uint64_t	 opened;
	uint64_t	 rotations;	/* renamed away or deleted */
	uint64_t	 truncations;
	uint64_t	 lines;
	uint64_t	 bytes;
	uint64_t	 cut;
	uint64_t	 nul_skipped;
	uint64_t	 partial;
	uint64_t	 read_errors;
	uint64_t	 symlinks;	/* links skipped (follow-symlinks no) */
};

/*
 * Start following: st (may be NULL) holds the saved offsets; watch is
 * NULL when inotify is unavailable (the files are polled).
 */
struct tail	*tail_new(struct event_base *, struct watch *,
		    const struct tail_conf *, const struct tail_cbs *,
		    const struct state *st);
void		 tail_free(struct tail *);
/* Stop reading (outputs are failing); resume reads what piled up. */
void		 tail_pause(struct tail *);
void		 tail_resume(struct tail *);
/* Every line handed out so far is written out: commit the offsets. */
int		 tail_commit(struct tail *);
/* Add this input's offsets to a state to be saved. */
int		 tail_export(const struct tail *, struct state *);
void		 tail_stats(const struct tail *, struct tail_stats *);
/* Log per-file statistics. */
void		 tail_report(const struct tail *);

#endif
