/*
 * The report's drawings (rint.h), inline SVG: the timeline, one row per
 * endpoint and a mark per stage and slice of time, and the attack path,
 * endpoints above, outside destinations below, propagation edges with
 * their technique.  Every name is escaped, and carried in data-*
 * attributes (with the stage of each node and mark) so that a test can
 * read back what was drawn.
 */
#include <stdlib.h>
#include <string.h>

#include "report/rint.h"
#include "util/timeutil.h"

#define TL_LEFT		150	/* the endpoints' names */
#define TL_WIDTH	780	/* the time axis */
#define TL_ROW		20
#define TL_TOP		24

#define G_PER_ROW	5
#define G_DX		190
#define G_DY		110
#define G_W		170
#define G_H		64
#define G_LIFT		18	/* edges of one row run this far above it */

static void
rsvg_hhmm(FILE *fp, int64_t ms)
{
	char	 t[40];

	if (time_format_rfc3339(ms, t, sizeof(t)) == -1)
		return;
	fprintf(fp, "%.5s", t + 11);
}

/* The axis: the first date, then times at six ticks. */
static void
rsvg_axis(FILE *fp, int64_t t0, int64_t span, int h)
{
	char	 t[40];
	int	 i, x;

	for (i = 0; i <= 6; i++) {
		x = TL_LEFT + TL_WIDTH * i / 6;
		fprintf(fp, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
		    "class=\"grid\"/>", x, TL_TOP - 4, x, h - 18);
		fprintf(fp, "<text x=\"%d\" y=\"%d\" class=\"tick\">", x, h - 4);
		if (i == 0 && time_format_rfc3339(t0, t, sizeof(t)) != -1)
			fprintf(fp, "%.10s ", t);
		rsvg_hhmm(fp, t0 + span * i / 6);
		fprintf(fp, "</text>");
	}
}

/* Counts per row, slice and stage; rows beyond REPORT_ROWS not kept. */
static uint32_t *
rsvg_bins(const struct rinc *r, int64_t t0, int64_t span, size_t rows)
{
	uint32_t	*c = calloc(rows * REPORT_BINS * 7, sizeof(*c));
	size_t		 i, b;

	if (c == NULL)
		return NULL;
	for (i = 0; i < r->nmarks; i++) {
		/* A record without a time is not on the axis. */
		if (r->marks[i].ep >= rows || r->marks[i].t < t0 ||
		    r->marks[i].t > t0 + span)
			continue;
		b = (size_t)((r->marks[i].t - t0) * (REPORT_BINS - 1) / span);
		c[(r->marks[i].ep * REPORT_BINS + b) * 7 +
		    r->marks[i].stage]++;
	}
	return c;
}

static void
rsvg_row(FILE *fp, const struct rinc *r, const uint32_t *c, size_t row,
    int64_t t0, int64_t span, enum report_lang lang)
{
	const char	*name = json_string_value(json_object_get(
			    json_array_get(r->eps, row), "name"));
	int		 y = TL_TOP + (int)row * TL_ROW, b, s, x;
	int		 w = TL_WIDTH / REPORT_BINS > 2 ? TL_WIDTH / REPORT_BINS : 2;

	fprintf(fp, "<g class=\"row\" data-endpoint=\"");
	rhtml_esc(fp, name, 0);
	fprintf(fp, "\"><text x=\"%d\" y=\"%d\" class=\"ep\">", TL_LEFT - 6,
	    y + 13);
	rhtml_esc(fp, name, 40);
	fprintf(fp, "</text>");
	for (b = 0; b < REPORT_BINS; b++)
		for (s = 0; s <= 6; s++) {
			if (c[(row * REPORT_BINS + (size_t)b) * 7 +
			    (size_t)s] == 0)
				continue;
			x = TL_LEFT + b * TL_WIDTH / REPORT_BINS;
			fprintf(fp, "<rect x=\"%d\" y=\"%d\" width=\"%d\" "
			    "height=\"14\" fill=\"%s\" class=\"mark\" "
			    "data-stage=\"%d\"><title>%u × %s, ", x, y + 2, w,
			    rlabel_stage_color(s), s, c[(row * REPORT_BINS +
			    (size_t)b) * 7 + (size_t)s], rlabel_stage(lang, s));
			rhtml_time(fp, t0 + span * b / (REPORT_BINS - 1));
			fprintf(fp, "</title></rect>");
		}
	fprintf(fp, "</g>");
}

