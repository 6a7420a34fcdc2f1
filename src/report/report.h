/*
 * The incident report (detectd -R, phase F): reads a file of alert
 * records (detectd.alerts(5)), groups them by incident.id, and writes
 * for each incident one self-contained HTML page, and an index of the
 * incidents.  No network, no external asset, no script: inline CSS and
 * SVG only, every value HTML-escaped.
 *
 * A page has the summary in the vocabulary of phases A and F (what
 * happened, where, which endpoints and users, why it is abnormal,
 * importance and priority, the countermeasures by target), the attack
 * path (the endpoints, the propagation edges between them with their
 * technique, the outside destinations, first and last seen), the
 * timeline (the alerts on a time axis, one row per endpoint, coloured by
 * attack stage) and the alerts themselves in a paged table with their
 * evidence lines on demand.
 *
 * Bounded whatever the file: the timeline draws at most REPORT_ROWS
 * endpoints of REPORT_BINS marks each (a mark counts the alerts of a
 * stage in its slice of time), the graph at most REPORT_NODES nodes, and
 * the table the first REPORT_TABLE alerts of the incident, in pages of
 * REPORT_PAGE; what is left out is counted on the page.  The tables of
 * all the pages of one run share REPORT_TABLE_ALL rows (each at least
 * one page of them), so that many incidents do not make the report
 * many times larger: 200 incidents of many alerts stay under 20 MB.  A line that is
 * not a JSON object is counted and skipped; a record without incident.id
 * goes to the incident "none"; fields the report does not know are
 * counted and ignored.
 */
#ifndef DETECTD_REPORT_H
#define DETECTD_REPORT_H

#include <stddef.h>
#include <stdint.h>

#define REPORT_ROWS	40	/* endpoints in a timeline */
#define REPORT_BINS	240	/* marks per endpoint row */
#define REPORT_NODES	40	/* endpoints and destinations in a graph */
#define REPORT_TABLE	2000	/* alerts in the table of an incident */
#define REPORT_PAGE	100	/* rows per page of the table */
#define REPORT_TABLE_ALL 10000	/* alerts in the tables of all pages */

enum report_lang {
	REPORT_EN = 0,
	REPORT_JA
};

struct report_stats {
	uint64_t	 lines;
	uint64_t	 records;	/* alert records read */
	uint64_t	 broken;	/* lines that are not a JSON object */
	uint64_t	 not_alerts;	/* objects that are not alert records */
	uint64_t	 unknown_fields;	/* top-level keys not known */
	uint64_t	 revisions;	/* records of an event.id seen before */
	size_t		 incidents;
	size_t		 pages;		/* HTML files written */
};

/*
 * Read the alert file at path ("-": stdin) and write into the directory
 * outdir index.html and one INCIDENT-ID.html per incident; with only
 * set, only that incident's page, to outdir if it ends in ".html".
 * 0, or -1 with the reason logged.
 */
int	 report_run(const char *path, const char *outdir, const char *only,
	    enum report_lang, int64_t now_ms, struct report_stats *);

#endif
