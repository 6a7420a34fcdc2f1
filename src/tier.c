/*
 * The first tier's finding records out, the findings tier's in, and the
 * hand-over files of partitions that move (tier.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "alert/jdump.h"
#include "analyzers/analyzer.h"
#include "analyzers/contrib.h"
#include "analyzers/finding.h"
#include "analyzers/findrec.h"
#include "analyzers/handover.h"
#include "analyzers/identity.h"
#include "collector/kstate.h"
#include "config.h"
#include "output/output.h"
#include "rules/rule.h"
#include "tier.h"
#include "util/atomicfile.h"
#include "util/log.h"
#include "util/safefs.h"

#define TIER_KEY_LEN	300

int
tier_writes_findings(struct output **out, size_t nout)
{
	size_t	 i;

	for (i = 0; i < nout; i++)
		if (output_takes(out[i], OUTPUT_RECORDS_FINDINGS))
			return 1;
	return 0;
}

int
tier_analyzers(const struct config *c, struct output **out, size_t nout)
{
	if (c->tier == CONFIG_TIER_FINDINGS)
		return ANALYZER_TIER_CROSS;
	switch (c->cross) {
	case CONFIG_CROSS_LOCAL:
		return ANALYZER_TIER_ALL;
	case CONFIG_CROSS_SKIP:
		return ANALYZER_TIER_LOCAL;
	default:
		return tier_writes_findings(out, nout) ? ANALYZER_TIER_LOCAL :
		    ANALYZER_TIER_ALL;
	}
}

/*
 * A record (taken) as one line to the outputs that take finding records;
 * n[0] counts it written, n[1] lost (not built, or an output lost it).
 */
static void
tier_write(struct tier_out *t, json_t *rec, uint64_t n[2],
    const char *what, const char *rule)
{
	ssize_t	 len;
	size_t	 i;

	if (rec == NULL || (len = jdump(rec, JSON_COMPACT |
	    JSON_REAL_PRECISION(6), &t->buf, &t->cap)) <= 0) {
		json_decref(rec);
		log_warnx("rule %s: %s record could not be built", rule, what);
		n[1]++;
		return;
	}
	json_decref(rec);
	t->buf[len++] = '\n';
	n[0]++;
	for (i = 0; i < t->nout; i++)
		if (output_takes(t->out[i], OUTPUT_RECORDS_FINDINGS) &&
		    output_write(t->out[i], t->buf, (size_t)len) == -1)
			n[1]++;
}

void
tier_finding_out(void *arg, const struct finding *f, const char *alert_id,
    int alerted)
{
	struct tier_out		*t = arg;
	struct endpoint_id	 ep;

	/* A finding without an endpoint joins no endpoints: not sent. */
	if (f->ev == NULL || identity_source(t->id, f->ev, &ep) == -1)
		return;
	tier_write(t, findrec_encode(f, alert_id, alerted, &ep), t->findings,
	    "finding", f->rule->id);
}

void
tier_contrib_out(void *arg, const struct contrib *k)
{
	struct tier_out	*t = arg;

	tier_write(t, contrib_encode(k), t->contribs, "contribution",
	    k->rule->id);
}

void
tier_contrib_in(const struct contrib *k, const struct analyzer_inst *an,
    size_t nan)
{
	size_t	 i;

	for (i = 0; i < nan; i++)
		if (an[i].ops->contribution != NULL)
			an[i].ops->contribution(an[i].ctx, k);
}

void
tier_finding_in(const struct findrec *fr, const struct analyzer_inst *an,
    size_t nan)
{
	size_t	 i;

	for (i = 0; i < nan; i++)
		if (an[i].ops->remote != NULL)
			an[i].ops->remote(an[i].ctx, &fr->f, fr->id,
			    fr->promoted, &fr->ep);
}

static int
tier_hand_write(FILE *fp, void *arg)
{
	return handover_write(fp, arg);
}

