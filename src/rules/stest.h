/*
 * A Sigma value test: one field (sfield.h) against a list of values,
 * true when any value matches (all of them with Sigma's |all).  It is a
 * node of the condition engine (cond.h, cond_new_stest), built by the
 * Sigma compiler after the modifiers have turned each value into its
 * literal alternatives (sigmaval.c); evaluation allocates nothing.
 *
 * A value is one of:
 *
 *	text	a pattern of bytes, '*' (any run) and '?' (any one byte),
 *		whole-value; Sigma's contains, startswith and endswith are
 *		patterns *v*, v* and *v.  Equality, prefix, suffix and
 *		substring patterns are compared directly, the rest by a
 *		linear wildcard matcher.  ASCII case is ignored unless the
 *		value is cased.  A lone '*' is "present, any value"; ''
 *		is "present and empty".
 *	int	an integer compared with a numeric field (EventID: 4688)
 *	null	absent or empty; exists: present (or, negated, absent)
 *	re	a PCRE2 expression (cond_re_new: JIT, match limits)
 *	cidr	an address in a prefix
 *	number	gt, gte, lt, lte against the field read as a number
 *	ref	equal to (or prefix, suffix, part of) another field
 *
 * Every text value and regex registers the literal one of which any
 * match contains with the rule set's prefilter, in the group of its
 * field: stest_gate gives them to the match analyzer, which evaluates a
 * test only when one of them is in the event.  A substring value whose
 * whole needle is its literal is answered by the prefilter's scan.
 */
#ifndef DETECTD_STEST_H
#define DETECTD_STEST_H

#include <stddef.h>
#include <stdint.h>

#include "event/logevent.h"

struct cond_addr;
struct cond_re;
struct prefilter;
struct sfield;
struct stest;

/* Pattern codes besides the bytes 0..255. */
#define STEST_STAR	256
#define STEST_ONE	257

/* Longest literal a value registers with the prefilter. */
#define STEST_LITMAX	32

enum stest_cmp {
	STEST_GT,
	STEST_GE,
	STEST_LT,
	STEST_LE
};

/* How a ref value compares its field with the other. */
enum stest_refmode {
	STEST_REF_EQ,
	STEST_REF_PREFIX,
	STEST_REF_SUFFIX,
	STEST_REF_CONTAINS
};

/*
 * A test of field f; label is the field as the rule writes it (for
 * messages and the alert's phenomenon).  pf may be NULL (no gating).
 */
struct stest	*stest_new(struct sfield *f, const char *label, int all,
		    struct prefilter *pf);
void		 stest_free(struct stest *);

/* Values; each returns 0, or -1 when out of memory. */
int		 stest_add_text(struct stest *, const uint16_t *codes,
		    size_t n, int cased);
int		 stest_add_int(struct stest *, int64_t);
int		 stest_add_null(struct stest *);
int		 stest_add_exists(struct stest *, int exists);
/* re is the test's from here on; pattern gives its literals. */
int		 stest_add_re(struct stest *, struct cond_re *re,
		    const char *pattern);
int		 stest_add_cidr(struct stest *, const struct cond_addr *);
int		 stest_add_num(struct stest *, enum stest_cmp, double);
int		 stest_add_ref(struct stest *, const struct sfield *,
		    enum stest_refmode, int cased);
size_t		 stest_count(const struct stest *);

int		 stest_eval(const struct stest *, const struct logevent *);
/* The same without the prefilter's answers: at any time. */
int		 stest_eval_plain(const struct stest *,
		    const struct logevent *);
/*
 * For a test that holds on ev (prefilter aside): how its first matching
 * value compares ("contains", "re", ...), and the field's value; NULL
 * when it does not hold.
 */
const char	*stest_which(const struct stest *, const struct logevent *,
		    struct slice *value);
/*
 * The prefilter ids one of which a true test needs, appended to
 * ids[*n..max): 1, or 0 when the test must always be evaluated.
 */
int		 stest_gate(const struct stest *, uint32_t *ids, size_t max,
		    size_t *n);
/*
 * How well the test gates: the length of the shortest literal it
 * needs (0: ungated).  The Sigma compiler puts stronger gates first.
 */
size_t		 stest_strength(const struct stest *);
/* Whether the test only compares integers (cheap: put it first). */
int		 stest_is_int(const struct stest *);
const char	*stest_label(const struct stest *);
const struct sfield *stest_field(const struct stest *);
/* The integers of an integer test; 0 when it is not one. */
size_t		 stest_ints(const struct stest *, int64_t *, size_t max);
unsigned long long stest_limit_hits(const struct stest *);

#endif
