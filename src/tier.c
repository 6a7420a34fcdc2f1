/*
 * The first tier's finding records out, the findings tier's in (tier.h).
 */
#include <stdlib.h>

#include <jansson.h>

#include "alert/jdump.h"
#include "analyzers/analyzer.h"
#include "analyzers/finding.h"
#include "analyzers/findrec.h"
#include "analyzers/identity.h"
#include "config.h"
#include "output/output.h"
#include "rules/rule.h"
#include "tier.h"
#include "util/log.h"

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

void
tier_finding_out(void *arg, const struct finding *f, const char *alert_id,
    int alerted)
{
	struct tier_out		*t = arg;
	struct endpoint_id	 ep;
	json_t			*rec;
	ssize_t			 len;
	size_t			 i;

	/* A finding without an endpoint joins no endpoints: not sent. */
	if (f->ev == NULL || identity_source(t->id, f->ev, &ep) == -1)
		return;
	if ((rec = findrec_encode(f, alert_id, alerted, &ep)) == NULL ||
	    (len = jdump(rec, JSON_COMPACT | JSON_REAL_PRECISION(6), &t->buf,
	    &t->cap)) <= 0) {
		json_decref(rec);
		log_warnx("rule %s: finding record could not be built",
		    f->rule->id);
		t->lost++;
		return;
	}
	json_decref(rec);
	t->buf[len++] = '\n';
	t->written++;
	for (i = 0; i < t->nout; i++)
		if (output_takes(t->out[i], OUTPUT_RECORDS_FINDINGS) &&
		    output_write(t->out[i], t->buf, (size_t)len) == -1)
			t->lost++;
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
