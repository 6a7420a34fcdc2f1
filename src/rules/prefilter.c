/*
 * The literal prefilter: literal extraction from PCRE2 patterns and an
 * Aho-Corasick automaton per field.  See prefilter.h.
 *
 * Extraction is conservative.  It reads the pattern at the top level
 * only: groups, classes, escapes of classes and assertions end a literal
 * run and are skipped whole; a quantifier that allows zero repetitions
 * takes back the character before it.  Anything it does not understand
 * ends the run, so a literal it returns is always in every match of its
 * alternative; a pattern it cannot read at all (extended mode) simply
 * gets no literals and always runs.
 *
 * The automaton is a full DFA over byte classes (the bytes that appear in
 * some literal, case folded, and one class for all others), so a scan is
 * one table load per byte of the field.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"
#include "rules/prefilter.h"

/* Hot: read for every regex of every event, so kept small. */
struct pf_pat {
	uint64_t	 stamp;		/* epoch when a literal was seen */
	uint32_t	 group;
	uint32_t	 filtered;
};

struct pf_group {
	const void	*key;
	int		 lazy;		/* prefilter_scan_event leaves it */
	uint64_t	 stamp;		/* epoch of the last scan */
	uint8_t		 cls[256];
	uint32_t	 ncls;
	uint32_t	*delta;		/* nstates * ncls */
	uint32_t	 nstates;
	/*
	 * Lazy groups hold many literals: a full table would not fit in
	 * the caches, so their automaton is sparse instead.  States near
	 * the root are crossed most: those, numbered breadth first 0 to
	 * nrows - 1, have full rows.  Each deeper state is a record in
	 * srec, whose offset (plus nrows) is its number, so that a step
	 * reads one place: its failure state, its number of edges, its
	 * index for the outputs, then class and next state for each edge.
	 * A scan tells a row from a record by the number alone.
	 */
	uint32_t	 nrows;
	uint32_t	*rows;		/* nrows * ncls next states */
	uint32_t	*srec;		/* the deeper states' records */
	/*
	 * Outputs: each state's own pattern ids, and a link to the next
	 * state of its failure chain that has some.  A scan stamps each
	 * state it reports, and stops walking a chain at a state already
	 * reported in this event: a literal under many patterns (".exe",
	 * "\\") is then reported once per event, not at every occurrence.
	 */
	uint32_t	*outstart;	/* per state: first own id, nstates + 1 */
	uint32_t	*outids;	/* pattern ids, state by state */
	uint32_t	*olink;		/* per state: next with outputs, or 0 */
	/*
	 * A full table whose literals are all long skips through the text
	 * (pf_scan_skip): a window of skipm bytes slides by the shift of
	 * the skipq (2 or 3) classes at its end, the least distance to
	 * where they could end some literal's first skipm bytes, and the
	 * automaton runs only from windows that may start one.  shift is
	 * ncls to the power skipq, sdepth each state's depth in the trie;
	 * both NULL: byte by byte.  Three classes are used where their
	 * table is small: they seldom end a literal's start by chance, so
	 * the window mostly moves by skipm - 2.
	 */
	uint8_t		*shift;
	uint8_t		*sdepth;
	uint32_t	 skipm;
	uint32_t	 skipq;
	uint8_t		*anyout;	/* per state: reports something */
	uint64_t	*ostamp;	/* per state: epoch last reported */
};

/* Sparse groups: the depth of the states given full rows. */
#define PF_ROW_DEPTH	2
/*
 * A lazy group whose whole table is no bigger than this keeps it: one
 * lookup a byte beats walking failure links, and a table this size
 * stays in the caches.  Bigger ones (the command lines of every Sigma
 * rule) go sparse, for the caches' sake.
 */
#define PF_DENSE_MAX	(64 * 1024)
/*
 * Skipping pays when the window is long: with the shortest literal of
 * 5 bytes or more, a window moves by up to 4 (see pf_scan_skip).
 */
#define PF_SKIP_MIN	5
/* The largest shift table over three classes (ncls cubed). */
#define PF_SKIP3_MAX	(64 * 1024)

/* Cold, for building only: where a pattern's literals sit in lbuf. */
struct pf_litref {
	uint32_t	 off;
	uint32_t	 n;
};

struct prefilter {
	struct pf_pat	*pats;
	struct pf_litref *lref;
	char		*lbuf;		/* the literals, each ended by NUL */
	size_t		 lbuflen, lbufcap;
	size_t		 npats;
	struct pf_group	*groups;
	size_t		 ngroups;
	uint64_t	 epoch;
	uint32_t	*eager;		/* the groups scan_event scans */
	size_t		 neager;
	uint32_t	*matched;	/* ids first seen in this epoch */
	size_t		 nmatched;
	int		 built;
	uint64_t	 scans;
	uint64_t	 skipped;
};

/* A trie under construction. */
struct pf_trie {
	int32_t		*next;		/* nstates * ncls, -1 none */
	uint32_t	*fail;
	uint8_t		*depth;		/* sparse groups: up to PF_ROW_DEPTH */
	uint32_t	*order;		/* sparse groups: breadth first */
	uint32_t	 nstates, cap, ncls;
	uint32_t	**ids;		/* per state, own outputs */
	uint32_t	*nids;
};

struct pf_scan {
	const char	*p;
	size_t		 i;
	struct prefilter_lits *out;
	char		 run[PREFILTER_LITMAX + 1];
	size_t		 runlen;
	char		 best[PREFILTER_LITMAX + 1];
	size_t		 bestlen;
	int		 alt_ok;	/* every alternative had a literal */
	/*
	 * The alternative's best required group of literals, "(a|bc)":
	 * one of them is in any match, so they stand for it together when
	 * the shortest is longer than the best literal.
	 */
	struct prefilter_lits set;
	size_t		 setmin;	/* its shortest; 0: none */
};

struct prefilter *
prefilter_new(void)
{
	struct prefilter	*pf;

	if ((pf = calloc(1, sizeof(*pf))) == NULL)
		log_warn("%s", __func__);
	else
		pf->epoch = 1;
	return pf;
}

