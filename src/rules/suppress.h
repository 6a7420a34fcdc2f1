/*
 * Exceptions an analyst adds without editing rules: suppressions, per
 * rule or global, by endpoint, destination, user, list or any condition,
 * each with an optional expiry date (event time).
 *
 *	suppress {
 *		rules 1000001 1000002		# none: every rule
 *		endpoint 10.20.1.22 10.9.0.0/16 ws-scan01
 *		destination scanner.corp.example 192.0.2.0/24
 *		user svc-backup
 *		list pentest-hosts
 *		condition http.request.method == "CONNECT"
 *		until 2026-04-30
 *		reason "penetration test, ticket SEC-1234"
 *	}
 *
 * Options given together must all match; the values of one option are
 * alternatives.
 */
#ifndef DETECTD_SUPPRESS_H
#define DETECTD_SUPPRESS_H

#include <stddef.h>
#include <stdint.h>

#include "event/logevent.h"
#include "conf/conf.h"

struct cond_env;
struct rule;
struct suppress;

struct suppress_entry_info {
	const char	*file;
	int		 line;
	const char	*reason;
	int64_t		 until_ms;	/* 0: no expiry */
	uint64_t	 hits;		/* since the rule set loaded */
	int		 expired;	/* already at load time */
	const char *const *rules;	/* the rules it names; none: all */
	size_t		 nrules;
	int		 whole;		/* nothing but rules and a date */
};

struct suppress	*suppress_new(void);
void		 suppress_free(struct suppress *);
/* suppress { ... } */
int		 suppress_statement(struct suppress *, const struct cnode *,
		    const struct cond_env *, struct cerrors *);
/*
 * After the rules are read: every rule id named must exist (rule_exists
 * says).  Suppressions already expired at now_ms (wall clock) are
 * marked as such, for suppress_report: loading says nothing.
 */
int		 suppress_finish(struct suppress *,
		    int (*rule_exists)(void *, const char *), void *arg,
		    int64_t now_ms, struct cerrors *);
/*
 * Whether a hit of rule r on ev is suppressed (counted if so).  An entry
 * whose date is past at the event's time no longer applies.
 */
int		 suppress_match(struct suppress *, const struct rule *,
		    const struct logevent *);
size_t		 suppress_count(const struct suppress *);
/* Hits suppressed by all entries since the rule set loaded. */
uint64_t	 suppress_hits(const struct suppress *);
/*
 * n more hits of the i-th entry, held back by a copy of the same rule
 * set elsewhere (the daemon's worker threads): the counts said stay
 * those of all of them.
 */
void		 suppress_add_hits(struct suppress *, size_t i, uint64_t n);
int		 suppress_info(const struct suppress *, size_t i,
		    struct suppress_entry_info *);
/*
 * Log, each line led by label: every entry and its hits (all), or only
 * the entries that had expired when the rule set loaded, as warnings.
 * The daemon calls this once per load or reload.
 */
void		 suppress_report(const struct suppress *, int all,
		    const char *label);

#endif
