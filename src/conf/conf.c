/*
 * The value helpers of the configuration language: argument counts,
 * paths relative to the file that names them, yes/no, windows of time
 * that may be off.  Statement handlers of every layer use them; they
 * know no keyword.
 */
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
	}
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
