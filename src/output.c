#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "output.h"

#define OUTPUT_FLUSH_AT	(256 * 1024)
#define OUTPUT_BUF_MAX	(64 * 1024 * 1024)

struct output_ops {
	const char	*type;
	int		(*open)(struct output *);
};

struct output {
	const struct output_ops	*ops;
	char			*name;
	char			*path;
	int			 fd;
	char			*buf;
	size_t			 len;
	size_t			 cap;
	uint64_t		 records;
	uint64_t		 errors;
	int			 failing;	/* last flush failed */
};

static int
output_file_open(struct output *o)
{
	int	 fd;

	fd = open(o->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	if (fd == -1) {
		log_warn("output %s: %s", o->name, o->path);
		return -1;
	}
	if (o->fd != -1)
		close(o->fd);
	o->fd = fd;
	return 0;
}

static int
output_stdout_open(struct output *o)
{
	o->fd = STDOUT_FILENO;
	return 0;
}

static const struct output_ops output_ops[] = {
	{ "file",	output_file_open },
	{ "stdout",	output_stdout_open },
};

static const struct output_ops *
output_ops_find(const char *type)
{
	size_t	 i;

	for (i = 0; i < sizeof(output_ops) / sizeof(output_ops[0]); i++)
		if (strcmp(output_ops[i].type, type) == 0)
			return &output_ops[i];
	return NULL;
}

int
output_type_valid(const char *type)
{
	return output_ops_find(type) != NULL;
}

struct output *
output_open(const char *name, const char *type, const char *path)
{
	struct output	*o;

	if ((o = calloc(1, sizeof(*o))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	o->fd = -1;
	if ((o->ops = output_ops_find(type)) == NULL) {
		log_warnx("output %s: unknown type %s", name, type);
		goto fail;
	}
	if ((o->name = strdup(name)) == NULL ||
	    (path != NULL && (o->path = strdup(path)) == NULL)) {
		log_warn("%s", __func__);
		goto fail;
	}
	if (o->ops->open(o) == -1)
		goto fail;
	return o;
fail:
	output_free(o);
	return NULL;
}

void
output_free(struct output *o)
{
	if (o == NULL)
		return;
	if (o->len > 0)
		(void)output_flush(o);
	if (o->fd != -1 && o->fd != STDOUT_FILENO)
		close(o->fd);
	free(o->buf);
	free(o->name);
	free(o->path);
	free(o);
}

int
output_write(struct output *o, const char *rec, size_t len)
{
	size_t	 ncap;
	char	*nbuf;

	if (o->len + len > o->cap) {
		if (o->len + len > OUTPUT_BUF_MAX) {
			o->errors++;
			return -1;
		}
		for (ncap = o->cap ? o->cap : 64 * 1024; ncap < o->len + len;)
			ncap *= 2;
		if ((nbuf = realloc(o->buf, ncap)) == NULL) {
			log_warn("%s", __func__);
			o->errors++;
			return -1;
		}
		o->buf = nbuf;
		o->cap = ncap;
	}
	memcpy(o->buf + o->len, rec, len);
	o->len += len;
	o->records++;
	if (o->len >= OUTPUT_FLUSH_AT)
		(void)output_flush(o);
	return 0;
}

int
output_flush(struct output *o)
{
	size_t	 done = 0;
	ssize_t	 n;

	while (done < o->len) {
		n = write(o->fd, o->buf + done, o->len - done);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			/* Keep what was not written; say so once per episode. */
			if (!o->failing)
				log_warn("output %s: write", o->name);
			o->failing = 1;
			o->errors++;
			break;
		}
		done += n;
	}
	memmove(o->buf, o->buf + done, o->len - done);
	o->len -= done;
	if (o->len == 0 && o->failing) {
		log_info("output %s: writing again", o->name);
		o->failing = 0;
	}
	return o->len == 0 ? 0 : -1;
}

int
output_reopen(struct output *o)
{
	(void)output_flush(o);
	if (o->path == NULL)
		return 0;
	return output_file_open(o);
}

const char *
output_name(const struct output *o)
{
	return o->name;
}

uint64_t
output_records(const struct output *o)
{
	return o->records;
}

uint64_t
output_errors(const struct output *o)
{
	return o->errors;
}
