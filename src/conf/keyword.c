/*
 * The keyword-table dispatcher (keyword.h): finds a statement's row,
 * checks its block, repetition and argument count, and calls its handler
 * or copies its string.  It owns nothing; the tables belong to their layers.
 */
#include <stdlib.h>
#include <string.h>

#include "conf/conf.h"
#include "conf/keyword.h"
#include "util/log.h"

const struct keyword *
keyword_find(const struct keyword *t, size_t n, const char *name)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(t[i].name, name) == 0)
			return &t[i];
	return NULL;
}

static int
keyword_str(const struct keyword *k, const struct cnode *c, void *obj)
{
	char	**dst = (char **)((char *)obj + k->str);

	free(*dst);
	if ((*dst = strdup(c->args[0].text)) == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	return 0;
}

int
keyword_run(const struct keyword *t, size_t n, const struct cnode *c,
    void *obj, void *arg, unsigned char *seen, struct cerrors *errs)
{
	const struct keyword	*k;

	if ((k = keyword_find(t, n, c->key.text)) == NULL)
		return KW_UNKNOWN;
	if (k->flags & KW_ANYBLOCK)
		;
	else if ((k->flags & KW_BLOCK) && !c->has_block) {
		cerrors_addtok(errs, &c->key, "'%s' needs a block in braces",
		    c->key.text);
		return -1;
	}
	else if (!(k->flags & KW_BLOCK) && c->has_block) {
		cerrors_addtok(errs, &c->key, "'%s' takes no block",
		    c->key.text);
		return -1;
	}
	if (seen != NULL) {
		if ((k->flags & KW_ONCE) && seen[k - t]) {
			cerrors_addtok(errs, &c->key, "'%s' is given twice",
			    c->key.text);
			return -1;
		}
		seen[k - t] = 1;
	}
	if (conf_want_args(c, k->min, k->max, errs) == -1)
		return -1;
	if (k->fn == NULL)
		return keyword_str(k, c, obj);
	return k->fn(obj, arg, c, errs);
}
