#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "log.h"
#include "output.h"
#include "parsers/parser.h"
#include "rules/ruleset.h"

struct config_kw {
	const char	*name;
	size_t		 min, max;
	int		 block;		/* takes a block */
	int		(*fn)(struct config *, const struct cnode *,
			    struct cerrors *);
};

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

static int
config_str(char **dst, const struct ctok *t)
{
	free(*dst);
	if ((*dst = strdup(t->text)) == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	return 0;
}

static int
ck_hostname(struct config *c, const struct cnode *n, struct cerrors *errs)
{
	(void)errs;
	return config_str(&c->hostname, &n->args[0]);
}

static int
ck_state_dir(struct config *c, const struct cnode *n, struct cerrors *errs)
{
	(void)errs;
	free(c->state_dir);
	return (c->state_dir = conf_path(&n->args[0])) == NULL ? -1 : 0;
}

static int
ck_size(size_t *dst, const struct cnode *n, size_t lo, size_t hi,
    struct cerrors *errs)
{
	const struct ctok	*t = &n->args[0];

	if (t->type != CT_NUMBER || (t->unit != CU_SIZE &&
	    t->unit != CU_NONE) || t->num < lo || t->num > hi) {
		cerrors_addtok(errs, t, "%s: expected a size from %zu to %zu "
		    "bytes (e.g. 64KB)", n->key.text, lo, hi);
		return -1;
	}
	*dst = (size_t)t->num;
	return 0;
}

static int
ck_max_line(struct config *c, const struct cnode *n, struct cerrors *errs)
{
	return ck_size(&c->max_line, n, 256, 64 * 1024 * 1024, errs);
}

static int
ck_evidence_max(struct config *c, const struct cnode *n,
    struct cerrors *errs)
{
	return ck_size(&c->evidence_max, n, 64, 1024 * 1024, errs);
}

static int
ck_poll(struct config *c, const struct cnode *n, struct cerrors *errs)
{
	const struct ctok	*t = &n->args[0];

	if (t->type != CT_NUMBER || t->unit != CU_TIME || t->num < 10 ||
	    t->num > 60000) {
		cerrors_addtok(errs, t, "poll-interval: expected a time from "
		    "10ms to 60s (e.g. 250ms)");
		return -1;
	}
	c->poll_ms = (int64_t)t->num;
	return 0;
}

static int
ck_ruleset(struct config *c, const struct cnode *n, struct cerrors *errs)
{
	(void)errs;
	return config_str(&c->rs->name, &n->args[0]);
}

/* Block options shared by input and output: word -> string field. */
struct block_opt {
	const char	*name;
	size_t		 off;
	int		 path;	/* relative to the config file */
};

static int
config_block(void *obj, const struct block_opt *opts, const struct cnode *n,
    struct cerrors *errs)
{
	const struct cnode	*c;
	const struct block_opt	*o;
	char			**dst;
	int			 rc = 0;

	for (c = n->children; c != NULL; c = c->next) {
		for (o = opts; o->name != NULL; o++)
			if (strcmp(o->name, c->key.text) == 0)
				break;
		if (o->name == NULL) {
			cerrors_addtok(errs, &c->key, "%s %s: unknown option "
			    "'%s'", n->key.text, n->args[0].text, c->key.text);
			rc = -1;
			continue;
		}
		if (conf_want_args(c, 1, 1, errs) == -1) {
			rc = -1;
			continue;
		}
		dst = (char **)((char *)obj + o->off);
		free(*dst);
		*dst = o->path ? conf_path(&c->args[0]) :
		    strdup(c->args[0].text);
		if (*dst == NULL)
			rc = -1;
	}
	return rc;
}

static const struct block_opt input_opts[] = {
	{ "path",	offsetof(struct input_conf, path),	1 },
	{ "format",	offsetof(struct input_conf, format),	0 },
	{ NULL, 0, 0 }
};

static const struct block_opt output_opts[] = {
	{ "type",	offsetof(struct output_conf, type),	0 },
	{ "path",	offsetof(struct output_conf, path),	1 },
	{ NULL, 0, 0 }
};

static int
ck_input(struct config *c, const struct cnode *n, struct cerrors *errs)
{
	struct input_conf	*in, *v;
	size_t			 i;

	for (i = 0; i < c->ninputs; i++)
		if (strcmp(c->inputs[i].name, n->args[0].text) == 0) {
			cerrors_addtok(errs, &n->args[0], "input %s is "
			    "defined twice", n->args[0].text);
			return -1;
		}
	if ((v = reallocarray(c->inputs, c->ninputs + 1, sizeof(*v))) ==
	    NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	c->inputs = v;
	in = &v[c->ninputs++];
	memset(in, 0, sizeof(*in));
	in->line = n->key.line;
	if ((in->name = strdup(n->args[0].text)) == NULL ||
	    (in->file = strdup(n->key.file)) == NULL)
		return -1;
	if (config_block(in, input_opts, n, errs) == -1)
		return -1;
	if (in->path == NULL || in->format == NULL) {
		cerrors_addtok(errs, &n->key, "input %s: needs path and "
		    "format", in->name);
		return -1;
	}
	if (parser_lookup(in->format) == NULL) {
		cerrors_addtok(errs, &n->key, "input %s: unknown format '%s'",
		    in->name, in->format);
		return -1;
	}
	return 0;
}

static int
ck_output(struct config *c, const struct cnode *n, struct cerrors *errs)
{
	struct output_conf	*out, *v;

	if ((v = reallocarray(c->outputs, c->noutputs + 1, sizeof(*v))) ==
	    NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	c->outputs = v;
	out = &v[c->noutputs++];
	memset(out, 0, sizeof(*out));
	out->line = n->key.line;
	if ((out->name = strdup(n->args[0].text)) == NULL ||
	    (out->file = strdup(n->key.file)) == NULL)
		return -1;
	if (config_block(out, output_opts, n, errs) == -1)
		return -1;
	if (out->type == NULL || !output_type_valid(out->type)) {
		cerrors_addtok(errs, &n->key, "output %s: type must be file "
		    "or stdout", out->name);
		return -1;
	}
	if (strcmp(out->type, "file") == 0 && out->path == NULL) {
		cerrors_addtok(errs, &n->key, "output %s: needs a path",
		    out->name);
		return -1;
	}
	return 0;
}

static const struct config_kw config_kws[] = {
	{ "evidence-max",	1, 1, 0, ck_evidence_max },
	{ "hostname",		1, 1, 0, ck_hostname },
	{ "input",		1, 1, 1, ck_input },
	{ "max-line",		1, 1, 0, ck_max_line },
	{ "output",		1, 1, 1, ck_output },
	{ "poll-interval",	1, 1, 0, ck_poll },
	{ "ruleset",		1, 1, 0, ck_ruleset },
	{ "state-dir",		1, 1, 0, ck_state_dir },
};

static int
config_statement(struct config *c, const struct cnode *n,
    struct cerrors *errs)
{
	const struct config_kw	*kw = NULL;
	size_t			 i;

	for (i = 0; i < sizeof(config_kws) / sizeof(config_kws[0]); i++)
		if (strcmp(config_kws[i].name, n->key.text) == 0)
			kw = &config_kws[i];
	if (kw == NULL) {
		if (ruleset_keyword(n->key.text))
			return ruleset_statement(c->rs, n, errs);
		cerrors_addtok(errs, &n->key, "unknown statement '%s'",
		    n->key.text);
		return -1;
	}
	if (conf_want_args(n, kw->min, kw->max, errs) == -1)
		return -1;
	if (kw->block != n->has_block) {
		cerrors_addtok(errs, &n->key, kw->block ? "'%s' needs a "
		    "block in braces" : "'%s' takes no block", n->key.text);
		return -1;
	}
	return kw->fn(c, n, errs);
}

static int
config_defaults(struct config *c, const char *path)
{
	char	 host[HOST_NAME_MAX + 1];

	if (gethostname(host, sizeof(host)) == -1)
		snprintf(host, sizeof(host), "localhost");
	host[sizeof(host) - 1] = '\0';
	c->max_line = CONFIG_MAX_LINE;
	c->evidence_max = 2048;
	c->poll_ms = 250;
	if ((c->path = strdup(path)) == NULL ||
	    (c->hostname = strdup(host)) == NULL ||
	    (c->state_dir = strdup(LOCALSTATEDIR "/lib/detectd")) == NULL ||
	    (c->rs = ruleset_new("default")) == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	return 0;
}

struct config *
config_load(const char *path, struct cerrors *errs)
{
	struct config		*c;
	struct cnode		*root, *n;
	size_t			 nerr = errs->n;
	int			 pass;

	if ((c = calloc(1, sizeof(*c))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	if (config_defaults(c, path) == -1)
		goto fail;
	/* NULL without an error is a file without statements. */
	if ((root = conf_parse_file(path, errs)) == NULL && errs->n != nerr)
		goto fail;
	if (root == NULL)
		log_warnx("%s: contains no statements", path);
	/* Lists first, so that a rule may name a list defined after it. */
	for (pass = 0; pass < 2; pass++)
		for (n = root; n != NULL; n = n->next)
			if ((strcmp(n->key.text, "list") == 0) == (pass == 0))
				(void)config_statement(c, n, errs);
	conf_free(root);
	if (errs->n == nerr)
		(void)ruleset_finish(c->rs, errs);
	if (errs->n != nerr)
		goto fail;
	return c;
fail:
	config_free(c);
	return NULL;
}

void
config_free(struct config *c)
{
	size_t	 i;

	if (c == NULL)
		return;
	for (i = 0; i < c->ninputs; i++) {
		free(c->inputs[i].name);
		free(c->inputs[i].path);
		free(c->inputs[i].format);
		free(c->inputs[i].file);
	}
	for (i = 0; i < c->noutputs; i++) {
		free(c->outputs[i].name);
		free(c->outputs[i].type);
		free(c->outputs[i].path);
		free(c->outputs[i].file);
	}
	free(c->inputs);
	free(c->outputs);
	ruleset_free(c->rs);
	free(c->path);
	free(c->hostname);
	free(c->state_dir);
	free(c);
}
