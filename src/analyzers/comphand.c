/*
 * The hand-over of the composite windows of a shard (compint.h): the
 * lines the composite analyzer writes under "analyzer composite" of a
 * hand-over (handover.h), and reads back at the new owner.
 *
 *	rule ID KIND WINDOW_MS COUNT GROUP
 *	group KEY
 *	ev REF T OFFSET SOURCE CUT FILE LINE
 *	item T EPHASH CORR STEPS STAGE VP PROMOTED ALERTID RULE EP REF
 *	inc ID REVISION FIRST LAST COUNT STAGE NEP NRULES PLEN
 *
 * KEY, ALERTID, RULE, EP, FILE and LINE in hex ("=" when empty).  A
 * group's items and its open incident follow its line.  REF names an
 * evidence line, written once ("ev", before the first item naming it:
 * an event often contributes to several rules), 0 when it is no longer
 * kept; the new owner keeps the line anew and maps REF to its own.  The groups of a rule whose kind, window or count
 * changed in between are not taken: they would not mean the same.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers/compint.h"
#include "analyzers/lru.h"
#include "util/hash.h"
#include "util/hex.h"

static void
ch_hex(FILE *fp, const void *p, size_t len)
{
	fputc(' ', fp);
	if (len == 0)
		fputc('=', fp);
	else
		(void)hex_write(fp, p, len);
}

/* A hex token into out (size bytes, NUL-terminated when text). */
static int
ch_unhex(const char *tok, void *out, size_t size, int text, size_t *len)
{
	size_t	 n;

	if (tok == NULL)
		return -1;
	n = strcmp(tok, "=") == 0 ? 0 : strlen(tok);
	if (n % 2 != 0 || n / 2 + (text ? 1 : 0) > size ||
	    (n > 0 && hex_read(tok, n / 2, out) == -1))
		return -1;
	if (text)
		((char *)out)[n / 2] = '\0';
	if (len != NULL)
		*len = n / 2;
	return 0;
}

/* The item's evidence line, unless this hand-over wrote it already. */
static uint64_t
ch_save_ev(FILE *fp, struct comp_hand *h, uint64_t ref)
{
	const struct comp_ev	*e = compalert_find(h->evs, ref);

	if (e == NULL)
		return 0;
	if (h->map != NULL && h->map[(ref - 1) % COMP_EVIDENCE].from == ref)
		return ref;
	if (h->map != NULL)
		h->map[(ref - 1) % COMP_EVIDENCE].from = ref;
	fprintf(fp, "ev %" PRIu64 " %" PRId64 " %" PRIu64 " %u %u", ref, e->t,
	    e->offset, (unsigned)e->source, (unsigned)e->cut);
	ch_hex(fp, e->file, strlen(e->file));
	ch_hex(fp, e->line, e->len);
	fputc('\n', fp);
	return ref;
}

static void
ch_save_item(FILE *fp, struct comp_hand *h, const struct comp_item *it)
{
	const char	*rid = h->rid(h->arg, it->rule);
	uint64_t	 ref = ch_save_ev(fp, h, it->evref);

	fprintf(fp, "item %" PRId64 " %" PRIu64 " %" PRIu64 " %u %u %u %u",
	    it->t, it->ephash, it->corr, (unsigned)it->steps,
	    (unsigned)it->stage, (unsigned)it->vp, (unsigned)it->promoted);
	ch_hex(fp, it->id, sizeof(it->id));
	ch_hex(fp, rid, strlen(rid));
	ch_hex(fp, it->ep, strlen(it->ep));
	fprintf(fp, " %" PRIu64 "\n", ref);
}

static void
ch_save_group(FILE *fp, struct comp_hand *h, const struct comp_handrule *r,
    struct comp_groupent *g)
{
	struct comp_inc	*inc;
	size_t		 i;