static void
pf_group_clear(struct pf_group *g)
{
	free(g->delta);
	free(g->outstart);
	free(g->outids);
	free(g->olink);
	free(g->anyout);
	free(g->ostamp);
	g->olink = NULL;
	g->anyout = NULL;
	g->ostamp = NULL;
	free(g->rows);
	free(g->srec);
	free(g->shift);
	free(g->sdepth);
	g->shift = g->sdepth = NULL;
	g->rows = g->srec = NULL;
	g->nrows = 0;
	g->delta = NULL;
	g->outstart = NULL;
	g->outids = NULL;
}

void
prefilter_free(struct prefilter *pf)
{
	size_t	 i;

	if (pf == NULL)
		return;
	for (i = 0; i < pf->ngroups; i++)
		pf_group_clear(&pf->groups[i]);
	free(pf->groups);
	free(pf->eager);
	free(pf->pats);
	free(pf->lref);
	free(pf->lbuf);
	free(pf->matched);
	free(pf);
}

/* Literal extraction. */

static void
pf_run_end(struct pf_scan *s)
{
	if (s->runlen > s->bestlen) {
		memcpy(s->best, s->run, s->runlen);
		s->bestlen = s->runlen;
		s->best[s->bestlen] = '\0';
	}
	s->runlen = 0;
}

static void
pf_run_add(struct pf_scan *s, int c)
{
	if (s->runlen == PREFILTER_LITMAX)
		pf_run_end(s);
	s->run[s->runlen++] = (char)tolower((unsigned char)c);
}

/* The end of an alternative: keep its best literal, or literals. */
static void
pf_alt_end(struct pf_scan *s)
{
	size_t	 i;

	pf_run_end(s);
	if (s->setmin > s->bestlen &&
	    s->out->n + s->set.n <= PREFILTER_MAXALT)
		for (i = 0; i < s->set.n; i++)
			memcpy(s->out->lit[s->out->n++], s->set.lit[i],
			    PREFILTER_LITMAX + 1);
	else if (s->bestlen == 0 || s->out->n == PREFILTER_MAXALT)
		s->alt_ok = 0;
	else {
		memcpy(s->out->lit[s->out->n], s->best, s->bestlen + 1);
		s->out->n++;
	}
	s->bestlen = 0;
	s->setmin = 0;
}

/*
 * A group at p that is only literals between bars, "(..|%2e%2e)" or
 * "(?:a|b)", none empty, into set; its shortest, or 0 for any other
 * group.  Escaped punctuation is literal; any other special character
 * makes it another group.
 */
static size_t
pf_litgroup(const char *p, struct prefilter_lits *set)
{
	size_t	 i = 1, len = 0, min = 0;
	int	 c;

	memset(set, 0, sizeof(*set));
	if (p[1] == '?')
		i = p[2] == ':' ? 3 : 0;
	for (; i > 0 && p[i] != '\0'; i++) {
		c = (unsigned char)p[i];
		if (set->n == PREFILTER_MAXALT)
			return 0;
		if (c == '|' || c == ')') {
			if (len == 0)
				return 0;
			set->lit[set->n++][len] = '\0';
			min = min == 0 || len < min ? len : min;
			len = 0;
			if (c == ')')
				return min;
			continue;
		}
		if (c == '\\' && p[i + 1] != '\0' &&
		    !isalnum((unsigned char)p[i + 1]))
			c = (unsigned char)p[++i];
		else if (strchr("\\^$.?*+([]{}", c) != NULL)
			return 0;
		if (len == PREFILTER_LITMAX)
			return 0;
		set->lit[set->n][len++] = (char)tolower(c);
	}
	return 0;
}

/*
 * The index of the last character of the escape at p[i] ('\\'): the
 * next one, or the E of the \E that ends a \Q quote.
 */
static size_t
pf_skip_escape(const char *p, size_t i)
{
	const char	*e;

	if (p[i + 1] != 'Q')
		return i + 1;
	if ((e = strstr(p + i + 2, "\\E")) == NULL)
		return i + 1 + strlen(p + i + 1) - 1;
	return e - p + 1;
}

/* Skip a bracketed class starting at '['. */
static int
pf_skip_class(struct pf_scan *s)
{
	const char	*p = s->p;
	size_t		 i = s->i + 1;

	if (p[i] == '^')
		i++;
	if (p[i] == ']')
		i++;
	for (; p[i] != '\0'; i++) {
		if (p[i] == '\\' && p[i + 1] != '\0')
			i = pf_skip_escape(p, i);
		else if (p[i] == '[' && (p[i + 1] == ':' || p[i + 1] == '.' ||
		    p[i + 1] == '=') && p[i + 2 + strspn(p + i + 2,
		    "^abcdefghijklmnopqrstuvwxyz")] == p[i + 1] &&
		    p[i + 3 + strspn(p + i + 2, "^abcdefghijklmnopqrstuvwxyz")]
		    == ']')
			/* [:alpha:] and the like, and nothing else. */
			i += 3 + strspn(p + i + 2, "^abcdefghijklmnopqrstuvwxyz");
		else if (p[i] == ']') {
			s->i = i + 1;
			return 0;
		}
	}
	return -1;
}

/* Skip a group starting at '(', with what it holds. */
static int
pf_skip_group(struct pf_scan *s)
{
	const char	*p = s->p;
	size_t		 i = s->i;
	int		 depth = 0;

	for (; p[i] != '\0'; i++) {
		if (p[i] == '\\' && p[i + 1] != '\0')
			i = pf_skip_escape(p, i);
		else if (p[i] == '[') {
			s->i = i;
			if (pf_skip_class(s) == -1)
				return -1;
			i = s->i - 1;
		} else if (p[i] == '(')
			depth++;
		else if (p[i] == ')' && --depth == 0) {
			s->i = i + 1;
			return 0;
		}
	}
	return -1;
}

/*
 * An option setting like (?i) or (?-s): 1 when read (it changes nothing
 * the prefilter cares about), -1 for extended mode, which changes what
 * the characters mean, 0 when it is a group of another kind.
 */
static int
pf_options(struct pf_scan *s)
{
	const char	*p = s->p + s->i;
	size_t		 n;

	if (p[1] != '?')
		return 0;
	n = strspn(p + 2, "imnsxJU-^");
	if (p[2 + n] != ')')
		return 0;
	if (memchr(p + 2, 'x', n) != NULL)
		return -1;
	s->i += 3 + n;
	return 1;
}

