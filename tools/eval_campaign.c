/*
 * eval_campaign: compare detectd's alerts on a gen_campaign scenario
 * with the ground truth the generator planted.
 *
 *   eval_campaign [-c] truth.tsv alerts.json
 *   eval_campaign -B host-days [-h hosts.txt] [-l label] alerts.json
 *
 * Prints, per attack stage and per analyzer, what was found and what was
 * missed, then the alerts on endpoints the attack never touched
 * (background).  A planted event is found by an expected rule when an
 * alert of that rule names its endpoint (incident.endpoint.key) within
 * an hour of it; an expected composite alert when an alert of that rule
 * covers the endpoints listed ("a,b,c": all of them; "a>b>c": that
 * path, in that order, at the start of incident.composite.path).
 * -c: exit 1 when an expected composite alert is missing, a composite
 * alert fell on background, or the campaign's first step (step 1: the
 * earliest planted event on the LAN's endpoints, the mail) was missed.
 * Step 1 is printed first, with what steps and stages mean: steps
 * count the attacker's moves in time order, stages are the attack
 * stages of detectd.alerts(5), so the mail, step 1, is at stage 2
 * (initial intrusion), after reconnaissance from outside (stage 1).
 *
 * -B: the false-positive budget of a benign capture of host-days host
 * days: the alerts by rule, each per host-day, and the total against
 * the budget of one alert per host-day.  With -h, only alerts whose
 * endpoint (incident.endpoint.key or source.ip) is named in hosts.txt
 * (one host a line, its address and names) count (a benign day that was attacked from outside); the others are
 * counted apart.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "util/timeutil.h"

#define EV_TOLERANCE	3600000LL
#define EV_MAXALERTS	200000
#define EV_MAXROWS	1024

struct ev_alert {
	const char	*rule;
	const char	*analyzer;
	const char	*ep;
	int64_t		 start, end;
	json_t		*comp;
};

struct ev_row {
	int64_t		 t;
	int		 stage;
	char		 ep[256];
	char		 source[32];
	char		 expect[256];
	char		 what[256];
};

struct ev {
	json_t		**recs;
	struct ev_alert	*a;
	size_t		 na;
	struct ev_row	*rows;
	size_t		 nrows;
	char		 touched[4096];	/* ",ep,ep," of the attack */
};

static int64_t
ev_time(const char *s)
{
	int64_t	 t = 0;

	if (s == NULL || time_parse_iso8601(s, strlen(s), &t) < 0)
		return 0;
	return t;
}

static const char *
ev_str(json_t *o, const char *a, const char *b)
{
	const char	*s = json_string_value(json_object_get(
			    json_object_get(o, a), b));

	return s != NULL ? s : "";
}

static int
ev_load_alerts(struct ev *e, const char *path)
{
	FILE		*f;
	json_t		*j;
	json_error_t	 err;
	char		*line = NULL;
	size_t		 cap = 0;

	if ((f = fopen(path, "r")) == NULL) {
		perror(path);
		return -1;
	}
	e->recs = calloc(EV_MAXALERTS, sizeof(*e->recs));
	e->a = calloc(EV_MAXALERTS, sizeof(*e->a));
	while (getline(&line, &cap, f) > 0 && e->na < EV_MAXALERTS) {
		if ((j = json_loads(line, 0, &err)) == NULL)
			continue;
		e->recs[e->na] = j;
		e->a[e->na].rule = ev_str(j, "rule", "id");
		e->a[e->na].analyzer = json_string_value(json_object_get(
		    json_object_get(json_object_get(j, "incident"),
		    "viewpoint"), "analyzer"));
		e->a[e->na].ep = json_string_value(json_object_get(
		    json_object_get(json_object_get(j, "incident"),
		    "endpoint"), "key"));
		e->a[e->na].start = ev_time(ev_str(j, "event", "start"));
		e->a[e->na].end = ev_time(ev_str(j, "event", "end"));
		e->a[e->na].comp = json_object_get(json_object_get(j,
		    "incident"), "composite");
		e->na++;
	}
	free(line);
	fclose(f);
	return 0;
}

