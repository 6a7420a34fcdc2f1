/*
 * Recursive-descent parser of detectd.conf and the rule files: statements,
 * blocks and includes.  It knows no keyword but "include"; the layers above
 * give the tree its meaning.  On an error it reports the position, skips
 * to the end of the statement or block, and goes on, so that one run shows
 * every mistake in the files.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/conf.h"
#include "conf/lex.h"
#include "util/log.h"

#define CONF_MAXNEST	32	/* blocks inside blocks: bounds the recursion */
#define CONF_MAXINCLUDE	16	/* includes inside includes */

/* The names tokens point to, owned by the root of the tree. */
struct cfile {
	struct cfile	*next;
	char		 name[];
};

/* A file being read: the base of its relative includes, and loops. */
struct pfile {
	const char	*name;
	size_t		 dirlen;	/* name up to its last '/', or 0 */
	int		 has_id;
	dev_t		 dev;
	ino_t		 ino;
	struct pfile	*up;
};

struct parser {
	struct lexdiag	 diag;
	struct cfile	*files;
	struct pfile	*pf;
	struct lexer	*lx;
	struct ctok	 tok;		/* the current token, not yet taken */
	enum ltype	 type;
	int		 nest;
	int		 depth;
};

static struct cnode	*parse_list(struct parser *, const struct ctok *);

static void
parse_error(struct parser *p, const struct ctok *at, const char *fmt, ...)
    __attribute__((__format__(__printf__, 3, 4)));

static void
parse_error(struct parser *p, const struct ctok *at, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	lex_verror(&p->diag, at->file, at->line, at->col, fmt, ap);
	va_end(ap);
}

static void
parse_oom(struct parser *p)
{
	parse_error(p, &p->tok, "out of memory");
	p->diag.stop = 1;
}

static void
parse_advance(struct parser *p)
{
	free(p->tok.text);
	p->type = lex_next(p->lx, &p->tok);
}

/* Move the current token into the node's arguments. */
static int
parse_addarg(struct parser *p, struct cnode *n)
{
	struct ctok	*a;
	size_t		 cap;

	if (n->nargs == 0 || (n->nargs >= 4 &&
	    (n->nargs & (n->nargs - 1)) == 0)) {
		cap = n->nargs == 0 ? 4 : n->nargs * 2;
		if ((a = reallocarray(n->args, cap, sizeof(*a))) == NULL) {
			parse_oom(p);
			return -1;
		}
		n->args = a;
	}
	n->args[n->nargs++] = p->tok;
	p->tok.text = NULL;
	return 0;
}

/* Skip a block too deep to parse, without recursion. */
static void
parse_skipblock(struct parser *p, const struct ctok *open)
{
	int	 level = 1;

	for (;;) {
		if (p->type == LT_EOF) {
			parse_error(p, open, "block opened here is not closed");
			return;
		}
		if (p->type == LT_LBRACE)
			level++;
		else if (p->type == LT_RBRACE && --level == 0) {
			parse_advance(p);
			return;
		}
		parse_advance(p);
	}
}

/* The block after '{' (already consumed), to its '}' (consumed). */
static void
parse_block(struct parser *p, struct cnode *n, const struct ctok *open)
{
	n->has_block = 1;
	if (p->nest >= CONF_MAXNEST) {
		parse_error(p, open, "blocks nested more than %d deep",
		    CONF_MAXNEST);
		parse_skipblock(p, open);
		return;
	}
	p->nest++;
	n->children = parse_list(p, open);
	p->nest--;
}

/*
 * The arguments after the keyword, and the block if one follows.  The
 * token that ends the statement (';', newline, '}', end of file) is left
 * for parse_list: an include must be read before the line after it.
 */
static void
parse_rest(struct parser *p, struct cnode *n)
{
	struct ctok	 open;
	int		 depth = 0;

	for (;;) {
		switch (p->type) {
		case LT_NL:
			if (depth == 0)
				return;
			parse_advance(p);
			continue;
		case LT_SEMI:
		case LT_RBRACE:
		case LT_EOF:
			return;
		case LT_LBRACE:
			open = p->tok;
			parse_advance(p);
			parse_block(p, n, &open);
			return;
		default:
			break;
		}
		if (p->type == LT_PUNCT) {
			if (strcmp(p->tok.text, "(") == 0 ||
			    strcmp(p->tok.text, "[") == 0)
				depth++;
			else if (depth > 0 && (strcmp(p->tok.text, ")") == 0 ||
			    strcmp(p->tok.text, "]") == 0))
				depth--;
		}
		if (parse_addarg(p, n) == -1)
			return;
		parse_advance(p);
	}
}

