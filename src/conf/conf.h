/*
 * One lexer and recursive-descent parser for detectd.conf and the rule
 * files.  The syntax is generic: a file is a list of statements, and a
 * statement is a keyword followed by arguments, ended by ';', a newline or
 * the '}' that closes its block, or followed by a block in braces.
 *
 *	state-dir "/var/lib/detectd"
 *	include "more-rules.conf"
 *	rule 1000001 {
 *		name "Request to a listed domain"
 *		condition destination.domain in list bad-domains and \
 *		    not source.ip in 10.9.0.0/16
 *	}
 *
 * Newlines inside parentheses or brackets do not end a statement, nor does
 * a newline after a backslash.  '#' starts a comment to the end of the
 * line.  The meaning of keywords belongs to the layers above (config.c,
 * ruleset.c); this layer only builds the tree and reports syntax errors as
 * file:line:column: message, all of them, before giving up.
 */
#ifndef DETECTD_CONF_H
#define DETECTD_CONF_H

#include <stddef.h>
#include <stdint.h>

enum ctok_type {
	CT_WORD,	/* bare word: keywords, names, field names, IPs, CIDRs */
	CT_STRING,	/* "quoted", escapes \" \\ \n \t decoded */
	CT_NUMBER,	/* 42, -3, 1.5, 30s, 10MB: see unit */
	CT_PUNCT	/* ( ) [ ] , == != < <= > >= ~ !~ =, not braces */
};

enum cunit {
	CU_NONE,
	CU_TIME,	/* value in milliseconds: ms s m h d w */
	CU_SIZE		/* value in bytes: B KB MB GB TB (powers of 1024), K M G */
};

struct ctok {
	enum ctok_type	 type;
	char		*text;		/* as written (decoded for strings) */
	double		 num;		/* CT_NUMBER: value in the unit's base */
	enum cunit	 unit;
	const char	*file;		/* owned by the cfile list */
	int		 line;
	int		 col;
};

struct cfile;

struct cnode {
	struct ctok	 key;		/* the statement's keyword (a CT_WORD) */
	struct ctok	*args;
	size_t		 nargs;
	int		 has_block;
	struct cnode	*children;	/* first statement of the block */
	struct cnode	*next;		/* next statement at this level */
	struct cfile	*files;		/* private: owns the ctok.file names */
};

/*
 * Error sink: every message is "file:line:column: message" ("file: message"
 * when line is 0, e.g. a file that cannot be opened).  Start it zeroed;
 * cerrors_clear() frees the messages and leaves it empty and reusable.
 */
struct cerrors {
	char		**msgs;
	size_t		 n;
	size_t		 cap;
};

/*
 * Parse a file and everything it includes.  Relative include globs are
 * taken from the including file's directory; a glob that matches nothing
 * is not an error (an empty rules.d/ is normal), but an include of a plain
 * path that does not exist is.  Returns the tree, or NULL when there were
 * errors, all appended to errs.  Include depth is limited (cycles).
 *
 * The tree is the file's first statement, the others linked by next and
 * the statements of a block by children.  A file without statements (empty,
 * or only comments and included files that match nothing) also gives NULL,
 * with no error added: callers tell the two apart by whether errs grew.
 * The first statement owns the file names the tokens point to: free the
 * whole list with conf_free() on that first statement.
 */
struct cnode	*conf_parse_file(const char *path, struct cerrors *errs);
/*
 * Parse a string; name is used in error messages.  Relative includes are
 * taken from the current directory.
 */
struct cnode	*conf_parse_string(const char *name, const char *text,
		    size_t len, struct cerrors *errs);
void		 conf_free(struct cnode *);

void		 cerrors_add(struct cerrors *, const char *file, int line,
		    int col, const char *fmt, ...)
		    __attribute__((__format__(__printf__, 5, 6)));
void		 cerrors_addtok(struct cerrors *, const struct ctok *,
		    const char *fmt, ...)
		    __attribute__((__format__(__printf__, 3, 4)));
void		 cerrors_clear(struct cerrors *);
void		 cerrors_print(const struct cerrors *);	/* to stderr */
/* Each message as a warning through log_warnx: what was survived. */
void		 cerrors_warn(const struct cerrors *);
/*
 * On the calling thread, cerrors_warn tells nothing while on: for a
 * second load of a configuration already loaded and told (a worker's).
 */
void		 cerrors_quiet(int on);

/*
 * Value helpers for statement handlers (conf.c).  Each reports a wrong
 * value through errs at the token and returns -1.
 */
/* The statement has from min to max arguments. */
int		 conf_want_args(const struct cnode *, size_t min, size_t max,
		    struct cerrors *);
/*
 * "a/./b//c" is "a/b/c", and "dir/../x" is "x" where dir is a directory
 * and not a symbolic link (whose ".." is elsewhere); in place.
 */
void		 conf_path_clean(char *path);
/* The token as a path, relative to the file it is written in; or NULL. */
char		*conf_path(const struct ctok *);
/* yes/on/true or no/off/false. */
int		 conf_bool(const struct ctok *, int *, struct cerrors *);
/* The statement's argument: off (0) or a time from 1s to 1d, in ms. */
int		 conf_time_or_off(const struct cnode *, int64_t *ms,
		    struct cerrors *);

#endif