void
rsvg_timeline(FILE *fp, const struct rinc *r, enum report_lang lang)
{
	size_t		 rows = json_array_size(r->eps), i;
	int64_t		 t0 = r->first, span = r->last - r->first;
	uint32_t	*c;
	int		 h;

	if (rows > REPORT_ROWS)
		rows = REPORT_ROWS;
	if (span < 60000)
		span = 60000;
	h = TL_TOP + (int)rows * TL_ROW + 24;
	if ((c = rsvg_bins(r, t0, span, rows)) == NULL)
		return;
	fprintf(fp, "<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/"
	    "svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
	    "role=\"img\">", TL_LEFT + TL_WIDTH + 20, h,
	    TL_LEFT + TL_WIDTH + 20, h);
	rsvg_axis(fp, t0, span, h);
	for (i = 0; i < rows; i++)
		rsvg_row(fp, r, c, i, t0, span, lang);
	fprintf(fp, "</svg>\n");
	free(c);
	if (json_array_size(r->eps) > rows)
		fprintf(fp, "<p class=\"note\">%zu %s</p>\n",
		    json_array_size(r->eps) - rows,
		    rlabel(lang, "more_endpoints"));
}

/* Where node i of its kind sits: endpoints above, destinations below. */
static void
rsvg_place(size_t i, int below, int top, int *x, int *y)
{
	*x = 10 + (int)(i % G_PER_ROW) * G_DX;
	*y = (below ? top : 10) + (int)(i / G_PER_ROW) * G_DY;
}

static void
rsvg_node(FILE *fp, const char *kind, const char *name, json_t *o, int x,
    int y, enum report_lang lang)
{
	int	 stage = (int)json_integer_value(json_object_get(o, "stage"));

	fprintf(fp, "<g class=\"node %s\" data-stage=\"%d\" data-node=\"",
	    kind, stage);
	rhtml_esc(fp, name, 0);
	fprintf(fp, "\"><title>");
	rhtml_esc(fp, name, 0);
	fprintf(fp, ": %s</title><rect x=\"%d\" y=\"%d\" width=\"%d\" "
	    "height=\"%d\" rx=\"6\" stroke=\"%s\" class=\"%s\"/>",
	    rlabel_stage(lang, stage), x, y, G_W, G_H,
	    rlabel_stage_color(stage), kind);
	fprintf(fp, "<text x=\"%d\" y=\"%d\" class=\"nname\">", x + 8, y + 20);
	rhtml_esc(fp, name, 24);
	fprintf(fp, "</text><text x=\"%d\" y=\"%d\" class=\"ntime\">", x + 8,
	    y + 38);
	rsvg_hhmm(fp, json_integer_value(json_object_get(o, "first")));
	fprintf(fp, " – ");
	rsvg_hhmm(fp, json_integer_value(json_object_get(o, "last")));
	fprintf(fp, "</text><text x=\"%d\" y=\"%d\" class=\"ntime\">%lld "
	    "%s</text></g>", x + 8, y + 55, (long long)json_integer_value(
	    json_object_get(o, "count")), rlabel(lang, "alerts"));
}

/* An edge between two placed nodes, with its label at the middle. */
static void
rsvg_edge(FILE *fp, const char *kind, const char *from, const char *to,
    const char *label, int x1, int y1, int x2, int y2)
{
	fprintf(fp, "<g class=\"edge %s\" data-from=\"", kind);
	rhtml_esc(fp, from, 0);
	fprintf(fp, "\" data-to=\"");
	rhtml_esc(fp, to, 0);
	fprintf(fp, "\" data-technique=\"");
	rhtml_esc(fp, label, 0);
	/* Nodes of one row: up, across above them, and down. */
	if (y1 == y2) {
		fprintf(fp, "\"><polyline points=\"%d,%d %d,%d %d,%d %d,%d\" "
		    "fill=\"none\" marker-end=\"url(#arrow)\"/>", x1, y1, x1,
		    y1 - G_LIFT, x2, y2 - G_LIFT, x2, y2);
		y1 -= G_LIFT;
		y2 -= G_LIFT;
	} else
		fprintf(fp, "\"><line x1=\"%d\" y1=\"%d\" x2=\"%d\" "
		    "y2=\"%d\" marker-end=\"url(#arrow)\"/>", x1, y1, x2, y2);
	if (label != NULL && *label != '\0') {
		fprintf(fp, "<text x=\"%d\" y=\"%d\" class=\"elabel\">",
		    (x1 + x2) / 2, (y1 + y2) / 2 - 4);
		rhtml_esc(fp, label, 32);
		fprintf(fp, "</text>");
	}
	fprintf(fp, "</g>");
}