/*
 * "{n}", "{n,}", "{n,m}", "{,m}", spaces allowed: the length of the
 * quantifier, with *zero set when its minimum is 0; 0 when the brace is
 * not a quantifier (PCRE2 then takes it literally).
 */
static size_t
pf_braces(const char *p, int *zero)
{
	size_t	 n = strspn(p + 1, "0123456789, ");
	long	 min;

	if (p[1 + n] != '}' || strpbrk(p + 1, "0123456789") == NULL ||
	    (size_t)(strpbrk(p + 1, "0123456789") - p) > n)
		return 0;
	min = strtol(p + 1, NULL, 10);
	*zero = min == 0;
	return n + 2;
}

/* After an atom: a quantifier that may repeat it zero times. */
static void
pf_quantifier(struct pf_scan *s, int lit)
{
	const char	*p = s->p;
	size_t		 i = s->i;
	int		 zero = 0;

	if (p[i] == '*' || p[i] == '?')
		zero = 1, i++;
	else if (p[i] == '+')
		i++;
	else if (p[i] == '{' && pf_braces(p + i, &zero) > 0)
		i += pf_braces(p + i, &zero);
	else
		return;
	if (p[i] == '?' || p[i] == '+')
		i++;
	s->i = i;
	if (zero && lit && s->runlen > 0)
		s->runlen--;
	pf_run_end(s);
}

/* After the letter c of an escape: what else belongs to it. */
static void
pf_escape_tail(struct pf_scan *s, int c)
{
	const char	*p = s->p;

	if (c == 'Q') {
		/* \Q...\E: skip it rather than read it. */
		while (p[s->i] != '\0' && !(p[s->i] == '\\' &&
		    p[s->i + 1] == 'E'))
			s->i++;
		if (p[s->i] != '\0')
			s->i += 2;
	} else if (c == 'c' && p[s->i] != '\0')
		s->i++;
	else if (c == 'x' && p[s->i] != '{') {
		/* \xhh: up to two hex digits belong to the escape. */
		if (isxdigit((unsigned char)p[s->i]))
			s->i++;
		if (isxdigit((unsigned char)p[s->i]))
			s->i++;
	} else if (isdigit(c) || (c == 'g' && (isdigit((unsigned char)
	    p[s->i]) || p[s->i] == '-' || p[s->i] == '+'))) {
		/* Octal, back references \1 \g-1: digits belong too. */
		if (c == 'g')
			s->i++;
		while (isdigit((unsigned char)p[s->i]))
			s->i++;
	} else if ((c == 'p' || c == 'P') && p[s->i] != '{' &&
	    p[s->i] != '\0')
		s->i++;
	else if (p[s->i] == '{' && strchr("xopPNgk", c) != NULL) {
		while (p[s->i] != '\0' && p[s->i] != '}')
			s->i++;
		if (p[s->i] == '}')
			s->i++;
	} else if ((c == 'k' || c == 'g') && (p[s->i] == '<' ||
	    p[s->i] == '\'')) {
		while (p[s->i] != '\0' && p[s->i] != '>' && p[s->i] != '\'')
			s->i++;
		if (p[s->i] != '\0')
			s->i++;
	}
}

/* "\x": a literal character, or something that ends the run. */
static void
pf_escape(struct pf_scan *s)
{
	const char	*p = s->p;
	int		 c = (unsigned char)p[s->i + 1];

	if (c == '\0') {
		s->i++;
		pf_run_end(s);
		return;
	}
	/* \E and an empty \Q\E are nothing: a quantifier goes through. */
	if (c == 'E' || (c == 'Q' && p[s->i + 2] == '\\' &&
	    p[s->i + 3] == 'E')) {
		s->i += c == 'E' ? 2 : 4;
		pf_quantifier(s, 1);
		return;
	}
	s->i += 2;
	if (!isalnum(c)) {
		pf_run_add(s, c);
		pf_quantifier(s, 1);
		return;
	}
	pf_run_end(s);
	pf_escape_tail(s, c);
	pf_quantifier(s, 0);
}

/* "(": a group, or options and comments, which are nothing like \E. */
static int
pf_group(struct pf_scan *s)
{
	struct prefilter_lits	 set;
	size_t			 min;
	int			 o, c;

	if ((o = pf_options(s)) != 0) {
		if (o == -1)
			return -1;
		pf_quantifier(s, 1);
		return 0;
	}
	if (s->p[s->i + 1] == '?' && s->p[s->i + 2] == '#') {
		if (pf_skip_group(s) == -1)
			return -1;
		pf_quantifier(s, 1);
		return 0;
	}
	pf_run_end(s);
	min = pf_litgroup(s->p + s->i, &set);
	if (pf_skip_group(s) == -1)
		return -1;
	/* Not when it may be left out: "(a|b)?", "(a|b){0,2}". */
	c = s->p[s->i];
	if (min > s->setmin && c != '?' && c != '*' && c != '{') {
		s->set = set;
		s->setmin = min;
	}
	pf_quantifier(s, 0);
	return 0;
}

/* One step at the top level; -1 when the pattern cannot be read. */
static int
pf_step(struct pf_scan *s)
{
	int	 c = (unsigned char)s->p[s->i], o;
	size_t	 n;

	switch (c) {
	case '\\':
		pf_escape(s);
		return 0;
	case '[':
		pf_run_end(s);
		if (pf_skip_class(s) == -1)
			return -1;
		pf_quantifier(s, 0);
		return 0;
	case '(':
		return pf_group(s);
	case ')':
		return -1;
	case '|':
		s->i++;
		pf_alt_end(s);
		return 0;
	case '.': case '^': case '$':
		s->i++;
		pf_run_end(s);
		pf_quantifier(s, 0);
		return 0;
	case '{':
		/* A literal brace is an atom that may be repeated. */
		pf_run_end(s);
		if ((n = pf_braces(s->p + s->i, &o)) > 0)
			s->i += n;
		else {
			s->i++;
			pf_quantifier(s, 0);
		}
		return 0;
	case '*': case '+': case '?':
		/* A quantifier with nothing before it: PCRE2 said no. */
		s->i++;
		pf_run_end(s);
		return 0;
	default:
		s->i++;
		pf_run_add(s, c);
		pf_quantifier(s, 1);
		return 0;
	}
}

