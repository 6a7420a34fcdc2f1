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
#include "analyzers/identity.h"
#include "config.h"
#include "output/output.h"
#include "rules/rule.h"
#include "tier.h"
#include "util/atomicfile.h"
#include "util/log.h"
#include "util/safefs.h"

#define TIER_HAND_MAGIC	"detectd-handover 1"

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

struct tier_hand {
	const struct analyzer_inst	*an;
	size_t				 nan;
	struct identity			*id;
	uint32_t			 shard;
};

/* "analyzer NAME" before each analyzer's own lines. */
static int
tier_hand_write(FILE *fp, void *arg)
{
	const struct tier_hand	*h = arg;
	size_t			 i;

	fprintf(fp, "%s\n", TIER_HAND_MAGIC);
	for (i = 0; i < h->nan; i++) {
		if (h->an[i].ops->hand_save == NULL)
			continue;
		fprintf(fp, "analyzer %s\n", h->an[i].ops->name);
		if (h->an[i].ops->hand_save(h->an[i].ctx, fp, h->shard) == -1)
			return -1;
	}
	/* Last: identity_read takes the rest of the file. */
	if (h->id != NULL && (fprintf(fp, "identity\n") < 0 ||
	    identity_write(h->id, fp) == -1))
		return -1;
	return ferror(fp) ? -1 : 0;
}

static int
tier_hand_save(const struct tier_hand *h, const char *path)
{
	return atomicfile_write(path, tier_hand_write,
	    (void *)(uintptr_t)h);
}

/* The analyzer an "analyzer NAME" line names, or NULL. */
static const struct analyzer_inst *
tier_hand_analyzer(const struct analyzer_inst *an, size_t nan,
    const char *name)
{
	size_t	 i;

	for (i = 0; i < nan; i++)
		if (strcmp(an[i].ops->name, name) == 0 &&
		    an[i].ops->hand_line != NULL)
			return &an[i];
	return NULL;
}

static int
tier_hand_load(const struct tier_hand *h, const char *path)
{
	const struct analyzer_inst	*cur = NULL;
	char				*line = NULL;
	size_t				 cap = 0, n = 0, bad = 0, ibad = 0;
	ssize_t				 len;
	FILE				*fp;
	int				 rc = 1;

	if ((fp = safefs_fopen_read(path)) == NULL) {
		if (errno == ENOENT)
			return 0;
		log_warn("%s", path);
		return -1;
	}
	while ((len = getline(&line, &cap, fp)) != -1) {
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (n++ == 0 && strcmp(line, TIER_HAND_MAGIC) != 0) {
			log_warnx("%s: not a hand-over file, ignored", path);
			rc = -1;
			break;
		}
		if (n == 1)
			continue;
		if (strcmp(line, "identity") == 0) {
			if (h->id != NULL && identity_read(h->id, fp, &ibad) == -1)
				bad++;
			bad += ibad;
			break;
		}
		if (strncmp(line, "analyzer ", 9) == 0)
			cur = tier_hand_analyzer(h->an, h->nan, line + 9);
		else if (cur != NULL &&
		    cur->ops->hand_line(cur->ctx, h->shard, line) == -1)
			bad++;
	}
	free(line);
	fclose(fp);
	if (rc == -1)
		return -1;
	if (bad > 0)
		log_warnx("%s: %zu malformed lines ignored", path, bad);
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
	struct tier_hand	 h = { an, nan, id, 0 };
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
		if ((give ? tier_hand_save(&h, path) :
		    tier_hand_load(&h, path)) == -1)
			rc = -1;
	}
	return rc;
}
