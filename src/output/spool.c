/*
 * The disk spool, which the webhook output keeps its records in (see
 * spool.h).  A spool owns its directory and what is in it, the
 * descriptors of the head and tail segments, and the read buffer a
 * peek returns.  Segments are named by a 20-digit sequence number so
 * that they sort; records never cross a segment.  The tail segment is
 * appended to and synced before spool_append returns; the head file
 * ("SEG OFFSET") is written to a temporary file and renamed over the old
 * one, so that it is always either the old head or the new.  Segments
 * before the head are deleted once the head has moved past them; a
 * crash between the two leaves files that the next open deletes.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/log.h"
#include "util/safefs.h"
#include "output/spool.h"

#define SPOOL_NAME_LEN	32
#define SPOOL_READ	(64 * 1024)

struct spool {
	char		*dir;
	char		*what;		/* "spool DIR", for safefs messages */
	int		 dirfd;
	struct safefs_owner owner;	/* of what it makes and reads */
	int		 head_found;	/* a head file was read */
	uint64_t	 cap;
	size_t		 seg_max;
	uint64_t	 oldest;	/* first segment that may still exist */
	uint64_t	 head_seg;
	uint64_t	 head_off;
	uint64_t	 tail_seg;
	int		 tail_fd;
	uint64_t	 tail_size;
	int		 rfd;		/* reads the head segment */
	uint64_t	 rseg;
	uint64_t	 records;
	uint64_t	 bytes;
	char		*buf;
	size_t		 bufcap;
};

static void
spool_segname(uint64_t seg, char name[SPOOL_NAME_LEN])
{
	snprintf(name, SPOOL_NAME_LEN, "%020" PRIu64 ".seg", seg);
}

static int
spool_segparse(const char *name, uint64_t *seg)
{
	char	*end;

	if (strlen(name) != 24 || strcmp(name + 20, ".seg") != 0 ||
	    name[0] < '0' || name[0] > '9')
		return -1;
	errno = 0;
	*seg = strtoull(name, &end, 10);
	return errno == 0 && end == name + 20 ? 0 : -1;
}

