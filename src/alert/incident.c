/*
 * Incident grouping (incident.h).  Two tables, both jansson objects:
 * the incidents by id, each the summary its record is built from, and
 * the links ("a:" event ids, "e:" endpoints, "i:" indicators), each
 * [incident id, event time last seen].  Alerts are a few per thousand
 * lines at most, so the tables are not on the hot path; a merge or an
 * eviction walks the links once.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert/incident.h"
#include "rules/rule.h"
#include "util/atomicfile.h"
#include "util/hash.h"
#include "util/log.h"
#include "util/safefs.h"
#include "util/timeutil.h"

#define INCIDENT_LINKS_MAX	64	/* links of one record */
#define INCIDENT_STATE_MAGIC	"detectd-incidents"

struct incidents {
	int64_t			 window_ms;
	size_t			 max;
	json_t			*inc;	/* id -> summary */
	json_t			*links;	/* link -> [id, last ms] */
	uint64_t		 changes, saved;
	struct incident_stats	 st;
};

/* A record's link, and whether it joins whatever the time. */
struct incident_link {
	char	*key;
	int	 exact;
};

static json_t *
inc_path(json_t *o, const char *a, const char *b)
{
	return json_object_get(json_object_get(o, a), b);
}

/* The record's event time: event.end, else @timestamp; 0 if none. */
static int64_t
inc_time(json_t *rec)
{
	const char	*s;
	int64_t		 t;

	if ((s = json_string_value(inc_path(rec, "event", "end"))) == NULL)
		s = json_string_value(json_object_get(rec, "@timestamp"));
	if (s == NULL || time_parse_iso8601(s, strlen(s), &t) == -1)
		return 0;
	return t;
}

static int
inc_link_add(struct incident_link *l, size_t *n, const char *kind,
    const char *val, int exact)
{
	size_t	 i;

	if (val == NULL || *val == '\0' || *n == INCIDENT_LINKS_MAX)
		return 0;
	if (asprintf(&l[*n].key, "%s%s", kind, val) == -1)
		return -1;
	for (i = 0; i < *n; i++)
		if (strcmp(l[i].key, l[*n].key) == 0) {
			free(l[*n].key);
			return 0;
		}
	l[(*n)++].exact = exact;
	return 0;
}

/* Rule 1 of incident.h; the alert's own id first. */
static int
inc_links(json_t *rec, struct incident_link *l, size_t *n)
{
	json_t	*in = json_object_get(rec, "incident"), *v;
	size_t	 i;
	int	 rc = 0;

	*n = 0;
	rc |= inc_link_add(l, n, "a:",
	    json_string_value(inc_path(rec, "event", "id")), 1);
	json_array_foreach(json_object_get(in, "related_alerts"), i, v)
		rc |= inc_link_add(l, n, "a:", json_string_value(v), 1);
	rc |= inc_link_add(l, n, "e:",
	    json_string_value(inc_path(in, "endpoint", "key")), 0);
	json_array_foreach(inc_path(in, "composite", "endpoints"), i, v)
		rc |= inc_link_add(l, n, "e:", json_string_value(v), 0);
	rc |= inc_link_add(l, n, "i:", json_string_value(inc_path(rec,
	    "threat", "indicator") != NULL ? json_object_get(inc_path(rec,
	    "threat", "indicator"), "name") : NULL), 0);
	return rc == 0 ? 0 : -1;
}

static void
inc_links_free(struct incident_link *l, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(l[i].key);
}

static int64_t
inc_int(json_t *o, const char *k)
{
	return (int64_t)json_integer_value(json_object_get(o, k));
}

/* Whether incident a was opened before b (rule 4). */
static int
inc_older(json_t *a, json_t *b)
{
	if (inc_int(a, "first") != inc_int(b, "first"))
		return inc_int(a, "first") < inc_int(b, "first");
	return strcmp(json_string_value(json_object_get(a, "id")),
	    json_string_value(json_object_get(b, "id"))) < 0;
}

