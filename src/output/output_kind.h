/*
 * The interface between output.c and the output kinds: one struct of
 * function pointers per kind, one row per kind in output.c's table.
 * output.c owns the buffering and the statistics common to all; a kind
 * only moves bytes out.
 */
#ifndef DETECTD_OUTPUT_KIND_H
#define DETECTD_OUTPUT_KIND_H

#include <stddef.h>
#include <stdint.h>

struct output_env;
struct event_base;
struct output_conf;
struct output_stats;

struct output_kind {
	const char	*type;
	/* Options of the block: 0, or -1 with a message in err. */
	int		(*check)(const struct output_conf *, char *, size_t);
	void		*(*open)(const char *name, const struct output_conf *,
			    const struct output_env *);
	/*
	 * Take what it can of buf (whole records, each ending in a
	 * newline); *done gets the bytes taken.  -1 when it is failing
	 * or wants the inputs paused.
	 */
	int		(*flush)(void *, const char *buf, size_t len,
			    size_t *done);
	/*
	 * Block at most ms until a flush may get further (at exit, when
	 * records still wait); -1 when waiting is no use.  May be NULL.
	 */
	int		(*wait)(void *, int ms);
	int		(*reopen)(void *);		/* may be NULL */
	int		(*attach)(void *, struct event_base *);	/* may be NULL */
	void		(*stats)(void *, struct output_stats *);	/* adds */
	void		(*close)(void *);
};

extern const struct output_kind output_file_kind;
extern const struct output_kind output_stdout_kind;
extern const struct output_kind output_syslog_kind;
extern const struct output_kind output_webhook_kind;

#endif