static void
ev_touch(struct ev *e, const char *ep)
{
	char	 buf[300], one[260], *p, *save = NULL;
	size_t	 n = strlen(e->touched);

	snprintf(buf, sizeof(buf), "%s", ep);
	for (p = strtok_r(buf, ",>", &save); p != NULL;
	    p = strtok_r(NULL, ",>", &save)) {
		snprintf(one, sizeof(one), ",%s,", p);
		if (strstr(e->touched, one) == NULL && n + strlen(one) <
		    sizeof(e->touched)) {
			snprintf(e->touched + n, sizeof(e->touched) - n, "%s",
			    one + (n > 0));
			n = strlen(e->touched);
		}
	}
}

static int
ev_load_truth(struct ev *e, const char *path)
{
	FILE		*f;
	struct ev_row	*r;
	char		 line[2048], ts[64];

	if ((f = fopen(path, "r")) == NULL) {
		perror(path);
		return -1;
	}
	e->rows = calloc(EV_MAXROWS, sizeof(*e->rows));
	while (fgets(line, sizeof(line), f) != NULL && e->nrows < EV_MAXROWS) {
		if (line[0] == '#')
			continue;
		r = &e->rows[e->nrows];
		if (sscanf(line, "%63[^\t]\t%d\t%255[^\t]\t%31[^\t]\t%255[^\t]"
		    "\t%255[^\n]", ts, &r->stage, r->ep, r->source, r->expect,
		    r->what) != 6)
			continue;
		r->t = ev_time(ts);
		ev_touch(e, r->ep);
		e->nrows++;
	}
	fclose(f);
	return 0;
}

/* The alert's composite endpoints (or path) hold what ep lists. */
static int
ev_comp_covers(json_t *comp, const char *ep)
{
	json_t		*arr, *v;
	char		 buf[300], *p, *save = NULL;
	size_t		 i = 0, k;
	int		 path = strchr(ep, '>') != NULL, found;

	if (comp == NULL)
		return 0;
	arr = json_object_get(comp, path ? "path" : "endpoints");
	snprintf(buf, sizeof(buf), "%s", ep);
	for (p = strtok_r(buf, ",>", &save); p != NULL;
	    p = strtok_r(NULL, ",>", &save), i++) {
		if (path) {
			v = json_object_get(json_array_get(arr, i),
			    "endpoint");
			if (v == NULL || strcmp(json_string_value(v), p) != 0)
				return 0;
			continue;
		}
		found = 0;
		json_array_foreach(arr, k, v)
			if (strcmp(json_string_value(v), p) == 0)
				found = 1;
		if (!found)
			return 0;
	}
	return 1;
}

static int
ev_found(const struct ev *e, const struct ev_row *r, const char *rule)
{
	const struct ev_alert	*a;
	size_t			 i;

	for (i = 0; i < e->na; i++) {
		a = &e->a[i];
		if (strcmp(a->rule, rule) != 0)
			continue;
		if (strcmp(r->source, "composite") == 0) {
			if (ev_comp_covers(a->comp, r->ep))
				return 1;
			continue;
		}
		if (a->ep != NULL && strcmp(a->ep, r->ep) == 0 &&
		    r->t >= a->start - EV_TOLERANCE &&
		    r->t <= a->end + EV_TOLERANCE)
			return 1;
	}
	return 0;
}

/*
 * The campaign's first step: the earliest planted event on the LAN's
 * endpoints (attack stage 2 or later).  Reconnaissance from outside
 * (stage 1) comes before it and touches none; stage 0 rows are changes
 * that are no attack.  NULL if there is none.
 */
static const struct ev_row *
ev_first_step(const struct ev *e)
{
	const struct ev_row	*first = NULL;
	size_t			 i;

	for (i = 0; i < e->nrows; i++)
		if (e->rows[i].stage >= 2 && (first == NULL ||
		    e->rows[i].t < first->t))
			first = &e->rows[i];
	return first;
}

