/*
 * Importance and priority of an alert: the rule's levels, raised by one
 * when the alert involves an asset the organisation cares most about (a
 * critical server, a VIP user, from detectd.conf), and priority raised
 * by one more when a statistical analyzer is nearly certain.  A
 * statistical finding alone is evidence of one kind only: unless its
 * score reaches IMPORTANCE_SCORE_HIGH its levels stop at medium, and a
 * popular destination (FINDING_POPULAR) lowers them one more; composite
 * rules, which join findings, are where weak signals earn more.  The
 * ladder is documented in detectd.rules(5).
 */
#ifndef DETECTD_IMPORTANCE_H
#define DETECTD_IMPORTANCE_H

#include <stddef.h>

#include "conf/conf.h"
#include "rules/rule.h"

#define IMPORTANCE_SCORE_HIGH	0.9	/* score that raises priority */

enum importance_asset {
	IMP_SERVER = 0,		/* critical-servers: addresses and CIDRs */
	IMP_USER,		/* vip-users: user names */
	IMP_MAX
};

/* Why the levels were raised: bits of the result of importance_levels. */
#define IMP_RAISED_SERVER	0x1
#define IMP_RAISED_USER		0x2
#define IMP_RAISED_SCORE	0x4
/* Why they were lowered. */
#define IMP_LOWERED_ALONE	0x10	/* statistical, score under high */
#define IMP_LOWERED_POPULAR	0x20	/* statistical, popular destination */

struct finding;
struct importance;

struct importance *importance_new(void);
void		 importance_free(struct importance *);
/* One entry written in the configuration; -1 with *why when it is bad. */
int		 importance_add(struct importance *, enum importance_asset,
		    const char *, const char **why);
/* A list file, one entry per line (detectd.rules(5) plain lists). */
int		 importance_load(struct importance *, enum importance_asset,
		    const char *path, struct cerrors *);
size_t		 importance_size(const struct importance *,
		    enum importance_asset);
/*
 * The levels for an alert on f (imp may be NULL: no assets).  Returns
 * the IMP_RAISED_* and IMP_LOWERED_* bits that applied.
 */
unsigned	 importance_levels(const struct importance *,
		    const struct finding *, enum level *importance,
		    enum level *priority);
/*
 * "critical-server", "vip-user", "score" for one IMP_RAISED_* bit;
 * "statistic-alone", "popular-destination" for one IMP_LOWERED_* bit.
 */
const char	*importance_reason(unsigned);

#endif
