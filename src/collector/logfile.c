/*
 * One followed log file (logfile.h): owns its descriptor, its identity
 * (device, inode, head hash), its read and committed offsets and the
 * framing of what it reads; tells truncation and a partial last line.
 *
 * Truncation is told at every read by a size below what was read, and
 * by a head that changed: the head is looked for at the first byte that
 * is not NUL, so that a writer without O_APPEND, which leaves a hole
 * before what it writes after each truncation, does not hide the next.
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
#define LOGFILE_SCAN	(32 * 1024)	/* bytes looked at for the head */

struct logfile {
	int		 fd;
	uint64_t	 pos;		/* bytes read from the file */
	struct fileid	 id;
	int		 nulskip;	/* at the start: skip NUL bytes */
	int		 more;		/* whole lines may be left to hand out */
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

/*
 * The first byte at or after from that is not NUL: 0 and *at, 1 when
 * there is none yet, -1 on a read error.  Holes are passed with
 * SEEK_DATA where the file system knows them.
 */
static int
logfile_first_data(int fd, uint64_t from, uint64_t *at)
{
	char	 buf[LOGFILE_SCAN];
	off_t	 d;
	ssize_t	 n, k;

	for (;;) {
		d = lseek(fd, (off_t)from, SEEK_DATA);
		if (d == -1 && errno == ENXIO)
			return 1;
		if (d > (off_t)from)
			from = d;
		if ((n = logfile_pread(fd, buf, sizeof(buf), from)) <= 0)
			return n == 0 ? 1 : -1;
		for (k = 0; k < n && buf[k] == '\0'; k++)
			;
		if (k < n) {
			*at = from + k;
			return 0;
		}
		from += n;
	}
}

int
fhead_read(int fd, struct fhead *h)
{
	ssize_t	 n;
	int	 rc;

	h->off = 0;
	h->len = 0;
	if ((rc = logfile_first_data(fd, 0, &h->off)) != 0)
		return rc == 1 ? 0 : -1;
	if ((n = logfile_pread(fd, h->buf, sizeof(h->buf), h->off)) == -1)
		return -1;
	h->len = n;
	return 0;
}

int
fhead_is(const struct fhead *h, const struct fileid *id)
{
	return h->len >= id->head_len &&
	    hash64(h->buf, id->head_len, LOGFILE_SEED) == id->head_hash;
}

/* The head is the bytes at off (the first that is not NUL). */
static int
fileid_head_at(int fd, uint64_t off, struct fileid *id)
{
	char	 buf[LOGFILE_HEAD];
	ssize_t	 n;

	if ((n = logfile_pread(fd, buf, sizeof(buf), off)) == -1)
		return -1;
	id->head_off = off;
	id->head_len = n;
	id->head_hash = hash64(buf, n, LOGFILE_SEED);
	return 0;
}

int
fileid_get(int fd, const struct stat *st, struct fileid *id)
{
	uint64_t	 at;
	int		 rc;

	memset(id, 0, sizeof(*id));
	id->dev = st->st_dev;
	id->ino = st->st_ino;
	if ((rc = logfile_first_data(fd, 0, &at)) != 0)
		return rc == 1 ? 0 : -1;	/* no head yet */
	return fileid_head_at(fd, at, id);
}

int
fileid_head_same(int fd, const struct fileid *id)
{
	struct fhead	 h;

	return fhead_read(fd, &h) == 0 && fhead_is(&h, id);
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

/* At the start of the file: past the NUL bytes before its head at once. */
static void
logfile_skip_hole(struct logfile *lf)
{
	if (lf->id.head_len == 0 || lf->id.head_off <= lf->pos)
		return;
	lf->st.nul_skipped += lf->id.head_off - lf->pos;
	lf->pos = lf->id.head_off;
	framer_reset(&lf->fr, lf->pos);
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
	if (lf->nulskip)
		logfile_skip_hole(lf);
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
 * No head yet: the file was empty or held NUL bytes only.  Its first
 * data names it from now on, unless it lies where NUL bytes were
 * skipped: then the file was rewritten below what was read.
 */
static int
logfile_first_head(struct logfile *lf)
{
	uint64_t	 at;

	if (logfile_first_data(lf->fd, 0, &at) != 0)
		return 0;
	if (lf->nulskip && at < lf->pos)
		return 1;
	(void)fileid_head_at(lf->fd, at, &lf->id);
	return 0;
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
	if (lf->id.head_len == LOGFILE_HEAD && (uint64_t)st->st_size ==
	    lf->pos)
		return 0;	/* nothing new: the next growth checks */
	if (lf->id.head_len == 0)
		return logfile_first_head(lf);
	n = logfile_pread(lf->fd, buf, sizeof(buf), lf->id.head_off);
	if (n == -1)
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
	struct fileid	 pre = lf->id;
	uint64_t	 pre_off = lf->fr.off;

	lf->st.truncations++;
	/*
	 * A partial line pending here is dropped: with copytruncate it
	 * is whole in the copy, which is read from pre_off.
	 */
	lf->pos = 0;
	lf->nulskip = 1;
	lf->more = 0;
	framer_reset(&lf->fr, 0);
	(void)fileid_get(lf->fd, st, &lf->id);
	logfile_skip_hole(lf);
	if (lf->trunc_cb != NULL)
		lf->trunc_cb(lf->arg, &pre, pre_off,
		    (int64_t)st->st_mtim.tv_sec * 1000);
}

/*
 * Skip NUL bytes at the start of a file restarted at 0 (sparse file);
 * the first data names the file if nothing did yet.
 */
static size_t
logfile_skip_nul(struct logfile *lf, char *p, size_t n)
{
	size_t	 k = 0;

	while (k < n && p[k] == '\0')
		k++;
	if (k > 0) {
		lf->st.nul_skipped += k;
		framer_reset(&lf->fr, lf->fr.off + k);
	}
	if (k == n)
		return 0;
	lf->nulskip = 0;
	if (lf->id.head_len == 0)
		(void)fileid_head_at(lf->fd, lf->fr.off, &lf->id);
	memmove(p, p + k, n - k);
	return n - k;
}

/* Hand out up to max whole lines (0: all); 1 if some may be left. */
static int
logfile_lines(struct logfile *lf, size_t max)
{
	struct rline	 l;
	size_t		 n;

	for (n = 0; max == 0 || n < max; n++) {
		if (!framer_next(&lf->fr, &l))
			return 0;
		lf->st.lines++;
		if (l.truncated)
			lf->st.cut++;
		lf->line_cb(lf->arg, &l);
	}
	return 1;
}

/* Read one chunk after a look for truncation: bytes read, or -1. */
static ssize_t
logfile_fill(struct logfile *lf, const char *path)
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
	if (lf->nulskip)
		logfile_skip_hole(lf);
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
	return n;
}

int
logfile_read(struct logfile *lf, const char *path, size_t max_lines,
    size_t *nread)
{
	ssize_t	 n = 0;

	/* Lines left from the last call go out before more is read. */
	if (!lf->more && (n = logfile_fill(lf, path)) <= 0)
		return n;
	if (nread != NULL)
		*nread = n;
	lf->more = logfile_lines(lf, max_lines);
	return 1;
}

void
logfile_partial(struct logfile *lf, const char *path, int64_t now_ms,
    int64_t wait_ms)
{
	struct rline	 l;

	/* Whole lines left to hand out: the turns of reading do that. */
	if (lf->more || framer_pending(&lf->fr) == 0 ||
	    now_ms - lf->last_data_ms < wait_ms)
		return;
	/* Quiet since, or only not read for a while (paused)? */
	if (logfile_read(lf, path, 0, NULL) != 0)
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

	lf->more = logfile_lines(lf, 0);
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
logfile_fd(const struct logfile *lf)
{
	return lf->fd;
}

const struct logfile_stats *
logfile_stats(const struct logfile *lf)
{
	return &lf->st;
}