int
prefilter_literals(const char *pattern, struct prefilter_lits *out)
{
	struct pf_scan	 s;

	memset(&s, 0, sizeof(s));
	memset(out, 0, sizeof(*out));
	s.p = pattern;
	s.out = out;
	s.alt_ok = 1;
	while (pattern[s.i] != '\0')
		if (pf_step(&s) == -1) {
			out->n = 0;
			return -1;
		}
	pf_alt_end(&s);
	if (!s.alt_ok)
		out->n = 0;
	return s.alt_ok ? 0 : -1;
}

/* Registration. */

static int
pf_group_of(struct prefilter *pf, const void *key, int lazy, uint32_t *g)
{
	struct pf_group	*ng;
	size_t		 i;

	for (i = 0; i < pf->ngroups; i++)
		if (pf->groups[i].key == key) {
			*g = i;
			return 0;
		}
	ng = reallocarray(pf->groups, pf->ngroups + 1, sizeof(*ng));
	if (ng == NULL)
		return -1;
	pf->groups = ng;
	memset(&ng[pf->ngroups], 0, sizeof(*ng));
	ng[pf->ngroups].key = key;
	ng[pf->ngroups].lazy = lazy;
	*g = pf->ngroups++;
	return 0;
}

/* Keep literals lits[0..n) as the pattern's, in the literal buffer. */
static int
pf_keep_lits(struct prefilter *pf, struct pf_litref *ref,
    const char *const *lits, size_t n)
{
	size_t	 i, len, need = 0, ncap;
	char	*nb;

	for (i = 0; i < n; i++)
		need += strlen(lits[i]) + 1;
	if (pf->lbuflen + need > UINT32_MAX)
		return -1;
	if (pf->lbuflen + need > pf->lbufcap) {
		ncap = pf->lbufcap ? pf->lbufcap : 4096;
		while (ncap < pf->lbuflen + need)
			ncap *= 2;
		if ((nb = realloc(pf->lbuf, ncap)) == NULL)
			return -1;
		pf->lbuf = nb;
		pf->lbufcap = ncap;
	}
	ref->off = (uint32_t)pf->lbuflen;
	ref->n = (uint32_t)n;
	for (i = 0; i < n; i++) {
		len = strlen(lits[i]) + 1;
		memcpy(pf->lbuf + pf->lbuflen, lits[i], len);
		pf->lbuflen += len;
	}
	return 0;
}

/* A new pattern of the group of key, with lits[0..n); n 0: unfiltered. */
static int
pf_add(struct prefilter *pf, const void *key, int lazy,
    const char *const *lits, size_t n, uint32_t *id)
{
	struct pf_pat		*np, *pat;
	struct pf_litref	*nl;
	size_t			 cap = pf->npats ? pf->npats * 2 : 1;

	if ((pf->npats & (pf->npats - 1)) == 0) {
		if ((np = reallocarray(pf->pats, cap, sizeof(*np))) == NULL)
			return -1;
		pf->pats = np;
		if ((nl = reallocarray(pf->lref, cap, sizeof(*nl))) == NULL)
			return -1;
		pf->lref = nl;
	}
	pat = &pf->pats[pf->npats];
	memset(pat, 0, sizeof(*pat));
	if (pf_group_of(pf, key, lazy, &pat->group) == -1 ||
	    pf_keep_lits(pf, &pf->lref[pf->npats], lits, n) == -1)
		return -1;
	pat->filtered = n > 0;
	*id = pf->npats++;
	pf->built = 0;
	return 0;
}

int
prefilter_add(struct prefilter *pf, const void *key, const char *pattern,
    uint32_t *id)
{
	struct prefilter_lits	 pl;
	const char		*lits[PREFILTER_MAXALT];
	size_t			 i;

	if (prefilter_literals(pattern, &pl) != 0)
		pl.n = 0;
	for (i = 0; i < pl.n; i++)
		lits[i] = pl.lit[i];
	if (pf_add(pf, key, 0, lits, pl.n, id) == -1) {
		log_warn("%s", __func__);
		return -1;
	}
	return 0;
}

int
prefilter_add_lits(struct prefilter *pf, const void *key,
    const char *const *lits, size_t n, uint32_t *id)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (lits[i][0] == '\0')
			n = 0;
	if (pf_add(pf, key, 1, lits, n, id) == -1) {
		log_warn("%s", __func__);
		return -1;
	}
	return 0;
}

/* Building: trie, failure links, then the full transition table. */

static void
pf_trie_free(struct pf_trie *t)
{
	uint32_t	 i;

	for (i = 0; i < t->nstates; i++)
		free(t->ids[i]);
	free(t->ids);
	free(t->nids);
	free(t->next);
	free(t->fail);
	free(t->depth);
	free(t->order);
}

static int
pf_trie_state(struct pf_trie *t)
{
	size_t		 ncap;
	int32_t		*nx;
	uint32_t	**ids, *nids;

	if (t->nstates == t->cap) {
		ncap = t->cap ? t->cap * 2 : 64;
		if ((nx = reallocarray(t->next, ncap * t->ncls,
		    sizeof(*nx))) == NULL)
			return -1;
		t->next = nx;
		if ((ids = reallocarray(t->ids, ncap, sizeof(*ids))) == NULL)
			return -1;
		t->ids = ids;
		if ((nids = reallocarray(t->nids, ncap, sizeof(*nids))) ==
		    NULL)
			return -1;
		t->nids = nids;
		t->cap = ncap;
	}
	memset(&t->next[(size_t)t->nstates * t->ncls], 0xff,
	    t->ncls * sizeof(*t->next));
	t->ids[t->nstates] = NULL;
	t->nids[t->nstates] = 0;
	return t->nstates++;
}