/* A segment to read; ENOENT when it is gone. */
static int
spool_segopen(struct spool *sp, uint64_t seg)
{
	char	 name[SPOOL_NAME_LEN];

	spool_segname(seg, name);
	return openat(sp->dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
}

/*
 * A segment found in the directory: a regular file, not a link, of the
 * user detectd runs as, who reads it once root is dropped.
 */
static int
spool_segcheck(struct spool *sp, const char *name)
{
	struct stat	 st;

	if (fstatat(sp->dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == -1) {
		log_warn("spool %s: %s", sp->dir, name);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		log_warnx("spool %s: %s is %s, not a file: remove it", sp->dir,
		    name, S_ISLNK(st.st_mode) ? "a symbolic link" :
		    "something else");
		return -1;
	}
	if (st.st_uid != sp->owner.uid) {
		log_warnx("spool %s: %s belongs to uid %u, not to uid %u, the "
		    "user detectd runs as: chown it", sp->dir, name,
		    (unsigned)st.st_uid, (unsigned)sp->owner.uid);
		return -1;
	}
	return 0;
}

/* Range of the segment files present; 0 when there are none. */
static int
spool_scan(struct spool *sp, uint64_t *min, uint64_t *max)
{
	DIR		*d;
	struct dirent	*de;
	uint64_t	 seg;
	int		 fd;

	*min = *max = 0;
	if ((fd = dup(sp->dirfd)) == -1 || (d = fdopendir(fd)) == NULL) {
		log_warn("spool %s", sp->dir);
		if (fd != -1)
			close(fd);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (spool_segparse(de->d_name, &seg) == -1)
			continue;
		if (spool_segcheck(sp, de->d_name) == -1) {
			closedir(d);
			return -1;
		}
		if (*min == 0 || seg < *min)
			*min = seg;
		if (seg > *max)
			*max = seg;
	}
	closedir(d);
	return 0;
}

/* "SEG OFF\n" and nothing else; -1 for anything else. */
static int
spool_head_parse(const char *p, uint64_t *seg, uint64_t *off)
{
	uint64_t	 v[2];
	char		*end;
	int		 i;

	for (i = 0; i < 2; i++) {
		if (*p < '0' || *p > '9')
			return -1;
		errno = 0;
		v[i] = strtoull(p, &end, 10);
		if (errno != 0 || (i == 0 && *end != ' '))
			return -1;
		p = i == 0 ? end + 1 : end;
	}
	if (*p != '\0' && strcmp(p, "\n") != 0)
		return -1;
	*seg = v[0];
	*off = v[1];
	return 0;
}

static int
spool_head_read(struct spool *sp)
{
	char		 buf[64];
	ssize_t		 n = 0;
	int		 fd;

	fd = openat(sp->dirfd, "head", O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1 && errno == ENOENT)
		return 0;		/* nothing delivered yet */
	if (fd == -1 && errno != ELOOP) {
		log_warn("spool %s: head", sp->dir);
		return -1;
	}
	if (fd != -1) {
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
	}
	buf[n > 0 ? n : 0] = '\0';
	if (spool_head_parse(buf, &sp->head_seg, &sp->head_off) == -1) {
		log_warnx("spool %s: head file is damaged: sending the whole "
		    "spool again", sp->dir);
		sp->head_seg = sp->head_off = 0;
		return 0;
	}
	sp->head_found = 1;
	return 0;
}

static int
spool_head_write(struct spool *sp)
{
	char	 buf[64];
	int	 fd, len;

	len = snprintf(buf, sizeof(buf), "%" PRIu64 " %" PRIu64 "\n",
	    sp->head_seg, sp->head_off);
	fd = safefs_create(sp->what, sp->dirfd, "head.tmp", 0600, &sp->owner);
	if (fd == -1)
		return -1;
	if (write(fd, buf, len) != len || fdatasync(fd) == -1) {
		log_warn("spool %s: head", sp->dir);
		close(fd);
		return -1;
	}
	close(fd);
	/*
	 * No fsync of the directory: a rename lost to a power cut leaves
	 * the old head, which sends a batch again (the receiver has its
	 * event.id); it never loses one.
	 */
	if (renameat(sp->dirfd, "head.tmp", sp->dirfd, "head") == -1) {
		log_warn("spool %s: head", sp->dir);
		return -1;
	}
	return 0;
}

/* Delete the segments before the head. */
static void
spool_prune(struct spool *sp)
{
	char	 name[SPOOL_NAME_LEN];

	for (; sp->oldest < sp->head_seg; sp->oldest++) {
		spool_segname(sp->oldest, name);
		if (unlinkat(sp->dirfd, name, 0) == -1 && errno != ENOENT)
			log_warn("spool %s: %s", sp->dir, name);
	}
}

static int
spool_grow(struct spool *sp, size_t need)
{
	char	*nb;
	size_t	 ncap;

	if (need <= sp->bufcap)
		return 0;
	for (ncap = sp->bufcap ? sp->bufcap : SPOOL_READ; ncap < need;)
		ncap *= 2;
	if ((nb = realloc(sp->buf, ncap)) == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	sp->buf = nb;
	sp->bufcap = ncap;
	return 0;
}

/* Count the bytes and records of seg from off on. */
static int
spool_count(struct spool *sp, uint64_t seg, uint64_t off)
{
	ssize_t	 n, i;
	int	 fd;

	if ((fd = spool_segopen(sp, seg)) == -1)
		return errno == ENOENT ? 0 : -1;
	if (spool_grow(sp, SPOOL_READ) == -1) {
		close(fd);
		return -1;
	}
	while ((n = pread(fd, sp->buf, SPOOL_READ, (off_t)off)) > 0) {
		for (i = 0; i < n; i++)
			if (sp->buf[i] == '\n')
				sp->records++;
		sp->bytes += n;
		off += n;
	}
	close(fd);
	return n == 0 ? 0 : -1;
}

/*
 * Cut the tail back to its last newline: a record half written when
 * detectd died is not sent.
 */
static int
spool_repair(struct spool *sp)
{
	struct stat	 st;
	off_t		 end, from;
	ssize_t		 n, i;

	if (fstat(sp->tail_fd, &st) == -1 || spool_grow(sp, SPOOL_READ) == -1)
		return -1;
	for (end = st.st_size; end > 0; end = from) {
		from = end > SPOOL_READ ? end - SPOOL_READ : 0;
		if ((n = pread(sp->tail_fd, sp->buf, end - from, from)) <= 0)
			return -1;
		for (i = n; i > 0; i--)
			if (sp->buf[i - 1] == '\n')
				break;
		if (i > 0) {
			end = from + i;
			break;
		}
	}
	if (end < st.st_size) {
		log_warnx("spool %s: dropping %lld bytes of a record cut "
		    "short", sp->dir, (long long)(st.st_size - end));
		if (ftruncate(sp->tail_fd, end) == -1)
			return -1;
	}
	sp->tail_size = (uint64_t)end;
	return 0;
}

static int
spool_tail_open(struct spool *sp, uint64_t seg)
{
	char	 name[SPOOL_NAME_LEN];

	if (sp->tail_fd != -1)
		close(sp->tail_fd);
	sp->tail_seg = seg;
	sp->tail_size = 0;
	spool_segname(seg, name);
	/* Read too: spool_repair looks for the last newline. */
	sp->tail_fd = safefs_open(sp->what, sp->dirfd, name,
	    O_RDWR | O_APPEND | O_CREAT, 0600, &sp->owner);
	if (sp->tail_fd == -1)
		return -1;
	if (spool_repair(sp) == -1) {
		log_warn("spool %s: segment %" PRIu64, sp->dir, seg);
		return -1;
	}
	return 0;
}

/*
 * Whether the head read from the disk fits the segments present: a
 * record boundary from the first of them to the tail.
 */
static int
spool_head_fits(struct spool *sp, uint64_t min)
{
	struct stat	 st;
	char		 c;
	int		 fd, ok;

	if (sp->head_seg < min || sp->head_seg > sp->tail_seg)
		return 0;
	if (sp->head_off == 0)
		return 1;
	if ((fd = spool_segopen(sp, sp->head_seg)) == -1)
		return 0;
	ok = fstat(fd, &st) == 0 && sp->head_off <= (uint64_t)st.st_size &&
	    pread(fd, &c, 1, (off_t)sp->head_off - 1) == 1 && c == '\n';
	close(fd);
	return ok;
}

static int
spool_load(struct spool *sp)
{
	uint64_t	 min, max, seg;

	if (spool_scan(sp, &min, &max) == -1 || spool_head_read(sp) == -1)
		return -1;
	/* No segment: nothing to lose; go on from the head's number. */
	if (min == 0)
		min = max = sp->head_seg > 0 ? sp->head_seg : 1;
	if (spool_tail_open(sp, max) == -1)
		return -1;
	/* A head that does not fit: everything again, nothing deleted. */
	if (!spool_head_fits(sp, min)) {
		if (sp->head_found)
			log_warnx("spool %s: the head file names segment %"
			    PRIu64 " at %" PRIu64 ", which segments %" PRIu64
			    " to %" PRIu64 " do not have: sending them all "
			    "again", sp->dir, sp->head_seg, sp->head_off, min,
			    sp->tail_seg);
		sp->head_seg = min;
		sp->head_off = 0;
	}
	sp->oldest = min;
	spool_prune(sp);
	for (seg = sp->head_seg; seg <= sp->tail_seg; seg++)
		if (spool_count(sp, seg, seg == sp->head_seg ?
		    sp->head_off : 0) == -1) {
			log_warn("spool %s: segment %" PRIu64, sp->dir, seg);
			return -1;
		}
	return 0;
}

struct spool *
spool_open(const char *dir, uint64_t cap, size_t seg_max,
    const struct safefs_owner *owner)
{
	struct spool	*sp;

	if ((sp = calloc(1, sizeof(*sp))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	sp->dirfd = sp->tail_fd = sp->rfd = -1;
	sp->cap = cap;
	sp->seg_max = seg_max > 0 ? seg_max : SPOOL_SEGMENT;
	safefs_ids(owner, &sp->owner);
	if ((sp->dir = strdup(dir)) == NULL ||
	    asprintf(&sp->what, "spool %s", dir) == -1) {
		sp->what = NULL;
		log_warn("%s", __func__);
		goto fail;
	}
	sp->dirfd = safefs_dir("spool", dir, 0700, SAFEFS_OWNED |
	    SAFEFS_NOFOLLOW, &sp->owner);
	if (sp->dirfd == -1)
		goto fail;
	if (spool_load(sp) == -1)
		goto fail;
	return sp;
fail:
	spool_free(sp);
	return NULL;
}

void
spool_free(struct spool *sp)
{
	if (sp == NULL)
		return;
	if (sp->rfd != -1)
		close(sp->rfd);
	if (sp->tail_fd != -1)
		close(sp->tail_fd);
	if (sp->dirfd != -1)
		close(sp->dirfd);
	free(sp->buf);
	free(sp->what);
	free(sp->dir);
	free(sp);
}

int
spool_append(struct spool *sp, const char *buf, size_t len)
{
	size_t	 done = 0, i;
	ssize_t	 n;

	if (len == 0)
		return 0;
	if (sp->tail_size >= sp->seg_max &&
	    spool_tail_open(sp, sp->tail_seg + 1) == -1)
		return -1;
	while (done < len) {
		if ((n = write(sp->tail_fd, buf + done, len - done)) == -1) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		done += n;
	}
	if (fdatasync(sp->tail_fd) == -1)
		goto fail;
	sp->tail_size += len;
	sp->bytes += len;
	for (i = 0; i < len; i++)
		if (buf[i] == '\n')
			sp->records++;
	return 0;
fail:
	log_warn("spool %s: append", sp->dir);
	/* Leave no part of a record behind. */
	if (ftruncate(sp->tail_fd, (off_t)sp->tail_size) == -1)
		log_warn("spool %s: truncate", sp->dir);
	return -1;
}

/* Open the head segment for reading; its size in *size. */
static int
spool_head_open(struct spool *sp, uint64_t *size)
{
	struct stat	 st;

	for (;;) {
		if (sp->rfd == -1 || sp->rseg != sp->head_seg) {
			if (sp->rfd != -1)
				close(sp->rfd);
			sp->rseg = sp->head_seg;
			sp->rfd = spool_segopen(sp, sp->head_seg);
			if (sp->rfd == -1 && errno != ENOENT) {
				log_warn("spool %s: segment %" PRIu64,
				    sp->dir, sp->head_seg);
				return -1;
			}
		}
		*size = 0;
		if (sp->rfd != -1) {
			if (fstat(sp->rfd, &st) == -1)
				return -1;
			*size = (uint64_t)st.st_size;
		}
		if (sp->head_off < *size || sp->head_seg >= sp->tail_seg)
			return 0;
		/* Past the end of a finished segment: on to the next. */
		sp->head_seg++;
		sp->head_off = 0;
	}
}

int
spool_peek(struct spool *sp, size_t max_n, size_t max_bytes,
    struct spool_batch *b)
{
	uint64_t	 size;
	size_t		 want, limit, i, last;
	ssize_t		 n;

	memset(b, 0, sizeof(*b));
	if (spool_head_open(sp, &size) == -1)
		return -1;
	b->seg = sp->head_seg;
	b->off = sp->head_off;
	if (sp->head_off >= size)
		return 0;
	want = limit = max_bytes > 0 ? max_bytes : SPOOL_READ;
	for (;;) {
		if (want > size - sp->head_off)
			want = (size_t)(size - sp->head_off);
		if (spool_grow(sp, want) == -1)
			return -1;
		n = pread(sp->rfd, sp->buf, want, (off_t)sp->head_off);
		if (n <= 0) {
			log_warn("spool %s: read", sp->dir);
			return -1;
		}
		for (i = 0, last = 0; i < (size_t)n && b->n < max_n; i++) {
			if (sp->buf[i] != '\n')
				continue;
			if (b->n > 0 && i + 1 > limit)
				break;
			b->n++;
			last = i + 1;
		}
		/* At least one record, however long. */
		if (b->n > 0 || (size_t)n == size - sp->head_off)
			break;
		want *= 2;
	}
	b->buf = sp->buf;
	b->len = last;
	return 0;
}

int
spool_commit(struct spool *sp, const struct spool_batch *b)
{
	if (b->n == 0)
		return 0;
	if (b->seg != sp->head_seg || b->off != sp->head_off) {
		log_warnx("spool %s: stale batch", sp->dir);
		return -1;
	}
	sp->head_off += b->len;
	sp->bytes -= b->len < sp->bytes ? b->len : sp->bytes;
	sp->records -= b->n < sp->records ? b->n : sp->records;
	/* All delivered: start a fresh segment, so that none grows forever. */
	if (sp->head_seg == sp->tail_seg && sp->head_off >= sp->tail_size) {
		if (spool_tail_open(sp, sp->tail_seg + 1) == -1)
			return -1;
		sp->head_seg = sp->tail_seg;
		sp->head_off = 0;
	}
	if (spool_head_write(sp) == -1)
		return -1;
	spool_prune(sp);
	return 0;
}

uint64_t
spool_records(const struct spool *sp)
{
	return sp->records;
}

uint64_t
spool_bytes(const struct spool *sp)
{
	return sp->bytes;
}

int
spool_full(const struct spool *sp)
{
	return sp->cap > 0 && sp->bytes >= sp->cap;
}
