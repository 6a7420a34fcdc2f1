/*
 * The report's pages (report.h): an incident's page, the index of the
 * incidents, and report_run that reads the alert file and writes them.
 * Every value goes out through rhtml_esc; the style is inline, and the
 * table's pages are radio buttons and CSS, so no script is needed.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/rint.h"
#include "util/log.h"
#include "util/timeutil.h"

static const char rhtml_css[] =
    "body{font-family:sans-serif;margin:1.5em;color:#222;max-width:1000px}"
    "h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccc;"
    "margin-top:1.6em}table{border-collapse:collapse;width:100%}"
    "td,th{border:1px solid #ddd;padding:3px 6px;text-align:left;"
    "vertical-align:top;font-size:.9em}th{background:#f3f3f3}"
    ".sum th{width:14em}.note{color:#666;font-size:.85em}"
    "pre{white-space:pre-wrap;word-break:break-all;font-size:.8em;"
    "background:#f8f8f8;padding:4px;margin:2px 0}"
    ".stage{display:inline-block;width:.8em;height:.8em;margin-right:4px;"
    "border-radius:2px}svg text{font-size:11px;font-family:sans-serif}"
    ".ep{text-anchor:end}.tick{text-anchor:middle;fill:#555}"
    ".grid{stroke:#e4e4e4}.graph line,.graph polyline{stroke:#b00;"
    "stroke-width:1.5}"
    ".edge.outside line{stroke:#999;stroke-dasharray:4 3}"
    ".graph rect{stroke-width:3}rect.endpoint{fill:#fff}"
    "rect.outside{fill:#fff3f0}.nname{font-weight:bold}"
    ".elabel{text-anchor:middle;fill:#b00}"
    ".pg{display:none}.pages label{border:1px solid #aaa;padding:1px 6px;"
    "margin:0 2px;cursor:pointer}.pages input{display:none}";

/* The entity of a byte that needs one, or NULL. */
static const char *
rhtml_entity(unsigned char c)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	case '\'': return "&#39;";
	case '\t': return NULL;
	default:
		/* Control bytes would make the page invalid. */
		return c < 0x20 ? " " : NULL;
	}
}

/* Runs of plain bytes go out whole: most values have no entity. */
void
rhtml_esc(FILE *fp, const char *s, size_t max)
{
	size_t		 i, run = 0;
	const char	*e;

	if (s == NULL)
		return;
	for (i = 0; s[i] != '\0' && (max == 0 || i < max); i++)
		if ((e = rhtml_entity((unsigned char)s[i])) != NULL) {
			fwrite(s + run, 1, i - run, fp);
			fputs(e, fp);
			run = i + 1;
		}
	fwrite(s + run, 1, i - run, fp);
	if (s[i] != '\0') {
		/* Cut: not in the middle of a UTF-8 character. */
		while (((unsigned char)s[i] & 0xc0) == 0x80)
			fputc(s[i++], fp);
		fputs("…", fp);
	}
}

void
rhtml_time(FILE *fp, int64_t ms)
{
	char	 t[40];

	if (ms != 0 && time_format_rfc3339(ms, t, sizeof(t)) != -1)
		fputs(t, fp);
}

static void
rhtml_head(FILE *fp, const char *title, enum report_lang lang)
{
	fprintf(fp, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta "
	    "charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" "
	    "content=\"default-src 'none'; style-src 'unsafe-inline'\">"
	    "<title>", lang == REPORT_JA ? "ja" : "en");
	rhtml_esc(fp, title, 0);
	fprintf(fp, "</title><style>%s", rhtml_css);
	/* One rule per page of the table: the checked radio shows it. */
	for (int i = 1; i <= REPORT_TABLE / REPORT_PAGE; i++)
		fprintf(fp, "#p%d:checked~.pg%d{display:table}", i, i);
	fprintf(fp, "</style></head><body>\n");
}

static void
rhtml_stage(FILE *fp, int stage, enum report_lang lang)
{
	fprintf(fp, "<span class=\"stage\" style=\"background:%s\"></span>",
	    rlabel_stage_color(stage));
	rhtml_esc(fp, rlabel_stage(lang, stage), 0);
}

static const char *
rhtml_level(int lv)
{
	static const char *const n[] = { "none", "low", "medium", "high",
	    "critical" };

	return n[lv < 0 || lv > 4 ? 0 : lv];
}