struct ev_tally {
	unsigned	 found, missed;
};

/* One row: each expected rule found or missed, added to an and st. */
static void
ev_row(const struct ev *e, const struct ev_row *r, struct ev_tally *an,
    const char *const *names, size_t nnames, struct ev_tally *st)
{
	char		 buf[256], *p, *save = NULL, *id;
	size_t		 k;
	int		 ok;

	printf("  %s  %-24s %-9s %s:", r == ev_first_step(e) ? "step 1" :
	    "      ", r->ep, r->source, r->what);
	if (strcmp(r->expect, "-") == 0) {
		printf(" no rule covers it\n");
		return;
	}
	snprintf(buf, sizeof(buf), "%s", r->expect);
	for (p = strtok_r(buf, ",", &save); p != NULL;
	    p = strtok_r(NULL, ",", &save)) {
		id = strchr(p, ':') != NULL ? strchr(p, ':') + 1 : p;
		ok = ev_found(e, r, id);
		printf(" %s %s", id, ok ? "found" : "MISSED");
		if (ok)
			st->found++;
		else
			st->missed++;
		for (k = 0; k < nnames; k++)
			if (strncmp(p, names[k], strlen(names[k])) == 0 &&
			    p[strlen(names[k])] == ':') {
				if (ok)
					an[k].found++;
				else
					an[k].missed++;
			}
	}
	printf("\n");
}

static const char *const ev_stage_names[] = {
	"no attack", "reconnaissance", "initial intrusion", "foothold",
	"lateral spread", "C2 communication", "objective executed"
};

/* The first step, whether it was found (0: missed), what numbers mean. */
static int
ev_first(const struct ev *e)
{
	const struct ev_row	*r = ev_first_step(e);
	char			 buf[256], *p, *save = NULL, *id;
	int			 found = 0;

	if (r == NULL)
		return 1;
	printf("campaign step 1, its first move on the LAN's endpoints:\n"
	    "  %s (%s, seen in %s logs),\n  attack stage %d (%s):",
	    r->what, r->ep, r->source, r->stage, ev_stage_names[r->stage]);
	snprintf(buf, sizeof(buf), "%s", r->expect);
	for (p = strtok_r(buf, ",", &save); p != NULL;
	    p = strtok_r(NULL, ",", &save)) {
		id = strchr(p, ':') != NULL ? strchr(p, ':') + 1 : p;
		printf(" %s", id);
		found |= strcmp(p, "-") != 0 && ev_found(e, r, id);
	}
	printf(" %s\n", found ? "DETECTED" : "MISSED");
	printf("  (steps count the attacker's moves in time order; a "
	    "\"stage\" is an attack\n  stage of detectd.alerts(5): 1 %s, "
	    "2 %s, 3 %s,\n  4 %s, 5 %s, 6 %s; reconnaissance\n  from outside "
	    "comes before step 1; stage 0 is a change that is no attack)\n\n",
	    ev_stage_names[1], ev_stage_names[2], ev_stage_names[3],
	    ev_stage_names[4], ev_stage_names[5], ev_stage_names[6]);
	return found;
}

static unsigned
ev_report(const struct ev *e)
{
	static const char *const names[] = { "match", "stats", "composite" };
	struct ev_tally		 an[3], st;
	size_t			 i;
	unsigned		 comp_missed;
	int			 s;

	struct ev_tally		 stage[7];

	memset(an, 0, sizeof(an));
	memset(stage, 0, sizeof(stage));
	for (s = 0; s <= 6; s++) {
		memset(&st, 0, sizeof(st));
		for (i = 0; i < e->nrows; i++)
			if (e->rows[i].stage == s)
				st.found++;
		if (st.found == 0)
			continue;
		printf("stage %d (%u planted events):\n", s, st.found);
		for (i = 0; i < e->nrows; i++) {
			if (e->rows[i].stage != s)
				continue;
			ev_row(e, &e->rows[i], an, names, 3, &stage[s]);
		}
	}
	printf("\nrecall per attack stage (expected rule hits found):\n");
	for (s = 0; s <= 6; s++)
		if (stage[s].found + stage[s].missed > 0)
			printf("  stage %d  %3u of %3u  %5.1f%%\n", s,
			    stage[s].found, stage[s].found + stage[s].missed,
			    100.0 * stage[s].found / (stage[s].found +
			    stage[s].missed));
	printf("\nper analyzer (expected rule hits):\n");
	for (i = 0; i < 3; i++)
		printf("  %-10s %u found, %u missed\n", names[i], an[i].found,
		    an[i].missed);
	comp_missed = an[2].missed;
	return comp_missed;
}

