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
	char			 value[128];	/* as seen, cut if long */
};

/*
 * Parse the tokens toks[0..ntoks) as an expression.  Every error goes to
 * errs as file:line:column; returns NULL on error.
 */
struct cond	*cond_parse(const struct ctok *toks, size_t ntoks,
		    cond_list_lookup lookup, void *arg, struct cerrors *errs);
struct cond	*cond_parse_env(const struct ctok *toks, size_t ntoks,
		    const struct cond_env *, struct cerrors *errs);
void		 cond_free(struct cond *);
/* Whether the condition uses the country database. */
int		 cond_uses_geo(const struct cond *);
/*
 * Whether the condition can only be true when one of some regexes with
 * prefilter literals matches: 1, with their prefilter ids appended to
 * ids[*n..max), or 0 (the condition must always be evaluated).
 */
int		 cond_gate(const struct cond *, uint32_t *ids, size_t max,
		    size_t *n);
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

#endif