static int
pf_trie_insert(struct pf_trie *t, const struct pf_group *g, const char *lit,
    uint32_t id)
{
	uint32_t	 s = 0, *nv;
	int32_t		*slot;
	int		 ns;

	for (; *lit != '\0'; lit++) {
		slot = &t->next[(size_t)s * t->ncls + g->cls[(uint8_t)*lit]];
		if (*slot == -1) {
			if ((ns = pf_trie_state(t)) == -1)
				return -1;
			/* The table may have moved. */
			slot = &t->next[(size_t)s * t->ncls +
			    g->cls[(uint8_t)*lit]];
			*slot = ns;
		}
		s = *slot;
	}
	if (t->nids[s] > 0 && t->ids[s][t->nids[s] - 1] == id)
		return 0;
	if ((nv = reallocarray(t->ids[s], t->nids[s] + 1, sizeof(*nv))) ==
	    NULL)
		return -1;
	t->ids[s] = nv;
	nv[t->nids[s]++] = id;
	return 0;
}

/* Byte classes: one per folded byte used by a literal, 0 for the rest. */
static void
pf_classes(struct prefilter *pf, struct pf_group *g, uint32_t gi)
{
	size_t		 i, j;
	const char	*c;
	int		 b;

	memset(g->cls, 0, sizeof(g->cls));
	g->ncls = 1;
	for (i = 0; i < pf->npats; i++) {
		if (pf->pats[i].group != gi || !pf->pats[i].filtered)
			continue;
		c = pf->lbuf + pf->lref[i].off;
		for (j = 0; j < pf->lref[i].n; j++, c++)
			for (; *c != '\0'; c++) {
				b = (uint8_t)*c;
				if (g->cls[b] == 0) {
					g->cls[b] = g->ncls;
					g->cls[toupper(b)] = g->ncls;
					g->ncls++;
				}
			}
	}
}

/*
 * Breadth first: each state's failure link, its outputs merged with the
 * failure state's, and its missing transitions taken from the failure
 * state, which is complete already.
 */
static int
pf_link(struct pf_trie *t)
{
	uint32_t	*queue, head = 0, tail = 0, s, f, c, n;
	int32_t		*row;

	if ((queue = calloc(t->nstates, sizeof(*queue))) == NULL ||
	    (t->fail = calloc(t->nstates, sizeof(*t->fail))) == NULL) {
		free(queue);
		return -1;
	}
	for (c = 0; c < t->ncls; c++) {
		row = &t->next[c];
		if (*row == -1)
			*row = 0;
		else
			queue[tail++] = *row;
	}
	while (head < tail) {
		s = queue[head++];
		f = t->fail[s];
		row = &t->next[(size_t)s * t->ncls];
		for (c = 0; c < t->ncls; c++) {
			n = t->next[(size_t)f * t->ncls + c];
			if (row[c] == -1) {
				row[c] = n;
				continue;
			}
			t->fail[row[c]] = n;
			queue[tail++] = row[c];
		}
	}
	free(queue);
	return 0;
}

/*
 * Outputs of each state: its own, and the link to the nearest state of
 * its failure chain with outputs of its own.  Failure links go to
 * shallower states, so a breadth-first order sets each link after the
 * one it follows; the states are walked here by increasing depth
 * through the failure chain itself.
 */
static uint32_t
pf_olink(const struct pf_trie *t, uint32_t s)
{
	uint32_t	 f;

	for (f = t->fail[s]; f != 0 && t->nids[f] == 0; f = t->fail[f])
		;
	return f;
}

static int
pf_outputs(struct pf_trie *t, struct pf_group *g)
{
	size_t		 total = 0, k = 0;
	uint32_t	 s, j;

	for (s = 0; s < t->nstates; s++)
		total += t->nids[s];
	g->outstart = calloc(t->nstates + 1, sizeof(*g->outstart));
	g->outids = calloc(total ? total : 1, sizeof(*g->outids));
	g->olink = calloc(t->nstates, sizeof(*g->olink));
	g->anyout = calloc(t->nstates, 1);
	g->ostamp = calloc(t->nstates, sizeof(*g->ostamp));
	if (g->outstart == NULL || g->outids == NULL || g->olink == NULL ||
	    g->anyout == NULL || g->ostamp == NULL)
		return -1;
	for (s = 0; s < t->nstates; s++) {
		g->outstart[s] = k;
		for (j = 0; j < t->nids[s]; j++)
			g->outids[k++] = t->ids[s][j];
		g->olink[s] = s != 0 ? pf_olink(t, s) : 0;
		g->anyout[s] = t->nids[s] > 0 || g->olink[s] != 0;
	}
	g->outstart[t->nstates] = k;
	return 0;
}

/*
 * Failure links without filling the table, breadth first: the link of
 * a child is where the parent's link goes on the same class.
 */
static int
pf_link_sparse(struct pf_trie *t)
{
	uint32_t	*queue, head = 0, tail = 0, s, f, c;
	int32_t		 u, v;

	if ((queue = calloc(t->nstates, sizeof(*queue))) == NULL ||
	    (t->fail = calloc(t->nstates, sizeof(*t->fail))) == NULL ||
	    (t->depth = calloc(t->nstates, 1)) == NULL) {
		free(queue);
		return -1;
	}
	for (c = 0; c < t->ncls; c++)
		if (t->next[c] != -1) {
			queue[tail++] = t->next[c];
			t->depth[t->next[c]] = 1;
		}
	while (head < tail) {
		s = queue[head++];
		for (c = 0; c < t->ncls; c++) {
			if ((u = t->next[(size_t)s * t->ncls + c]) == -1)
				continue;
			t->depth[u] = t->depth[s] < 255 ? t->depth[s] + 1 : 255;
			for (f = t->fail[s]; f != 0 &&
			    t->next[(size_t)f * t->ncls + c] == -1; f = t->fail[f])
				;
			v = t->next[(size_t)f * t->ncls + c];
			t->fail[u] = v != -1 && v != u ? (uint32_t)v : 0;
			queue[tail++] = u;
		}
	}
	t->order = queue;
	return 0;
}

/* p[old] into q[new] for each state, width bytes each. */
static void
pf_permute(void *q, const void *p, const uint32_t *order, uint32_t n,
    size_t width)
{
	uint32_t	 s;

	memcpy(q, p, width);		/* the root stays 0 */
	for (s = 1; s < n; s++)
		memcpy((char *)q + s * width, (const char *)p +
		    order[s - 1] * width, width);
}

/*
 * Number the states breadth first (t->order, from pf_link_sparse), so
 * that those given full rows, the shallowest, come first.
 */
