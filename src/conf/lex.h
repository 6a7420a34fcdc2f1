/*
 * Lexer of the configuration and rule files: internal to the conf module
 * (lex.c, parse.c).  It turns a buffer into the public token kinds of
 * conf.h plus the structure tokens the parser needs: braces, ';', the
 * newline that ends a statement, and the end of the buffer.
 */
#ifndef DETECTD_LEX_H
#define DETECTD_LEX_H

#include <stdarg.h>
#include <stddef.h>

#include "conf/conf.h"

#define LEX_MAXERRORS	100			/* then "too many errors" */
#define LEX_MAXSIZE	(64 * 1024 * 1024)	/* bytes in one file */

enum ltype {
	LT_WORD = CT_WORD,
	LT_STRING = CT_STRING,
	LT_NUMBER = CT_NUMBER,
	LT_PUNCT = CT_PUNCT,
	LT_LBRACE,
	LT_RBRACE,
	LT_SEMI,
	LT_NL,
	LT_EOF
};

/* Errors of one parse, shared by the lexers of every included file. */
struct lexdiag {
	struct cerrors	*errs;
	int		 count;		/* errors found by this parse */
	int		 stop;		/* too many errors, or out of memory */
};

struct lexer {
	const char	*buf;
	size_t		 len;
	size_t		 pos;
	size_t		 bol;		/* offset of the current line */
	int		 line;
	const char	*file;
	struct lexdiag	*diag;
};

void		 lex_init(struct lexer *, const char *buf, size_t len,
		    const char *file, struct lexdiag *);
enum ltype	 lex_next(struct lexer *, struct ctok *);
int		 lex_number(const char *, double *, enum cunit *);
const char	*lex_show(enum ltype, const struct ctok *, char *, size_t);
void		 lex_error(struct lexdiag *, const char *file, int line,
		    int col, const char *fmt, ...)
		    __attribute__((__format__(__printf__, 5, 6)));
void		 lex_verror(struct lexdiag *, const char *file, int line,
		    int col, const char *fmt, va_list)
		    __attribute__((__format__(__printf__, 5, 0)));

#endif
