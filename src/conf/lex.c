/*
 * Lexer of detectd.conf and the rule files.  Words are runs of anything
 * that is not a blank, a structure character or the start of an operator,
 * so that CIDRs, IPv6 addresses, ATT&CK ids, dotted field names, globs and
 * Windows paths need no quotes.  A word is a number only when all of it
 * reads as one, optionally with a unit: "10.0.0.1" and "3des" stay words.
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf.h"
#include "conf/lex.h"

static const struct lex_unit {
	const char	*name;
	double		 mult;
	enum cunit	 unit;
} lex_units[] = {
	{ "ms",		1,			CU_TIME },
	{ "s",		1000,			CU_TIME },
	{ "m",		60 * 1000,		CU_TIME },
	{ "h",		3600 * 1000,		CU_TIME },
	{ "d",		86400 * 1000.0,		CU_TIME },
	{ "w",		7 * 86400 * 1000.0,	CU_TIME },
	{ "B",		1,			CU_SIZE },
	{ "K",		1024.0,			CU_SIZE },
	{ "KB",		1024.0,			CU_SIZE },
	{ "KiB",	1024.0,			CU_SIZE },
	{ "M",		1048576.0,		CU_SIZE },
	{ "MB",		1048576.0,		CU_SIZE },
	{ "MiB",	1048576.0,		CU_SIZE },
	{ "G",		1073741824.0,		CU_SIZE },
	{ "GB",		1073741824.0,		CU_SIZE },
	{ "GiB",	1073741824.0,		CU_SIZE },
	{ "TB",		1099511627776.0,	CU_SIZE },
	{ "TiB",	1099511627776.0,	CU_SIZE },
};

void
lex_init(struct lexer *lx, const char *buf, size_t len, const char *file,
    struct lexdiag *diag)
{
	memset(lx, 0, sizeof(*lx));
	lx->buf = buf;
	lx->len = len;
	lx->line = 1;
	lx->file = file;
	lx->diag = diag;
}

void
lex_verror(struct lexdiag *diag, const char *file, int line, int col,
    const char *fmt, va_list ap)
{
	char	*msg;

	if (diag->stop)
		return;
	if (++diag->count > LEX_MAXERRORS) {
		cerrors_add(diag->errs, file, line, col, "too many errors");
		diag->stop = 1;
		return;
	}
	if (vasprintf(&msg, fmt, ap) == -1) {
		cerrors_add(diag->errs, file, line, col, "out of memory");
		diag->stop = 1;
		return;
	}
	cerrors_add(diag->errs, file, line, col, "%s", msg);
	free(msg);
}

void
lex_error(struct lexdiag *diag, const char *file, int line, int col,
    const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	lex_verror(diag, file, line, col, fmt, ap);
	va_end(ap);
}

static int
lex_col(const struct lexer *lx, size_t pos)
{
	return (int)(pos - lx->bol + 1);
}

static void
lex_errorpos(struct lexer *lx, size_t pos, const char *msg)
{
	lex_error(lx->diag, lx->file, lx->line, lex_col(lx, pos), "%s", msg);
}

/* Length of the line break at pos ("\n" or "\r\n"), 0 if none. */
static size_t
lex_eol(const struct lexer *lx, size_t pos)
{
	if (pos < lx->len && lx->buf[pos] == '\n')
		return 1;
	if (pos + 1 < lx->len && lx->buf[pos] == '\r' &&
	    lx->buf[pos + 1] == '\n')
		return 2;
	return 0;
}

static int
lex_isblank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Control characters that are not blanks nor the newline. */
static int
lex_isbad(int c)
{
	return (c < 0x20 && c != '\n' && !lex_isblank(c)) || c == 0x7f;
}

static int
lex_isword(const struct lexer *lx, size_t pos)
{
	int	 c = (unsigned char)lx->buf[pos];
	int	 n = pos + 1 < lx->len ? (unsigned char)lx->buf[pos + 1] : 0;

	if (c <= ' ' || c == 0x7f || strchr("{}()[];,\"#=<>~", c) != NULL)
		return 0;
	if (c == '!' && (n == '=' || n == '~'))
		return 0;
	/* A backslash is literal in a word, except to continue a line. */
	if (c == '\\' && lex_eol(lx, pos + 1) > 0)
		return 0;
	return 1;
}