static int
pf_renumber(struct pf_trie *t)
{
	uint32_t	*inv = NULL, *nfail = NULL, **nids = NULL, *nn = NULL;
	int32_t		*nnext = NULL;
	uint8_t		*ndepth = NULL;
	size_t		 i, cells = (size_t)t->nstates * t->ncls;
	int		 rc = -1;

	if ((inv = calloc(t->nstates, sizeof(*inv))) == NULL ||
	    (nfail = calloc(t->nstates, sizeof(*nfail))) == NULL ||
	    (nids = calloc(t->nstates, sizeof(*nids))) == NULL ||
	    (nn = calloc(t->nstates, sizeof(*nn))) == NULL ||
	    (ndepth = calloc(t->nstates, 1)) == NULL ||
	    (nnext = reallocarray(NULL, cells, sizeof(*nnext))) == NULL)
		goto done;
	for (i = 1; i < t->nstates; i++)
		inv[t->order[i - 1]] = (uint32_t)i;
	pf_permute(nnext, t->next, t->order, t->nstates,
	    t->ncls * sizeof(*nnext));
	for (i = 0; i < cells; i++)
		if (nnext[i] != -1)
			nnext[i] = (int32_t)inv[nnext[i]];
	pf_permute(nfail, t->fail, t->order, t->nstates, sizeof(*nfail));
	for (i = 0; i < t->nstates; i++)
		nfail[i] = inv[nfail[i]];
	pf_permute(ndepth, t->depth, t->order, t->nstates, 1);
	pf_permute(nids, t->ids, t->order, t->nstates, sizeof(*nids));
	pf_permute(nn, t->nids, t->order, t->nstates, sizeof(*nn));
	free(t->next), t->next = nnext, nnext = NULL;
	free(t->fail), t->fail = nfail, nfail = NULL;
	free(t->depth), t->depth = ndepth, ndepth = NULL;
	free(t->ids), t->ids = nids, nids = NULL;
	free(t->nids), t->nids = nn, nn = NULL;
	rc = 0;
done:
	free(inv);
	free(nfail);
	free(nids);
	free(nn);
	free(ndepth);
	free(nnext);
	return rc;
}

/*
 * A state with outputs is tagged in the tables that lead to it, so
 * that a scan reads outstart only when there is something to report.
 */
#define PF_OUT		0x80000000U

/* A record's words: failure state, edges, output index, then 2 per edge. */
#define PF_REC_HEAD	3

static size_t
pf_nedges(const struct pf_trie *t, size_t s)
{
	size_t	 c, n = 0;

	for (c = 0; c < t->ncls; c++)
		n += t->next[s * t->ncls + c] != -1;
	return n;
}

/* State numbers as a scan sees them: rows, then records by offset. */
static int
pf_numbers(const struct pf_trie *t, uint32_t nrows, uint32_t **enc,
    size_t *words)
{
	size_t	 s, off = 0;

	if ((*enc = calloc(t->nstates, sizeof(**enc))) == NULL)
		return -1;
	for (s = 0; s < t->nstates; s++) {
		if (s < nrows) {
			(*enc)[s] = (uint32_t)s;
			continue;
		}
		(*enc)[s] = (uint32_t)(nrows + off);
		off += PF_REC_HEAD + 2 * pf_nedges(t, s);
		if (nrows + off >= PF_OUT)
			return -1;
	}
	*words = off;
	return 0;
}

static uint32_t
pf_tagged(const struct pf_group *g, const uint32_t *enc, int32_t u)
{
	return enc[u] | (g->anyout[u] ? PF_OUT : 0);
}

/*
 * The deeper states' records, and the full rows of the shallow ones: a
 * row takes the trie's edge where there is one, else the row of the
 * state's failure state, shallower and so done before it.
 */
static int
pf_records(struct pf_trie *t, struct pf_group *g)
{
	uint32_t	*enc = NULL, *r;
	size_t		 s, c, words = 0, nrows = 1;
	int32_t		 u;
	int		 rc = -1;

	while (nrows < t->nstates && t->depth[nrows] <= PF_ROW_DEPTH)
		nrows++;
	if (pf_numbers(t, (uint32_t)nrows, &enc, &words) == -1 ||
	    (g->rows = calloc(nrows * t->ncls, sizeof(*g->rows))) == NULL ||
	    (g->srec = calloc(words ? words : 1, sizeof(*g->srec))) == NULL)
		goto done;
	for (s = nrows; s < t->nstates; s++) {
		r = g->srec + (enc[s] - nrows);
		r[0] = enc[t->fail[s]];
		r[2] = (uint32_t)s;
		for (c = 0; c < t->ncls; c++)
			if ((u = t->next[s * t->ncls + c]) != -1) {
				r[PF_REC_HEAD + 2 * r[1]] = (uint32_t)c;
				r[PF_REC_HEAD + 2 * r[1] + 1] =
				    pf_tagged(g, enc, u);
				r[1]++;
			}
	}
	for (s = 0; s < nrows; s++)
		for (c = 0; c < t->ncls; c++) {
			u = t->next[s * t->ncls + c];
			g->rows[s * t->ncls + c] = u != -1 ?
			    pf_tagged(g, enc, u) : s == 0 ? 0 :
			    g->rows[(size_t)t->fail[s] * t->ncls + c];
		}
	g->nrows = (uint32_t)nrows;
	rc = 0;
done:
	free(enc);
	return rc;
}

/*
 * The shortest literal of group gi, at most PREFILTER_LITMAX; 0 when it
 * has none.
 */
static size_t
pf_minlen(const struct prefilter *pf, uint32_t gi)
{
	const char	*lit;
	size_t		 i, j, len, min = 0;

	for (i = 0; i < pf->npats; i++) {
		if (pf->pats[i].group != gi || !pf->pats[i].filtered)
			continue;
		lit = pf->lbuf + pf->lref[i].off;
		for (j = 0; j < pf->lref[i].n; j++, lit += len + 1) {
			len = strlen(lit);
			if (min == 0 || len < min)
				min = len;
		}
	}
	return min;
}

/*
 * The skip tables of a full table (see struct pf_group), from the trie
 * before its links: its first m bytes are the states of depth m or
 * less, so each run of q classes on the path into depth d (q <= d <= m)
 * may end the first m bytes of some literal m - d bytes later.  A run
 * of q classes that ends none moves the window by m - q + 1: its last
 * q - 1 classes may still start one.
 */
