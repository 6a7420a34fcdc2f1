/*
 * Rule conditions: a boolean expression over the fields of a logevent.
 *
 *	expr    := term { "or" term }
 *	term    := factor { "and" factor }
 *	factor  := "not" factor | "(" expr ")" | test
 *	test    := FIELD ["not"] "in" "list" NAME
 *	         | FIELD ["not"] "in" ("[" VALUE {"," VALUE} "]" | CIDR)
 *	         | FIELD ["not"] "in" "profile" KEY
 *	         | FIELD ("==" | "!=") VALUE
 *	         | FIELD ("<" | "<=" | ">" | ">=") NUMBER
 *	         | FIELD ("~" | "!~") STRING        (PCRE2 regex)
 *	         | FIELD "is" ["not"] ("ip" | "set")
 *	         | FIELD "contains" STRING
 *
 * == and != ignore ASCII case on destination.domain, dns.question.name,
 * source.address, user.name, http.request.method and url.scheme, and are
 * exact elsewhere; ~ and contains are always exact (write (?i) in the
 * pattern).  A regex that reaches its match or depth limit is no match.
 *
 * "FIELD not in X" is "not FIELD in X", except for profiles: "in profile"
 * and "not in profile" are both false when no profile covers the event's
 * endpoint, when the profile does not declare KEY, or when the value is
 * missing: without a declared normal there is no mismatch.
 *
 * Besides the fields of the logevent, conditions know derived fields:
 * destination.geo.country_iso_code and source.geo.country_iso_code (the
 * country of destination.ip and source.ip, from the country database),
 * url.extension (of the last segment of url.path, lowercased) and
 * file.extension (of file.name, lowercased).
 */
#ifndef DETECTD_COND_H
#define DETECTD_COND_H

#include <stddef.h>
#include <stdint.h>

#include "event/logevent.h"
#include "conf/conf.h"

struct cond;
struct list;

struct prefilter;
struct geo;
struct profile;
struct profiles;

/* Which listed indicator a condition matched, for the finding. */
struct indicator_hit {
	const char	*value;		/* the indicator as listed */
	const char	*type;		/* "domain", "ipv4", "url", ... */
	const char	*list;		/* list name */
	const char	*source;	/* feed or file it came from */
	const char	*description;
	const char	*matched;	/* the event field it matched, e.g. "destination.domain" */
};

/* How a condition finds lists by name while it is being parsed. */
typedef struct list *(*cond_list_lookup)(void *arg, const char *name);

/*
 * What a condition may use besides lists.  Regexes register with pf (the
 * rule set's prefilter; NULL: they always run).  geo points to where the
 * country database will be (it may be loaded after the rule); profiles
 * is the rule set's profiles.  Either may be NULL: the tests that need
 * them are then an error.
 */
struct cond_env {
	cond_list_lookup	 lookup;
	void			*arg;
	struct prefilter	*pf;
	struct geo *const	*geo;
	const struct profiles	*profiles;
};

/* What decided a profile test, for the alert's reason. */
struct cond_note {
	const struct profile	*profile;	/* NULL when none */
	int			 key;		/* enum profile_key */
	const char		*field;
	const char		*why;		/* is deceptive: how, or NULL */
	char			 value[128];	/* as seen, cut if long */
};

/* An IP address, or a prefix of one. */
struct cond_addr {
	int		 af;
	unsigned char	 addr[16];
	int		 bits;		/* prefix length for a CIDR */
};

/* An address, in [brackets] or with a %zone for IPv6: 0, or -1. */
int		 cond_addr_parse(const char *p, size_t len, struct cond_addr *);
/* "10.0.0.0/8", "2001:db8::/32" or an address (all its bits). */
int		 cond_cidr_parse(const char *s, struct cond_addr *net);
/* Whether a is in net (an IPv4-mapped IPv6 address is its IPv4). */
int		 cond_cidr_match(const struct cond_addr *net,
		    const struct cond_addr *a);

/*
 * A regular expression with the engine's limits: PCRE2, JIT when it can
 * (*jit 1, else 0 or the JIT error), options PCRE2_CASELESS and the like.
 * NULL with a message in err when it does not compile.  A match that
 * reaches a limit is no match, and counted.  Not reentrant.
 */
struct cond_re;
struct cond_re	*cond_re_new(const char *pattern, size_t len,
		    uint32_t options, int *jit, char *err, size_t errsize);
int		 cond_re_match(struct cond_re *, struct slice);
unsigned long long cond_re_limit_hits(const struct cond_re *);
void		 cond_re_free(struct cond_re *);

/*
 * Parse the tokens toks[0..ntoks) as an expression.  Every error goes to
 * errs as file:line:column; returns NULL on error.
 */
struct cond	*cond_parse(const struct ctok *toks, size_t ntoks,
		    cond_list_lookup lookup, void *arg, struct cerrors *errs);
struct cond	*cond_parse_env(const struct ctok *toks, size_t ntoks,
		    const struct cond_env *, struct cerrors *errs);
void		 cond_free(struct cond *);
/*
 * Mark the list tests that several of the conditions roots[0..n) make
 * (the same list of the same field): a line with a memo asks each of
 * them once (event/evmemo.h), and a test made once costs no memo.
 * 0, or -1 out of memory (nothing marked: slower, not wrong).
 */
int		 cond_mark_shared(struct cond *const *roots, size_t n);
/*
 * Let each "and" below c evaluate its cheap tests (numbers, strings as
 * logged) before its dear ones (lists, profiles, addresses, regexes):
 * the same truth and the same indicator and note, at less cost.
 * 0, or -1 out of memory (some left as written: slower, not wrong).
 * Once, after parsing; explanations keep the written order.
 */