/* A set's names, most counted first is not needed: in order seen. */
static void
rhtml_names(FILE *fp, json_t *o, size_t max, enum report_lang lang)
{
	const char	*k;
	json_t		*v;
	size_t		 i = 0;

	json_object_foreach(o, k, v) {
		if (i++ == max) {
			fprintf(fp, " …");
			break;
		}
		if (i > 1)
			fputs(", ", fp);
		rhtml_esc(fp, k, 120);
		fprintf(fp, " (%lld)", (long long)json_integer_value(v));
	}
	if (i == 0)
		rhtml_esc(fp, rlabel(lang, "none"), 0);
}

static void
rhtml_row_th(FILE *fp, const char *key, enum report_lang lang)
{
	fprintf(fp, "<tr><th>");
	rhtml_esc(fp, rlabel(lang, key), 0);
	fprintf(fp, "</th><td>");
}

static int
rhtml_cmp_first(const void *a, const void *b)
{
	json_int_t	 x = json_integer_value(json_object_get(json_array_get(
			    *(json_t *const *)a, 1), "first"));
	json_int_t	 y = json_integer_value(json_object_get(json_array_get(
			    *(json_t *const *)b, 1), "first"));

	return x < y ? -1 : x > y;
}

/* The rules that alerted, as [id, {...}], in the order they first did. */
static json_t **
rhtml_rules_sorted(const struct rinc *r, size_t *n)
{
	json_t		**v, *o;
	const char	 *k;

	*n = 0;
	if ((v = calloc(json_object_size(r->rules) + 1, sizeof(*v))) == NULL)
		return NULL;
	json_object_foreach(r->rules, k, o)
		v[(*n)++] = json_pack("[s,O]", k, o);
	qsort(v, *n, sizeof(*v), rhtml_cmp_first);
	return v;
}

/* What happened and why: each rule that alerted, with its reason. */
static void
rhtml_rules(FILE *fp, const struct rinc *r, int why, enum report_lang lang)
{
	json_t	**rv, *v;
	size_t	  i, n;

	if ((rv = rhtml_rules_sorted(r, &n)) == NULL)
		return;
	for (i = 0; i < n; i++) {
		v = json_array_get(rv[i], 1);
		if (i > 0)
			fputs("<br>", fp);
		if (i == 16)
			fputs("…", fp);
		if (i >= 16 || why) {
			if (i < 16)
				rhtml_esc(fp, json_string_value(json_object_get(
				    v, "reason")), 400);
			continue;
		}
		rhtml_stage(fp, (int)json_integer_value(json_object_get(v,
		    "stage")), lang);
		fputs(" — ", fp);
		rhtml_esc(fp, json_string_value(json_object_get(v, "name")),
		    200);
		fprintf(fp, " (%s ", rlabel(lang, "rule"));
		rhtml_esc(fp, json_string_value(json_array_get(rv[i], 0)), 80);
		fprintf(fp, ", %lld)", (long long)json_integer_value(
		    json_object_get(v, "count")));
	}
	for (i = 0; i < n; i++)
		json_decref(rv[i]);
	free(rv);
}

static void
rhtml_endpoints(FILE *fp, const struct rinc *r, enum report_lang lang)
{
	json_t	*v;
	size_t	 i;

	json_array_foreach(r->eps, i, v) {
		if (i == 50) {
			fputs(" …", fp);
			break;
		}
		if (i > 0)
			fputs(", ", fp);
		fprintf(fp, "<span class=\"stage\" style=\"background:%s\">"
		    "</span>", rlabel_stage_color((int)json_integer_value(
		    json_object_get(v, "stage"))));
		rhtml_esc(fp, json_string_value(json_object_get(v, "name")),
		    80);
	}
	if (i == 0)
		rhtml_esc(fp, rlabel(lang, "none"), 0);
}