static const char *
parse_newfile(struct parser *p, const char *name)
{
	struct cfile	*f;
	size_t		 len = strlen(name);

	if ((f = malloc(sizeof(*f) + len + 1)) == NULL)
		return NULL;
	memcpy(f->name, name, len + 1);
	/* Names in messages and rules as short as they can be. */
	conf_path_clean(f->name);
	f->next = p->files;
	p->files = f;
	return f->name;
}

/* Length of the directory part of a path, with its '/'. */
static size_t
parse_dirlen(const char *path)
{
	const char	*slash = strrchr(path, '/');

	return slash != NULL ? (size_t)(slash - path) + 1 : 0;
}

/* Read a whole file; returns NULL or why it cannot be read. */
static const char *
parse_read(const char *path, char **bufp, size_t *lenp, struct stat *st)
{
	char	*buf;
	size_t	 len = 0;
	ssize_t	 r;
	int	 fd, saved;

	/* O_NONBLOCK: opening a FIFO must not hang the parse. */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1)
		return strerror(errno);
	if (fstat(fd, st) == -1 || S_ISDIR(st->st_mode)) {
		saved = S_ISDIR(st->st_mode) ? EISDIR : errno;
		close(fd);
		return strerror(saved);
	}
	if (!S_ISREG(st->st_mode)) {
		close(fd);
		return "not a regular file";
	}
	if (st->st_size > LEX_MAXSIZE) {
		close(fd);
		return "file larger than 64 MiB";
	}
	if ((buf = malloc(st->st_size + 1)) == NULL) {
		close(fd);
		return strerror(ENOMEM);
	}
	while (len < (size_t)st->st_size) {
		r = read(fd, buf + len, st->st_size - len);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			saved = errno;
			free(buf);
			close(fd);
			return strerror(saved);
		}
		if (r == 0)
			break;
		len += r;
	}
	close(fd);
	*bufp = buf;
	*lenp = len;
	return NULL;
}

/* Parse a buffer as a file of its own, and come back to the current one. */
static struct cnode *
parse_buffer(struct parser *p, struct pfile *pf, const char *buf, size_t len)
{
	struct lexer	 lx, *savelx = p->lx;
	struct ctok	 savetok = p->tok;
	enum ltype	 savetype = p->type;
	struct cnode	*list;

	lex_init(&lx, buf, len, pf->name, &p->diag);
	pf->up = p->pf;
	p->pf = pf;
	p->lx = &lx;
	p->depth++;
	memset(&p->tok, 0, sizeof(p->tok));
	parse_advance(p);
	list = parse_list(p, NULL);
	free(p->tok.text);
	p->depth--;
	p->lx = savelx;
	p->pf = pf->up;
	p->tok = savetok;
	p->type = savetype;
	return list;
}

/* Errors are reported at the include keyword, naming what it said. */
static struct cnode *
parse_included(struct parser *p, const struct cnode *inc, const char *path,
    int plain)
{
	const struct ctok	*at = &inc->key, *arg = inc->args;
	struct pfile	 pf;
	struct pfile	*f;
	struct stat	 st;
	struct cnode	*list;
	const char	*err;
	char		*buf;
	size_t		 len;

	if ((err = parse_read(path, &buf, &len, &st)) != NULL) {
		if (plain)
			parse_error(p, at, "include \"%s\": %s", arg->text,
			    err);
		else
			parse_error(p, at, "include \"%s\": %s: %s",
			    arg->text, path, err);
		return NULL;
	}
	for (f = p->pf; f != NULL; f = f->up) {
		if (f->has_id && f->dev == st.st_dev && f->ino == st.st_ino) {
			parse_error(p, at, "include \"%s\": %s is already "
			    "being read (include loop)", arg->text, path);
			free(buf);
			return NULL;
		}
	}
	memset(&pf, 0, sizeof(pf));
	if ((pf.name = parse_newfile(p, path)) == NULL) {
		free(buf);
		parse_oom(p);
		return NULL;
	}
	pf.dirlen = parse_dirlen(pf.name);
	pf.has_id = 1;
	pf.dev = st.st_dev;
	pf.ino = st.st_ino;
	list = parse_buffer(p, &pf, buf, len);
	free(buf);
	return list;
}

static int
parse_strcmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Append list to *tailp and return the new end of the list. */
static struct cnode **
parse_append(struct cnode **tailp, struct cnode *list)
{
	*tailp = list;
	while (*tailp != NULL)
		tailp = &(*tailp)->next;
	return tailp;
}

