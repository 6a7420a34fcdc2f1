/*
 * Reading a file once from its start (reader.h): owns the descriptor,
 * the zlib stream of a gzip'd file and the framing buffer; used by
 * replay and by catch-up of archives.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "collector/frame.h"
#include "collector/reader.h"
#include "util/log.h"

struct reader {
	char		*path;
	int		 fd;
	gzFile		 gz;
	struct framer	 fr;
	uint64_t	 size;
	uint64_t	 pos;
	int64_t		 mtime_ms;
	int		 eof;
};

static int
reader_sniff_gzip(int fd)
{
	unsigned char	 magic[2];
	ssize_t		 n;

	n = pread(fd, magic, sizeof(magic), 0);
	return n == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
}

static int
reader_open_fd(struct reader *r)
{
	struct stat	 st;
	int		 seekable;

	if (r->fd != -1)
		(void)lseek(r->fd, 0, SEEK_SET);	/* given, from its start */
	else if (strcmp(r->path, "-") == 0)
		r->fd = dup(STDIN_FILENO);
	else
		r->fd = open(r->path, O_RDONLY | O_CLOEXEC);
	if (r->fd == -1) {
		log_warn("%s", r->path);
		return -1;
	}
	if (fstat(r->fd, &st) == -1) {
		log_warn("%s: fstat", r->path);
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		log_warnx("%s: is a directory", r->path);
		return -1;
	}
	seekable = S_ISREG(st.st_mode);
	if (seekable)
		r->size = st.st_size;
	r->mtime_ms = (int64_t)st.st_mtim.tv_sec * 1000 +
	    st.st_mtim.tv_nsec / 1000000;
	/*
	 * A pipe cannot be sniffed without consuming it; zlib reads
	 * non-gzip data transparently, so let it decide there.
	 */
	if (!seekable || reader_sniff_gzip(r->fd)) {
		if ((r->gz = gzdopen(r->fd, "rb")) == NULL) {
			log_warnx("%s: gzdopen failed", r->path);
			return -1;
		}
		r->fd = -1;	/* owned by gz now */
		gzbuffer(r->gz, 256 * 1024);
	} else
		posix_fadvise(r->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	return 0;
}

static struct reader *
reader_make(int fd, const char *path, size_t max_line)
{
	struct reader	*r;

	if ((r = calloc(1, sizeof(*r))) == NULL) {
		log_warn("%s: calloc", __func__);
		if (fd != -1)
			close(fd);
		return NULL;
	}
	r->fd = fd;
	if ((r->path = strdup(path)) == NULL ||
	    framer_init(&r->fr, max_line) == -1 ||
	    reader_open_fd(r) == -1)
		goto fail;
	return r;
fail:
	reader_free(r);
	return NULL;
}

struct reader *
reader_open(const char *path, size_t max_line)
{
	return reader_make(-1, path, max_line);
}

struct reader *
reader_fdopen(int fd, const char *path, size_t max_line)
{
	return reader_make(fd, path, max_line);
}

void
reader_free(struct reader *r)
{
	if (r == NULL)
		return;
	if (r->gz != NULL)
		gzclose(r->gz);
	if (r->fd != -1)
		close(r->fd);
	framer_free(&r->fr);
	free(r->path);
	free(r);
}

static ssize_t
reader_fill(struct reader *r)
{
	char	*p;
	size_t	 avail;
	ssize_t	 n;
	int	 zerr;

	p = framer_space(&r->fr, &avail);
	if (r->gz != NULL) {
		n = gzread(r->gz, p, avail > INT32_MAX ? INT32_MAX : avail);
		if (n < 0) {
			log_warnx("%s: %s", r->path, gzerror(r->gz, &zerr));
			return -1;
		}
		r->pos = gzoffset(r->gz);
	} else {
		do {
			n = read(r->fd, p, avail);
		} while (n == -1 && errno == EINTR);
		if (n == -1) {
			log_warn("%s: read", r->path);
			return -1;
		}
		r->pos += n;
	}
	framer_commit(&r->fr, n);
	return n;
}

int
reader_next(struct reader *r, struct rline *l)
{
	ssize_t	 n;

	for (;;) {
		if (framer_next(&r->fr, l))
			return 1;
		if (r->eof)
			return framer_rest(&r->fr, l);
		if ((n = reader_fill(r)) == -1)
			return -1;
		if (n == 0)
			r->eof = 1;
	}
}

uint64_t
reader_offset(const struct reader *r)
{
	return r->fr.off;
}

uint64_t
reader_pos(const struct reader *r)
{
	return r->pos;
}

uint64_t
reader_size(const struct reader *r)
{
	return r->size;
}

int
reader_is_gzip(const struct reader *r)
{
	return r->gz != NULL;
}

int64_t
reader_mtime_ms(const struct reader *r)
{
	return r->mtime_ms;
}
