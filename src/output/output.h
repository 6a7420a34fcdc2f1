/*
 * Alert outputs.  Each kind (file, stdout, syslog, webhook) is one file
 * and one row in the table in output.c, and owns the options of its
 * blocks.  Records are whole lines; an output buffers them and hands
 * them to its kind on flush, which the pipeline calls after each batch
 * of input.
 */
#ifndef DETECTD_OUTPUT_H
#define DETECTD_OUTPUT_H

#include <stddef.h>
#include <stdint.h>

struct cerrors;
struct cnode;
struct event_base;
struct output;
struct output_conf;
struct safefs_owner;

struct output_stats {
	uint64_t	 records;	/* accepted by output_write */
	uint64_t	 errors;	/* failed writes, sends, requests */
	uint64_t	 delivered;	/* acknowledged by the receiver */
	uint64_t	 retries;	/* webhook requests sent again */
	uint64_t	 rejected;	/* refused for good: kept aside */
	uint64_t	 dropped;	/* lost, each one logged */
	uint64_t	 full;		/* times the spool reached its cap */
	uint64_t	 queued;	/* records waiting (buffer and spool) */
	uint64_t	 queued_bytes;
};

/*
 * An output block, "output NAME { type KIND; ... }", parsed and checked:
 * its type picks the kind, which takes the other options.  NULL with
 * every error in errs (file:line:column: message).  A block built in
 * code (detectd -o) goes through here too, its tokens without a file
 * name: paths are then taken as they are.
 */
struct output_conf *output_conf_parse(const struct cnode *, struct cerrors *);
void		 output_conf_free(struct output_conf *);
const char	*output_conf_name(const struct output_conf *);
/*
 * An option's value as text ("type" gives the kind; see outconf_format),
 * for tests: 0, or -1 when the kind has no such option.
 */
int		 output_conf_get(const struct output_conf *, const char *option,
		    char *buf, size_t len);

/*
 * What an output takes from the daemon rather than from its block, as
 * values: the layers below the daemon do not know struct config.  The
 * output keeps no pointer into it.
 */
struct output_env {
	const char	*hostname;	/* the daemon's (observer.hostname) */
	const char	*state_dir;	/* where a webhook keeps its spool */
	/*
	 * The user detectd runs as once started, whose the files and
	 * directories outputs make are (util/safefs.h); NULL: the
	 * process's own ids.
	 */
	const struct safefs_owner *owner;
};

/*
 * Which records an output takes ("records" in its block, every kind):
 * the alerts (the default), the incidents' records, or both; or the
 * finding records (analyzers/findrec.h) the findings tier reads.
 */
#define OUTPUT_RECORDS_ALERTS		0x1
#define OUTPUT_RECORDS_INCIDENTS	0x2
#define OUTPUT_RECORDS_BOTH		0x3
#define OUTPUT_RECORDS_FINDINGS		0x4

struct output	*output_open(const struct output_conf *,
		    const struct output_env *);
/* Flushes first; a webhook tries to deliver its spool before it goes. */
void		 output_free(struct output *);
int		 output_write(struct output *, const char *, size_t);
/*
 * -1 while the output holds the inputs back: records wait in memory
 * (policy block) or the spool is over its cap.  An output that drops
 * (policy drop) returns 0, its records sent, waiting a little, or
 * dropped and counted.
 */
int		 output_flush(struct output *);
/* After logrotate moved the file away: open the path anew. */
int		 output_reopen(struct output *);
/*
 * Deliver from this event loop (webhook); NULL detaches, which must be
 * done before that base is freed.  Without a base, an output that needs
 * one runs its own whenever it is flushed and before it is freed.
 */
int		 output_attach(struct output *, struct event_base *);
/* Whether the output takes records of that OUTPUT_RECORDS_* kind. */
int		 output_takes(const struct output *, int records);
const char	*output_name(const struct output *);
uint64_t	 output_records(const struct output *);
uint64_t	 output_errors(const struct output *);
void		 output_stats(const struct output *, struct output_stats *);

#endif