	fputs("group", fp);
	ch_hex(fp, g->key, strlen(g->key));
	fputc('\n', fp);
	for (i = 0; i < g->n; i++)
		ch_save_item(fp, h, &g->items[i]);
	inc = lru_get(r->incs, hash64(g->key, strlen(g->key), COMP_SEED_GROUP));
	if (inc != NULL && strcmp(inc->key, g->key) == 0) {
		fprintf(fp, "inc %s %d %" PRId64 " %" PRId64 " %" PRIu64
		    " %u %u %u %u\n", inc->id, inc->revision, inc->first_ms,
		    inc->last_ms, inc->count, (unsigned)inc->stage,
		    (unsigned)inc->nep, (unsigned)inc->nrules,
		    (unsigned)inc->plen);
		lru_remove(r->incs, inc);
	}
	lru_remove(r->groups, g);
}

int
comphand_save(FILE *fp, struct comp_hand *h, const struct comp_handrule *r,
    size_t n, uint32_t shard)
{
	struct comp_groupent	*g, *next;
	size_t			 i;

	if (h->map == NULL)
		h->map = calloc(COMP_EVIDENCE, sizeof(*h->map));
	/* The evidence lines written so far, by their slot in the ring. */
	if (h->map != NULL)
		memset(h->map, 0, COMP_EVIDENCE * sizeof(*h->map));
	for (i = 0; i < n; i++) {
		if (r[i].groups == NULL || r[i].p->kind == CK_SPREAD)
			continue;
		fprintf(fp, "rule %s %d %" PRId64 " %zu %d\n", r[i].id,
		    (int)r[i].p->kind, r[i].p->window_ms,
		    (size_t)r[i].p->count, (int)r[i].p->group);
		for (g = lru_oldest(r[i].groups); g != NULL; g = next) {
			next = lru_newer(r[i].groups, g);
			if (g->shard == shard)
				ch_save_group(fp, h, &r[i], g);
		}
	}
	return ferror(fp) ? -1 : 0;
}

/* "rule ID KIND WINDOW COUNT GROUP": the same rule here, or none. */
static int
ch_load_rule(struct comp_hand *h, const struct comp_handrule *r, size_t n,
    char *rest)
{
	char		 id[128];
	int		 kind, group;
	long long	 win;
	size_t		 count, i;

	h->cur = NULL;
	h->g = NULL;
	if (sscanf(rest, "%127s %d %lld %zu %d", id, &kind, &win, &count,
	    &group) != 5)
		return -1;
	for (i = 0; i < n; i++)
		if (r[i].groups != NULL && strcmp(r[i].id, id) == 0 &&
		    (int)r[i].p->kind == kind && r[i].p->window_ms == win &&
		    (size_t)r[i].p->count == count &&
		    (int)r[i].p->group == group && kind != CK_SPREAD)
			h->cur = &r[i];
	return 1;
}

static int
ch_load_group(struct comp_hand *h, char *rest)
{
	char		 key[COMPGROUP_KEY_LEN];
	int		 created;

	h->g = NULL;
	if (ch_unhex(strtok(rest, " "), key, sizeof(key), 1, NULL) == -1)
		return -1;
	if (h->cur == NULL)
		return 1;
	h->g = lru_put(h->cur->groups, hash64(key, strlen(key),
	    COMP_SEED_GROUP), &created);
	if (h->g == NULL)
		return 1;
	memset(h->g, 0, sizeof(*h->g));
	snprintf(h->g->key, sizeof(h->g->key), "%s", key);
	h->g->shard = h->shard;
	return 1;
}

/* "REF T OFFSET SOURCE CUT FILE LINE": the line kept anew, mapped. */
static int
ch_load_ev(struct comp_hand *h, char *rest)
{
	struct comp_ev	 e;
	uint64_t	 ref;
	unsigned	 src, cut;
	char		*save = NULL;
	int		 used = 0;
	size_t		 len;

	memset(&e, 0, sizeof(e));
	if (sscanf(rest, "%" SCNu64 " %" SCNd64 " %" SCNu64 " %u %u %n", &ref,
	    &e.t, &e.offset, &src, &cut, &used) != 5 || used == 0 || ref == 0 ||
	    ch_unhex(strtok_r(rest + used, " ", &save), e.file,
	    sizeof(e.file), 1, NULL) == -1 ||
	    ch_unhex(strtok_r(NULL, " ", &save), e.line, sizeof(e.line), 0,
	    &len) == -1)
		return -1;
	e.source = (uint8_t)src;
	e.cut = cut != 0;
	e.len = (uint16_t)len;
	if (h->map == NULL)
		return 1;
	h->map[(ref - 1) % COMP_EVIDENCE].from = ref;
	h->map[(ref - 1) % COMP_EVIDENCE].to = compalert_keep_copy(h->evs, &e);
	return 1;
}