static int
pf_skip_build(struct pf_trie *t, struct pf_group *g, size_t m)
{
	size_t		 s, c, size;
	int32_t		 u;
	uint32_t	*last, v;
	uint8_t		 d;

	if (m < PF_SKIP_MIN)
		return 0;
	g->skipq = (size_t)g->ncls * g->ncls * g->ncls <= PF_SKIP3_MAX ? 3 : 2;
	size = (size_t)g->ncls * g->ncls * (g->skipq == 3 ? g->ncls : 1);
	/* last[u]: the classes of the last two edges into u, as a run. */
	if ((g->shift = malloc(size)) == NULL ||
	    (g->sdepth = calloc(t->nstates, 1)) == NULL ||
	    (last = calloc(t->nstates, sizeof(*last))) == NULL)
		return -1;
	memset(g->shift, (int)(m - g->skipq + 1), size);
	/* States are made after their parents: depths in one pass. */
	for (s = 0; s < t->nstates; s++)
		for (c = 1; c < t->ncls; c++) {
			if ((u = t->next[s * t->ncls + c]) <= 0)
				continue;
			g->sdepth[u] = (uint8_t)(g->sdepth[s] + 1);
			last[u] = (last[s] % g->ncls) * g->ncls + (uint32_t)c;
			d = g->sdepth[u];
			if (d < g->skipq || d > m)
				continue;
			v = g->skipq == 3 ? last[s] * g->ncls + (uint32_t)c :
			    last[u];
			if (g->shift[v] > m - d)
				g->shift[v] = (uint8_t)(m - d);
		}
	free(last);
	g->skipm = (uint32_t)m;
	return 0;
}

static int
pf_group_build(struct prefilter *pf, uint32_t gi)
{
	struct pf_group	*g = &pf->groups[gi];
	struct pf_trie	 t;
	const char	*lit;
	size_t		 i, j;
	int		 rc = -1;

	pf_group_clear(g);
	pf_classes(pf, g, gi);
	memset(&t, 0, sizeof(t));
	t.ncls = g->ncls;
	if (pf_trie_state(&t) == -1)
		goto done;
	for (i = 0; i < pf->npats; i++) {
		if (pf->pats[i].group != gi || !pf->pats[i].filtered)
			continue;
		lit = pf->lbuf + pf->lref[i].off;
		for (j = 0; j < pf->lref[i].n; j++, lit += strlen(lit) + 1)
			if (pf_trie_insert(&t, g, lit, i) == -1)
				goto done;
	}
	g->nstates = t.nstates;
	if (g->lazy && (size_t)t.nstates * t.ncls * sizeof(*t.next) >
	    PF_DENSE_MAX) {
		if (pf_link_sparse(&t) == -1 || pf_renumber(&t) == -1 ||
		    pf_outputs(&t, g) == -1 ||
		    pf_records(&t, g) == -1)
			goto done;
		rc = 0;
		goto done;
	}
	if (pf_skip_build(&t, g, pf_minlen(pf, gi)) == -1 ||
	    pf_link(&t) == -1 || pf_outputs(&t, g) == -1)
		goto done;
	g->delta = (uint32_t *)t.next;	/* every entry is set now */
	t.next = NULL;
	rc = 0;
done:
	pf_trie_free(&t);
	return rc;
}

