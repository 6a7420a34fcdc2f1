/*
 * Finding records: a finding of a first-tier instance as one JSON line,
 * for the cross-endpoint tier ("tier findings", detectd.conf(5)) to
 * take into its composite rules as if it had made the finding itself.
 *
 *	{"finding":{"rule":"1000101","alert_id":"...","promoted":true,
 *	 "first":MS,"last":MS,"count":N,"score":S,
 *	 "indicator":{"value":..,"type":..,"list":..,"matched":..},
 *	 "endpoint":{"key":..,"ip":..,"host":..,"user":..},
 *	 "event":{"time":MS,"source":"proxy","file":..,"offset":N,
 *	  "line":..,"source.ip":.., ...}}}
 *
 * The endpoint is the one the first tier's identity table resolved (its
 * DHCP leases and logons are not the second tier's); the event carries
 * the fields a composite rule groups by and an alert record shows
 * (findrec.c lists them), not the whole parsed line.  The rule is found
 * by id in the second tier's own rule set, which must hold the same
 * rules; a record whose rule it does not know is refused.
 */
#ifndef DETECTD_FINDREC_H
#define DETECTD_FINDREC_H

#include <stddef.h>

#include <jansson.h>

#include "analyzers/finding.h"
#include "analyzers/identity.h"
#include "event/logevent.h"

struct ruleset;

struct findrec {
	struct finding		 f;
	struct logevent		 ev;
	struct endpoint_id	 ep;
	char			 id[FINDING_ID_LEN];
	int			 promoted;
	json_t			*root;		/* owns the strings */
};

/* The record of f as a new JSON object, or NULL. */
json_t		*findrec_encode(const struct finding *, const char *alert_id,
		    int promoted, const struct endpoint_id *);
/*
 * A record back: 0, or -1 with a reason in *err (not JSON, not a
 * finding record, no such rule, no endpoint).  fr holds it until
 * findrec_clear or the next decode.
 */
int		 findrec_decode(struct findrec *, const struct ruleset *,
		    const char *line, size_t len, const char **err);
/* The same from the record's "finding" object o, which fr does not own. */
int		 findrec_decode_object(struct findrec *, const struct ruleset *,
		    json_t *o, const char **err);
void		 findrec_clear(struct findrec *);

/*
 * The parts other records share (contrib.h): an event's "event" object
 * and back (its strings stay the object's), an endpoint's object and
 * back (-1 without a key).
 */
json_t		*findrec_event(const struct logevent *);
void		 findrec_event_back(struct logevent *, json_t *o);
json_t		*findrec_endpoint_json(const struct endpoint_id *);
int		 findrec_endpoint(struct endpoint_id *, json_t *o);

#endif
