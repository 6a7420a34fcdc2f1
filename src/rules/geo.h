/*
 * The country database: which country an IP address is in, loaded from
 * the free CSV forms into the same prefix sets as the IP lists.
 *
 *	network,country			1.0.0.0/24,AU	(header line optional)
 *	first,last,country		1.0.0.0,1.0.0.255,AU	(DB-IP lite)
 *	"first","last","CC","Name"	integer IPv4 ranges (IP2Location LITE)
 *
 * Further columns are ignored; a range becomes the prefixes that cover
 * it exactly.  Rows whose country is "-" or "ZZ" (unassigned) are
 * skipped; bad rows are reported as file:line:column and skipped.
 */
#ifndef DETECTD_GEO_H
#define DETECTD_GEO_H

#include <stddef.h>

#include "event/logevent.h"
#include "conf/conf.h"

struct geo;

struct geo	*geo_load(const char *path, struct cerrors *errs);
/* label names the data in messages. */
struct geo	*geo_load_mem(const char *label, const char *buf, size_t len,
		    struct cerrors *errs);
void		 geo_free(struct geo *);
/*
 * The ISO 3166 code of the country of an address (text as logged), in
 * out as two upper-case letters and a NUL: 0, or -1 when not known.
 */
int		 geo_country(const struct geo *, struct slice ip, char out[3]);
/* Prefixes loaded. */
size_t		 geo_size(const struct geo *);

#endif