/* The summary in the vocabulary of phases A and F. */
static void
rhtml_summary(FILE *fp, const struct rinc *r, enum report_lang lang)
{
	fprintf(fp, "<h2>%s</h2><table class=\"sum\">", rlabel(lang,
	    "summary"));
	rhtml_row_th(fp, "what", lang);
	rhtml_rules(fp, r, 0, lang);
	rhtml_row_th(fp, "where", lang);
	rhtml_names(fp, r->sources, 20, lang);
	rhtml_row_th(fp, "endpoints", lang);
	rhtml_endpoints(fp, r, lang);
	rhtml_row_th(fp, "users", lang);
	rhtml_names(fp, r->users, 30, lang);
	rhtml_row_th(fp, "why", lang);
	rhtml_rules(fp, r, 1, lang);
	rhtml_row_th(fp, "importance", lang);
	fputs(rlabel(lang, rhtml_level(r->importance)), fp);
	rhtml_row_th(fp, "priority", lang);
	fputs(rlabel(lang, rhtml_level(r->priority)), fp);
	rhtml_row_th(fp, "stage", lang);
	rhtml_stage(fp, r->stage, lang);
	rhtml_row_th(fp, "period", lang);
	rhtml_time(fp, r->first);
	fputs(" – ", fp);
	rhtml_time(fp, r->last);
	rhtml_row_th(fp, "alerts", lang);
	fprintf(fp, "%llu</td></tr></table>\n", (unsigned long long)r->alerts);
}

/* Countermeasures, by target: account, endpoint, segment, service. */
static void
rhtml_cms(FILE *fp, const struct rinc *r, enum report_lang lang)
{
	static const char *const targets[] = { "account", "endpoint",
	    "segment", "service" };
	const char	*k, *act, *desc;
	json_t		*v;
	size_t		 t;

	fprintf(fp, "<h2>%s</h2><table><tr><th>%s</th><th>%s</th><th>%s</th>"
	    "</tr>", rlabel(lang, "countermeasures"), rlabel(lang, "target"),
	    rlabel(lang, "action"), rlabel(lang, "object"));
	for (t = 0; t < 4; t++)
		json_object_foreach(r->cms, k, v) {
			if (strcmp(json_string_value(json_object_get(v,
			    "target")), targets[t]) != 0)
				continue;
			fprintf(fp, "<tr><td>%s</td><td>", rlabel(lang,
			    targets[t]));
			act = json_string_value(json_object_get(v, "action"));
			desc = json_string_value(json_object_get(v,
			    "description"));
			rhtml_esc(fp, rlabel_action(lang, act, desc != NULL ?
			    desc : act), 300);
			fprintf(fp, "</td><td>");
			rhtml_esc(fp, json_string_value(json_object_get(v,
			    "object")), 200);
			fprintf(fp, "</td></tr>");
		}
	fprintf(fp, "</table>\n");
}

static void
rhtml_row(FILE *fp, json_t *row, enum report_lang lang)
{
	json_t	*v;
	size_t	 i;

	fprintf(fp, "<tr><td>");
	rhtml_time(fp, json_integer_value(json_object_get(row, "t")));
	fprintf(fp, "</td><td>");
	rhtml_esc(fp, json_string_value(json_object_get(row, "ep")), 80);
	fprintf(fp, "</td><td>");
	rhtml_stage(fp, (int)json_integer_value(json_object_get(row,
	    "stage")), lang);
	fprintf(fp, "</td><td>");
	rhtml_esc(fp, json_string_value(json_object_get(row, "rule")), 80);
	fprintf(fp, " ");
	rhtml_esc(fp, json_string_value(json_object_get(row, "name")), 200);
	fprintf(fp, "</td><td>");
	rhtml_esc(fp, json_string_value(json_object_get(row, "phen")), 600);
	if (json_array_size(json_object_get(row, "evidence")) > 0) {
		fprintf(fp, "<details><summary>%s</summary>", rlabel(lang,
		    "evidence"));
		json_array_foreach(json_object_get(row, "evidence"), i, v) {
			fputs("<pre>", fp);
			rhtml_esc(fp, json_string_value(v), 0);
			fputs("</pre>", fp);
		}
		fputs("</details>", fp);
	}
	fprintf(fp, "</td></tr>\n");
}

static int
rhtml_cmp_row(const void *a, const void *b)
{
	json_int_t	 x = json_integer_value(json_object_get(
			    *(json_t *const *)a, "t"));
	json_int_t	 y = json_integer_value(json_object_get(
			    *(json_t *const *)b, "t"));

	return x < y ? -1 : x > y;
}

/*
 * The table, in pages: a radio button shows each (no script).  The
 * first max alerts in time of those kept; the others are counted.
 */
static void
rhtml_table(FILE *fp, const struct rinc *r, size_t max,
    enum report_lang lang)
{
	size_t	 n = json_array_size(r->rows), np, i, p, kept = n;
	json_t	**v;

