/*
 * Alert aggregation.  A window is keyed by rule id, endpoint and
 * destination as the record states them (incident.endpoint,
 * incident.destination), so that what an analyst sees as "the same
 * alert" is what is folded; for a rule aggregated by endpoint (a scan
 * finds one group per target), by rule id and endpoint, and the update
 * names the destinations folded.  The window is fixed from its first alert,
 * not sliding: a beacon that never stops still gives one update per
 * window, not an alert that is never finished.
 *
 * Windows sit in a hash table for lookup and in a list in the order they
 * opened, which is the order they close in while event time moves
 * forward.  When the table is full the oldest window closes early (its
 * update goes out): state is bounded, and nothing is lost.
 */
#include <sys/queue.h>

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "alert/aggregate.h"
#include "util/hash.h"
#include "util/log.h"
#include "util/timeutil.h"

#define AGG_SEED	0x6167677265676174ULL

struct agg_entry {
	TAILQ_ENTRY(agg_entry)	 order;
	struct agg_entry	*next;		/* hash chain */
	uint64_t		 hash;
	char			*key;
	json_t			*rec;		/* the first record */
	json_t			*last_ev;	/* evidence of the latest */
	int64_t			 opened;	/* event time it alerted */
	int64_t			 closes;
	int64_t			 first_ms;
	int64_t			 last_ms;
	uint64_t		 count;
	uint64_t		 first_count;	/* what the first record said */
	int			 revision;
	json_t			*dests;		/* by endpoint: destinations */
};

TAILQ_HEAD(agg_list, agg_entry);

struct aggregate {
	int64_t			 window;
	size_t			 max;
	aggregate_emit		 emit;
	void			*arg;
	struct agg_entry	**buckets;
	size_t			 nbuckets;	/* power of two */
	struct agg_list		 order;
	struct aggregate_stats	 st;
};

