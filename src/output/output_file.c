/*
 * The file and stdout outputs: JSON lines appended to a descriptor.  It
 * owns the options of both kinds (a file output's path and policy;
 * stdout has the policy) and the descriptor.  A file is opened with
 * O_APPEND, so that a writer racing logrotate's copytruncate never
 * leaves a hole, and reopened on request after a rename.  It is opened
 * through safefs: never through a link but one of root's or of
 * detectd's own user, and made for the user detectd runs as, in a
 * directory made for them if missing and checked (the user reopens the
 * file after root is dropped).
 *
 * policy block (the default): what cannot be written stays in the
 * buffer and makes the flush fail, which pauses the inputs until the
 * disk takes it again (tried on every flush, every half second).
 * policy drop: records that cannot be written are dropped and counted;
 * a record half written is finished first, so that the file never
 * holds a broken line.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/log.h"
#include "util/safefs.h"
#include "output/output.h"
#include "output/output_kind.h"

struct ofile_opts {
	char		*path;
	int		 policy;	/* enum outconf_policy */
};

static const struct outconf_opt output_file_opts[] = {
	{ "path", OUTCONF_PATH, offsetof(struct ofile_opts, path), 0, 0 },
	{ "policy", OUTCONF_POLICY, offsetof(struct ofile_opts, policy),
	  OUTCONF_POLICY_NOSPOOL },
	{ NULL, 0, 0, 0, 0 }
};

static const struct outconf_opt output_stdout_opts[] = {
	{ "policy", OUTCONF_POLICY, offsetof(struct ofile_opts, policy),
	  OUTCONF_POLICY_NOSPOOL },
	{ NULL, 0, 0, 0, 0 }
};

struct ofile {
	const char		*name;		/* the output's */
	char			*path;		/* NULL for stdout */
	struct safefs_owner	 owner;
	int			 fd;
	int			 drop;		/* policy drop */
	int			 failing;	/* last write failed */
	char			*rest;		/* of a record half written */
	size_t			 restlen;
	uint64_t		 errors;
	uint64_t		 dropped;
	uint64_t		 episode;	/* dropped while failing */
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

	char		 what[128];

	if (f->path == NULL)
		return 0;
	snprintf(what, sizeof(what), "output %s", f->name);
	fd = safefs_open_path(what, f->path, O_WRONLY | O_APPEND | O_CREAT,
	    0640, &f->owner);
	if (fd == -1)
		return -1;
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
	free(f->rest);
	free(f->path);
	free(f);
}

/* The directory of an alert file: made for the user if missing, checked. */
static int
output_file_dir(const char *what, const char *path,
    const struct safefs_owner *o)
{
	char	*copy;
	int	 fd;

	if ((copy = strdup(path)) == NULL) {
		log_warn("%s", what);
		return -1;
	}
	fd = safefs_dir(what, dirname(copy), 0750, 0, o);
	free(copy);
	if (fd == -1)
		return -1;
	close(fd);
	return 0;
}

static void *
output_file_new(const char *name, const char *path, int policy,
    const struct output_env *env)
{
	struct ofile	*f;
	char		 what[128];

	if ((f = calloc(1, sizeof(*f))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	f->name = name;
	f->fd = -1;
	f->drop = policy == OUTCONF_POLICY_DROP;
	safefs_ids(env->owner, &f->owner);
	if (path == NULL) {
		f->fd = STDOUT_FILENO;
		return f;
	}
	snprintf(what, sizeof(what), "output %s", name);
	if ((f->path = strdup(path)) == NULL) {
		log_warn("%s", __func__);
		goto fail;
	}
	if (output_file_dir(what, path, &f->owner) == -1 ||
	    output_file_reopen(f) == -1)
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

	return output_file_new(name, fo->path, fo->policy, env);
}

static void *
output_stdout_open(const char *name, const void *opts,
    const struct output_env *env)
{
	const struct ofile_opts	*fo = opts;

	return output_file_new(name, NULL, fo->policy, env);
}

/* All of buf: 0, or -1 with errno and *done the bytes written. */
static int
output_file_write(struct ofile *f, const char *buf, size_t len, size_t *done)
{
	ssize_t	 n;

	*done = 0;
	while (*done < len) {
		n = write(f->fd, buf + *done, len - *done);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		*done += n;
	}
	return 0;
}

/* The end of a record half written, kept to be written first. */
static int
output_file_keep(struct ofile *f, const char *p, size_t n)
{
	char	*nr;

	if ((nr = realloc(f->rest, f->restlen + n)) == NULL)
		return -1;
	memcpy(nr + f->restlen, p, n);
	f->rest = nr;
	f->restlen += n;
	return 0;
}

/*
 * A write failed (errno) with *done bytes of buf written: said once per
 * episode.  Block: the rest waits (-1).  Drop: the rest of a record
 * begun is kept, the records not begun are dropped and counted (0).
 */
static int
output_file_failed(struct ofile *f, const char *buf, size_t len, size_t *done)
{
	const char	*nl;
	size_t		 end = *done, n;

	if (!f->failing)
		log_warn("output %s: write%s", f->name, f->drop ? " (policy "
		    "drop: alerts are dropped until it writes again)" : "");
	f->failing = 1;
	f->errors++;
	if (!f->drop)
		return -1;
	if (end > 0 && buf[end - 1] != '\n') {
		nl = memchr(buf + end, '\n', len - end);
		end = nl != NULL ? (size_t)(nl - buf) + 1 : len;
		if (output_file_keep(f, buf + *done, end - *done) == -1)
			log_warn("output %s: an alert is cut short", f->name);
	}
	n = output_count(buf + end, len - end);
	f->dropped += n;
	f->episode += n;
	*done = len;
	return 0;
}

static int
output_file_flush(void *arg, const char *buf, size_t len, size_t *done)
{
	struct ofile	*f = arg;
	size_t		 n;

	*done = 0;
	if (f->restlen > 0) {
		if (output_file_write(f, f->rest, f->restlen, &n) == -1) {
			memmove(f->rest, f->rest + n, f->restlen - n);
			f->restlen -= n;
			return output_file_failed(f, buf, len, done);
		}
		f->restlen = 0;
	}
	if (output_file_write(f, buf, len, done) == -1)
		return output_file_failed(f, buf, len, done);
	if (f->failing) {
		log_info("output %s: writing again (%llu alerts dropped "
		    "meanwhile)", f->name, (unsigned long long)f->episode);
		f->failing = 0;
		f->episode = 0;
	}
	return 0;
}

static void
output_file_stats(void *arg, struct output_stats *st)
{
	struct ofile	*f = arg;

	st->errors += f->errors;
	st->dropped += f->dropped;
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
	.opts_size = sizeof(struct ofile_opts),
	.check = output_stdout_check,
	.open = output_stdout_open,
	.flush = output_file_flush,
	.stats = output_file_stats,
	.close = output_file_close,
};
