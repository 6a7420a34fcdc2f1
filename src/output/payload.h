/*
 * payload: what a webhook sends for a record, in the shape its receiver
 * takes (the payload option of a webhook block).
 *
 *	ecs		the record as it is (the default)
 *	splunk-hec	Splunk's HTTP Event Collector envelope, the record as
 *			its event; batches are the envelopes back to back
 *	thehive		a TheHive 5 alert (POST /api/v1/alert); a later
 *			revision of the same event.id updates that alert
 *			(PATCH .../alert/ID, the ID TheHive gave it)
 *	jira		a Jira issue-create body (POST /rest/api/2/issue)
 *	template	a JSON file with ${field} substitutions
 *
 * The spool keeps detectd's own records; a payload is built from each
 * record when it is sent, so a changed payload applies to what waits.
 * A record a payload cannot be built from is refused like a 4xx: kept
 * aside in rejected.json.  payload_new reads and checks everything
 * (a template, at load, with file:line), so that -n catches it.
 */
#ifndef DETECTD_PAYLOAD_H
#define DETECTD_PAYLOAD_H

#include <stddef.h>

struct payload;

struct payload_conf {
	const char	*kind;		/* NULL: ecs */
	const char	*template;	/* payload template: its file */
	const char	*project;	/* jira: project key */
	const char	*issue_type;	/* jira: issue type name */
	const char	*index;		/* splunk-hec: index, or NULL */
	const char	*sourcetype;	/* splunk-hec: default _json */
	const char	*source;	/* thehive source, hec source */
	const char	*alert_type;	/* thehive: alert type */
	const char	*ids_file;	/* thehive: event.id -> alert id */
};

/* One request's worth. */
struct payload_req {
	const char	*method;	/* "POST" or "PATCH" */
	char		 suffix[128];	/* added to the url: "/~4160" */
	char		*body;		/* malloc'd, the caller frees */
	size_t		 len;
};

/* NULL with a message in err (the file:line of a bad template). */
struct payload	*payload_new(const struct payload_conf *, char *err,
		    size_t errlen);
void		 payload_free(struct payload *);
/* Whether records go one a request (thehive, jira). */
int		 payload_single(const struct payload *);
/*
 * The request for the records in buf (whole lines; one when
 * payload_single).  ndjson and array say how ecs records are joined.
 * 0, or -1 when a record cannot be turned into the payload.
 */
int		 payload_build(struct payload *, const char *buf, size_t len,
		    int array, struct payload_req *);
/* The receiver took it (2xx) and answered this: learn what it says. */
void		 payload_taken(struct payload *, const char *buf, size_t len,
		    const char *answer, size_t alen);
/* The content type of the bodies. */
const char	*payload_type(const struct payload *, int ndjson);
/* The kinds, for messages: "ecs, splunk-hec, thehive, jira, template". */
int		 payload_kind_ok(const char *);

#endif