struct aggregate *
aggregate_new(int64_t window_ms, size_t max, aggregate_emit emit, void *arg)
{
	struct aggregate	*a;

	if ((a = calloc(1, sizeof(*a))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	a->window = window_ms > 0 ? window_ms : 0;
	a->max = max > 0 ? max : AGGREGATE_MAX;
	a->emit = emit;
	a->arg = arg;
	TAILQ_INIT(&a->order);
	return a;
}

static void
agg_entry_free(struct agg_entry *e)
{
	json_decref(e->rec);
	json_decref(e->last_ev);
	json_decref(e->dests);
	free(e->key);
	free(e);
}

void
aggregate_free(struct aggregate *a)
{
	struct agg_entry	*e;

	if (a == NULL)
		return;
	while ((e = TAILQ_FIRST(&a->order)) != NULL) {
		TAILQ_REMOVE(&a->order, e, order);
		agg_entry_free(e);
	}
	free(a->buckets);
	free(a);
}

void
aggregate_set_window(struct aggregate *a, int64_t window_ms)
{
	a->window = window_ms > 0 ? window_ms : 0;
}

const struct aggregate_stats *
aggregate_stats(const struct aggregate *a)
{
	return &a->st;
}

static const char *
agg_str(json_t *rec, const char *obj, const char *key)
{
	const char	*s;

	s = json_string_value(json_object_get(json_object_get(rec, obj), key));
	return s != NULL ? s : "";
}

/* "rule \x1f endpoint \x1f destination" ("rule \x1f endpoint"), or NULL. */
static char *
agg_key(json_t *rec, int by)
{
	json_t		*inc = json_object_get(rec, "incident");
	json_t		*ep = json_object_get(inc, "endpoint");
	const char	*e;
	char		*k;

	if ((e = json_string_value(json_object_get(ep, "ip"))) == NULL &&
	    (e = json_string_value(json_object_get(ep, "host"))) == NULL &&
	    (e = json_string_value(json_object_get(ep, "user"))) == NULL)
		e = "";
	if (by == AGGREGATE_BY_ENDPOINT) {
		if (asprintf(&k, "%s\x1f%s", agg_str(rec, "rule", "id"), e) ==
		    -1)
			return NULL;
	} else if (asprintf(&k, "%s\x1f%s\x1f%s", agg_str(rec, "rule", "id"),
	    e, agg_str(rec, "incident", "destination")) == -1)
		return NULL;
	return k;
}

static struct agg_entry *
agg_find(struct aggregate *a, const char *key, uint64_t h)
{
	struct agg_entry	*e;

	if (a->nbuckets == 0)
		return NULL;
	for (e = a->buckets[h & (a->nbuckets - 1)]; e != NULL; e = e->next)
		if (e->hash == h && strcmp(e->key, key) == 0)
			return e;
	return NULL;
}

static void
agg_unlink(struct aggregate *a, struct agg_entry *e)
{
	struct agg_entry	**pp;

	for (pp = &a->buckets[e->hash & (a->nbuckets - 1)]; *pp != e;
	    pp = &(*pp)->next)
		;
	*pp = e->next;
	TAILQ_REMOVE(&a->order, e, order);
	a->st.open--;
}

static int
agg_grow(struct aggregate *a)
{
	struct agg_entry	**nb, *e;
	size_t			  n;

	if (a->st.open < a->nbuckets)
		return 0;
	n = a->nbuckets ? a->nbuckets * 2 : 64;
	if ((nb = calloc(n, sizeof(*nb))) == NULL)
		return -1;
	TAILQ_FOREACH(e, &a->order, order) {
		e->next = nb[e->hash & (n - 1)];
		nb[e->hash & (n - 1)] = e;
	}
	free(a->buckets);
	a->buckets = nb;
	a->nbuckets = n;
	return 0;
}

static void
agg_set_time(json_t *obj, const char *key, int64_t ms)
{
	char	 t[TIME_RFC3339_LEN];

	if (ms > 0 && time_format_rfc3339(ms, t, sizeof(t)) > 0)
		json_object_set_new(obj, key, json_string(t));
}

/* The update record of a window: a copy of the first, brought up to date. */
static void
agg_update(struct aggregate *a, struct agg_entry *e)
{
	json_t	*u, *inc, *evid;

	if (e->count <= e->first_count)
		return;
	if ((u = json_deep_copy(e->rec)) == NULL) {
		log_warnx("%s: out of memory: the update of alert %s is "
		    "lost", __func__, agg_str(e->rec, "event", "id"));
		return;
	}
	inc = json_object_get(u, "incident");
	agg_set_time(json_object_get(u, "event"), "start", e->first_ms);
	agg_set_time(json_object_get(u, "event"), "end", e->last_ms);
	json_object_set_new(inc, "count", json_integer((json_int_t)
	    (e->count & INT64_MAX)));
	json_object_set_new(inc, "revision", json_integer(++e->revision));
	evid = json_object_get(inc, "evidence");
	if (e->last_ev != NULL && json_is_array(evid))
		json_array_append(evid, e->last_ev);
	if (e->dests != NULL && json_array_size(e->dests) > 1)
		json_object_set(inc, "destinations", e->dests);
	a->st.updates++;
	a->emit(a->arg, u);
	json_decref(u);
}

static void
agg_close(struct aggregate *a, struct agg_entry *e)
{
	agg_unlink(a, e);
	agg_update(a, e);
	agg_entry_free(e);
}

/* A new window, holding rec; NULL when it cannot be kept. */
static struct agg_entry *
agg_open(struct aggregate *a, json_t *rec, char *key, uint64_t h)
{
	struct agg_entry	*e;

	if (a->st.open >= a->max) {
		a->st.evicted++;
		agg_close(a, TAILQ_FIRST(&a->order));
	}
	if (agg_grow(a) == -1 || (e = calloc(1, sizeof(*e))) == NULL)
		return NULL;
	e->key = key;
	e->hash = h;
	e->rec = json_incref(rec);
	e->revision = 1;
	e->next = a->buckets[h & (a->nbuckets - 1)];
	a->buckets[h & (a->nbuckets - 1)] = e;
	TAILQ_INSERT_TAIL(&a->order, e, order);
	a->st.open++;
	return e;
}

/* Note the record's destination, if new and there is room. */
static void
agg_dest(struct agg_entry *e, json_t *rec)
{
	const char	*d = agg_str(rec, "incident", "destination");
	size_t		 i;

	if (e->dests == NULL || *d == '\0' ||
	    json_array_size(e->dests) >= AGGREGATE_DESTS)
		return;
	for (i = 0; i < json_array_size(e->dests); i++)
		if (strcmp(json_string_value(json_array_get(e->dests, i)),
		    d) == 0)
			return;
	json_array_append_new(e->dests, json_string(d));
}

static void
agg_fold(struct agg_entry *e, json_t *rec, int64_t first_ms,
    int64_t last_ms, uint64_t count)
{
	json_t	*ev;

	agg_dest(e, rec);
	e->count += count;
	if (first_ms > 0 && first_ms < e->first_ms)
		e->first_ms = first_ms;
	if (last_ms >= e->last_ms) {
		e->last_ms = last_ms;
		ev = json_array_get(json_object_get(json_object_get(rec,
		    "incident"), "evidence"), 0);
		if (ev != NULL) {
			json_decref(e->last_ev);
			e->last_ev = json_incref(ev);
		}
	}
}

const json_t *
aggregate_add(struct aggregate *a, json_t *rec, int64_t window_ms, int by,
    int64_t first_ms, int64_t last_ms, uint64_t count)
{
	struct agg_entry	*e;
	char			*key;
	uint64_t		 h;

	if (count == 0)
		count = 1;
	if (first_ms <= 0 || first_ms > last_ms)
		first_ms = last_ms;
	json_object_set_new(json_object_get(rec, "incident"), "revision",
	    json_integer(1));
	if (window_ms < 0)
		window_ms = a->window;
	if (window_ms == 0 || (key = agg_key(rec, by)) == NULL)
		goto emit;
	h = hash64(key, strlen(key), AGG_SEED);
	if ((e = agg_find(a, key, h)) != NULL && last_ms < e->closes) {
		free(key);
		agg_fold(e, rec, first_ms, last_ms, count);
		a->st.suppressed++;
		return e->rec;
	}
	if (e != NULL)
		agg_close(a, e);
	if ((e = agg_open(a, rec, key, h)) == NULL) {
		free(key);
		goto emit;
	}
	e->opened = last_ms;
	e->closes = last_ms + window_ms;
	e->first_ms = first_ms;
	e->last_ms = last_ms;
	e->count = e->first_count = count;
	if (by == AGGREGATE_BY_ENDPOINT && (e->dests = json_array()) != NULL)
		agg_dest(e, rec);
emit:
	a->st.alerts++;
	a->emit(a->arg, rec);
	return rec;
}

void
aggregate_tick(struct aggregate *a, int64_t now_ms)
{
	struct agg_entry	*e;

	while ((e = TAILQ_FIRST(&a->order)) != NULL && e->closes <= now_ms)
		agg_close(a, e);
}

void
aggregate_drain(struct aggregate *a)
{
	struct agg_entry	*e;

	while ((e = TAILQ_FIRST(&a->order)) != NULL)
		agg_close(a, e);
}
