/*
 * What the files of the report share (report.h): the incidents as read
 * from the alert file (rdata.c), the labels in each language
 * (rlabel.c), the HTML writer (rhtml.c) and the drawings (rsvg.c).
 */
#ifndef DETECTD_REPORT_RINT_H
#define DETECTD_REPORT_RINT_H

#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "report/report.h"

/* One alert on the timeline: when, on which endpoint, of which stage. */
struct rmark {
	int64_t		 t;
	uint32_t	 ep;		/* index in rinc.eps */
	uint8_t		 stage;		/* 0: none */
};

#define RINC_SET_MAX	200
#define RINC_CMS_SEEN	256

/*
 * An incident as the report sees it.  The sets are jansson objects,
 * bounded (RINC_SET_MAX names each); marks and rows are every alert's
 * place on the timeline and the first alerts (rdata_rows).
 */
struct rinc {
	char		*id;
	int64_t		 first, last;
	uint64_t	 alerts;	/* records, revisions not counted */
	int		 stage;		/* furthest */
	int		 importance, priority;	/* 1..4 */
	json_t		*eps;		/* [{name, first, last, count, stage}] */
	json_t		*epidx;		/* name -> index in eps */
	json_t		*users;		/* name -> count */
	json_t		*dests;		/* name -> {first, last, count, from{}} */
	json_t		*edges;		/* "a>b" -> {from, to, technique, at} */
	json_t		*rules;		/* id -> {name, count, reason, stage} */
	json_t		*cms;		/* "target action object" -> {...} */
	json_t		*sources;	/* log source -> count */
	json_t		*rows;		/* the table's alerts, compact */
	uint64_t	 rows_left;	/* alerts not in rows */
	struct rmark	*marks;
	size_t		 nmarks, capmarks;
	/* Hashes of the countermeasures' texts taken (rdata.c). */
	uint64_t	 cms_seen[RINC_CMS_SEEN];
	size_t		 ncms_seen;
};

struct rdata {
	struct rinc	**v;
	size_t		  n;
	json_t		 *byid;		/* incident id -> index */
	json_t		 *alias;	/* merged id -> the id it became */
	uint64_t	 *seen;		/* event.id hashes: open addressing */
	size_t		  nseen, capseen;
	const char	 *only;		/* the one incident written, or NULL */
	char		 *arena;	/* a record's strings, per line */
	size_t		  acap, aused;
	struct report_stats *st;
};

int		 rdata_read(struct rdata *, const char *path);
/*
 * The rows of each incident's table: REPORT_TABLE for one incident
 * alone, else its share of REPORT_TABLE_ALL, at least REPORT_PAGE.
 */
size_t		 rdata_rows(const struct rdata *);
void		 rdata_free(struct rdata *);
int64_t		 rdata_time(const char *rfc3339);

/* Labels: the text of key in the language; key itself when unknown. */
const char	*rlabel(enum report_lang, const char *key);
/*
 * A countermeasure's action ("isolate") in the language; text (the
 * alert's description) in English, or when the action is not known.
 */
const char	*rlabel_action(enum report_lang, const char *action,
		    const char *text);
/* Stage 1..6: its key ("c2"), name in the language, colour "#rrggbb". */
const char	*rlabel_stage(enum report_lang, int stage);
const char	*rlabel_stage_color(int stage);

/* s, HTML-escaped (& < > " '), at most max bytes of it (0: all). */
void		 rhtml_esc(FILE *, const char *s, size_t max);
void		 rhtml_time(FILE *, int64_t ms);

void		 rsvg_timeline(FILE *, const struct rinc *, enum report_lang);
void		 rsvg_graph(FILE *, const struct rinc *, enum report_lang);

#endif
