/*
 * The collector's state file (state.h): owns the in-memory records of
 * every input's files and their committed offsets, reads them at start
 * (telling a damaged file) and writes them atomically.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/atomicfile.h"
#include "collector/state.h"
#include "util/log.h"

#define STATE_MAGIC	"detectd-state 2"
#define STATE_MAGIC_V1	"detectd-state 1"
#define STATE_FIELDS	10

struct state *
state_new(void)
{
	struct state	*s;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		log_warn("%s", __func__);
	return s;
}

void
state_free(struct state *s)
{
	size_t	 i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nin; i++)
		free(s->in[i].name);
	for (i = 0; i < s->nf; i++) {
		free(s->f[i].input);
		free(s->f[i].path);
	}
	free(s->in);
	free(s->f);
	free(s);
}

int
state_add_input(struct state *s, const char *name, int64_t scanned_ms)
{
	struct state_input	*v;

	if ((v = reallocarray(s->in, s->nin + 1, sizeof(*v))) == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	s->in = v;
	if ((v[s->nin].name = strdup(name)) == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	v[s->nin++].scanned_ms = scanned_ms;
	return 0;
}

int
state_add_file(struct state *s, const struct state_file *f)
{
	struct state_file	*v, *n;

	if ((v = reallocarray(s->f, s->nf + 1, sizeof(*v))) == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	s->f = v;
	n = &v[s->nf];
	*n = *f;
	n->input = strdup(f->input);
	n->path = strdup(f->path != NULL ? f->path : "");
	if (n->input == NULL || n->path == NULL) {
		log_warn("%s", __func__);
		free(n->input);
		free(n->path);
		return -1;
	}
	s->nf++;
	return 0;
}

const struct state_input *
state_input(const struct state *s, const char *name)
{
	size_t	 i;

	for (i = 0; i < s->nin; i++)
		if (strcmp(s->in[i].name, name) == 0)
			return &s->in[i];
	return NULL;
}

/* Paths may hold any byte but NUL: escape what would break a record. */
static void
state_put_path(FILE *fp, const char *p)
{
	for (; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20 || *p == '%' || *p == 0x7f)
			fprintf(fp, "%%%02X", (unsigned char)*p);
		else
			fputc(*p, fp);
	}
}

static void
state_unescape(char *p)
{
	char		*w = p;
	unsigned int	 c;

	for (; *p != '\0'; p++) {
		if (*p == '%' && sscanf(p + 1, "%2X", &c) == 1 &&
		    p[1] != '\0' && p[2] != '\0') {
			*w++ = (char)c;
			p += 2;
		} else
			*w++ = *p;
	}
	*w = '\0';
}

static int
state_write(const struct state *s, FILE *fp)
{
	const struct state_file	*f;
	size_t			 i;

	fprintf(fp, "%s\n", STATE_MAGIC);
	for (i = 0; i < s->nin; i++)
		fprintf(fp, "I\t%s\t%" PRId64 "\n", s->in[i].name,
		    s->in[i].scanned_ms);
	for (i = 0; i < s->nf; i++) {
		f = &s->f[i];
		fprintf(fp, "F\t%s\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu32
		    "\t%016" PRIx64 "\t%" PRIu64 "\t%" PRIu32 "\t%016" PRIx64
		    "\t", f->input, f->id.dev, f->id.ino, f->id.head_len,
		    f->id.head_hash, f->off, f->prev_len, f->prev_hash);
		state_put_path(fp, f->path);
		fputc('\n', fp);
	}
	fprintf(fp, "E\t%zu\n", s->nin + s->nf);
	return fflush(fp) == EOF || ferror(fp) ? -1 : 0;
}

static int
state_write_cb(FILE *fp, void *arg)
{
	return state_write(arg, fp);
}

int
state_save(const struct state *s, const char *path)
{
	/* The callback takes a plain pointer; state_write only reads. */
	return atomicfile_write(path, state_write_cb, (void *)(uintptr_t)s);
}

/* Split a record at tabs; returns the number of fields. */
static size_t
state_split(char *line, char **fld, size_t max)
{
	size_t	 n = 0;
	char	*p;

	while (n < max) {
		fld[n++] = line;
		if ((p = strchr(line, '\t')) == NULL)
			break;
		*p = '\0';
		line = p + 1;
	}
	return n;
}

static int
state_num(const char *s, int base, uint64_t *v)
{
	char	*end;

	if (*s == '\0' || *s == '-')
		return -1;
	errno = 0;
	*v = strtoull(s, &end, base);
	return *end != '\0' || errno != 0 ? -1 : 0;
}

static int
state_parse_file(struct state *s, char **fld, size_t n)
{
	struct state_file	 f;
	uint64_t		 hl, pl;

	memset(&f, 0, sizeof(f));
	if (n != STATE_FIELDS || state_num(fld[2], 10, &f.id.dev) == -1 ||
	    state_num(fld[3], 10, &f.id.ino) == -1 ||
	    state_num(fld[4], 10, &hl) == -1 || hl > LOGFILE_HEAD ||
	    state_num(fld[5], 16, &f.id.head_hash) == -1 ||
	    state_num(fld[6], 10, &f.off) == -1 ||
	    state_num(fld[7], 10, &pl) == -1 || pl > LOGFILE_PREV ||
	    state_num(fld[8], 16, &f.prev_hash) == -1)
		return -1;
	f.id.head_len = hl;
	f.prev_len = pl;
	f.input = fld[1];
	state_unescape(fld[9]);
	f.path = fld[9];
	return state_add_file(s, &f);
}

