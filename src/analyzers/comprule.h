/*
 * The options of rules that say "analyzer composite": which findings
 * contribute (steps), how they add up (kind), over what window and how
 * many.  Parsed into struct comp_params, which the rule owns
 * (rule->params).  man/parts/composite.mdoc documents them.
 */
#ifndef DETECTD_COMPRULE_H
#define DETECTD_COMPRULE_H

#include <stddef.h>
#include <stdint.h>

#include "conf/conf.h"

struct rule;
struct logevent;

#define COMP_MAXSTEPS	8
#define COMP_ITEMS	16	/* contributions kept per group */
#define COMP_MAXPATH	8	/* endpoints in a propagation path */

enum comp_kind {
	CK_CONTINUITY = 0,	/* the same finding N times on one endpoint */
	CK_COMBINATION,		/* K of the steps on one endpoint */
	CK_SPREAD,		/* one indicator, destination or user on N endpoints */
	CK_PROPAGATION		/* finding on A, A reaches B, finding on B */
};

enum comp_sel {
	CS_ANY = 0,		/* any finding of another analyzer */
	CS_RULE,		/* findings of these rule ids */
	CS_VIEWPOINT,		/* findings of rules of these viewpoints */
	CS_STAGE,		/* findings of rules of these attack stages */
	CS_ANALYZER,		/* findings of these analyzers */
	CS_CONDITION		/* events that satisfy the rule's condition */
};

enum comp_group {
	CG_ENDPOINT = 0,
	CG_INDICATOR,
	CG_DESTINATION,
	CG_USER,
	CG_HOST		/* the Windows computer that logged it */
};

/* What contributions must share in a combination (same ...). */
enum comp_corr {
	CC_NONE = 0,
	CC_FILE,		/* file name: URL path, image, target file */
	CC_DESTINATION,
	CC_INDICATOR
};

struct comp_step {
	enum comp_sel	 sel;
	char		**ids;		/* CS_RULE */
	size_t		 nids;
	uint32_t	 mask;		/* bits of viewpoints, stages, analyzers */
};

struct comp_params {
	enum comp_kind	 kind;
	struct comp_step steps[COMP_MAXSTEPS];
	size_t		 nsteps;
	uint32_t	 count;
	int64_t		 window_ms;
	int		 ordered;
	enum comp_group	 group;
	enum comp_corr	 same;
	uint32_t	 max_entries;
	unsigned char	 seen[16];	/* options given, by index */
};

int		 comprule_option(struct rule *, const struct cnode *,
		    struct cerrors *);
int		 comprule_check(struct rule *, const struct cnode *,
		    struct cerrors *);
/* Whether a finding of rule fr is what the step asks for. */
int		 comprule_step_match(const struct comp_step *,
		    const struct rule *fr);
const char	*comprule_kind_name(enum comp_kind);

#endif