/*
 * The incidents the links reach: the oldest in *into, every other one
 * in others (ids, in link order).
 */
static void
inc_find(struct incidents *ic, const struct incident_link *l, size_t n,
    int64_t t, json_t **into, json_t *others)
{
	json_t		*e, *inc;
	size_t		 i, j;
	int64_t		 d;

	*into = NULL;
	for (i = 0; i < n; i++) {
		if ((e = json_object_get(ic->links, l[i].key)) == NULL)
			continue;
		d = t - (int64_t)json_integer_value(json_array_get(e, 1));
		if (!l[i].exact && (d > ic->window_ms || -d > ic->window_ms))
			continue;
		if ((inc = json_object_get(ic->inc,
		    json_string_value(json_array_get(e, 0)))) == NULL ||
		    inc == *into)
			continue;
		for (j = 0; j < json_array_size(others); j++)
			if (json_array_get(others, j) == inc)
				break;
		if (j < json_array_size(others))
			continue;
		if (*into == NULL)
			*into = inc;
		else if (inc_older(inc, *into)) {
			json_array_append(others, *into);
			*into = inc;
		} else
			json_array_append(others, inc);
	}
}

/* Add s to the list k of inc, once, at most INCIDENT_LIST_MAX. */
static void
inc_list_add(json_t *inc, const char *k, const char *s)
{
	json_t	*a = json_object_get(inc, k), *v;
	size_t	 i;

	if (s == NULL || *s == '\0' || a == NULL ||
	    json_array_size(a) >= INCIDENT_LIST_MAX)
		return;
	json_array_foreach(a, i, v)
		if (strcmp(json_string_value(v), s) == 0)
			return;
	json_array_append_new(a, json_string(s));
}

static void
inc_list_merge(json_t *into, json_t *from, const char *k)
{
	json_t	*v;
	size_t	 i;

	json_array_foreach(json_object_get(from, k), i, v)
		inc_list_add(into, k, json_string_value(v));
}

static const char *const inc_lists[] = {
	"endpoints", "users", "indicators", "destinations", "rules", "merged"
};

/* A level's rank, 1 (low) to 4 (critical); 0 when not one. */
static int
inc_level(const char *s)
{
	int	 lv = level_from_name(s);

	return lv > 0 ? lv : 0;
}

/* The higher of the two levels k, into into. */
static void
inc_level_max(json_t *into, const char *k, json_t *v)
{
	if (inc_level(json_string_value(v)) >
	    inc_level(json_string_value(json_object_get(into, k))))
		json_object_set(into, k, v);
}

static void
inc_stage_max(json_t *into, json_t *stage)
{
	if (json_is_object(stage) && inc_int(stage, "number") >
	    inc_int(json_object_get(into, "stage"), "number"))
		json_object_set_new(into, "stage", json_deep_copy(stage));
}

/* Rule 4: from becomes part of into; its links name into. */
static void
inc_merge(struct incidents *ic, json_t *into, json_t *from)
{
	const char	*fid = json_string_value(json_object_get(from, "id"));
	const char	*k;
	json_t		*e;
	size_t		 i;

	for (i = 0; i < sizeof(inc_lists) / sizeof(inc_lists[0]); i++)
		inc_list_merge(into, from, inc_lists[i]);
	inc_list_add(into, "merged", fid);
	if (inc_int(from, "first") < inc_int(into, "first"))
		json_object_set(into, "first", json_object_get(from, "first"));
	if (inc_int(from, "last") > inc_int(into, "last"))
		json_object_set(into, "last", json_object_get(from, "last"));
	json_object_set_new(into, "alerts", json_integer(inc_int(into,
	    "alerts") + inc_int(from, "alerts")));
	inc_stage_max(into, json_object_get(from, "stage"));
	inc_level_max(into, "importance", json_object_get(from, "importance"));
	inc_level_max(into, "priority", json_object_get(from, "priority"));
	json_object_foreach(ic->links, k, e)
		if (strcmp(json_string_value(json_array_get(e, 0)), fid) == 0)
			json_array_set(e, 0, json_object_get(into, "id"));
	ic->st.merged++;
	json_object_del(ic->inc, fid);
}

