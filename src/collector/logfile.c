/*
 * One followed log file (logfile.h): owns its descriptor, its identity
 * (device, inode, head hash), its read and committed offsets and the
 * framing of what it reads; tells truncation and a partial last line.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "collector/frame.h"
#include "collector/logfile.h"
#include "util/hash.h"
#include "util/log.h"
#include "util/timeutil.h"

#define LOGFILE_SEED	0x6c6f6766696c6531ULL	/* "logfile1" */

struct logfile {
	int		 fd;
	uint64_t	 pos;		/* bytes read from the file */
	struct fileid	 id;
	struct fileid	 pre_id;	/* before the last truncation */
	uint64_t	 pre_off;
	int		 truncated_once;
	int		 nulskip;	/* at the start: skip NUL bytes */
	int64_t		 last_data_ms;
	struct framer	 fr;
	logfile_line_cb	 line_cb;
	logfile_trunc_cb trunc_cb;
	void		*arg;
	struct logfile_stats st;
};

static ssize_t
logfile_pread(int fd, void *buf, size_t len, uint64_t off)
{
	ssize_t	 n;
	size_t	 done = 0;

	while (done < len) {
		n = pread(fd, (char *)buf + done, len - done, off + done);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		if (n == 0)
			break;
		done += n;
	}
	return done;
}

uint64_t
fileid_hash(const void *p, size_t len)
{
	return hash64(p, len, LOGFILE_SEED);
}

int
fileid_get(int fd, const struct stat *st, struct fileid *id)
{
	char	 buf[LOGFILE_HEAD];
	ssize_t	 n;

	memset(id, 0, sizeof(*id));
	id->dev = st->st_dev;
	id->ino = st->st_ino;
	if ((n = logfile_pread(fd, buf, sizeof(buf), 0)) == -1)
		return -1;
	id->head_len = n;
	id->head_hash = hash64(buf, n, LOGFILE_SEED);
	return 0;
}

int
fileid_head_same(int fd, const struct fileid *id)
{
	char	 buf[LOGFILE_HEAD];
	ssize_t	 n;

	if (id->head_len > sizeof(buf))
		return 0;
	n = logfile_pread(fd, buf, id->head_len, 0);
	return n == (ssize_t)id->head_len &&
	    hash64(buf, n, LOGFILE_SEED) == id->head_hash;
}

int
fileid_prev(int fd, uint64_t off, uint64_t *hash, uint32_t *len)
{
	char	 buf[LOGFILE_PREV];
	size_t	 want = off < LOGFILE_PREV ? off : LOGFILE_PREV;
	ssize_t	 n;

	if ((n = logfile_pread(fd, buf, want, off - want)) != (ssize_t)want)
		return -1;
	*len = want;
	*hash = hash64(buf, want, LOGFILE_SEED);
	return 0;
}

struct logfile *
logfile_new(int fd, const struct stat *st, uint64_t off, size_t max_line,
    logfile_line_cb line_cb, logfile_trunc_cb trunc_cb, void *arg)
{
	struct logfile	*lf;

	if ((lf = calloc(1, sizeof(*lf))) == NULL) {
		log_warn("%s", __func__);
		close(fd);
		return NULL;
	}
	lf->fd = fd;
	lf->line_cb = line_cb;
	lf->trunc_cb = trunc_cb;
	lf->arg = arg;
	if (framer_init(&lf->fr, max_line) == -1 ||
	    fileid_get(fd, st, &lf->id) == -1) {
		logfile_free(lf);
		return NULL;
	}
	if (off > (uint64_t)st->st_size)
		off = st->st_size;
	lf->pos = off;
	lf->nulskip = off == 0;
	lf->last_data_ms = time_now_ms(CLOCK_MONOTONIC);
	framer_reset(&lf->fr, off);
	posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	return lf;
}

void
logfile_free(struct logfile *lf)
{
	if (lf == NULL)
		return;
	if (lf->fd != -1)
		close(lf->fd);
	framer_free(&lf->fr);
	free(lf);
}

/*
 * Truncated in place: smaller than what was read, or another head (the
 * file was emptied and written past the old offset before this look).
 * The head of a young file grows here until LOGFILE_HEAD bytes.
 */
static int
logfile_was_truncated(struct logfile *lf, const struct stat *st)
{
	char	 buf[LOGFILE_HEAD];
	ssize_t	 n;

	if ((uint64_t)st->st_size < lf->pos)
		return 1;
	if (lf->id.head_len == LOGFILE_HEAD && lf->pos >= LOGFILE_HEAD &&
	    (uint64_t)st->st_size == lf->pos)
		return 0;	/* nothing new: the next growth checks */
	if ((n = logfile_pread(lf->fd, buf, sizeof(buf), 0)) == -1)
		return 0;
	if ((size_t)n < lf->id.head_len || hash64(buf, lf->id.head_len,
	    LOGFILE_SEED) != lf->id.head_hash)
		return 1;
	if ((size_t)n > lf->id.head_len) {
		lf->id.head_len = n;
		lf->id.head_hash = hash64(buf, n, LOGFILE_SEED);
	}
	return 0;
}