/* Length of the operator or punctuation at the current position. */
static size_t
lex_punct(const struct lexer *lx)
{
	int	 c = (unsigned char)lx->buf[lx->pos];
	int	 n = lx->pos + 1 < lx->len ?
		    (unsigned char)lx->buf[lx->pos + 1] : 0;

	switch (c) {
	case '(': case ')': case '[': case ']': case ',': case '~':
		return 1;
	case '=': case '<': case '>':
		return n == '=' ? 2 : 1;
	case '!':
		return n == '=' || n == '~' ? 2 : 0;
	}
	return 0;
}

static void
lex_comment(struct lexer *lx)
{
	const char	*nl, *nul;
	size_t		 end;

	nl = memchr(lx->buf + lx->pos, '\n', lx->len - lx->pos);
	end = nl != NULL ? (size_t)(nl - lx->buf) : lx->len;
	nul = memchr(lx->buf + lx->pos, '\0', end - lx->pos);
	if (nul != NULL)
		lex_errorpos(lx, nul - lx->buf, "NUL byte in a comment");
	lx->pos = end;
}

/* One error for a run of control characters, rather than one each. */
static void
lex_badrun(struct lexer *lx)
{
	int	 c = (unsigned char)lx->buf[lx->pos];
	char	 msg[64];

	if (c == '\0')
		snprintf(msg, sizeof(msg), "NUL byte in file");
	else
		snprintf(msg, sizeof(msg), "invalid control character 0x%02x",
		    c);
	lex_errorpos(lx, lx->pos, msg);
	while (lx->pos < lx->len && lex_isbad((unsigned char)lx->buf[lx->pos]))
		lx->pos++;
}

/* Skip blanks, comments, continued lines and bad bytes. */
static void
lex_skip(struct lexer *lx)
{
	size_t	 n;
	int	 c;

	while (lx->pos < lx->len && !lx->diag->stop) {
		c = (unsigned char)lx->buf[lx->pos];
		if (lex_isblank(c))
			lx->pos++;
		else if (c == '\\' && (n = lex_eol(lx, lx->pos + 1)) > 0) {
			lx->pos += 1 + n;
			lx->bol = lx->pos;
			lx->line++;
		} else if (c == '#')
			lex_comment(lx);
		else if (lex_isbad(c))
			lex_badrun(lx);
		else
			return;
	}
}

static enum ltype
lex_oom(struct lexer *lx, struct ctok *tok)
{
	lex_error(lx->diag, lx->file, tok->line, tok->col, "out of memory");
	lx->diag->stop = 1;
	return LT_EOF;
}

/* Decode buf[start, end) into dst, the escapes and bad bytes of a string. */
static void
lex_unescape(struct lexer *lx, size_t start, size_t end, char *dst)
{
	size_t	 i;
	int	 c;

	for (i = start; i < end; i++) {
		c = (unsigned char)lx->buf[i];
		if (c == '\\' && i + 1 < end) {
			switch (lx->buf[i + 1]) {
			case '"':	*dst++ = '"'; i++; continue;
			case '\\':	*dst++ = '\\'; i++; continue;
			case 'n':	*dst++ = '\n'; i++; continue;
			case 't':	*dst++ = '\t'; i++; continue;
			}
			/* Unknown escapes stay as written: regexes need \d. */
			*dst++ = '\\';
			continue;
		}
		if ((c < 0x20 && c != '\t') || c == 0x7f) {
			lex_errorpos(lx, i, c == 0 ? "NUL byte in a string" :
			    "control character in a string (use \\n or \\t)");
			continue;
		}
		*dst++ = (char)c;
	}
	*dst = '\0';
}

static enum ltype
lex_string(struct lexer *lx, struct ctok *tok)
{
	size_t	 start = lx->pos + 1, end = start, dend;
	int	 closed;

	while (end < lx->len && lx->buf[end] != '"' && lx->buf[end] != '\n') {
		if (lx->buf[end] == '\\' && end + 1 < lx->len &&
		    lx->buf[end + 1] != '\n')
			end++;
		end++;
	}
	closed = end < lx->len && lx->buf[end] == '"';
	dend = end;
	if (!closed && dend > start && lx->buf[dend - 1] == '\r')
		dend--;
	if ((tok->text = malloc(dend - start + 1)) == NULL)
		return lex_oom(lx, tok);
	lex_unescape(lx, start, dend, tok->text);
	if (!closed) {
		/* The newline stays: it ends the statement. */
		lex_error(lx->diag, lx->file, tok->line, tok->col,
		    "unterminated string");
		lx->pos = end;
	} else
		lx->pos = end + 1;
	return LT_STRING;
}