/* The node's centre, by name: an endpoint, else a destination. */
static int
rsvg_find(const struct rinc *r, const char *name, size_t neps, size_t ndst,
    int top, int *x, int *y)
{
	json_t		*ix = json_object_get(r->epidx, name), *v;
	const char	*k;
	size_t		 i = 0;

	if (ix != NULL && (size_t)json_integer_value(ix) < neps) {
		rsvg_place((size_t)json_integer_value(ix), 0, top, x, y);
		*x += G_W / 2;
		*y += G_H / 2;
		return 0;
	}
	json_object_foreach((json_t *)(uintptr_t)r->dests, k, v) {
		if (i >= ndst)
			break;
		if (strcmp(k, name) == 0) {
			rsvg_place(i, 1, top, x, y);
			*x += G_W / 2;
			*y += G_H / 2;
			return 0;
		}
		i++;
	}
	return -1;
}

static void
rsvg_edges(FILE *fp, const struct rinc *r, size_t neps, size_t ndst,
    int top)
{
	const char	*k, *f;
	json_t		*e, *from;
	int		 x1, y1, x2, y2;

	json_object_foreach((json_t *)(uintptr_t)r->edges, k, e)
		if (rsvg_find(r, json_string_value(json_object_get(e, "from")),
		    neps, ndst, top, &x1, &y1) == 0 && rsvg_find(r,
		    json_string_value(json_object_get(e, "to")), neps, ndst,
		    top, &x2, &y2) == 0)
			rsvg_edge(fp, "propagation", json_string_value(
			    json_object_get(e, "from")), json_string_value(
			    json_object_get(e, "to")), json_string_value(
			    json_object_get(e, "technique")), x1, y1 +
			    (y1 == y2 ? -G_H / 2 : 0), x2, y2 +
			    (y1 == y2 ? -G_H / 2 : 0));
	json_object_foreach((json_t *)(uintptr_t)r->dests, k, e) {
		from = json_object_get(e, "from");
		json_object_foreach(from, f, e)
			if (rsvg_find(r, f, neps, ndst, top, &x1, &y1) == 0 &&
			    rsvg_find(r, k, neps, ndst, top, &x2, &y2) == 0)
				rsvg_edge(fp, "outside", f, k, "", x1,
				    y1 + G_H / 2, x2, y2 - G_H / 2);
	}
}

void
rsvg_graph(FILE *fp, const struct rinc *r, enum report_lang lang)
{
	size_t		 neps = json_array_size(r->eps), ndst, i = 0;
	int		 top, h, x, y;
	const char	*k;
	json_t		*v;

	if (neps > REPORT_NODES * 3 / 4)
		neps = REPORT_NODES * 3 / 4;
	ndst = json_object_size(r->dests);
	if (ndst > REPORT_NODES - neps)
		ndst = REPORT_NODES - neps;
	top = 10 + (int)((neps + G_PER_ROW - 1) / G_PER_ROW) * G_DY + 30;
	h = top + (int)((ndst + G_PER_ROW - 1) / G_PER_ROW) * G_DY + 10;
	/* Room above the first row for the edges drawn over it. */
	fprintf(fp, "<svg class=\"graph\" xmlns=\"http://www.w3.org/2000/svg\" "
	    "width=\"%d\" height=\"%d\" viewBox=\"0 %d %d %d\" role=\"img\">"
	    "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" "
	    "refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">"
	    "<path d=\"M0,0 L10,5 L0,10 z\"/></marker></defs>",
	    G_PER_ROW * G_DX + 10, h + G_LIFT + 16, -(G_LIFT + 16),
	    G_PER_ROW * G_DX + 10, h + G_LIFT + 16);
	rsvg_edges(fp, r, neps, ndst, top);
	for (i = 0; i < neps; i++) {
		v = json_array_get(r->eps, i);
		rsvg_place(i, 0, top, &x, &y);
		rsvg_node(fp, "endpoint", json_string_value(json_object_get(v,
		    "name")), v, x, y, lang);
	}
	i = 0;
	json_object_foreach((json_t *)(uintptr_t)r->dests, k, v) {
		if (i >= ndst)
			break;
		rsvg_place(i++, 1, top, &x, &y);
		rsvg_node(fp, "outside", k, v, x, y, lang);
	}
	fprintf(fp, "</svg>\n");
}