static void
logfile_restart(struct logfile *lf, const struct stat *st)
{
	lf->pre_id = lf->id;
	lf->pre_off = lf->fr.off;
	lf->truncated_once = 1;
	lf->st.truncations++;
	/*
	 * A partial line pending here is dropped: with copytruncate it
	 * is whole in the copy, which is read from pre_off.
	 */
	lf->pos = 0;
	lf->nulskip = 1;
	framer_reset(&lf->fr, 0);
	(void)fileid_get(lf->fd, st, &lf->id);
	if (lf->trunc_cb != NULL)
		lf->trunc_cb(lf->arg, (int64_t)st->st_mtim.tv_sec * 1000);
}

/* Skip NUL bytes at the start of a file restarted at 0 (sparse file). */
static size_t
logfile_skip_nul(struct logfile *lf, char *p, size_t n)
{
	size_t	 k = 0;

	while (k < n && p[k] == '\0')
		k++;
	if (k == 0) {
		lf->nulskip = 0;
		return n;
	}
	lf->st.nul_skipped += k;
	framer_reset(&lf->fr, lf->fr.off + k);
	if (k == n)
		return 0;
	lf->nulskip = 0;
	memmove(p, p + k, n - k);
	return n - k;
}

static void
logfile_lines(struct logfile *lf)
{
	struct rline	 l;

	while (framer_next(&lf->fr, &l)) {
		lf->st.lines++;
		if (l.truncated)
			lf->st.cut++;
		lf->line_cb(lf->arg, &l);
	}
}

ssize_t
logfile_read(struct logfile *lf, const char *path)
{
	struct stat	 st;
	char		*p;
	size_t		 avail, keep;
	ssize_t		 n;

	if (fstat(lf->fd, &st) == -1) {
		log_warn("%s: fstat", path);
		lf->st.read_errors++;
		return -1;
	}
	if (logfile_was_truncated(lf, &st)) {
		log_info("%s: truncated, reading it again from the start",
		    path);
		logfile_restart(lf, &st);
	}
	if (lf->nulskip && lf->fr.start != lf->fr.end)
		lf->nulskip = 0;
	p = framer_space(&lf->fr, &avail);
	do {
		n = pread(lf->fd, p, avail, lf->pos);
	} while (n == -1 && errno == EINTR);
	if (n == -1) {
		log_warn("%s: read", path);
		lf->st.read_errors++;
		return -1;
	}
	if (n == 0)
		return 0;
	lf->pos += n;
	lf->st.bytes += n;
	lf->last_data_ms = time_now_ms(CLOCK_MONOTONIC);
	keep = lf->nulskip ? logfile_skip_nul(lf, p, n) : (size_t)n;
	framer_commit(&lf->fr, keep);
	logfile_lines(lf);
	return n;
}

void
logfile_partial(struct logfile *lf, const char *path, int64_t now_ms,
    int64_t wait_ms)
{
	struct rline	 l;

	if (framer_pending(&lf->fr) == 0 || now_ms - lf->last_data_ms <
	    wait_ms)
		return;
	/* Quiet since, or only not read for a while (paused)? */
	if (logfile_read(lf, path) != 0)
		return;
	/*
	 * Given out once: the offset moves past these bytes, so the rest
	 * of the line, if it comes, is a line of its own.
	 */
	if (framer_rest(&lf->fr, &l)) {
		lf->st.lines++;
		lf->st.partial++;
		lf->line_cb(lf->arg, &l);
	}
}

void
logfile_finish(struct logfile *lf)
{
	struct rline	 l;

	if (framer_rest(&lf->fr, &l)) {
		lf->st.lines++;
		lf->line_cb(lf->arg, &l);
	}
}

uint64_t
logfile_consumed(const struct logfile *lf)
{
	return lf->fr.off;
}

const struct fileid *
logfile_id(const struct logfile *lf)
{
	return &lf->id;
}

int
logfile_pre_trunc(const struct logfile *lf, struct fileid *id,
    uint64_t *off)
{
	if (!lf->truncated_once)
		return 0;
	*id = lf->pre_id;
	*off = lf->pre_off;
	return 1;
}

int
logfile_fd(const struct logfile *lf)
{
	return lf->fd;
}

const struct logfile_stats *
logfile_stats(const struct logfile *lf)
{
	return &lf->st;
}
