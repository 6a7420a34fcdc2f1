/*
 * Retro-hunt (detectd -H): every line of archived logs that mentions one
 * of the indicators searched for, as a phase-A record of kind "event"
 * (phase D: gather what is related to an incident).  Lines go through
 * their format's parser, and an indicator is looked up only in the
 * fields of its type, the way the blacklist rules look them up, so a
 * match is exact: a domain matches the destination, the DNS question
 * and the URL's host, and its subdomains, never a substring of a path.
 *
 *   type     written as                      looked up in
 *   ip       192.0.2.7, 2001:db8::/32        source.ip, destination.ip
 *   domain   bad.example (and subdomains)    destination.domain,
 *                                            dns.question.name, url.domain
 *   url      http://bad.example/x            url.original (normalised)
 *   hash     32, 40 or 64 hex digits         the process hashes
 *   user     user:NAME                       user.name, user.target.name
 *   host     host:NAME, or a word without    host.name, the source host:
 *            a dot                           the name or its first label
 *
 * An indicator may name its type ("domain:", "ip:", "url:", "hash:",
 * "user:", "host:"); without one it is an address or prefix, a URL
 * (with "://"), a hash, a domain (with a dot) or a host, in that order.
 * One record per matching line, for the first field that matched, with
 * the indicator under threat.indicator and, when given, the incident id
 * under incident.id.  Records are written to a stream as JSON lines.
 */
#ifndef DETECTD_HUNT_H
#define DETECTD_HUNT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct alert_ctx;

struct hunt_stats {
	uint64_t	 lines;
	uint64_t	 events;
	uint64_t	 parse_errors;
	uint64_t	 matches;	/* records written */
	uint64_t	 lost;		/* records that could not be written */
};

struct hunt;

/* incident_id: incident.id of every record, or NULL.  Both borrowed. */
struct hunt	*hunt_new(const struct alert_ctx *, const char *incident_id);
void		 hunt_free(struct hunt *);
/* One indicator as written above; -1 with why when it is not one. */
int		 hunt_indicator(struct hunt *, const char *spec,
		    const char **why);
/*
 * One indicator per line of a file ('#' comments, blank lines); each bad
 * line is reported as file:line, and makes it fail.  0 or -1.
 */
int		 hunt_listfile(struct hunt *, const char *path);
size_t		 hunt_size(const struct hunt *);
/* Every line of path ("-": stdin; plain or gzip) as format.  0 or -1. */
int		 hunt_file(struct hunt *, const char *format, const char *path,
		    FILE *out);
const struct hunt_stats *hunt_stats(const struct hunt *);

#endif
