/*
 * The interface between output.c and the output kinds: one struct of
 * function pointers per kind, one row per kind in output.c's table.
 * output.c owns the buffering and the statistics common to all, and the
 * output block around the options; a kind owns its options (a table of
 * them and the struct they fill, both private to its file) and only
 * moves bytes out.
 *
 * A new output kind is one new file in src/output, which defines its
 * options table, its options struct and a struct output_kind; its
 * declaration below; and one row in output_kinds[] in output.c.  Nothing
 * else changes: config.c hands every output block to output_conf_parse,
 * and the "option of other kinds" messages come from the tables.
 */
#ifndef DETECTD_OUTPUT_KIND_H
#define DETECTD_OUTPUT_KIND_H

#include <stddef.h>
#include <stdint.h>

#include "output/outconf.h"

struct event_base;
struct output_env;
struct output_stats;

struct output_kind {
	const char		 *type;
	/*
	 * Its options, ended by a row with a NULL name, and the size of
	 * its options struct, which output.c allocates zeroed, fills
	 * from the block by the table, and frees.
	 */
	const struct outconf_opt *opts;
	size_t			  opts_size;
	/*
	 * What the table cannot say (a url, a facility name): 0, or -1
	 * with a message in err.  name is the output's.
	 */
	int		(*check)(const char *name, const void *opts, char *err,
			    size_t errlen);
	void		*(*open)(const char *name, const void *opts,
			    const struct output_env *);
	/* ms to keep trying at exit while records wait; NULL: 5s. */
	int64_t		(*drain)(const void *opts);
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

/*
 * An output that pauses the inputs while its target fails (policy
 * block) looks again at least this often, whatever its retry-max: all
 * detection waits meanwhile.
 */
#define OUTPUT_RETRY_BLOCK	5000	/* ms */

/* The records (newlines) in buf, for the counts of those dropped. */
size_t	output_count(const char *buf, size_t len);

extern const struct output_kind output_file_kind;
extern const struct output_kind output_stdout_kind;
extern const struct output_kind output_syslog_kind;
extern const struct output_kind output_webhook_kind;
extern const struct output_kind output_kafka_kind;

#endif