/* Alerts on endpoints the attack never touched, by rule. */
static unsigned
ev_background(const struct ev *e)
{
	char		 one[300], seen[8192] = ",";
	size_t		 i, j, n;
	unsigned	 comp = 0;

	printf("\nalerts on background (endpoints the attack never "
	    "touched):\n");
	for (i = 0; i < e->na; i++) {
		snprintf(one, sizeof(one), ",%s,", e->a[i].ep != NULL ?
		    e->a[i].ep : "-");
		if (strstr(e->touched, one) != NULL)
			continue;
		snprintf(one, sizeof(one), ",%s,", e->a[i].rule);
		if (strstr(seen, one) != NULL)
			continue;
		for (j = i, n = 0; j < e->na; j++) {
			if (strcmp(e->a[j].rule, e->a[i].rule) != 0)
				continue;
			snprintf(one, sizeof(one), ",%s,", e->a[j].ep !=
			    NULL ? e->a[j].ep : "-");
			n += strstr(e->touched, one) == NULL;
		}
		printf("  rule %-8s %-10s %zu alerts\n", e->a[i].rule,
		    e->a[i].analyzer != NULL ? e->a[i].analyzer : "?", n);
		if (e->a[i].analyzer != NULL &&
		    strcmp(e->a[i].analyzer, "composite") == 0)
			comp += (unsigned)n;
		snprintf(seen + strlen(seen), sizeof(seen) - strlen(seen),
		    "%s,", e->a[i].rule);
	}
	if (seen[1] == '\0')
		printf("  none\n");
	return comp;
}

/* ",a,b,c,": the words of path (address, name), or NULL. */
static char *
ev_load_hosts(const char *path)
{
	FILE		*f;
	char		 line[256], *buf, *nb, *w, *save = NULL;
	size_t		 len = 1, cap = 4096, n;

	if ((f = fopen(path, "r")) == NULL) {
		perror(path);
		return NULL;
	}
	if ((buf = malloc(cap)) == NULL)
		goto fail;
	strcpy(buf, ",");
	while (fgets(line, sizeof(line), f) != NULL) {
		if (line[0] == '#')
			continue;
		for (w = strtok_r(line, " \t\r\n", &save); w != NULL;
		    w = strtok_r(NULL, " \t\r\n", &save)) {
			n = strlen(w);
			if (len + n + 2 > cap) {
				cap = (len + n + 2) * 2;
				if ((nb = realloc(buf, cap)) == NULL)
					goto fail;
				buf = nb;
			}
			memcpy(buf + len, w, n);
			len += n;
			buf[len++] = ',';
			buf[len] = '\0';
		}
	}
	fclose(f);
	return buf;
fail:
	perror("eval_campaign");
	free(buf);
	fclose(f);
	return NULL;
}

/* Whether alert i counts against the budget: its endpoint is a host. */
static int
ev_benign(const struct ev *e, size_t i, const char *hosts)
{
	char		 one[300];
	const char	*ip;

	if (hosts == NULL)
		return 1;
	snprintf(one, sizeof(one), ",%s,", e->a[i].ep != NULL ? e->a[i].ep :
	    "-");
	if (strstr(hosts, one) != NULL)
		return 1;
	ip = json_string_value(json_object_get(json_object_get(e->recs[i],
	    "source"), "ip"));
	snprintf(one, sizeof(one), ",%s,", ip != NULL ? ip : "-");
	return strstr(hosts, one) != NULL;
}

