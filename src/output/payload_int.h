/*
 * Inside the payloads: the struct every payload file shares, and the
 * helpers that read a record.  Only payload*.c include it.
 */
#ifndef DETECTD_PAYLOAD_INT_H
#define DETECTD_PAYLOAD_INT_H

#include <jansson.h>

#include "output/payload.h"

enum payload_kind {
	PAYLOAD_ECS,
	PAYLOAD_SPLUNK_HEC,
	PAYLOAD_THEHIVE,
	PAYLOAD_JIRA,
	PAYLOAD_TEMPLATE
};

struct hive_ids;

struct payload {
	enum payload_kind	 kind;
	char			*project;
	char			*issue_type;
	char			*index;
	char			*sourcetype;
	char			*source;
	char			*alert_type;
	json_t			*template;	/* parsed, ${} still in it */
	struct hive_ids		*ids;		/* thehive */
};

/* The value at a dotted path ("incident.endpoint.ip"), or NULL. */
json_t		*payload_get(const json_t *, const char *path);
/* Its text when it is a string, else NULL. */
const char	*payload_str(const json_t *, const char *path);
/* The record's fields as Markdown: title line and a table. */
char		*payload_markdown(const json_t *rec);
/* A one-line title, at most max bytes: "[high] rule: endpoint -> dest". */
void		 payload_title(const json_t *rec, char *buf, size_t max);

/* Seconds since the epoch of an RFC 3339 UTC time (now if NULL). */
double		 payload_epoch(const char *);

/* payload_thehive.c */
struct hive_ids	*hive_ids_open(const char *file, char *err, size_t errlen);
void		 hive_ids_free(struct hive_ids *);
json_t		*thehive_build(struct payload *, json_t *rec, char *suffix,
		    size_t slen, const char **method);
void		 thehive_taken(struct payload *, const json_t *rec,
		    const char *answer, size_t alen);

/* payload_template.c */
json_t		*template_load(const char *file, char *err, size_t errlen);
json_t		*template_apply(json_t *tmpl, const json_t *rec);

#endif