/* Rule 2: the id from the first alert's event.id and event time. */
static json_t *
inc_open(struct incidents *ic, const char *eid, int64_t t)
{
	char		 id[40], date[40];
	uint64_t	 h = hash64(eid, strlen(eid), 0x696e636964656e74ULL);
	json_t		*inc;
	size_t		 i;

	if (time_format_rfc3339(t, date, sizeof(date)) == -1)
		snprintf(date, sizeof(date), "19700101");
	snprintf(id, sizeof(id), "INC-%.4s%.2s%.2s-%012llx", date, date + 5,
	    date + 8, (unsigned long long)(h >> 16));
	if ((inc = json_pack("{s:s,s:I,s:I,s:I,s:I,s:{}}", "id", id,
	    "first", (json_int_t)t, "last", (json_int_t)t, "alerts",
	    (json_int_t)0, "revision", (json_int_t)0, "stage")) == NULL)
		return NULL;
	for (i = 0; i < sizeof(inc_lists) / sizeof(inc_lists[0]); i++)
		json_object_set_new(inc, inc_lists[i], json_array());
	if (json_object_set_new(ic->inc, id, inc) == -1)
		return NULL;
	ic->st.opened++;
	return inc;
}

/* What the alert adds to its incident. */
static void
inc_add(json_t *inc, json_t *rec, int64_t t, int first)
{
	json_t	*in = json_object_get(rec, "incident"), *v;
	size_t	 i;

	if (first)
		json_object_set_new(inc, "alerts", json_integer(inc_int(inc,
		    "alerts") + 1));
	json_object_set_new(inc, "revision", json_integer(inc_int(inc,
	    "revision") + 1));
	if (t < inc_int(inc, "first"))
		json_object_set_new(inc, "first", json_integer(t));
	if (t > inc_int(inc, "last"))
		json_object_set_new(inc, "last", json_integer(t));
	inc_stage_max(inc, json_object_get(in, "attack_stage"));
	inc_level_max(inc, "importance", json_object_get(in, "importance"));
	inc_level_max(inc, "priority", json_object_get(in, "priority"));
	inc_list_add(inc, "endpoints", json_string_value(inc_path(in,
	    "endpoint", "key")));
	json_array_foreach(inc_path(in, "composite", "endpoints"), i, v)
		inc_list_add(inc, "endpoints", json_string_value(v));
	inc_list_add(inc, "users", json_string_value(inc_path(rec, "user",
	    "name")));
	inc_list_add(inc, "indicators", json_string_value(json_object_get(
	    inc_path(rec, "threat", "indicator"), "name")));
	inc_list_add(inc, "destinations", json_string_value(
	    json_object_get(in, "destination")));
	inc_list_add(inc, "rules", json_string_value(inc_path(rec, "rule",
	    "id")));
	json_object_set(inc, "last_alert", inc_path(rec, "event", "id"));
}

/* Every link of the record names inc now, seen at t at the latest. */
static void
inc_link_all(struct incidents *ic, const struct incident_link *l, size_t n,
    json_t *inc, int64_t t)
{
	json_t	*e;
	size_t	 i;

	for (i = 0; i < n; i++) {
		e = json_object_get(ic->links, l[i].key);
		if (e != NULL && (int64_t)json_integer_value(
		    json_array_get(e, 1)) > t)
			t = (int64_t)json_integer_value(json_array_get(e, 1));
		json_object_set_new(ic->links, l[i].key, json_pack("[O,I]",
		    json_object_get(inc, "id"), (json_int_t)t));
	}
}

static int
inc_cmp_last(const void *a, const void *b)
{
	int64_t	 x = inc_int(*(json_t *const *)a, "last");
	int64_t	 y = inc_int(*(json_t *const *)b, "last");

	if (x != y)
		return x < y ? -1 : 1;
	return strcmp(json_string_value(json_object_get(*(json_t *const *)a,
	    "id")), json_string_value(json_object_get(*(json_t *const *)b,
	    "id")));
}