/* The file of a partition taken, if there is one, and removed. */
static int
tier_hand_load(const struct handover *h, const char *path)
{
	FILE	*fp;
	int	 rc;

	if ((fp = safefs_fopen_read(path)) == NULL) {
		if (errno == ENOENT)
			return 0;
		log_warn("%s", path);
		return -1;
	}
	rc = handover_read(fp, h, path);
	fclose(fp);
	if (rc == -1)
		return -1;
	/* Taken: a later owner must not take it again. */
	if (unlink(path) == -1)
		log_warn("%s", path);
	log_info("%s: state of the partition taken over", path);
	return 1;
}

int
tier_hand_parts(const struct analyzer_inst *an, size_t nan,
    struct identity *id, const char *dir, const char *topic,
    const int32_t *parts, size_t n, int give)
{
	struct handover		 h = { an, nan, id, 0 };
	char			 path[1024];
	size_t			 i;
	int			 rc = 0;

	for (i = 0; i < n; i++) {
		if ((size_t)snprintf(path, sizeof(path), "%s/%s-%d", dir,
		    topic, (int)parts[i]) >= sizeof(path)) {
			log_warnx("%s: path too long", dir);
			rc = -1;
			continue;
		}
		h.shard = (uint32_t)parts[i] + 1;
		if ((give ? atomicfile_write(path, tier_hand_write, &h) :
		    tier_hand_load(&h, path)) == -1)
			rc = -1;
	}
	return rc;
}

/* The state topic's key of a partition: "TOPIC-PARTITION". */
static void
tier_topic_key(char *key, size_t size, const char *topic, int32_t part)
{
	snprintf(key, size, "%s-%d", topic, (int)part);
}

/* Give: each partition's state as a record of the state topic. */
static int
tier_topic_give(struct handover *h, struct kstate *ks, const char *topic,
    const int32_t *parts, size_t n)
{
	char	 key[TIER_KEY_LEN], *buf;
	size_t	 i, len;
	int	 rc = 0;

	for (i = 0; i < n; i++) {
		tier_topic_key(key, sizeof(key), topic, parts[i]);
		h->shard = (uint32_t)parts[i] + 1;
		if (handover_save(h, &buf, &len) == -1) {
			log_warnx("%s: state could not be written out", key);
			rc = -1;
		} else if (kstate_queue(ks, key, buf, len) == -1)
			rc = -1;
		free(buf);
	}
	return kstate_send(ks) > 0 ? -1 : rc;
}

/* Take: the latest record of each partition's key, if there is one. */
static int
tier_topic_take(struct handover *h, struct kstate *ks, const char *topic,
    const int32_t *parts, size_t n)
{
	char	(*keys)[TIER_KEY_LEN], **vals, **kp;
	size_t	 *lens, i;
	int	  rc = -1;

	keys = calloc(n + 1, sizeof(*keys));
	kp = calloc(n + 1, sizeof(*kp));
	vals = calloc(n + 1, sizeof(*vals));
	lens = calloc(n + 1, sizeof(*lens));
	if (keys == NULL || kp == NULL || vals == NULL || lens == NULL) {
		log_warn("%s", __func__);
		goto done;
	}
	for (i = 0; i < n; i++) {
		tier_topic_key(keys[i], sizeof(keys[i]), topic, parts[i]);
		kp[i] = keys[i];
	}
	if ((rc = kstate_get(ks, (const char *const *)kp, n, vals,
	    lens)) == -1)
		goto done;
	for (i = 0; i < n; i++) {
		h->shard = (uint32_t)parts[i] + 1;
		if (vals[i] != NULL &&
		    handover_load(h, vals[i], lens[i], keys[i]) == -1)
			rc = -1;
		free(vals[i]);
	}
done:
	free(keys);
	free(kp);
	free(vals);
	free(lens);
	return rc;
}

int
tier_hand_topic(const struct analyzer_inst *an, size_t nan,
    struct identity *id, struct kstate *ks, const char *topic,
    const int32_t *parts, size_t n, int give)
{
	struct handover	 h = { an, nan, id, 0 };

	if (n == 0)
		return 0;
	return give ? tier_topic_give(&h, ks, topic, parts, n) :
	    tier_topic_take(&h, ks, topic, parts, n);
}
