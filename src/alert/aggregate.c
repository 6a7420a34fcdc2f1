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
 * forward.  When the table is full, in windows or in bytes, the oldest
 * window closes early (its update goes out): state is bounded, and
 * nothing is lost.
 *
 * A window holds no JSON tree (a record's tree takes some 27 KB) but its
 * record as compact text, deflated.  Alerts of one rule share most of
 * their text (names, descriptions, countermeasures, the log format of
 * the evidence), so the first record of a rule's windows becomes the
 * preset dictionary of every later one: a record of 4 KB then keeps in
 * a few hundred bytes.  The update is the text parsed back and brought up
 * to date; jansson keeps the order of keys and JSON_COMPACT writes
 * doubles with 17 digits, so the record it writes is the one a copy of
 * the tree would give.  The latest evidence, replaced at every fold,
 * takes a cheaper form (agg_flat).
 */
#include <sys/queue.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#define ZLIB_CONST
#include <zlib.h>

#include "alert/aggregate.h"
#include "alert/jdump.h"
#include "util/hash.h"
#include "util/log.h"
#include "util/timeutil.h"

#define AGG_SEED	0x6167677265676174ULL
#define AGG_DICT_MAX	32768	/* deflate looks back no further */
#define AGG_MALLOC	16	/* what the allocator adds to a block */
/*
 * deflate's hash of 2^(memLevel + 7) heads is cleared at every reset: at
 * the default 8 that is 64 KB written for each text of a few hundred
 * bytes.  Texts here are short; a small hash costs them nothing.
 */
#define AGG_MEMLEVEL	2
/* Texts stay plain while the windows hold less than 1/AGG_PLAIN_SHARE. */
#define AGG_PLAIN_SHARE	4
#define AGG_TEXT_MIN	4096

/* Deflated text, or with plain the text itself; zlen 0: none. */
struct agg_blob {
	unsigned char	*z;
	uint32_t	 zlen;
	uint32_t	 len;		/* inflated */
	int		 plain;
};

/* A preset dictionary of deflate. */
struct agg_text {
	unsigned char	*p;
	size_t		 len;		/* 0: none */
};

/*
 * A rule's dictionaries, shared by its windows: the text of one of its
 * records, and apart that of the record's evidence, which is all that
 * the latest evidence of a window, packed at every fold, is deflated
 * against: deflate hashes a dictionary whole each time it is set.
 */
struct agg_dict {
	struct agg_dict	*next;
	char		*rule;
	struct agg_text	 rec;
	struct agg_text	 ev;
	size_t		 refs;
	size_t		 bytes;
};

struct agg_entry {
	TAILQ_ENTRY(agg_entry)	 order;
	struct agg_entry	*next;		/* hash chain */
	uint64_t		 hash;
	char			*key;		/* then a NUL and the event.id */
	const char		*id;		/* in key's block */
	struct agg_dict		*dict;
	struct agg_blob		 rec;		/* the first record */
	struct agg_blob		 ev;		/* evidence of the latest */
	struct agg_blob		 dests;		/* by endpoint: NUL after each */
	size_t			 ndests;
	size_t			 bytes;		/* held, all of it */
	int64_t			 closes;
	int64_t			 length;	/* window_ms it opened with */
	int64_t			 opened_wall;	/* monotonic ms; 0 unknown */
	int64_t			 first_ms;
	int64_t			 last_ms;
	uint64_t		 count;
	uint64_t		 first_count;	/* what the first record said */
	int			 revision;
	int			 byep;		/* AGGREGATE_BY_ENDPOINT */
};

TAILQ_HEAD(agg_list, agg_entry);

struct aggregate {
	int64_t			 window;
	int64_t			 wall_ms;	/* aggregate_wall's clock */
	size_t			 max;
	aggregate_emit		 emit;
	void			*arg;
	struct agg_entry	**buckets;
	size_t			 nbuckets;	/* power of two */
	struct agg_list		 order;
	struct agg_dict		*dicts;
	z_stream		 zd;		/* deflate, reset for each text */
	z_stream		 zi;		/* inflate, likewise */
	int			 zready;
	unsigned char		*zbuf;		/* scratch: deflated text */
	size_t			 zcap;
	char			*tbuf;		/* scratch: a text */
	size_t			 tcap;
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

static size_t
agg_blob_bytes(const struct agg_blob *b)
{
	return b->zlen > 0 ? b->zlen + AGG_MALLOC : 0;
}

static void
agg_blob_free(struct agg_blob *b)
{
	free(b->z);
	memset(b, 0, sizeof(*b));
}

static void
agg_dict_put(struct aggregate *a, struct agg_dict *d)
{
	struct agg_dict	**pp;

	if (d == NULL || --d->refs > 0)
		return;
	for (pp = &a->dicts; *pp != d; pp = &(*pp)->next)
		;
	*pp = d->next;
	a->st.shared -= d->bytes;
	free(d->rule);
	free(d->rec.p);
	free(d->ev.p);
	free(d);
}

static void
agg_entry_free(struct aggregate *a, struct agg_entry *e)
{
	a->st.bytes -= e->bytes;
	agg_blob_free(&e->rec);
	agg_blob_free(&e->ev);
	agg_blob_free(&e->dests);
	agg_dict_put(a, e->dict);
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
		agg_entry_free(a, e);
	}
	if (a->zready) {
		deflateEnd(&a->zd);
		inflateEnd(&a->zi);
	}
	free(a->zbuf);
	free(a->tbuf);
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

/* What e holds: the entry, its key and id, its texts. */
static void
agg_account(struct aggregate *a, struct agg_entry *e)
{
	size_t	 n;

	n = sizeof(*e) + AGG_MALLOC + strlen(e->key) + strlen(e->id) + 2 +
	    AGG_MALLOC + agg_blob_bytes(&e->rec) + agg_blob_bytes(&e->ev) +
	    agg_blob_bytes(&e->dests);
	a->st.bytes += n - e->bytes;
	e->bytes = n;
}

/* Room for need bytes in a scratch buffer. */
static int
agg_room(void *pp, size_t *cap, size_t need)
{
	size_t	 ncap = *cap > 0 ? *cap : AGG_TEXT_MIN;
	void	*np;

	if (need <= *cap)
		return 0;
	while (ncap < need)
		ncap *= 2;
	if ((np = realloc(*(void **)pp, ncap)) == NULL)
		return -1;
	*(void **)pp = np;
	*cap = ncap;
	return 0;
}

static int
agg_zinit(struct aggregate *a)
{
	if (a->zready)
		return 0;
	if (deflateInit2(&a->zd, Z_BEST_SPEED, Z_DEFLATED, -15,
	    AGG_MEMLEVEL, Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	if (inflateInit2(&a->zi, -15) != Z_OK) {
		deflateEnd(&a->zd);
		return -1;
	}
	a->zready = 1;
	return 0;
}

/*
 * s into b: as it is while the windows hold less than a share of their
 * bytes (deflating a record costs more than building it), deflated
 * against the dictionary d if there is one once they hold more.
 */
static int
agg_pack(struct aggregate *a, const struct agg_text *d, const char *s,
    size_t len, struct agg_blob *b)
{
	size_t	 bound;

	memset(b, 0, sizeof(*b));
	if (len == 0 || len > UINT32_MAX)
		return -1;
	if (a->st.bytes + len <= a->max * AGGREGATE_BYTES / AGG_PLAIN_SHARE) {
		if ((b->z = malloc(len)) == NULL)
			return -1;
		memcpy(b->z, s, len);
		b->zlen = b->len = (uint32_t)len;
		b->plain = 1;
		return 0;
	}
	if (agg_zinit(a) == -1)
		return -1;
	bound = deflateBound(&a->zd, len);
	if (agg_room(&a->zbuf, &a->zcap, bound) == -1 ||
	    deflateReset(&a->zd) != Z_OK || (d != NULL && d->len > 0 &&
	    deflateSetDictionary(&a->zd, d->p, d->len) != Z_OK))
		return -1;
	a->zd.next_in = (const Bytef *)s;
	a->zd.avail_in = len;
	a->zd.next_out = a->zbuf;
	a->zd.avail_out = bound;
	if (deflate(&a->zd, Z_FINISH) != Z_STREAM_END ||
	    (b->z = malloc(bound - a->zd.avail_out)) == NULL)
		return -1;
	b->zlen = bound - a->zd.avail_out;
	b->len = len;
	memcpy(b->z, a->zbuf, b->zlen);
	return 0;
}

/* The text of b, NUL-terminated, in the scratch buffer; or NULL. */
static char *
agg_unpack(struct aggregate *a, const struct agg_text *d,
    const struct agg_blob *b)
{
	if (agg_room(&a->tbuf, &a->tcap, (size_t)b->len + 1) == -1)
		return NULL;
	if (b->plain) {
		memcpy(a->tbuf, b->z, b->len);
		a->tbuf[b->len] = '\0';
		return a->tbuf;
	}
	if (inflateReset(&a->zi) != Z_OK || (d != NULL && d->len > 0 &&
	    inflateSetDictionary(&a->zi, d->p, d->len) != Z_OK))
		return NULL;
	a->zi.next_in = b->z;
	a->zi.avail_in = b->zlen;
	a->zi.next_out = (Bytef *)a->tbuf;
	a->zi.avail_out = b->len;
	if (inflate(&a->zi, Z_FINISH) != Z_STREAM_END || a->zi.avail_out != 0)
		return NULL;
	a->tbuf[b->len] = '\0';
	return a->tbuf;
}

/* j as compact text in the scratch buffer, NUL-terminated; or NULL. */
static char *
agg_dump(struct aggregate *a, const json_t *j, size_t *len)
{
	ssize_t	 n;

	if ((n = jdump(j, JSON_COMPACT, &a->tbuf, &a->tcap)) <= 0)
		return NULL;
	a->tbuf[n] = '\0';
	*len = (size_t)n;
	return a->tbuf;
}

static json_t *
agg_load(struct aggregate *a, const struct agg_text *d,
    const struct agg_blob *b)
{
	json_error_t	 err;
	char		*s;

	if ((s = agg_unpack(a, d, b)) == NULL)
		return NULL;
	return json_loadb(s, b->len, JSON_ALLOW_NUL, &err);
}

static const char *
agg_str(const json_t *rec, const char *obj, const char *key)
{
	const char	*s;

	s = json_string_value(json_object_get(json_object_get(rec, obj), key));
	return s != NULL ? s : "";
}

/*
 * The latest evidence of a window is packed at every fold, so it skips
 * JSON text, which is dear to write and to read: a flat object (strings,
 * numbers, booleans) becomes, key by key in its order, a type byte, the
 * key and its NUL, and the value (a string as its length, then its
 * bytes).  Short, it is kept as it is; long (a line near evidence-max),
 * deflated against the rule's evidence in the same form.
 */
#define AGG_EV_PLAIN	512

/* n bytes of p appended to the scratch text, at *len. */
static int
agg_put(struct aggregate *a, size_t *len, const void *p, size_t n)
{
	if (agg_room(&a->tbuf, &a->tcap, *len + n) == -1)
		return -1;
	memcpy(a->tbuf + *len, p, n);
	*len += n;
	return 0;
}

static int
agg_flat_one(struct aggregate *a, size_t *len, const char *k, json_t *v)
{
	static const char	 types[] = "oasirtfn";	/* by json_type */
	uint32_t		 n;
	json_int_t		 i;
	double			 d;
	char			 t = types[json_typeof(v)];

	if (t == 'o' || t == 'a' || agg_put(a, len, &t, 1) == -1 ||
	    agg_put(a, len, k, strlen(k) + 1) == -1)
		return -1;
	if (t == 's') {
		n = json_string_length(v);
		return agg_put(a, len, &n, sizeof(n)) == -1 ? -1 :
		    agg_put(a, len, json_string_value(v), n);
	}
	if (t == 'i') {
		i = json_integer_value(v);
		return agg_put(a, len, &i, sizeof(i));
	}
	if (t == 'r') {
		d = json_real_value(v);
		return agg_put(a, len, &d, sizeof(d));
	}
	return 0;
}

/* A flat object in the scratch text; NULL if it is not flat. */
static char *
agg_flat(struct aggregate *a, json_t *o, size_t *len)
{
	const char	*k;
	json_t		*v;

	*len = 0;
	json_object_foreach(o, k, v)
		if (agg_flat_one(a, len, k, v) == -1)
			return NULL;
	return *len > 0 ? a->tbuf : NULL;
}

/* The value of type t at *p, moved past; NULL when it runs past end. */
static json_t *
agg_flat_value(char t, const unsigned char **p, const unsigned char *end)
{
	uint32_t	 n;
	json_int_t	 i;
	double		 d;

	if (t == 's' && end - *p >= (ptrdiff_t)sizeof(n)) {
		memcpy(&n, *p, sizeof(n));
		if ((size_t)(end - *p) - sizeof(n) < n)
			return NULL;
		*p += sizeof(n) + n;
		return json_stringn_nocheck((const char *)*p - n, n);
	}
	if (t == 'i' && end - *p >= (ptrdiff_t)sizeof(i)) {
		memcpy(&i, *p, sizeof(i));
		*p += sizeof(i);
		return json_integer(i);
	}
	if (t == 'r' && end - *p >= (ptrdiff_t)sizeof(d)) {
		memcpy(&d, *p, sizeof(d));
		*p += sizeof(d);
		return json_real(d);
	}
	return t == 't' ? json_true() : t == 'f' ? json_false() :
	    t == 'n' ? json_null() : NULL;
}

static json_t *
agg_flat_load(const unsigned char *p, size_t len)
{
	const unsigned char	*end = p + len, *k;
	json_t			*o = json_object(), *v;
	char			 t;

	while (o != NULL && p < end) {
		t = (char)*p++;
		k = p;
		p += strnlen((const char *)k, end - p) + 1;
		if (p > end || (v = agg_flat_value(t, &p, end)) == NULL ||
		    json_object_set_new(o, (const char *)k, v) == -1) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

/* A copy of s, its last AGG_DICT_MAX bytes (deflate's reach). */
static int
agg_text_set(const char *s, size_t len, struct agg_text *t)
{
	if (s == NULL)
		return -1;
	if (len > AGG_DICT_MAX) {
		s += len - AGG_DICT_MAX;
		len = AGG_DICT_MAX;
	}
	if ((t->p = malloc(len)) == NULL)
		return -1;
	memcpy(t->p, s, len);
	t->len = len;
	return 0;
}

/*
 * The dictionaries of rec's rule: shared with the rule's open windows,
 * or made of rec's text and of its evidence, flat.  NULL (no memory)
 * packs without any.
 */
static struct agg_dict *
agg_dict_get(struct aggregate *a, const json_t *rec)
{
	const char	*rule = agg_str(rec, "rule", "id"), *s;
	struct agg_dict	*d;
	json_t		*ev;
	size_t		 len;

	for (d = a->dicts; d != NULL; d = d->next)
		if (strcmp(d->rule, rule) == 0)
			return (d->refs++, d);
	if ((s = agg_dump(a, rec, &len)) == NULL ||
	    (d = calloc(1, sizeof(*d))) == NULL)
		return NULL;
	if ((d->rule = strdup(rule)) == NULL ||
	    agg_text_set(s, len, &d->rec) == -1) {
		free(d->rule);
		free(d);
		return NULL;
	}
	ev = json_array_get(json_object_get(json_object_get(rec, "incident"),
	    "evidence"), 0);
	/* Without it, the evidence packs without a dictionary. */
	if (ev != NULL && (s = agg_flat(a, ev, &len)) != NULL)
		(void)agg_text_set(s, len, &d->ev);
	d->refs = 1;
	d->bytes = sizeof(*d) + strlen(rule) + 1 + d->rec.len + d->ev.len +
	    4 * AGG_MALLOC;
	d->next = a->dicts;
	a->dicts = d;
	a->st.shared += d->bytes;
	return d;
}

/* The dictionary of e's record (and destinations), or of its evidence. */
static const struct agg_text *
agg_dict(const struct agg_entry *e, int ev)
{
	if (e->dict == NULL)
		return NULL;
	return ev ? &e->dict->ev : &e->dict->rec;
}

/*
 * "rule \x1f endpoint \x1f destination" ("rule \x1f endpoint"), then a
 * NUL and the record's event.id, in one block; or NULL.
 */
static char *
agg_key(json_t *rec, int by)
{
	json_t		*inc = json_object_get(rec, "incident");
	json_t		*ep = json_object_get(inc, "endpoint");
	const char	*e, *id = agg_str(rec, "event", "id");
	char		*k;

	if ((e = json_string_value(json_object_get(ep, "ip"))) == NULL &&
	    (e = json_string_value(json_object_get(ep, "host"))) == NULL &&
	    (e = json_string_value(json_object_get(ep, "user"))) == NULL)
		e = "";
	if (by == AGGREGATE_BY_ENDPOINT) {
		if (asprintf(&k, "%s\x1f%s%c%s", agg_str(rec, "rule", "id"), e,
		    '\0', id) == -1)
			return NULL;
	} else if (asprintf(&k, "%s\x1f%s\x1f%s%c%s", agg_str(rec, "rule",
	    "id"), e, agg_str(rec, "incident", "destination"), '\0', id) == -1)
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

/* incident.destinations of the update: what e kept, in order. */
static json_t *
agg_dests_json(struct aggregate *a, const struct agg_entry *e)
{
	json_t	*arr;
	char	*s;
	size_t	 i;

	if ((s = agg_unpack(a, agg_dict(e, 0), &e->dests)) == NULL ||
	    (arr = json_array()) == NULL)
		return NULL;
	for (i = 0; i < e->dests.len; i += strlen(s + i) + 1)
		json_array_append_new(arr, json_string(s + i));
	return arr;
}

/* The latest evidence of e, as the record had it. */
static json_t *
agg_last_ev_load(struct aggregate *a, const struct agg_entry *e)
{
	const char	*s;

	if (e->ev.plain)
		return agg_flat_load(e->ev.z, e->ev.len);
	if ((s = agg_unpack(a, agg_dict(e, 1), &e->ev)) == NULL)
		return NULL;
	return agg_flat_load((const unsigned char *)s, e->ev.len);
}

/* The update of a window: its first record, brought up to date. */
static json_t *
agg_rebuild(struct aggregate *a, struct agg_entry *e)
{
	json_t	*u, *inc, *evid;

	if ((u = agg_load(a, agg_dict(e, 0), &e->rec)) == NULL)
		return NULL;
	inc = json_object_get(u, "incident");
	agg_set_time(json_object_get(u, "event"), "start", e->first_ms);
	agg_set_time(json_object_get(u, "event"), "end", e->last_ms);
	json_object_set_new(inc, "count", json_integer((json_int_t)
	    (e->count & INT64_MAX)));
	json_object_set_new(inc, "revision", json_integer(++e->revision));
	evid = json_object_get(inc, "evidence");
	if (e->ev.zlen > 0 && json_is_array(evid))
		json_array_append_new(evid, agg_last_ev_load(a, e));
	if (e->ndests > 1)
		json_object_set_new(inc, "destinations",
		    agg_dests_json(a, e));
	return u;
}

static void
agg_update(struct aggregate *a, struct agg_entry *e)
{
	json_t	*u;

	if (e->count <= e->first_count)
		return;
	if ((u = agg_rebuild(a, e)) == NULL) {
		log_warnx("%s: out of memory: the update of alert %s is "
		    "lost", __func__, e->id);
		return;
	}
	a->st.updates++;
	a->emit(a->arg, u);
	json_decref(u);
}

static void
agg_close(struct aggregate *a, struct agg_entry *e)
{
	agg_unlink(a, e);
	agg_update(a, e);
	agg_entry_free(a, e);
}

/* Note the record's destination, if new and there is room. */
static void
agg_dest(struct aggregate *a, struct agg_entry *e, const json_t *rec)
{
	const char	*d = agg_str(rec, "incident", "destination");
	struct agg_blob	 nb;
	size_t		 i, len = e->dests.len, dl = strlen(d) + 1;
	char		*s = NULL;

	if (!e->byep || *d == '\0' || e->ndests >= AGGREGATE_DESTS ||
	    (len > 0 && (s = agg_unpack(a, agg_dict(e, 0), &e->dests)) ==
	    NULL))
		return;
	for (i = 0; i < len; i += strlen(s + i) + 1)
		if (strcmp(s + i, d) == 0)
			return;
	if (agg_room(&a->tbuf, &a->tcap, len + dl) == -1)
		return;
	memcpy(a->tbuf + len, d, dl);
	if (agg_pack(a, agg_dict(e, 0), a->tbuf, len + dl, &nb) == -1)
		return;
	agg_blob_free(&e->dests);
	e->dests = nb;
	e->ndests++;
	agg_account(a, e);
}

/* j as compact text, deflated into b. */
static int
agg_pack_json(struct aggregate *a, const struct agg_text *d, const json_t *j,
    struct agg_blob *b)
{
	char	*s;
	size_t	 len;

	if ((s = agg_dump(a, j, &len)) == NULL)
		return -1;
	return agg_pack(a, d, s, len, b);
}

/* The first record's summary; -1 when it cannot be kept. */
static int
agg_keep(struct aggregate *a, struct agg_entry *e, const json_t *rec)
{
	e->dict = agg_dict_get(a, rec);
	if (agg_pack_json(a, agg_dict(e, 0), rec, &e->rec) == -1)
		return -1;
	agg_account(a, e);
	agg_dest(a, e, rec);
	return 0;
}

/* Close the oldest windows but e while the windows hold too much. */
static void
agg_trim(struct aggregate *a, const struct agg_entry *e)
{
	struct agg_entry	*old;

	while (a->st.bytes > a->max * AGGREGATE_BYTES &&
	    (old = TAILQ_FIRST(&a->order)) != NULL && old != e) {
		a->st.evicted++;
		agg_close(a, old);
	}
}

/* A new window, holding a summary of rec; NULL when it cannot be kept. */
static struct agg_entry *
agg_open(struct aggregate *a, const json_t *rec, char *key, uint64_t h,
    int by)
{
	struct agg_entry	*e;

	if (a->st.open >= a->max) {
		a->st.evicted++;
		agg_close(a, TAILQ_FIRST(&a->order));
	}
	if (agg_grow(a) == -1 || (e = calloc(1, sizeof(*e))) == NULL)
		return NULL;
	e->key = key;
	e->id = key + strlen(key) + 1;
	e->hash = h;
	e->revision = 1;
	e->byep = by == AGGREGATE_BY_ENDPOINT;
	if (agg_keep(a, e, rec) == -1) {
		e->key = NULL;
		agg_entry_free(a, e);
		return NULL;
	}
	e->next = a->buckets[h & (a->nbuckets - 1)];
	a->buckets[h & (a->nbuckets - 1)] = e;
	TAILQ_INSERT_TAIL(&a->order, e, order);
	a->st.open++;
	agg_trim(a, e);
	return e;
}

/* The latest evidence, flat, replacing the one before. */
static void
agg_last_ev(struct aggregate *a, struct agg_entry *e, json_t *ev)
{
	struct agg_blob	 nb;
	char		*s;
	size_t		 len;

	memset(&nb, 0, sizeof(nb));
	if ((s = agg_flat(a, ev, &len)) == NULL || len > UINT32_MAX)
		return;
	if (len <= AGG_EV_PLAIN) {
		if ((nb.z = malloc(len)) == NULL)
			return;
		memcpy(nb.z, s, len);
		nb.zlen = nb.len = len;
		nb.plain = 1;
	} else if (agg_pack(a, agg_dict(e, 1), s, len, &nb) == -1)
		return;
	agg_blob_free(&e->ev);
	e->ev = nb;
	agg_account(a, e);
	agg_trim(a, e);
}

static void
agg_fold(struct aggregate *a, struct agg_entry *e, const json_t *rec,
    int64_t first_ms, int64_t last_ms, uint64_t count)
{
	json_t	*ev;

	agg_dest(a, e, rec);
	e->count += count;
	if (first_ms > 0 && first_ms < e->first_ms)
		e->first_ms = first_ms;
	if (last_ms >= e->last_ms) {
		e->last_ms = last_ms;
		ev = json_array_get(json_object_get(json_object_get(rec,
		    "incident"), "evidence"), 0);
		if (ev != NULL)
			agg_last_ev(a, e, ev);
	}
}

int
aggregate_add(struct aggregate *a, json_t *rec, int64_t window_ms, int by,
    int64_t first_ms, int64_t last_ms, uint64_t count, const char **id)
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
	*id = agg_str(rec, "event", "id");
	if (window_ms < 0)
		window_ms = a->window;
	if (window_ms == 0 || (key = agg_key(rec, by)) == NULL)
		goto emit;
	h = hash64(key, strlen(key), AGG_SEED);
	if ((e = agg_find(a, key, h)) != NULL && last_ms < e->closes) {
		free(key);
		agg_fold(a, e, rec, first_ms, last_ms, count);
		a->st.suppressed++;
		*id = e->id;
		return 1;
	}
	if (e != NULL)
		agg_close(a, e);
	if ((e = agg_open(a, rec, key, h, by)) == NULL) {
		free(key);
		goto emit;
	}
	e->closes = last_ms + window_ms;
	e->length = window_ms;
	e->opened_wall = a->wall_ms;
	e->first_ms = first_ms;
	e->last_ms = last_ms;
	e->count = e->first_count = count;
emit:
	a->st.alerts++;
	a->emit(a->arg, rec);
	return 0;
}

void
aggregate_tick(struct aggregate *a, int64_t now_ms)
{
	struct agg_entry	*e;

	while ((e = TAILQ_FIRST(&a->order)) != NULL && e->closes <= now_ms)
		agg_close(a, e);
}

void
aggregate_wall(struct aggregate *a, int64_t wall_ms, int64_t grace_ms)
{
	struct agg_entry	*e, *next;

	if (a->wall_ms == 0)
		a->wall_ms = wall_ms;	/* windows open from now on */
	if (grace_ms < 0 || wall_ms <= 0)
		return;
	for (e = TAILQ_FIRST(&a->order); e != NULL; e = next) {
		next = TAILQ_NEXT(e, order);
		if (e->opened_wall > 0 &&
		    wall_ms - e->opened_wall >= e->length + grace_ms) {
			a->st.wall_closed++;
			agg_close(a, e);
		}
	}
	a->wall_ms = wall_ms;
}

void
aggregate_drain(struct aggregate *a)
{
	struct agg_entry	*e;

	while ((e = TAILQ_FIRST(&a->order)) != NULL)
		agg_close(a, e);
}