/* Alerts per benign host-day, by rule; returns 1 over the budget. */
static int
ev_budget(const struct ev *e, double hostdays, const char *hosts,
    const char *label)
{
	char		 one[64], seen[8192] = ",";
	size_t		 i, j, n, total = 0, other = 0;

	for (i = 0; i < e->na; i++)
		if (ev_benign(e, i, hosts))
			total++;
		else
			other++;
	printf("benign %-28s %6.0f host-days %6zu alerts %7.3f per "
	    "host-day (budget 1: %s)\n", label, hostdays, total,
	    total / hostdays, total <= hostdays ? "met" : "EXCEEDED");
	for (i = 0; i < e->na; i++) {
		snprintf(one, sizeof(one), ",%s,", e->a[i].rule);
		if (!ev_benign(e, i, hosts) || strstr(seen, one) != NULL)
			continue;
		for (j = i, n = 0; j < e->na; j++)
			n += strcmp(e->a[j].rule, e->a[i].rule) == 0 &&
			    ev_benign(e, j, hosts);
		printf("  rule %-8s %-12s %6zu alerts %7.3f per host-day\n",
		    e->a[i].rule, e->a[i].analyzer != NULL ?
		    e->a[i].analyzer : "?", n, n / hostdays);
		if (strlen(seen) + strlen(one) < sizeof(seen))
			strcat(seen, one + 1);
	}
	if (other > 0)
		printf("  (%zu alerts on other sources: attacks on the benign "
		    "hosts from outside)\n", other);
	return total > hostdays;
}

/* eval_campaign -B host-days [-h hosts] [-l label] alerts.json */
static int
ev_budget_main(int argc, char *argv[])
{
	struct ev	 e;
	const char	*hpath = NULL, *label = "capture";
	char		*hosts = NULL;
	double		 hostdays = 0;
	int		 ch, rc;
	size_t		 i;

	while ((ch = getopt(argc, argv, "B:h:l:")) != -1) {
		switch (ch) {
		case 'B':
			hostdays = strtod(optarg, NULL);
			break;
		case 'h':
			hpath = optarg;
			break;
		case 'l':
			label = optarg;
			break;
		default:
			return 2;
		}
	}
	if (optind != argc - 1 || hostdays <= 0) {
		fprintf(stderr, "usage: eval_campaign -B host-days "
		    "[-h hosts.txt] [-l label] alerts.json\n");
		return 2;
	}
	memset(&e, 0, sizeof(e));
	if ((hpath != NULL && (hosts = ev_load_hosts(hpath)) == NULL) ||
	    ev_load_alerts(&e, argv[optind]) == -1)
		return 2;
	rc = ev_budget(&e, hostdays, hosts, label);
	for (i = 0; i < e.na; i++)
		json_decref(e.recs[i]);
	free(e.recs);
	free(e.a);
	free(hosts);
	return rc;
}

int
main(int argc, char *argv[])
{
	struct ev	 e;
	unsigned	 missed, bg;
	int		 check = 0, first;
	size_t		 i;

	if (argc > 1 && strcmp(argv[1], "-B") == 0)
		return ev_budget_main(argc, argv);
	if (argc > 1 && strcmp(argv[1], "-c") == 0) {
		check = 1;
		argc--;
		argv++;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: eval_campaign [-c] truth.tsv "
		    "alerts.json\n");
		return 2;
	}
	memset(&e, 0, sizeof(e));
	if (ev_load_truth(&e, argv[1]) == -1 ||
	    ev_load_alerts(&e, argv[2]) == -1)
		return 2;
	printf("%zu planted events, %zu alerts\n\n", e.nrows, e.na);
	first = ev_first(&e);
	missed = ev_report(&e);
	bg = ev_background(&e);
	for (i = 0; i < e.na; i++)
		json_decref(e.recs[i]);
	free(e.recs);
	free(e.a);
	free(e.rows);
	return check && (missed > 0 || bg > 0 || !first) ? 1 : 0;
}