static struct cnode *
parse_glob(struct parser *p, const struct cnode *inc, const char *pattern)
{
	struct cnode	*head = NULL, **tailp = &head;
	glob_t		 g;
	size_t		 i, len;
	int		 r;

	memset(&g, 0, sizeof(g));
	/* GLOB_MARK: directories get a '/', and are not included. */
	r = glob(pattern, GLOB_MARK, NULL, &g);
	if (r != 0 && r != GLOB_NOMATCH)
		parse_error(p, &inc->key, "include \"%s\": %s",
		    inc->args[0].text,
		    r == GLOB_NOSPACE ? "out of memory" : "read error");
	if (r == 0) {
		qsort(g.gl_pathv, g.gl_pathc, sizeof(*g.gl_pathv),
		    parse_strcmp);
		for (i = 0; i < g.gl_pathc && !p->diag.stop; i++) {
			len = strlen(g.gl_pathv[i]);
			if (len > 0 && g.gl_pathv[i][len - 1] == '/')
				continue;
			tailp = parse_append(tailp,
			    parse_included(p, inc, g.gl_pathv[i], 0));
		}
	}
	globfree(&g);
	return head;
}

/* Expand an include statement into the statements it names. */
static struct cnode *
parse_include(struct parser *p, const struct cnode *inc)
{
	const struct ctok	*arg = inc->args;
	struct cnode		*list;
	char			*path;

	if (inc->nargs != 1 || inc->has_block ||
	    (arg->type != CT_STRING && arg->type != CT_WORD)) {
		parse_error(p, &inc->key,
		    "include takes one file name or glob, and no block");
		return NULL;
	}
	if (p->depth > CONF_MAXINCLUDE) {
		parse_error(p, &inc->key, "include \"%s\": includes nested "
		    "more than %d deep", arg->text, CONF_MAXINCLUDE);
		return NULL;
	}
	if (arg->text[0] == '/' || p->pf->dirlen == 0)
		path = strdup(arg->text);
	else if (asprintf(&path, "%.*s%s", (int)p->pf->dirlen, p->pf->name,
	    arg->text) == -1)
		path = NULL;
	if (path == NULL) {
		parse_oom(p);
		return NULL;
	}
	if (strpbrk(arg->text, "*?[") != NULL)
		list = parse_glob(p, inc, path);
	else
		list = parse_included(p, inc, path, 1);
	free(path);
	return list;
}

/* One statement; NULL after an error, a list of them for an include. */
static struct cnode *
parse_stmt(struct parser *p)
{
	struct cnode	*n, *list;
	enum ltype	 keytype = p->type;
	char		 show[64];

	if ((n = calloc(1, sizeof(*n))) == NULL) {
		parse_oom(p);
		return NULL;
	}
	n->key = p->tok;
	p->tok.text = NULL;
	parse_advance(p);
	if (keytype == LT_LBRACE) {
		parse_error(p, &n->key, "expected a keyword, found '{' "
		    "(a block opens on the line of its statement)");
		parse_block(p, n, &n->key);
		conf_free(n);
		return NULL;
	}
	if (keytype != LT_WORD)
		parse_error(p, &n->key, "expected a keyword, found '%s'",
		    lex_show(keytype, &n->key, show, sizeof(show)));
	parse_rest(p, n);
	if (keytype != LT_WORD) {
		conf_free(n);
		return NULL;
	}
	if (strcmp(n->key.text, "include") == 0) {
		list = parse_include(p, n);
		conf_free(n);
		return list;
	}
	return n;
}

/* Statements up to the end of the file, or to the '}' closing open. */
static struct cnode *
parse_list(struct parser *p, const struct ctok *open)
{
	struct cnode	*head = NULL, **tailp = &head;

	for (;;) {
		switch (p->type) {
		case LT_NL:
		case LT_SEMI:
			parse_advance(p);
			continue;
		case LT_EOF:
			if (open != NULL)
				parse_error(p, open,
				    "block opened here is not closed");
			return head;
		case LT_RBRACE:
			if (open != NULL) {
				parse_advance(p);
				return head;
			}
			parse_error(p, &p->tok,
			    "unbalanced '}': no block to close");
			parse_advance(p);
			continue;
		default:
			tailp = parse_append(tailp, parse_stmt(p));
			break;
		}
	}
}

static void
parse_freefiles(struct cfile *f)
{
	struct cfile	*next;

	for (; f != NULL; f = next) {
		next = f->next;
		free(f);
	}
}