/* The new owner's ref of the giver's, 0 when it was not given. */
static uint64_t
ch_ref(const struct comp_hand *h, uint64_t ref)
{
	if (ref == 0 || h->map == NULL ||
	    h->map[(ref - 1) % COMP_EVIDENCE].from != ref)
		return 0;
	return h->map[(ref - 1) % COMP_EVIDENCE].to;
}

static int
ch_load_item(struct comp_hand *h, char *rest)
{
	struct comp_item	 it;
	unsigned		 steps, stage, vp, prom;
	char			 rid[128], *save = NULL, *head, *ref;
	int			 used = 0;

	memset(&it, 0, sizeof(it));
	if (sscanf(rest, "%" SCNd64 " %" SCNu64 " %" SCNu64 " %u %u %u %u %n",
	    &it.t, &it.ephash, &it.corr, &steps, &stage, &vp, &prom,
	    &used) != 7 || used == 0)
		return -1;
	head = rest + used;
	if (ch_unhex(strtok_r(head, " ", &save), it.id, sizeof(it.id), 0,
	    NULL) == -1 ||
	    ch_unhex(strtok_r(NULL, " ", &save), rid, sizeof(rid), 1,
	    NULL) == -1 ||
	    ch_unhex(strtok_r(NULL, " ", &save), it.ep, sizeof(it.ep), 1,
	    NULL) == -1 || (ref = strtok_r(NULL, " ", &save)) == NULL)
		return -1;
	it.evref = ch_ref(h, strtoull(ref, NULL, 10));
	if (h->g == NULL)
		return 1;
	if (h->g->n >= COMP_ITEMS)
		return -1;
	it.steps = (uint8_t)steps;
	it.stage = (uint8_t)stage;
	it.vp = (uint8_t)vp;
	it.promoted = prom != 0;
	it.rule = h->intern(h->arg, rid);
	h->g->items[h->g->n++] = it;
	return 1;
}

/* The group's open incident, under its key. */
static int
ch_load_inc(struct comp_hand *h, char *rest)
{
	struct comp_inc	 v, *inc;
	unsigned	 stage, nep, nrules, plen;
	int		 created;

	memset(&v, 0, sizeof(v));
	if (sscanf(rest, "%36s %d %" SCNd64 " %" SCNd64 " %" SCNu64
	    " %u %u %u %u", v.id, &v.revision, &v.first_ms, &v.last_ms,
	    &v.count, &stage, &nep, &nrules, &plen) != 9 ||
	    strlen(v.id) != 36)
		return -1;
	if (h->g == NULL)
		return 1;
	snprintf(v.key, sizeof(v.key), "%s", h->g->key);
	v.stage = (uint8_t)stage;
	v.nep = (uint8_t)nep;
	v.nrules = (uint8_t)nrules;
	v.plen = (uint8_t)plen;
	inc = lru_put(h->cur->incs, hash64(v.key, strlen(v.key),
	    COMP_SEED_GROUP), &created);
	if (inc != NULL)
		*inc = v;
	return 1;
}

int
comphand_line(struct comp_hand *h, const struct comp_handrule *r, size_t n,
    uint32_t shard, char *line)
{
	h->shard = shard;
	if (h->map == NULL)
		h->map = calloc(COMP_EVIDENCE, sizeof(*h->map));
	if (strncmp(line, "rule ", 5) == 0)
		return ch_load_rule(h, r, n, line + 5);
	if (strncmp(line, "group ", 6) == 0)
		return ch_load_group(h, line + 6);
	if (strncmp(line, "item ", 5) == 0)
		return ch_load_item(h, line + 5);
	if (strncmp(line, "ev ", 3) == 0)
		return ch_load_ev(h, line + 3);
	if (strncmp(line, "inc ", 4) == 0)
		return ch_load_inc(h, line + 4);
	return -1;
}
