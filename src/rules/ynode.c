/*
 * YAML to small trees (ynode.h): libyaml's event API drives a stack of
 * open maps and sequences; each document's tree is kept, its positions
 * made 1-based.  Owns the trees it builds and nothing else.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "util/hash.h"
#include "util/log.h"
#include "rules/ynode.h"

struct ybuild {
	yaml_parser_t	 parser;
	struct ynode	*stack[YNODE_MAX_DEPTH + 1];
	int		 depth;
	struct ynode	*root;
	int		 have_root;
	struct ynode	**docs;
	size_t		 ndocs, capdocs;
	size_t		 nodes;
	struct ynode_err *err;
};

static int
ynode_fail(struct ybuild *b, int line, int col, const char *msg)
{
	b->err->line = line;
	b->err->col = col;
	snprintf(b->err->msg, sizeof(b->err->msg), "%s", msg);
	return -1;
}

void
ynode_free(struct ynode *n)
{
	size_t	 i, k;

	if (n == NULL)
		return;
	k = n->type == YN_MAP ? n->n * 2 : n->n;
	for (i = 0; i < k; i++)
		ynode_free(n->kids[i]);
	free(n->kids);
	free(n->s);
	free(n);
}

void
ynode_free_docs(struct ynode **docs, size_t n)
{
	size_t	 i;

	if (docs == NULL)
		return;
	for (i = 0; i < n; i++)
		ynode_free(docs[i]);
	free(docs);
}

static struct ynode *
ynode_new(struct ybuild *b, enum ynode_type t, const yaml_mark_t *m)
{
	struct ynode	*n;

	if (++b->nodes > YNODE_MAX_NODES) {
		ynode_fail(b, (int)m->line + 1, (int)m->column + 1,
		    "too many YAML nodes in one file");
		return NULL;
	}
	if ((n = calloc(1, sizeof(*n))) == NULL) {
		log_warn("%s", __func__);
		ynode_fail(b, (int)m->line + 1, (int)m->column + 1,
		    "out of memory");
		return NULL;
	}
	n->type = t;
	n->line = (int)m->line + 1;
	n->col = (int)m->column + 1;
	return n;
}

/* Put n in the open container, or make it the document's root. */
static int
ynode_attach(struct ybuild *b, struct ynode *n)
{
	struct ynode	*top, **k;
	size_t		 ncap;

	if (b->depth == 0) {
		if (b->have_root) {
			ynode_fail(b, n->line, n->col, "two roots");
			ynode_free(n);
			return -1;
		}
		b->root = n;
		b->have_root = 1;
		return 0;
	}
	top = b->stack[b->depth - 1];
	if (top->type == YN_MAP && top->n % 2 == 0 && n->type != YN_SCALAR) {
		ynode_fail(b, n->line, n->col, "a map key must be a scalar");
		ynode_free(n);
		return -1;
	}
	if (top->n == top->cap) {
		ncap = top->cap ? top->cap * 2 : 4;
		if ((k = reallocarray(top->kids, ncap, sizeof(*k))) == NULL) {
			log_warn("%s", __func__);
			ynode_free(n);
			return ynode_fail(b, n->line, n->col, "out of memory");
		}
		top->kids = k;
		top->cap = ncap;
	}
	top->kids[top->n++] = n;
	return 0;
}

static int
ynode_scalar(struct ybuild *b, const yaml_event_t *ev)
{
	struct ynode	*n;
	size_t		 len = ev->data.scalar.length;

	if ((n = ynode_new(b, YN_SCALAR, &ev->start_mark)) == NULL)
		return -1;
	if ((n->s = malloc(len + 1)) == NULL) {
		log_warn("%s", __func__);
		ynode_free(n);
		return ynode_fail(b, n->line, n->col, "out of memory");
	}
	memcpy(n->s, ev->data.scalar.value, len);
	n->s[len] = '\0';
	n->len = len;
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	    ev->data.scalar.tag == NULL;
	return ynode_attach(b, n);
}

static int
ynode_open(struct ybuild *b, enum ynode_type t, const yaml_event_t *ev)
{
	struct ynode	*n;

	if (b->depth == YNODE_MAX_DEPTH)
		return ynode_fail(b, (int)ev->start_mark.line + 1,
		    (int)ev->start_mark.column + 1, "YAML nested too deeply");
	if ((n = ynode_new(b, t, &ev->start_mark)) == NULL ||
	    ynode_attach(b, n) == -1)
		return -1;
	b->stack[b->depth++] = n;
	return 0;
}

static int
ynode_keycmp(const void *a, const void *b)
{
	const struct ynode	*x = *(struct ynode *const *)a;
	const struct ynode	*y = *(struct ynode *const *)b;
	int			 c;

	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	if ((c = memcmp(x->s, y->s, x->len)) != 0)
		return c;
	/* Equal keys: the first written first. */
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->col < y->col ? -1 : x->col > y->col;
}