int
prefilter_build(struct prefilter *pf)
{
	size_t	 i;

	for (i = 0; i < pf->ngroups; i++)
		if (pf_group_build(pf, i) == -1) {
			log_warn("%s", __func__);
			return -1;
		}
	free(pf->matched);
	free(pf->eager);
	pf->eager = NULL;
	pf->neager = 0;
	if ((pf->matched = calloc(pf->npats ? pf->npats : 1,
	    sizeof(*pf->matched))) == NULL ||
	    (pf->eager = calloc(pf->ngroups + 1, sizeof(*pf->eager))) ==
	    NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	/* Many lazy groups must not slow the loop over the others. */
	for (i = 0; i < pf->ngroups; i++)
		if (!pf->groups[i].lazy)
			pf->eager[pf->neager++] = i;
	pf->built = 1;
	return 0;
}

void
prefilter_begin(struct prefilter *pf)
{
	if (pf != NULL) {
		pf->epoch++;
		pf->nmatched = 0;
	}
}

/* The next state of a sparse automaton: a row, or edges and failures. */
static inline uint32_t
pf_next(const struct pf_group *g, uint32_t st, uint32_t c)
{
	const uint32_t	*r;
	uint32_t	 e, n;

	st &= ~PF_OUT;
	for (;;) {
		if (st < g->nrows)
			return g->rows[(size_t)st * g->ncls + c];
		r = g->srec + (st - g->nrows);
		for (e = 0, n = r[1]; e < n; e++)
			if (r[PF_REC_HEAD + 2 * e] == c)
				return r[PF_REC_HEAD + 2 * e + 1];
		st = r[0];
	}
}

/* The index of a sparse automaton's state, for its outputs. */
static inline uint32_t
pf_index(const struct pf_group *g, uint32_t st)
{
	return st < g->nrows ? st : g->srec[st - g->nrows + 2];
}

/* What state st reports, down its output links, once per event each. */
static inline void
pf_out(struct prefilter *pf, const struct pf_group *g, uint32_t st)
{
	const uint32_t	*os = g->outstart;
	uint32_t	 k;

	for (; st != 0 && g->ostamp[st] != pf->epoch; st = g->olink[st]) {
		g->ostamp[st] = pf->epoch;
		for (k = os[st]; k < os[st + 1]; k++) {
			if (pf->pats[g->outids[k]].stamp == pf->epoch)
				continue;
			pf->pats[g->outids[k]].stamp = pf->epoch;
			pf->matched[pf->nmatched++] = g->outids[k];
		}
	}
}

static void
pf_scan_sparse(struct prefilter *pf, struct pf_group *g, struct slice s)
{
	const uint8_t	*p = (const uint8_t *)s.p, *end = p + s.len;
	uint32_t	 st = 0, c;

	for (; p < end; p++) {
		/* A byte of no literal sends every state home. */
		if ((c = g->cls[*p]) == 0) {
			st = 0;
			continue;
		}
		st = pf_next(g, st, c);
		if (st & PF_OUT)
			pf_out(pf, g, pf_index(g, st & ~PF_OUT));
	}
}

/*
 * From a window that may start a literal at start: the automaton from
 * its root, for as long as all it has read is the start of a literal
 * (the state's depth is the length read); whatever it reports on the
 * way is in the text.
 */
static void
pf_scan_from(struct prefilter *pf, const struct pf_group *g,
    const uint8_t *p, const uint8_t *end)
{
	uint32_t	 st = 0, ncls = g->ncls, n;

	for (n = 1; p < end; p++, n++) {
		st = g->delta[(size_t)st * ncls + g->cls[*p]];
		if (g->anyout[st])
			pf_out(pf, g, st);
		if (g->sdepth[st] != n)
			break;
	}
}

/*
 * Every literal of the group has skipm bytes or more.  A window of the
 * text ending at p holds the first skipm bytes of a literal only if
 * its last skipq classes could end them: shift says how far the window
 * must move before they could, and 0 means they could now, so the
 * automaton checks the window's start before it moves on by one.
 * Returns where the window ends next.
 */
static inline const uint8_t *
pf_skip_step(struct prefilter *pf, const struct pf_group *g,
    const uint8_t *p, const uint8_t *end)
{
	const uint8_t	*cls = g->cls;
	uint32_t	 ncls = g->ncls, k;

	k = g->skipq == 3 ? g->shift[(cls[p[-2]] * ncls + cls[p[-1]]) *
	    ncls + cls[p[0]]] : g->shift[cls[p[-1]] * ncls + cls[p[0]]];
	if (k == 0) {
		pf_scan_from(pf, g, p + 1 - g->skipm, end);
		k = 1;
	}
	return p + k;
}

/*
 * Each step waits for the loads of the one before, so a long text is
 * read from two places at once: windows ending in its first half and
 * in its second, two chains of loads the processor runs side by side.
 */
#define PF_SKIP_SPLIT	256

static void
pf_scan_skip(struct prefilter *pf, const struct pf_group *g,
    struct slice s)
{
	const uint8_t	*t = (const uint8_t *)s.p, *end = t + s.len;
	const uint8_t	*p = t + g->skipm - 1, *mid = end, *q = end;

	if (s.len < g->skipm)
		return;
	if (s.len >= PF_SKIP_SPLIT) {
		mid = q = t + s.len / 2;
		while (p < mid && q < end) {
			p = pf_skip_step(pf, g, p, end);
			q = pf_skip_step(pf, g, q, end);
		}
	}
	while (p < mid)
		p = pf_skip_step(pf, g, p, end);
	while (q < end)
		q = pf_skip_step(pf, g, q, end);
}

static void
pf_scan(struct prefilter *pf, struct pf_group *g, struct slice s)
{
	const uint8_t	*p = (const uint8_t *)s.p, *end = p + s.len;
	const uint32_t	*delta = g->delta;
	uint32_t	 st = 0, ncls = g->ncls;

	pf->scans++;
	g->stamp = pf->epoch;
	if (g->rows != NULL) {
		pf_scan_sparse(pf, g, s);
		return;
	}
	if (g->shift != NULL) {
		pf_scan_skip(pf, g, s);
		return;
	}
	for (; p < end; p++) {
		st = delta[(size_t)st * ncls + g->cls[*p]];
		if (g->anyout[st])
			pf_out(pf, g, st);
	}
}

int
prefilter_may(struct prefilter *pf, uint32_t id, struct slice s)
{
	struct pf_pat	*pat;
	struct pf_group	*g;

	if (pf == NULL || !pf->built || id >= pf->npats)
		return 1;
	pat = &pf->pats[id];
	if (!pat->filtered)
		return 1;
	g = &pf->groups[pat->group];
	if (g->stamp != pf->epoch)
		pf_scan(pf, g, s);
	if (pat->stamp == pf->epoch)
		return 1;
	pf->skipped++;
	return 0;
}

uint64_t
prefilter_skipped(const struct prefilter *pf)
{
	return pf != NULL ? pf->skipped : 0;
}

void
prefilter_stats(const struct prefilter *pf, struct prefilter_stats *st)
{
	size_t	 i;

	memset(st, 0, sizeof(*st));
	if (pf == NULL)
		return;
	st->patterns = pf->npats;
	for (i = 0; i < pf->npats; i++)
		st->filtered += pf->pats[i].filtered;
	st->scans = pf->scans;
	st->skipped = pf->skipped;
}

int
prefilter_filtered(const struct prefilter *pf, uint32_t id)
{
	return pf != NULL && id < pf->npats && pf->pats[id].filtered;
}

void
prefilter_scan_event(struct prefilter *pf,
    struct slice (*get)(const void *key, const void *arg), const void *arg)
{
	struct pf_group	*g;
	size_t		 i;

	if (pf == NULL || !pf->built)
		return;
	for (i = 0; i < pf->neager; i++) {
		g = &pf->groups[pf->eager[i]];
		if (g->stamp != pf->epoch)
			pf_scan(pf, g, get(g->key, arg));
	}
}

void
prefilter_scan_group(struct prefilter *pf, uint32_t gi, struct slice s)
{
	struct pf_group	*g;

	if (pf == NULL || !pf->built || gi >= pf->ngroups)
		return;
	g = &pf->groups[gi];
	if (g->stamp != pf->epoch)
		pf_scan(pf, g, s);
}

int
prefilter_built(const struct prefilter *pf)
{
	return pf != NULL && pf->built;
}

uint32_t
prefilter_group(const struct prefilter *pf, uint32_t id)
{
	return pf->pats[id].group;
}

const void *
prefilter_group_key(const struct prefilter *pf, uint32_t g)
{
	return pf->groups[g].key;
}

int
prefilter_group_lazy(const struct prefilter *pf, uint32_t g)
{
	return pf->groups[g].lazy;
}

size_t
prefilter_matches(const struct prefilter *pf, const uint32_t **ids)
{
	if (pf == NULL || !pf->built) {
		*ids = NULL;
		return 0;
	}
	*ids = pf->matched;
	return pf->nmatched;
}
