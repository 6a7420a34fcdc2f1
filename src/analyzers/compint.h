/*
 * Internal to the composite analyzer (composite.c, compalert.c): the
 * evidence it keeps, and the alert being emitted, which the alert stage
 * hands to composite_annotate while it builds the record.
 */
#ifndef DETECTD_COMPINT_H
#define DETECTD_COMPINT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "analyzers/compchain.h"
#include "analyzers/compgroup.h"
#include "analyzers/comprule.h"
#include "analyzers/identity.h"

#define COMP_EVIDENCE	4096	/* evidence lines kept, a ring */
#define COMP_LINE	480	/* bytes of a line kept */
#define COMP_FILE	160
#define COMP_OUT_MAX	(2 * COMP_ITEMS)
#define COMP_SEED_GROUP	0x636f6d7067727031ULL	/* keys of groups, incidents */

struct logevent;
struct lru;
struct rule;

struct comp_ev {
	uint64_t	 seq;
	int64_t		 t;
	uint64_t	 offset;
	uint8_t		 source;
	uint8_t		 cut;
	uint16_t	 len;
	char		 file[COMP_FILE];
	char		 line[COMP_LINE];
};

struct comp_evstore {
	struct comp_ev	*ring;
	uint64_t	 next;
};

enum comp_what {
	CW_FINDING = 0,
	CW_EVENT,		/* an event the rule's condition selected */
	CW_REACH		/* an endpoint reached another */
};

struct comp_contrib {
	int64_t		 t;
	uint64_t	 evref;
	uint8_t		 id[16];
	const char	*rule;		/* contributing rule id */
	uint8_t		 stage;
	uint8_t		 vp;
	uint8_t		 promoted;
	uint8_t		 what;
	char		 ep[IDENTITY_KEY_LEN];
	char		 to[IDENTITY_KEY_LEN];	/* CW_REACH */
};

struct comp_out {
	int			 active;
	const struct rule	*r;
	const struct comp_params *p;
	char			 id[37];
	int			 revision;
	char			 group[COMPGROUP_KEY_LEN];
	struct endpoint_id	 main;
	size_t			 nc;
	struct comp_contrib	 c[COMP_OUT_MAX];
	size_t			 nep;
	char			 eps[COMP_ITEMS][IDENTITY_KEY_LEN];
	struct comp_path	 path;		/* propagation; n 0 otherwise */
	int			 stage;
	char			 summary[768];
};

struct comp_inc {
	char		 key[COMPGROUP_KEY_LEN];
	char		 id[37];
	int		 revision;
	int64_t		 first_ms;
	int64_t		 last_ms;
	uint64_t	 count;
	uint8_t		 stage, nep, nrules, plen;
};

/*
 * The hand-over of a shard's windows (comphand.c): the groups of the
 * rules that keep one endpoint's contributions (continuity and
 * combination; spread and propagation join endpoints and stay), with
 * their items, the evidence lines the items name, and the group's open
 * incident, so that the new owner goes on with the same incident.
 */
struct comp_handrule {
	const char		 *id;
	const struct comp_params *p;
	struct lru		 *groups;
	struct lru		 *incs;
};

/* What comphand.c reads through, filled by composite.c. */
struct comp_hand {
	struct comp_evstore	*evs;
	void			*arg;
	const char		*(*rid)(void *, uint16_t);
	uint16_t		 (*intern)(void *, const char *);
	/*
	 * The evidence lines of a hand-over by their slot in the giver's
	 * ring (COMP_EVIDENCE): written already (from), and at the new
	 * owner kept as (to).  Allocated at first use; NULL: none kept.
	 */
	struct comp_evmap {
		uint64_t	 from;
		uint64_t	 to;
	}			*map;
	/* Loading: the rule and group the lines go to, NULL none. */
	const struct comp_handrule *cur;
	struct comp_groupent	*g;
	uint32_t		 shard;
};

/* The groups of shard in rules r[0..n), written and forgotten. */
int		 comphand_save(FILE *, struct comp_hand *,
		    const struct comp_handrule *r, size_t n, uint32_t shard);
/* One line of it; 1, or -1 when malformed. */
int		 comphand_line(struct comp_hand *,
		    const struct comp_handrule *r, size_t n, uint32_t shard,
		    char *line);

int		 compalert_store_new(struct comp_evstore *);
void		 compalert_store_free(struct comp_evstore *);
/* Keep the event's line; the reference to find it by, 0 on failure. */
uint64_t	 compalert_keep(struct comp_evstore *, const struct logevent *);
/* A line kept elsewhere (a hand-over), kept here: its new ref. */
uint64_t	 compalert_keep_copy(struct comp_evstore *,
		    const struct comp_ev *);
/* The line kept under ref, or NULL when it was overwritten since. */
const struct comp_ev *compalert_find(const struct comp_evstore *, uint64_t);
/* The composite parts of the record (see composite_annotate). */
void		 compalert_annotate(const struct comp_out *,
		    const struct comp_evstore *, json_t *rec);
/* incident.endpoint: fill what the record does not say. */
void		 compalert_endpoint(const struct endpoint_id *, json_t *rec,
		    int replace);

#endif