static int
inc_cmp_i64(const void *a, const void *b)
{
	int64_t	 x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Past INCIDENT_LINKS_PER times max links (an incident of a million
 * alerts has a million event ids), the least recently seen tenth goes:
 * the links older than the time below which a tenth of them lie.
 */
static void
inc_prune_links(struct incidents *ic)
{
	size_t		 n = json_object_size(ic->links), i = 0;
	int64_t		*t, cut;
	const char	*k;
	json_t		*e;
	void		*tmp;

	if (n <= ic->max * INCIDENT_LINKS_PER ||
	    (t = calloc(n, sizeof(*t))) == NULL)
		return;
	json_object_foreach(ic->links, k, e)
		t[i++] = (int64_t)json_integer_value(json_array_get(e, 1));
	qsort(t, n, sizeof(*t), inc_cmp_i64);
	cut = t[n / 10];
	free(t);
	json_object_foreach_safe(ic->links, tmp, k, e)
		if ((int64_t)json_integer_value(json_array_get(e, 1)) <= cut) {
			json_object_del(ic->links, k);
			ic->st.links_evicted++;
		}
}

/* Past max incidents: forget the least recently seen tenth. */
static void
inc_prune(struct incidents *ic)
{
	json_t		**v, *inc, *e;
	const char	 *k;
	void		 *tmp;
	size_t		  n = json_object_size(ic->inc), i = 0, drop;

	if (n <= ic->max || (v = calloc(n, sizeof(*v))) == NULL)
		return;
	json_object_foreach(ic->inc, k, inc)
		v[i++] = inc;
	qsort(v, n, sizeof(*v), inc_cmp_last);
	drop = n - ic->max + ic->max / 10;
	for (i = 0; i < drop && i < n; i++)
		json_object_del(ic->inc, json_string_value(json_object_get(v[i],
		    "id")));
	ic->st.evicted += i;
	free(v);
	json_object_foreach_safe(ic->links, tmp, k, e)
		if (json_object_get(ic->inc,
		    json_string_value(json_array_get(e, 0))) == NULL)
			json_object_del(ic->links, k);
}

/*
 * What the alert record says of its incident: incident.id right after
 * incident.phase, where a reader looks first, stage_reached and merged
 * at the end.
 */
static int
inc_annotate(json_t *rec, json_t *inc, json_t *merged)
{
	json_t		*in = json_object_get(rec, "incident"), *o, *v;
	const char	*k;

	if (in == NULL || (o = json_object()) == NULL)
		return -1;
	json_object_foreach(in, k, v) {
		if (strcmp(k, "id") == 0 || strcmp(k, "stage_reached") == 0 ||
		    strcmp(k, "merged") == 0)
			continue;
		json_object_set(o, k, v);
		if (strcmp(k, "phase") == 0)
			json_object_set(o, "id", json_object_get(inc, "id"));
	}
	if (json_object_get(o, "id") == NULL)
		json_object_set(o, "id", json_object_get(inc, "id"));
	if (inc_int(json_object_get(inc, "stage"), "number") > 0)
		json_object_set_new(o, "stage_reached", json_deep_copy(
		    json_object_get(inc, "stage")));
	if (json_array_size(merged) > 0)
		json_object_set(o, "merged", merged);
	return json_object_set_new(rec, "incident", o);
}

/* The incident's own record, one per update (detectd.alerts(5)). */
static json_t *
inc_record(json_t *inc)
{
	char	 first[40], last[40];
	json_t	*r, *o;
	size_t	 i;

	if (time_format_rfc3339(inc_int(inc, "first"), first,
	    sizeof(first)) == -1 || time_format_rfc3339(inc_int(inc, "last"),
	    last, sizeof(last)) == -1)
		return NULL;
	r = json_pack("{s:s,s:{s:s,s:O,s:s,s:s,s:s,s:s},s:{s:s,s:s,s:O,"
	    "s:O,s:s,s:s,s:O,s:O}}", "@timestamp", last, "event", "kind",
	    "alert", "id", json_object_get(inc, "id"), "module", "detectd",
	    "dataset", "detectd.incident", "start", first, "end", last,
	    "incident", "phase", "B", "record", "incident", "id",
	    json_object_get(inc, "id"), "revision", json_object_get(inc,
	    "revision"), "first_seen", first, "last_seen", last, "alerts",
	    json_object_get(inc, "alerts"), "last_alert",
	    json_object_get(inc, "last_alert"));
	if (r == NULL)
		return NULL;
	o = json_object_get(r, "incident");
	if (inc_int(json_object_get(inc, "stage"), "number") > 0)
		json_object_set(o, "stage_reached", json_object_get(inc,
		    "stage"));
	if (json_object_get(inc, "importance") != NULL)
		json_object_set(o, "importance", json_object_get(inc,
		    "importance"));
	if (json_object_get(inc, "priority") != NULL)
		json_object_set(o, "priority", json_object_get(inc,
		    "priority"));
	for (i = 0; i < sizeof(inc_lists) / sizeof(inc_lists[0]); i++)
		json_object_set_new(o, inc_lists[i], json_deep_copy(
		    json_object_get(inc, inc_lists[i])));
	return r;
}

/* Rules 2 to 4: the incident of the record, opened or merged. */
static json_t *
inc_choose(struct incidents *ic, json_t *rec, struct incident_link *l,
    size_t n, int64_t t, json_t *merged)
{
	json_t	*into, *others, *v;
	size_t	 i;

	if ((others = json_array()) == NULL)
		return NULL;
	inc_find(ic, l, n, t, &into, others);
	json_array_foreach(others, i, v) {
		json_array_append(merged, json_object_get(v, "id"));
		inc_merge(ic, into, v);
	}
	json_decref(others);
	if (into != NULL) {
		ic->st.joined++;
		return into;
	}
	return inc_open(ic, json_string_value(inc_path(rec, "event", "id")),
	    t);
}

int
incidents_assign(struct incidents *ic, json_t *rec, json_t **update)
{
	struct incident_link	 l[INCIDENT_LINKS_MAX];
	json_t			*inc = NULL, *merged = NULL;
	size_t			 n = 0;
	int64_t			 t = inc_time(rec);
	int			 first, rc = -1;

	if (update != NULL)
		*update = NULL;
	if (json_string_value(inc_path(rec, "event", "id")) == NULL) {
		ic->st.bad++;
		return -1;
	}
	if (inc_links(rec, l, &n) == -1 || (merged = json_array()) == NULL)
		goto done;
	/* A later revision of an alert already seen is not a new alert. */
	first = json_object_get(ic->links, l[0].key) == NULL;
	if ((inc = inc_choose(ic, rec, l, n, t, merged)) == NULL)
		goto done;
	inc_add(inc, rec, t, first);
	inc_link_all(ic, l, n, inc, t);
	if ((rc = inc_annotate(rec, inc, merged)) == 0 && update != NULL)
		*update = inc_record(inc);
	ic->changes++;
	inc_prune(ic);
	inc_prune_links(ic);
done:
	json_decref(merged);
	inc_links_free(l, n);
	return rc;
}

struct incidents *
incidents_new(int64_t window_ms, size_t max)
{
	struct incidents	*ic;

	if ((ic = calloc(1, sizeof(*ic))) == NULL ||
	    (ic->inc = json_object()) == NULL ||
	    (ic->links = json_object()) == NULL) {
		log_warn("%s", __func__);
		incidents_free(ic);
		return NULL;
	}
	ic->window_ms = window_ms;
	ic->max = max > 0 ? max : INCIDENT_MAX;
	return ic;
}

void
incidents_free(struct incidents *ic)
{
	if (ic == NULL)
		return;
	json_decref(ic->inc);
	json_decref(ic->links);
	free(ic);
}

void
incidents_set_window(struct incidents *ic, int64_t window_ms)
{
	ic->window_ms = window_ms;
}

const struct incident_stats *
incidents_stats(const struct incidents *ic)
{
	struct incidents	*w = (struct incidents *)(uintptr_t)ic;

	w->st.open = json_object_size(ic->inc);
	w->st.links = json_object_size(ic->links);
	return &ic->st;
}

/*
 * The state file: a first line {"format": "detectd-incidents",
 * "version": 1}, then one line per incident {"incident": {...}} and one
 * per link {"link": KEY, "id": ID, "last": MS}.
 */
static int
inc_write_line(FILE *fp, json_t *o)
{
	int	 rc;

	if (o == NULL)
		return -1;
	rc = json_dumpf(o, fp, JSON_COMPACT);
	json_decref(o);
	return rc == -1 || fputc('\n', fp) == EOF ? -1 : 0;
}

static int
inc_write(FILE *fp, void *arg)
{
	struct incidents	*ic = arg;
	const char		*k;
	json_t			*v;

	if (inc_write_line(fp, json_pack("{s:s,s:i}", "format",
	    INCIDENT_STATE_MAGIC, "version", 1)) == -1)
		return -1;
	json_object_foreach(ic->inc, k, v)
		if (inc_write_line(fp, json_pack("{s:O}", "incident", v)) == -1)
			return -1;
	json_object_foreach(ic->links, k, v)
		if (inc_write_line(fp, json_pack("{s:s,s:O,s:O}", "link", k,
		    "id", json_array_get(v, 0), "last",
		    json_array_get(v, 1))) == -1)
			return -1;
	return ferror(fp) ? -1 : 0;
}

int
incidents_save(struct incidents *ic, const char *path)
{
	if (ic->changes == ic->saved)
		return 0;
	if (atomicfile_write(path, inc_write, ic) == -1)
		return -1;
	ic->saved = ic->changes;
	return 0;
}

/* One line of the state file; -1 when it is not one. */
static int
inc_read_line(struct incidents *ic, json_t *o)
{
	json_t		*inc = json_object_get(o, "incident");
	const char	*id, *k = json_string_value(json_object_get(o, "link"));

	if (json_is_object(inc) && (id = json_string_value(json_object_get(inc,
	    "id"))) != NULL && json_is_array(json_object_get(inc, "rules")))
		return json_object_set(ic->inc, id, inc);
	id = json_string_value(json_object_get(o, "id"));
	if (k == NULL || id == NULL ||
	    !json_is_integer(json_object_get(o, "last")))
		return -1;
	return json_object_set_new(ic->links, k, json_pack("[s,O]", id,
	    json_object_get(o, "last")));
}

static int
inc_read(struct incidents *ic, FILE *fp, const char *path)
{
	char		*line = NULL;
	size_t		 cap = 0, bad = 0;
	ssize_t		 len;
	json_t		*o;
	int		 n = 0;

	while ((len = getline(&line, &cap, fp)) > 0) {
		o = json_loadb(line, (size_t)len, 0, NULL);
		if (n++ == 0) {
			if (strcmp(json_string_value(json_object_get(o,
			    "format")) ? json_string_value(json_object_get(o,
			    "format")) : "", INCIDENT_STATE_MAGIC) != 0) {
				json_decref(o);
				free(line);
				return -1;
			}
		} else if (o == NULL || inc_read_line(ic, o) == -1)
			bad++;
		json_decref(o);
	}
	free(line);
	if (bad > 0)
		log_warnx("%s: %zu malformed lines ignored", path, bad);
	ic->st.bad += bad;
	return 0;
}

int
incidents_load(struct incidents *ic, const char *path)
{
	FILE	*fp;
	int	 rc;

	if ((fp = safefs_fopen_read(path)) == NULL) {
		if (errno == ENOENT)
			return 0;
		log_warn("%s", path);
		return -1;
	}
	if ((rc = inc_read(ic, fp, path)) == -1)
		log_warnx("%s: not an incident state file, ignored", path);
	fclose(fp);
	ic->saved = ic->changes;
	return rc;
}