	fprintf(fp, "<h2>%s</h2><div class=\"pages\">", rlabel(lang,
	    "table"));
	if ((v = calloc(n + 1, sizeof(*v))) == NULL)
		return;
	for (i = 0; i < n; i++)
		v[i] = json_array_get(r->rows, i);
	qsort(v, n, sizeof(*v), rhtml_cmp_row);
	if (n > max)
		n = max;
	np = (n + REPORT_PAGE - 1) / REPORT_PAGE;
	for (p = 1; p <= np; p++)
		fprintf(fp, "<input type=\"radio\" name=\"pg\" id=\"p%zu\"%s>",
		    p, p == 1 ? " checked" : "");
	fprintf(fp, "%s:", rlabel(lang, "page"));
	for (p = 1; p <= np; p++)
		fprintf(fp, "<label for=\"p%zu\">%zu</label>", p, p);
	for (i = 0; i < n; i++) {
		if (i % REPORT_PAGE == 0)
			fprintf(fp, "%s<table class=\"pg pg%zu\"><tr><th>%s</th>"
			    "<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>",
			    i > 0 ? "</table>" : "", i / REPORT_PAGE + 1,
			    rlabel(lang, "time"), rlabel(lang, "endpoints"),
			    rlabel(lang, "stage"), rlabel(lang, "rule"),
			    rlabel(lang, "phenomenon"));
		rhtml_row(fp, v[i], lang);
	}
	fprintf(fp, "%s</div>\n", n > 0 ? "</table>" : "");
	if (r->rows_left + kept - n > 0)
		fprintf(fp, "<p class=\"note\">%llu %s</p>\n",
		    (unsigned long long)(r->rows_left + kept - n),
		    rlabel(lang, "not_shown"));
	free(v);
}

/* The incident's page: summary, attack path, timeline, table. */
static void
rhtml_page(FILE *fp, const struct rinc *r, size_t rows,
    enum report_lang lang, int64_t now_ms)
{
	rhtml_head(fp, r->id, lang);
	fprintf(fp, "<h1>%s: ", rlabel(lang, "title"));
	rhtml_esc(fp, r->id, 0);
	fprintf(fp, "</h1><p class=\"note\">%s. %s ", rlabel(lang, "phase"),
	    rlabel(lang, "generated"));
	rhtml_time(fp, now_ms);
	fprintf(fp, ". <a href=\"index.html\">%s</a></p>\n", rlabel(lang,
	    "index"));
	rhtml_summary(fp, r, lang);
	rhtml_cms(fp, r, lang);
	fprintf(fp, "<h2>%s</h2><p class=\"note\">%s</p>\n", rlabel(lang,
	    "path"), rlabel(lang, "path_note"));
	rsvg_graph(fp, r, lang);
	fprintf(fp, "<h2>%s</h2><p class=\"note\">%s ", rlabel(lang,
	    "timeline"), rlabel(lang, "timeline_note"));
	for (int s = 1; s <= 6; s++) {
		rhtml_stage(fp, s, lang);
		fputs(" ", fp);
	}
	fprintf(fp, "</p>\n");
	rsvg_timeline(fp, r, lang);
	rhtml_table(fp, r, rows, lang);
	fprintf(fp, "</body></html>\n");
}

/* A file name from an incident id: letters, digits, '-' and '_'. */
static void
rhtml_fname(const char *id, char *out, size_t len)
{
	size_t	 i;

	for (i = 0; id[i] != '\0' && i + 6 < len; i++)
		out[i] = (id[i] >= 'a' && id[i] <= 'z') || (id[i] >= 'A' &&
		    id[i] <= 'Z') || (id[i] >= '0' && id[i] <= '9') ||
		    id[i] == '-' ? id[i] : '_';
	snprintf(out + i, len - i, ".html");
}

