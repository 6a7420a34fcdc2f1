/*
 * Findings: the stable id of a finding, which its alert carries as
 * event.id and the composite analyzer records as the alert it names.
 */
#include <stdio.h>
#include <string.h>

#include "analyzers/finding.h"
#include "rules/rule.h"
#include "util/hash.h"

/* Stands in for a finding without an event: every value unknown. */
static const struct logevent finding_noevent = {
	.src_port = -1, .dst_port = -1, .status = -1, .bytes_out = -1,
	.bytes_in = -1, .duration_ms = -1, .win_event_id = -1,
};

void
finding_id(const struct finding *f, char out[FINDING_ID_LEN])
{
	const struct logevent	*ev = f->ev != NULL ? f->ev : &finding_noevent;
	const char		*rid = f->rule != NULL && f->rule->id != NULL ?
				    f->rule->id : "";
	const char		*ind = f->ind.value != NULL ? f->ind.value : "";
	struct slice		 ep = logevent_endpoint(ev);
	unsigned char		 t[8], u[16];
	uint64_t		 h[2];
	int			 i, k;

	/* Little-endian on every machine, so ids match across hosts. */
	for (i = 0; i < 8; i++)
		t[i] = (unsigned char)((uint64_t)f->first_ms >> (8 * i));
	for (k = 0; k < 2; k++) {
		/* Chained: each part's hash seeds the next; len is mixed in. */
		h[k] = k == 0 ? 0x6465746563746431ULL : 0x616c657274696432ULL;
		h[k] = hash64(rid, strlen(rid), h[k]);
		h[k] = hash64(ep.p != NULL ? ep.p : "", ep.len, h[k]);
		h[k] = hash64(ind, strlen(ind), h[k]);
		h[k] = hash64(t, sizeof(t), h[k]);
		h[k] = hash64(ev->raw.p != NULL ? ev->raw.p : "",
		    ev->raw.len, h[k]);
	}
	for (i = 0; i < 16; i++)
		u[i] = (unsigned char)(h[i / 8] >> (56 - 8 * (i % 8)));
	u[6] = (u[6] & 0x0f) | 0x80;	/* version 8: custom (RFC 9562) */
	u[8] = (u[8] & 0x3f) | 0x80;	/* variant 10 */
	snprintf(out, FINDING_ID_LEN, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x", u[0], u[1], u[2], u[3], u[4], u[5],
	    u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
}