/* The first statement owns the file names, for conf_free(). */
static struct cnode *
parse_start(struct parser *p, const char *name, const struct stat *st,
    const char *buf, size_t len)
{
	struct pfile	 pf;
	struct cnode	*list;

	memset(&pf, 0, sizeof(pf));
	if ((pf.name = parse_newfile(p, name)) == NULL) {
		cerrors_add(p->diag.errs, name, 0, 0, "out of memory");
		return NULL;
	}
	if (st != NULL) {
		pf.dirlen = parse_dirlen(pf.name);
		pf.has_id = 1;
		pf.dev = st->st_dev;
		pf.ino = st->st_ino;
	}
	list = parse_buffer(p, &pf, buf, len);
	if (list == NULL || p->diag.count > 0 || p->diag.stop) {
		conf_free(list);
		parse_freefiles(p->files);
		return NULL;
	}
	list->files = p->files;
	return list;
}

struct cnode *
conf_parse_file(const char *path, struct cerrors *errs)
{
	struct parser	 p;
	struct cnode	*root;
	struct stat	 st;
	const char	*err;
	char		*buf;
	size_t		 len;

	if ((err = parse_read(path, &buf, &len, &st)) != NULL) {
		cerrors_add(errs, path, 0, 0, "%s", err);
		return NULL;
	}
	memset(&p, 0, sizeof(p));
	p.diag.errs = errs;
	root = parse_start(&p, path, &st, buf, len);
	free(buf);
	return root;
}

struct cnode *
conf_parse_string(const char *name, const char *text, size_t len,
    struct cerrors *errs)
{
	struct parser	 p;

	if (name == NULL)
		name = "<string>";
	if (len > LEX_MAXSIZE) {
		cerrors_add(errs, name, 0, 0, "file larger than 64 MiB");
		return NULL;
	}
	memset(&p, 0, sizeof(p));
	p.diag.errs = errs;
	return parse_start(&p, name, NULL, text != NULL ? text : "", len);
}

void
conf_free(struct cnode *n)
{
	struct cnode	*next;
	size_t		 i;

	/* Iterate along the list: only blocks recurse, and they are shallow. */
	for (; n != NULL; n = next) {
		next = n->next;
		conf_free(n->children);
		free(n->key.text);
		for (i = 0; i < n->nargs; i++)
			free(n->args[i].text);
		free(n->args);
		parse_freefiles(n->files);
		free(n);
	}
}

static void
cerrors_vadd(struct cerrors *e, const char *file, int line, int col,
    const char *fmt, va_list ap) __attribute__((__format__(__printf__, 5, 0)));

static void
cerrors_vadd(struct cerrors *e, const char *file, int line, int col,
    const char *fmt, va_list ap)
{
	char	*msg, *full, **m;
	int	 r;

	if (e == NULL || vasprintf(&msg, fmt, ap) == -1)
		return;
	if (file == NULL)
		r = asprintf(&full, "%s", msg);
	else if (line <= 0)
		r = asprintf(&full, "%s: %s", file, msg);
	else
		r = asprintf(&full, "%s:%d:%d: %s", file, line, col, msg);
	free(msg);
	if (r == -1)
		return;
	if (e->n == e->cap) {
		m = reallocarray(e->msgs, e->cap ? e->cap * 2 : 8, sizeof(*m));
		if (m == NULL) {
			free(full);
			return;
		}
		e->msgs = m;
		e->cap = e->cap ? e->cap * 2 : 8;
	}
	e->msgs[e->n++] = full;
}

void
cerrors_add(struct cerrors *e, const char *file, int line, int col,
    const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	cerrors_vadd(e, file, line, col, fmt, ap);
	va_end(ap);
}

void
cerrors_addtok(struct cerrors *e, const struct ctok *tok, const char *fmt,
    ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	cerrors_vadd(e, tok->file, tok->line, tok->col, fmt, ap);
	va_end(ap);
}

void
cerrors_clear(struct cerrors *e)
{
	size_t	 i;

	if (e == NULL)
		return;
	for (i = 0; i < e->n; i++)
		free(e->msgs[i]);
	free(e->msgs);
	e->msgs = NULL;
	e->n = e->cap = 0;
}

void
cerrors_print(const struct cerrors *e)
{
	size_t	 i;

	for (i = 0; e != NULL && i < e->n; i++)
		fprintf(stderr, "%s\n", e->msgs[i]);
}

static _Thread_local int	cerrors_quiet_on;

void
cerrors_quiet(int on)
{
	cerrors_quiet_on = on;
}

void
cerrors_warn(const struct cerrors *e)
{
	size_t	 i;

	if (cerrors_quiet_on)
		return;
	for (i = 0; e != NULL && i < e->n; i++)
		log_warnx("%s", e->msgs[i]);
}