static void
rhtml_index(FILE *fp, const struct rdata *d, enum report_lang lang,
    int64_t now_ms)
{
	char	 fn[128];
	size_t	 i;

	rhtml_head(fp, rlabel(lang, "index"), lang);
	fprintf(fp, "<h1>%s</h1><p class=\"note\">%s ", rlabel(lang, "index"),
	    rlabel(lang, "generated"));
	rhtml_time(fp, now_ms);
	fprintf(fp, ". %s: %llu %s, %llu %s, %llu %s.</p>\n", rlabel(lang,
	    "read"), (unsigned long long)d->st->records, rlabel(lang,
	    "alerts"), (unsigned long long)d->st->broken, rlabel(lang,
	    "broken"), (unsigned long long)d->st->unknown_fields, rlabel(lang,
	    "unknown_fields"));
	fprintf(fp, "<table><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
	    "<th>%s</th><th>%s</th></tr>\n", rlabel(lang, "incident"),
	    rlabel(lang, "period"), rlabel(lang, "stage"), rlabel(lang,
	    "importance"), rlabel(lang, "alerts"), rlabel(lang, "endpoints"));
	for (i = 0; i < d->n; i++) {
		rhtml_fname(d->v[i]->id, fn, sizeof(fn));
		fprintf(fp, "<tr><td><a href=\"");
		rhtml_esc(fp, fn, 0);
		fprintf(fp, "\">");
		rhtml_esc(fp, d->v[i]->id, 0);
		fprintf(fp, "</a></td><td>");
		rhtml_time(fp, d->v[i]->first);
		fputs(" – ", fp);
		rhtml_time(fp, d->v[i]->last);
		fprintf(fp, "</td><td>");
		rhtml_stage(fp, d->v[i]->stage, lang);
		fprintf(fp, "</td><td>%s</td><td>%llu</td><td>", rlabel(lang,
		    rhtml_level(d->v[i]->importance)),
		    (unsigned long long)d->v[i]->alerts);
		rhtml_endpoints(fp, d->v[i], lang);
		fprintf(fp, "</td></tr>\n");
	}
	fprintf(fp, "</table></body></html>\n");
}

/*
 * Write one file: a page of an incident with at most rows alerts in its
 * table, or the index (r NULL).
 */
static int
rhtml_write(const char *path, const struct rdata *d, const struct rinc *r,
    size_t rows, enum report_lang lang, int64_t now_ms)
{
	FILE	*fp;

	if ((fp = fopen(path, "w")) == NULL) {
		log_warn("%s", path);
		return -1;
	}
	if (r != NULL)
		rhtml_page(fp, r, rows, lang, now_ms);
	else
		rhtml_index(fp, d, lang, now_ms);
	if (ferror(fp) | fclose(fp)) {
		log_warn("%s", path);
		return -1;
	}
	d->st->pages++;
	return 0;
}

/* Every page into outdir, or only that incident's. */
static int
rhtml_all(const struct rdata *d, const char *outdir, const char *only,
    enum report_lang lang, int64_t now_ms)
{
	char	 fn[128], path[4096];
	size_t	 i, n = strlen(outdir), rows;
	int	 rc = 0;

	rows = rdata_rows(d);
	if (only != NULL && n > 5 && strcmp(outdir + n - 5, ".html") == 0) {
		for (i = 0; i < d->n; i++)
			if (strcmp(d->v[i]->id, only) == 0)
				return rhtml_write(outdir, d, d->v[i],
				    REPORT_TABLE, lang, now_ms);
		log_warnx("no incident %s in the alerts", only);
		return -1;
	}
	if (mkdir(outdir, 0755) == -1 && errno != EEXIST) {
		log_warn("%s", outdir);
		return -1;
	}
	for (i = 0; i < d->n; i++) {
		if (only != NULL && strcmp(d->v[i]->id, only) != 0)
			continue;
		rhtml_fname(d->v[i]->id, fn, sizeof(fn));
		snprintf(path, sizeof(path), "%s/%s", outdir, fn);
		rc |= rhtml_write(path, d, d->v[i], rows, lang, now_ms);
	}
	snprintf(path, sizeof(path), "%s/index.html", outdir);
	return rc | rhtml_write(path, d, NULL, 0, lang, now_ms);
}

int
report_run(const char *path, const char *outdir, const char *only,
    enum report_lang lang, int64_t now_ms, struct report_stats *st)
{
	struct rdata	 d;
	int		 rc;

	memset(&d, 0, sizeof(d));
	memset(st, 0, sizeof(*st));
	d.st = st;
	d.only = only;
	if (now_ms == 0)
		now_ms = time_now_ms(CLOCK_REALTIME);
	if ((rc = rdata_read(&d, path)) == 0)
		rc = rhtml_all(&d, outdir, only, lang, now_ms);
	rdata_free(&d);
	return rc;
}