static enum ltype
lex_word(struct lexer *lx, struct ctok *tok)
{
	size_t	 start = lx->pos;

	while (lx->pos < lx->len && lex_isword(lx, lx->pos))
		lx->pos++;
	if ((tok->text = strndup(lx->buf + start, lx->pos - start)) == NULL)
		return lex_oom(lx, tok);
	if (lex_number(tok->text, &tok->num, &tok->unit) == 0)
		return LT_NUMBER;
	return LT_WORD;
}

static enum ltype
lex_token(struct lexer *lx, struct ctok *tok)
{
	size_t	 n;
	int	 c;

	memset(tok, 0, sizeof(*tok));
	lex_skip(lx);
	tok->file = lx->file;
	tok->line = lx->line;
	tok->col = lex_col(lx, lx->pos);
	if (lx->pos >= lx->len || lx->diag->stop)
		return LT_EOF;
	c = (unsigned char)lx->buf[lx->pos];
	switch (c) {
	case '\n':
		lx->pos++;
		lx->bol = lx->pos;
		lx->line++;
		return LT_NL;
	case '{':
		lx->pos++;
		return LT_LBRACE;
	case '}':
		lx->pos++;
		return LT_RBRACE;
	case ';':
		lx->pos++;
		return LT_SEMI;
	case '"':
		return lex_string(lx, tok);
	}
	if ((n = lex_punct(lx)) > 0) {
		if ((tok->text = strndup(lx->buf + lx->pos, n)) == NULL)
			return lex_oom(lx, tok);
		lx->pos += n;
		return LT_PUNCT;
	}
	return lex_word(lx, tok);
}

enum ltype
lex_next(struct lexer *lx, struct ctok *tok)
{
	enum ltype	 t;

	t = lex_token(lx, tok);
	if (t == LT_WORD || t == LT_STRING || t == LT_NUMBER || t == LT_PUNCT)
		tok->type = (enum ctok_type)t;
	return t;
}

/*
 * A number is [-]digits[.digits][unit], all of the word.  Time values
 * become milliseconds and sizes bytes; units are case-sensitive, so that
 * "m" is minutes and "M" mebibytes.
 */
int
lex_number(const char *s, double *num, enum cunit *unit)
{
	const char	*p = s;
	char		*end;
	double		 mult = 1, v;
	size_t		 i;

	*unit = CU_NONE;
	if (*p == '-')
		p++;
	if (!isdigit((unsigned char)*p))
		return -1;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p == '.') {
		if (!isdigit((unsigned char)*++p))
			return -1;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p != '\0') {
		for (i = 0; i < sizeof(lex_units) / sizeof(lex_units[0]); i++)
			if (strcmp(p, lex_units[i].name) == 0)
				break;
		if (i == sizeof(lex_units) / sizeof(lex_units[0]))
			return -1;
		mult = lex_units[i].mult;
		*unit = lex_units[i].unit;
	}
	v = strtod(s, &end);
	if (end != p || !isfinite(v * mult)) {
		*unit = CU_NONE;
		return -1;
	}
	*num = v * mult;
	return 0;
}

/* Token as shown in a message: printable, short, strings in quotes. */
const char *
lex_show(enum ltype t, const struct ctok *tok, char *buf, size_t size)
{
	const unsigned char	*s;
	size_t			 n = 0;

	switch (t) {
	case LT_LBRACE:	return "{";
	case LT_RBRACE:	return "}";
	case LT_SEMI:	return ";";
	case LT_NL:	return "end of line";
	case LT_EOF:	return "end of file";
	default:	break;
	}
	if (size < 16 || tok->text == NULL)
		return "";
	if (t == LT_STRING)
		buf[n++] = '"';
	for (s = (const unsigned char *)tok->text; *s != '\0'; s++) {
		if (n + 8 >= size) {
			memcpy(buf + n, "...", 3);
			n += 3;
			break;
		}
		if (*s < 0x20 || *s >= 0x7f)
			n += snprintf(buf + n, size - n, "\\x%02x", *s);
		else
			buf[n++] = (char)*s;
	}
	if (t == LT_STRING && *s == '\0')
		buf[n++] = '"';
	buf[n] = '\0';
	return buf;
}