int		 cond_order(struct cond *);
/* Whether the condition uses the country database. */
int		 cond_uses_geo(const struct cond *);
/*
 * Whether the condition can only be true when one of some regexes with
 * prefilter literals matches: 1, with their prefilter ids appended to
 * ids[*n..max), or 0 (the condition must always be evaluated).
 */
int		 cond_gate(const struct cond *, uint32_t *ids, size_t max,
		    size_t *n);
/*
 * Whether the condition can only be true when the profile that *set
 * gives the event's endpoint exists and declares *key (a profile test,
 * "in profile" or "not in profile", is false otherwise): 1, with them,
 * or 0.  Lets a caller skip the rule for endpoints without that key.
 */
int		 cond_profile_key(const struct cond *,
		    const struct profiles **set, int *key);
/*
 * Whether the condition is one test "FIELD in list L" of a text field
 * as logged that no other rule makes (so no line's memo keeps it): 1,
 * with them, or 0.  Such a condition is true exactly when the field is
 * not empty and list_match (or lcache_match) finds it, which a caller
 * may then ask directly.
 */
int		 cond_list_leaf(const struct cond *, const struct list **l,
		    const struct field_def **f);
/*
 * The profile of the event's endpoint in set (profiles_find), asked
 * once a line when the line has a memo.
 */
const struct profile *cond_profile(const struct profiles *set,
		    const struct logevent *);
/* Regex matches cut by their limits, over the whole condition. */
unsigned long long cond_limit_hits(const struct cond *);

/*
 * Evaluate.  On a match through an indicator list, hit (if not NULL) is
 * filled with the indicator and the field it matched.
 */
int		 cond_eval(const struct cond *, const struct logevent *,
		    struct indicator_hit *hit);
/* The same, and note (if not NULL) says which profile test decided. */
int		 cond_eval_note(const struct cond *, const struct logevent *,
		    struct indicator_hit *hit, struct cond_note *note);
/*
 * The plain truth, its list lookups through a cache of answers by value
 * (lcache.h; NULL: none) that the caller's thread owns.  The same
 * answer as cond_eval.
 */
struct lcache;
int		 cond_eval_cached(const struct cond *, const struct logevent *,
		    struct lcache *);

/*
 * Building conditions for other rule languages (the Sigma compiler):
 * n-ary and/or, not (one kid), and leaves.  cond_add takes kid, or
 * frees it on failure (kid NULL is a failure); the leaves take what
 * they are given.  A predicate's arg is borrowed: it must outlive the
 * condition.
 */
enum cond_bool {
	COND_AND,
	COND_OR,
	COND_NOT
};

struct sfield;
struct stest;

struct cond	*cond_new_bool(enum cond_bool);
int		 cond_add(struct cond *, struct cond *kid);
struct cond	*cond_new_stest(struct stest *);
struct cond	*cond_new_pred(int (*)(const void *, const struct logevent *),
		    const void *arg);
struct cond	*cond_new_const(int);
/* Whether the condition can never be true (built from constants). */
int		 cond_never(const struct cond *);
/*
 * The event fields the condition reads, when its answer depends on
 * their values alone and it asks an indicator list (an answer worth
 * keeping for the next event with the same values): 1, with them in
 * f[0..*n), or 0.  Lists, string and number tests, addresses and "is
 * set" of fields as logged; not derived fields, regexes (they count
 * the matches their limits cut), profiles, names, Sigma tests or
 * predicates.
 */
int		 cond_fields(const struct cond *, const struct field_def **f,
		    size_t max, size_t *n);
/*
 * Whether two conditions of one rule set ask the same question of every
 * event (the same tests, as written, in the same shape): one answer
 * serves both.  NULL is the same only as NULL.
 */
int		 cond_same(const struct cond *, const struct cond *);
/*
 * The labels of the Sigma value tests that hold on ev, outside any not,
 * into buf as "CommandLine, Image"; its length.
 */
size_t		 cond_explain(const struct cond *, const struct logevent *,
		    char *buf, size_t size);
/*
 * Explaining a condition, off the hot path (condtrace.c): evaluated
 * without the prefilter's answers, so at any time after the event.
 */
#define COND_MATCH_OP		80
#define COND_MATCH_VALUE	256

/* One test that made a condition true: field, operator, what matched. */
struct cond_match {
	const char	*field;			/* "url.original", "Image" */
	char		 op[COND_MATCH_OP];	/* "~", "contains", "in list c2" */
	char		 value[COND_MATCH_VALUE];	/* matched text, cut */
	size_t		 len;			/* of value */
};

int		 cond_eval_plain(const struct cond *, const struct logevent *);
/*
 * The regex, list, contains and Sigma value tests on the path that made
 * the condition true, into m[0..max); how many.  0 when it is false.
 */
size_t		 cond_matched(const struct cond *, const struct logevent *,
		    struct cond_match *m, size_t max);
/*
 * Why the condition is false on ev: the first test that failed and what
 * the event has there, into buf; its length, 0 when it holds.
 */
size_t		 cond_why_not(const struct cond *, const struct logevent *,
		    char *buf, size_t size);
/*
 * Whether a true condition needs integer field f to be one of some
 * values: 1, with them appended to v[*n..max), or 0.
 */
int		 cond_ints(const struct cond *, const struct sfield *f,
		    int64_t *v, size_t max, size_t *n);

#endif