/* The same key twice: sorted, so a map of many keys costs n log n. */
static int
ynode_dupkeys(struct ybuild *b, struct ynode *m)
{
	struct ynode	**keys;
	char		  msg[160];
	size_t		  i;
	int		  rc = 0;

	if (m->n < 2)
		return 0;
	if ((keys = calloc(m->n, sizeof(*keys))) == NULL) {
		log_warn("%s", __func__);
		return ynode_fail(b, m->line, m->col, "out of memory");
	}
	for (i = 0; i < m->n; i++)
		keys[i] = m->kids[2 * i];
	qsort(keys, m->n, sizeof(*keys), ynode_keycmp);
	for (i = 1; i < m->n && rc == 0; i++)
		if (keys[i]->len == keys[i - 1]->len &&
		    memcmp(keys[i]->s, keys[i - 1]->s, keys[i]->len) == 0) {
			snprintf(msg, sizeof(msg), "key '%.64s' given twice "
			    "(first at line %d)", keys[i]->s, keys[i - 1]->line);
			rc = ynode_fail(b, keys[i]->line, keys[i]->col, msg);
		}
	free(keys);
	return rc;
}

static int
ynode_close(struct ybuild *b)
{
	struct ynode	*n = b->stack[--b->depth];

	if (n->type != YN_MAP)
		return 0;
	n->n /= 2;
	return ynode_dupkeys(b, n);
}

static int
ynode_doc_end(struct ybuild *b)
{
	struct ynode	**d;
	size_t		  ncap;

	if (b->ndocs == YNODE_MAX_DOCS)
		return ynode_fail(b, b->root != NULL ? b->root->line : 1, 1,
		    "too many YAML documents in one file");
	if (b->ndocs == b->capdocs) {
		ncap = b->capdocs ? b->capdocs * 2 : 4;
		if ((d = reallocarray(b->docs, ncap, sizeof(*d))) == NULL) {
			log_warn("%s", __func__);
			return ynode_fail(b, 1, 1, "out of memory");
		}
		b->docs = d;
		b->capdocs = ncap;
	}
	b->docs[b->ndocs++] = b->root;
	b->root = NULL;
	b->have_root = 0;
	return 0;
}

/* libyaml's own message, with a plainer word for a tab. */
static int
ynode_parser_error(struct ybuild *b, const char *buf, size_t len)
{
	const yaml_mark_t	*m = &b->parser.problem_mark;
	char			 msg[160];

	if (m->index < len && buf[m->index] == '\t')
		return ynode_fail(b, (int)m->line + 1, (int)m->column + 1,
		    "a tab where YAML wants spaces (indent with spaces)");
	snprintf(msg, sizeof(msg), "not YAML: %s%s%s",
	    b->parser.problem != NULL ? b->parser.problem : "parse error",
	    b->parser.context != NULL ? " " : "",
	    b->parser.context != NULL ? b->parser.context : "");
	return ynode_fail(b, (int)m->line + 1, (int)m->column + 1, msg);
}

static int
ynode_event(struct ybuild *b, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		return ynode_scalar(b, ev);
	case YAML_SEQUENCE_START_EVENT:
		return ynode_open(b, YN_SEQ, ev);
	case YAML_MAPPING_START_EVENT:
		return ynode_open(b, YN_MAP, ev);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return ynode_close(b);
	case YAML_DOCUMENT_END_EVENT:
		return ynode_doc_end(b);
	case YAML_ALIAS_EVENT:
		return ynode_fail(b, (int)ev->start_mark.line + 1,
		    (int)ev->start_mark.column + 1, "YAML aliases (*name) are "
		    "not supported");
	default:
		return 0;
	}
}

static void
ynode_build_free(struct ybuild *b)
{
	struct ynode	*m;

	/* Open maps count keys and values apart until they close. */
	while (b->depth > 0) {
		m = b->stack[--b->depth];
		if (m->type != YN_MAP)
			continue;
		if (m->n % 2 == 1)
			ynode_free(m->kids[--m->n]);
		m->n /= 2;
	}
	/* Open containers hang from the root. */
	ynode_free(b->root);
	ynode_free_docs(b->docs, b->ndocs);
	yaml_parser_delete(&b->parser);
}

int
ynode_parse(const char *buf, size_t len, struct ynode ***docs, size_t *ndocs,
    struct ynode_err *err)
{
	struct ybuild	 b;
	yaml_event_t	 ev;
	int		 done = 0, rc = 0;

