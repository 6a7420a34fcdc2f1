/*
 * The file and stdout outputs: JSON lines appended to a descriptor.  It
 * owns the options of both kinds (a file output's path; stdout has
 * none) and the descriptor.  A file is opened with O_APPEND, so that a
 * writer racing logrotate's copytruncate never leaves a hole, and
 * reopened on request after a rename.  What cannot be written stays in
 * the buffer and makes the flush fail, which pauses the inputs until
 * the disk takes it again.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/log.h"
#include "output/output.h"
#include "output/output_kind.h"

struct ofile_opts {
	char		*path;
};

static const struct outconf_opt output_file_opts[] = {
	{ "path", OUTCONF_PATH, offsetof(struct ofile_opts, path), 0, 0 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct outconf_opt output_stdout_opts[] = {
	{ NULL, 0, 0, 0, 0 }
};

struct ofile {
	const char	*name;		/* the output's */
	char		*path;		/* NULL for stdout */
	int		 fd;
	int		 failing;	/* last write failed */
	uint64_t	 errors;
};

static int
output_file_check(const char *name, const void *opts, char *err,
    size_t errlen)
{
	const struct ofile_opts	*fo = opts;

	(void)name;
	if (fo->path == NULL || fo->path[0] == '\0') {
		snprintf(err, errlen, "needs a path");
		return -1;
	}
	return 0;
}

static int
output_stdout_check(const char *name, const void *opts, char *err,
    size_t errlen)
{
	(void)name;
	(void)opts;
	(void)err;
	(void)errlen;
	return 0;
}

static int
output_file_reopen(void *arg)
{
	struct ofile	*f = arg;
	int		 fd;

	if (f->path == NULL)
		return 0;
	fd = open(f->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	if (fd == -1) {
		log_warn("output %s: %s", f->name, f->path);
		return -1;
	}
	if (f->fd != -1)
		close(f->fd);
	f->fd = fd;
	return 0;
}

static void
output_file_close(void *arg)
{
	struct ofile	*f = arg;

	if (f == NULL)
		return;
	if (f->fd != -1 && f->path != NULL)
		close(f->fd);
	free(f->path);
	free(f);
}

static void *
output_file_new(const char *name, const char *path)
{
	struct ofile	*f;

	if ((f = calloc(1, sizeof(*f))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	f->name = name;
	f->fd = -1;
	if (path == NULL) {
		f->fd = STDOUT_FILENO;
		return f;
	}
	if ((f->path = strdup(path)) == NULL) {
		log_warn("%s", __func__);
		goto fail;
	}
	if (output_file_reopen(f) == -1)
		goto fail;
	return f;
fail:
	output_file_close(f);
	return NULL;
}

static void *
output_file_open(const char *name, const void *opts,
    const struct output_env *env)
{
	const struct ofile_opts	*fo = opts;

	(void)env;
	return output_file_new(name, fo->path);
}

static void *
output_stdout_open(const char *name, const void *opts,
    const struct output_env *env)
{
	(void)opts;
	(void)env;
	return output_file_new(name, NULL);
}

static int
output_file_flush(void *arg, const char *buf, size_t len, size_t *done)
{
	struct ofile	*f = arg;
	ssize_t		 n;

	*done = 0;
	while (*done < len) {
		n = write(f->fd, buf + *done, len - *done);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			/* Keep what was not written; say so once per episode. */
			if (!f->failing)
				log_warn("output %s: write", f->name);
			f->failing = 1;
			f->errors++;
			return -1;
		}
		*done += n;
	}
	if (f->failing) {
		log_info("output %s: writing again", f->name);
		f->failing = 0;
	}
	return 0;
}

static void
output_file_stats(void *arg, struct output_stats *st)
{
	struct ofile	*f = arg;

	st->errors += f->errors;
}

const struct output_kind output_file_kind = {
	.type = "file",
	.opts = output_file_opts,
	.opts_size = sizeof(struct ofile_opts),
	.check = output_file_check,
	.open = output_file_open,
	.flush = output_file_flush,
	.reopen = output_file_reopen,
	.stats = output_file_stats,
	.close = output_file_close,
};

const struct output_kind output_stdout_kind = {
	.type = "stdout",
	.opts = output_stdout_opts,
	.opts_size = 0,
	.check = output_stdout_check,
	.open = output_stdout_open,
	.flush = output_file_flush,
	.stats = output_file_stats,
	.close = output_file_close,
};
