/*
 * The value helpers of the configuration language: argument counts,
 * paths relative to the file that names them, yes/no, windows of time
 * that may be off.  Statement handlers of every layer use them; they
 * know no keyword.
 */
#include <sys/stat.h>

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf.h"
#include "util/log.h"

int
conf_want_args(const struct cnode *n, size_t min, size_t max,
    struct cerrors *errs)
{
	if (n->nargs < min) {
		cerrors_addtok(errs, &n->key, "'%s' needs %s%zu argument%s",
		    n->key.text, min == max ? "" : "at least ", min,
		    min == 1 ? "" : "s");
		return -1;
	}
	if (n->nargs > max) {
		cerrors_addtok(errs, &n->args[max], "'%s' takes %s%zu "
		    "argument%s: unexpected '%s'", n->key.text,
		    min == max ? "" : "at most ", max, max == 1 ? "" : "s",
		    n->args[max].text);
		return -1;
	}
	return 0;
}

/*
 * Whether the first len bytes of path name a symbolic link: then
 * "link/.." is not the directory the link is in, and stays.
 */
static int
conf_islink(const char *path, size_t len)
{
	struct stat	 st;
	char		*p;
	int		 r;

	if ((p = strndup(path, len)) == NULL)
		return 1;
	r = lstat(p, &st) == 0 && S_ISLNK(st.st_mode);
	free(p);
	return r;
}

void
conf_path_clean(char *path)
{
	char	*out = path, *seg = path, *end, *prev;
	size_t	 n;
	int	 abs = path[0] == '/', last = 0;

	if (abs)
		out++, seg++;
	/* out never passes seg: each segment moves down, or stays. */
	for (; !last && *seg != '\0'; seg = end + 1) {
		if ((end = strchr(seg, '/')) == NULL)
			end = seg + strlen(seg);
		last = *end == '\0';
		n = (size_t)(end - seg);
		if (n == 0 || (n == 1 && seg[0] == '.'))
			continue;
		prev = out;
		while (prev > path + abs && prev[-1] == '/')
			prev--;
		while (prev > path + abs && prev[-1] != '/')
			prev--;
		if (n == 2 && seg[0] == '.' && seg[1] == '.' && out > path + abs &&
		    strncmp(prev, "../", 3) != 0 &&
		    !conf_islink(path, (size_t)(out - path) - 1)) {
			out = prev;	/* "dir/.." is where dir is */
			continue;
		}
		memmove(out, seg, n);
		out += n;
		*out++ = '/';
	}
	if (out > path + abs)
		out--;		/* the last '/' */
	else if (!abs)
		*out++ = '.';
	*out = '\0';
}

char *
conf_path(const struct ctok *t)
{
	char	*dir, *copy, *p;

	if (t->text[0] == '/' || t->file == NULL ||
	    strchr(t->file, '/') == NULL) {
		if ((p = strdup(t->text)) == NULL)
			log_warn("%s", __func__);
		return p;
	}
	if ((copy = strdup(t->file)) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	dir = dirname(copy);
	if (asprintf(&p, "%s/%s", dir, t->text) == -1) {
		log_warn("%s", __func__);
		p = NULL;
	} else
		conf_path_clean(p);
	free(copy);
	return p;
}

int
conf_bool(const struct ctok *t, int *v, struct cerrors *errs)
{
	if (strcmp(t->text, "yes") == 0 || strcmp(t->text, "on") == 0 ||
	    strcmp(t->text, "true") == 0)
		*v = 1;
	else if (strcmp(t->text, "no") == 0 || strcmp(t->text, "off") == 0 ||
	    strcmp(t->text, "false") == 0)
		*v = 0;
	else {
		cerrors_addtok(errs, t, "expected yes or no, found '%s'",
		    t->text);
		return -1;
	}
	return 0;
}

int
conf_time_or_off(const struct cnode *n, int64_t *ms, struct cerrors *errs)
{
	const struct ctok	*t = &n->args[0];

	if (t->type == CT_WORD && strcmp(t->text, "off") == 0) {
		*ms = 0;
		return 0;
	}
	if (t->type != CT_NUMBER || t->unit != CU_TIME || t->num < 1000 ||
	    t->num > 86400000.0) {
		cerrors_addtok(errs, t, "%s: expected off or a time from 1s "
		    "to 1d (e.g. 10m)", n->key.text);
		return -1;
	}
	*ms = (int64_t)t->num;
	return 0;
}