	memset(&b, 0, sizeof(b));
	memset(err, 0, sizeof(*err));
	b.err = err;
	if (!yaml_parser_initialize(&b.parser))
		return ynode_fail(&b, 1, 1, "out of memory");
	yaml_parser_set_input_string(&b.parser, (const unsigned char *)buf,
	    len);
	while (!done && rc == 0) {
		if (!yaml_parser_parse(&b.parser, &ev)) {
			rc = ynode_parser_error(&b, buf, len);
			break;
		}
		rc = ynode_event(&b, &ev);
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	if (rc == -1) {
		ynode_build_free(&b);
		return -1;
	}
	*docs = b.docs;
	*ndocs = b.ndocs;
	b.docs = NULL;
	b.ndocs = 0;
	ynode_build_free(&b);
	return 0;
}

const struct ynode *
ynode_get(const struct ynode *m, const char *key)
{
	size_t	 i;

	if (m == NULL || m->type != YN_MAP)
		return NULL;
	for (i = 0; i < m->n; i++)
		if (strcmp(m->kids[2 * i]->s, key) == 0)
			return m->kids[2 * i + 1];
	return NULL;
}

const struct ynode *
ynode_key(const struct ynode *m, size_t i)
{
	return m->kids[2 * i];
}

const struct ynode *
ynode_val(const struct ynode *m, size_t i)
{
	return m->kids[2 * i + 1];
}

int
ynode_isnull(const struct ynode *n)
{
	if (n == NULL)
		return 1;
	if (n->type != YN_SCALAR || !n->plain)
		return 0;
	return n->len == 0 || strcmp(n->s, "~") == 0 ||
	    strcmp(n->s, "null") == 0 || strcmp(n->s, "Null") == 0 ||
	    strcmp(n->s, "NULL") == 0;
}

const char *
ynode_str(const struct ynode *n)
{
	return n != NULL && n->type == YN_SCALAR ? n->s : NULL;
}

static struct ynode *
ynode_copy(const struct ynode *a)
{
	struct ynode	*n;
	size_t		 i, k;

	if ((n = calloc(1, sizeof(*n))) == NULL)
		return NULL;
	*n = *a;
	n->s = NULL;
	n->kids = NULL;
	k = a->type == YN_MAP ? a->n * 2 : a->n;
	n->cap = k;
	if ((a->s != NULL && (n->s = malloc(a->len + 1)) == NULL) ||
	    (k > 0 && (n->kids = calloc(k, sizeof(*n->kids))) == NULL)) {
		n->n = 0;
		ynode_free(n);
		return NULL;
	}
	if (a->s != NULL)
		memcpy(n->s, a->s, a->len + 1);
	for (i = 0; i < k; i++)
		if ((n->kids[i] = ynode_copy(a->kids[i])) == NULL) {
			n->n = a->type == YN_MAP ? (i + 1) / 2 : i;
			ynode_free(n);
			return NULL;
		}
	return n;
}

/* Append key and value (copies) to map m, which has room. */
static int
ynode_merge_pair(struct ynode *m, const struct ynode *k, const struct ynode *a,
    const struct ynode *b)
{
	struct ynode	*kc, *vc;

	kc = ynode_copy(k);
	vc = a != NULL && b != NULL ? ynode_merge(a, b) :
	    ynode_copy(b != NULL ? b : a);
	if (kc == NULL || vc == NULL) {
		ynode_free(kc);
		ynode_free(vc);
		return -1;
	}
	m->kids[2 * m->n] = kc;
	m->kids[2 * m->n + 1] = vc;
	m->n++;
	return 0;
}

struct ynode *
ynode_merge(const struct ynode *a, const struct ynode *b)
{
	struct ynode	*m;
	size_t		 i;

	if (a == NULL || a->type != YN_MAP || b->type != YN_MAP)
		return ynode_copy(b);
	if ((m = calloc(1, sizeof(*m))) == NULL)
		return NULL;
	m->type = YN_MAP;
	m->line = b->line;
	m->col = b->col;
	m->cap = 2 * (a->n + b->n);
	if (m->cap > 0 && (m->kids = calloc(m->cap, sizeof(*m->kids))) ==
	    NULL) {
		free(m);
		return NULL;
	}
	for (i = 0; i < a->n; i++)
		if (ynode_merge_pair(m, a->kids[2 * i], a->kids[2 * i + 1],
		    ynode_get(b, a->kids[2 * i]->s)) == -1)
			goto fail;
	for (i = 0; i < b->n; i++)
		if (ynode_get(a, b->kids[2 * i]->s) == NULL &&
		    ynode_merge_pair(m, b->kids[2 * i], NULL,
		    b->kids[2 * i + 1]) == -1)
			goto fail;
	return m;
fail:
	ynode_free(m);
	return NULL;
}

uint64_t
ynode_hash(const struct ynode *n, uint64_t seed)
{
	size_t		 i, k;
	uint64_t	 h;

	if (n == NULL)
		return hash64("", 1, seed);
	h = hash64(&n->type, sizeof(n->type), seed);
	if (n->type == YN_SCALAR)
		return hash64(n->s, n->len, h ^ (uint64_t)n->plain);
	k = n->type == YN_MAP ? n->n * 2 : n->n;
	for (i = 0; i < k; i++)
		h = ynode_hash(n->kids[i], h);
	return h;
}