static int
state_parse(struct state *s, char *line)
{
	char		*fld[STATE_FIELDS];
	size_t		 n;
	uint64_t	 t;

	n = state_split(line, fld, STATE_FIELDS);
	if (strcmp(fld[0], "I") == 0 && n == 3 &&
	    state_num(fld[2], 10, &t) == 0)
		return state_add_input(s, fld[1], (int64_t)t);
	if (strcmp(fld[0], "F") == 0)
		return state_parse_file(s, fld, n);
	return -1;
}

static void
state_damaged(struct state *s, const char *fmt, ...)
    __attribute__((__format__(__printf__, 2, 3)));

/* The first reason found is the one given. */
static void
state_damaged(struct state *s, const char *fmt, ...)
{
	va_list	 ap;

	if (s->damage[0] != '\0')
		return;
	va_start(ap, fmt);
	(void)vsnprintf(s->damage, sizeof(s->damage), fmt, ap);
	va_end(ap);
}

/* The E record: 1 when it ends the file whole, -1 when it is wrong. */
static int
state_end(struct state *s, const char *line, size_t records)
{
	uint64_t	 n;

	if (strncmp(line, "E\t", 2) != 0)
		return 0;
	if (state_num(line + 2, 10, &n) == -1 || n != records) {
		state_damaged(s, "its end record does not count its %zu "
		    "records", records);
		return -1;
	}
	return 1;
}

/* The records after the first line; v1 files have no E record. */
static void
state_records(struct state *s, FILE *fp, const char *path, int v1)
{
	char		*line = NULL;
	size_t		 cap = 0, records = 0;
	ssize_t		 len;
	int		 lineno = 1, end = 0;

	while (end == 0 && (len = getline(&line, &cap, fp)) != -1) {
		lineno++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (!v1 && (end = state_end(s, line, records)) != 0)
			break;
		if (state_parse(s, line) == -1) {
			log_warnx("%s:%d: bad record, skipped", path, lineno);
			state_damaged(s, "a bad record at line %d", lineno);
		} else
			records++;
	}
	if (ferror(fp))
		state_damaged(s, "a read error");
	else if (end == 1 && getline(&line, &cap, fp) != -1)
		state_damaged(s, "lines after its end record");
	else if (end == 0 && !v1)
		state_damaged(s, "no end record: cut short");
	else if (v1 && records == 0)
		state_damaged(s, "no record");
	free(line);
}

static void
state_read(struct state *s, FILE *fp, const char *path)
{
	char		*line = NULL;
	size_t		 cap = 0;
	ssize_t		 len;

	if ((len = getline(&line, &cap, fp)) == -1)
		state_damaged(s, ferror(fp) ? "a read error" : "empty");
	else {
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (strcmp(line, STATE_MAGIC) == 0 ||
		    strcmp(line, STATE_MAGIC_V1) == 0)
			state_records(s, fp, path,
			    strcmp(line, STATE_MAGIC_V1) == 0);
		else
			state_damaged(s, "not a detectd state file");
	}
	free(line);
}

/* Open the state file: a regular file, not through a link. */
static FILE *
state_open(const char *path, struct state *s)
{
	struct stat	 st;
	FILE		*fp;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC)) == -1) {
		if (errno == ELOOP)
			log_warnx("state file %s: a symbolic link: remove it",
			    path);
		else if (errno != ENOENT)
			log_warn("state file %s", path);
		return NULL;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		log_warnx("state file %s: not a regular file: remove it, or "
		    "set state-dir elsewhere", path);
		close(fd);
		errno = EINVAL;		/* not "missing" */
		return NULL;
	}
	s->mtime_ms = (int64_t)st.st_mtim.tv_sec * 1000 +
	    st.st_mtim.tv_nsec / 1000000;
	if ((fp = fdopen(fd, "r")) == NULL) {
		log_warn("state file %s", path);
		close(fd);
	}
	return fp;
}

struct state *
state_load(const char *path)
{
	struct state	*s;
	FILE		*fp;

	if ((s = state_new()) == NULL)
		return NULL;
	if ((fp = state_open(path, s)) == NULL) {
		if (errno == ENOENT)
			return s;
		state_free(s);
		return NULL;
	}
	state_read(s, fp, path);
	fclose(fp);
	return s;
}

int
state_set_aside(const char *path, char *aside, size_t len)
{
	struct stat	 st;
	struct tm	 tm;
	time_t		 now = time(NULL);
	char		 stamp[32];
	int		 i, n;

	if (gmtime_r(&now, &tm) == NULL ||
	    strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm) == 0)
		snprintf(stamp, sizeof(stamp), "%lld", (long long)now);
	for (i = 0; i < 100; i++) {
		n = i == 0 ? snprintf(aside, len, "%s.corrupt-%s", path,
		    stamp) : snprintf(aside, len, "%s.corrupt-%s-%d", path,
		    stamp, i);
		if (n < 0 || (size_t)n >= len)
			break;
		if (lstat(aside, &st) == -1 && errno == ENOENT) {
			if (rename(path, aside) == 0)
				return 0;
			break;
		}
	}
	log_warn("state file %s: cannot keep it aside", path);
	return -1;
}
