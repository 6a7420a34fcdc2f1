/*
 * detectd -t: a line through its parser and every rule's condition, in
 * words.  See explain.h.  The conditions are evaluated the way the
 * alert builder explains them (cond_eval_plain), without the prefilter,
 * which only ever skips work.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers/explain.h"
#include "event/logevent.h"
#include "parsers/parser.h"
#include "rules/cond.h"
#include "rules/rule.h"
#include "rules/ruleset.h"
#include "rules/suppress.h"
#include "util/log.h"
#include "util/timeutil.h"

#define EXPLAIN_MATCHED	8
#define EXPLAIN_WHY	1024

struct explain {
	const struct ruleset	*rs;
	const struct parser	*parser;
	void			*pstate;
	const struct rule	**asked;	/* -i */
	size_t			 nasked;
	struct logevent		 ev;
	uint64_t		 lineno;
};

void
explain_free(struct explain *x)
{
	if (x == NULL)
		return;
	if (x->pstate != NULL && x->parser->state_free != NULL)
		x->parser->state_free(x->pstate);
	logevent_free(&x->ev);
	free(x->asked);
	free(x);
}

struct explain *
explain_new(const struct ruleset *rs, const char *format, char *const *ids,
    size_t nids)
{
	struct explain	*x;
	size_t		 i;

	if ((x = calloc(1, sizeof(*x))) == NULL ||
	    (x->asked = calloc(nids + 1, sizeof(*x->asked))) == NULL) {
		log_warn("%s", __func__);
		free(x);
		return NULL;
	}
	x->rs = rs;
	logevent_reset(&x->ev);
	if ((x->parser = parser_lookup(format)) == NULL) {
		log_warnx("-t: unknown log format '%s'", format);
		goto fail;
	}
	if (x->parser->state_new != NULL &&
	    (x->pstate = x->parser->state_new(0)) == NULL)
		goto fail;
	for (i = 0; i < nids; i++)
		if ((x->asked[x->nasked++] = ruleset_rule(rs, ids[i])) ==
		    NULL) {
			log_warnx("-i %s: no such rule", ids[i]);
			goto fail;
		}
	return x;
fail:
	explain_free(x);
	return NULL;
}

static void
explain_fields(FILE *fp, const struct logevent *ev)
{
	const struct field_def	*f;
	char			 when[TIME_RFC3339_LEN];
	struct slice		 s;
	size_t			 i, n;
	int64_t			 v;

	if (time_format_rfc3339(ev->time_ms, when, sizeof(when)) > 0)
		fprintf(fp, "    %-32s %s\n", "@timestamp", when);
	fprintf(fp, "    %-32s %s\n", "event.source",
	    source_kind_name(ev->source));
	f = field_table(&n);
	for (i = 0; i < n; i++) {
		if (f[i].type != FIELD_STR) {
			if ((v = field_int(ev, &f[i])) != -1)
				fprintf(fp, "    %-32s %lld\n", f[i].name,
				    (long long)v);
			continue;
		}
		s = field_str(ev, &f[i]);
		if (s.len > 0)
			fprintf(fp, "    %-32s %.*s\n", f[i].name,
			    (int)(s.len > 512 ? 512 : s.len), s.p);
	}
}

static int
explain_where(const struct rule_where *w, const struct logevent *ev)
{
	return ev->format != NULL && strcmp(w->format, ev->format) == 0 &&
	    (w->eid == -1 || w->eid == ev->win_event_id) &&
	    (w->channel == NULL || slice_caseeq(ev->win_channel, w->channel));
}

/* Why the rule does not read this line's log, or NULL if it does. */
static const char *
explain_reads(const struct rule *r, const struct logevent *ev)
{
	size_t	 i;

	if (r->sources != 0 && (ev->source >= 32 ||
	    !(r->sources & (1U << ev->source))))
		return "it does not read this log source";
	if (r->nwhere == 0)
		return NULL;
	for (i = 0; i < r->nwhere; i++)
		if (explain_where(&r->where[i], ev))
			return NULL;
	return "its Sigma logsource is another format, event id or channel";
}

static void
explain_hit(struct explain *x, FILE *fp, const struct rule *r)
{
	struct cond_match	 m[EXPLAIN_MATCHED];
	size_t			 i, n;

	fprintf(fp, "    %s [%s] %s%s%s\n", r->id, r->analyzer,
	    r->name != NULL ? r->name : "",
	    strcmp(r->analyzer, "match") != 0 ? " (the line counts toward "
	    "it)" : "", suppress_match(x->rs->suppress, r, &x->ev) ?
	    " (suppressed: no alert)" : "");
	n = cond_matched(r->cond, &x->ev, m, EXPLAIN_MATCHED);
	for (i = 0; i < n; i++)
		fprintf(fp, "        %s %s \"%s\"\n", m[i].field, m[i].op,
		    m[i].value);
}

static void
explain_miss(struct explain *x, FILE *fp, const struct rule *r)
{
	char		 why[EXPLAIN_WHY];
	const char	*no;

	if (!r->enabled)
		no = "it is disabled";
	else if ((no = explain_reads(r, &x->ev)) == NULL) {
		(void)cond_why_not(r->cond, &x->ev, why, sizeof(why));
		no = why;
	}
	fprintf(fp, "    %s %s: %s\n", r->id, r->name != NULL ? r->name : "",
	    no);
}

static int
explain_rule_hits(struct explain *x, const struct rule *r)
{
	return r->enabled && r->cond != NULL &&
	    explain_reads(r, &x->ev) == NULL &&
	    cond_eval_plain(r->cond, &x->ev);
}

static void
explain_rules(struct explain *x, FILE *fp)
{
	size_t	 i, n = 0;

	fprintf(fp, "  rules that match:\n");
	for (i = 0; i < x->rs->nrules; i++)
		if (explain_rule_hits(x, x->rs->rules[i])) {
			explain_hit(x, fp, x->rs->rules[i]);
			n++;
		}
	if (n == 0)
		fprintf(fp, "    none\n");
	n = 0;
	for (i = 0; i < x->nasked; i++) {
		if (explain_rule_hits(x, x->asked[i]))
			continue;
		if (n++ == 0)
			fprintf(fp, "  rules asked about that do not match:\n");
		explain_miss(x, fp, x->asked[i]);
	}
}

int
explain_line(struct explain *x, FILE *fp, const char *line, size_t len)
{
	const char	*err = NULL;

	x->lineno++;
	logevent_reset(&x->ev);
	if (logevent_reserve(&x->ev, len + 64) == -1)
		return -1;
	x->ev.raw.p = line;
	x->ev.raw.len = len;
	x->ev.file = "-";
	x->ev.input = "-t";
	x->ev.format = x->parser->name;
	fprintf(fp, "line %llu: %.*s\n", (unsigned long long)x->lineno,
	    (int)(len > 512 ? 512 : len), line);
	switch (parser_parse(x->parser, x->pstate, 0, line, len, &x->ev,
	    &err)) {
	case PARSE_OK:
		break;
	case PARSE_SKIP:
		fprintf(fp, "  not an event (a header, comment or blank "
		    "line)\n");
		return 0;
	default:
		fprintf(fp, "  not a %s line: %s\n", x->parser->name,
		    err != NULL ? err : "malformed");
		return -1;
	}
	fprintf(fp, "  fields (%s):\n", x->parser->name);
	explain_fields(fp, &x->ev);
	explain_rules(x, fp);
	return 0;
}
