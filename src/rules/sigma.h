/*
 * Sigma rules in a rule set: the statement
 *
 *	sigma "PATH" {
 *		status test		# minimum: experimental, test, stable
 *		level low		# minimum: informational .. critical
 *		deprecated no		# load rules of status deprecated
 *		unsupported no		# ... and unsupported
 *		logsources "local-logsources.conf"	# more mappings
 *		license "DRL-1.1"	# for rules that name none
 *		notify foothold "soc-analyst"		# per stage defaults
 *		countermeasure c2 endpoint isolate
 *	}
 *
 * in rule files and detectd.conf.  PATH is a file, a folder (read
 * recursively for *.yml and *.yaml) or a glob, relative to the file
 * that names it.  Each YAML document becomes a struct rule of the rule
 * set (id: the Sigma id) whose condition the match analyzer evaluates;
 * see detectd.sigma(7) for what is supported and how.
 *
 * A rule that cannot be used is skipped with file:line:col and a
 * reason, and counted by reason; no bad file fails the statement.  The
 * statement itself fails (errs) only on its own errors: a bad option, a
 * mapping file that does not load, a PATH that does not exist.
 *
 * The Sigma state (struct sigma) belongs to the rule set and is freed
 * with it, after its rules: their conditions point into it.
 */
#ifndef DETECTD_SIGMA_H
#define DETECTD_SIGMA_H

#include <stddef.h>
#include <stdint.h>

#include "conf/conf.h"

struct cond_env;
struct ruleset;
struct sigma;

/* Largest rule file read; a larger one is skipped. */
#define SIGMA_FILE_MAX		(1024 * 1024)

int		 sigma_statement(struct ruleset *, const struct cnode *,
		    const struct cond_env *, struct cerrors *);
/* After every statement: filters applied to their rules. */
int		 sigma_finish(struct ruleset *, struct cerrors *);
void		 sigma_free(struct sigma *);

struct sigma_totals {
	size_t		 files;		/* YAML files read */
	size_t		 loaded;	/* rules in the rule set */
	size_t		 skipped;	/* documents not loaded */
	size_t		 filters;	/* filters applied */
	size_t		 fields;	/* distinct fields read */
	size_t		 native;	/* rules reading the line's own names */
};

void		 sigma_totals(const struct sigma *, struct sigma_totals *);
/* The i-th reason rules were skipped for, and how many; NULL past. */
const char	*sigma_reason(const struct sigma *, size_t i, size_t *count);
/*
 * The i-th rule skipped, as logged ("file:line:col: why"), for the first
 * ones; NULL past them.
 */
const char	*sigma_skipped(const struct sigma *, size_t i);
/*
 * Whether a Sigma field of scope (sfield_key_scope) is read in lines of
 * format, event id and channel (-1, NULL: others than those named).
 */
int		 sigma_scope_covers(const void *scope, const char *format,
		    int32_t eid, const char *channel);
/* Log the totals and the skipped rules by reason (detectd -n). */
void		 sigma_summary(const struct sigma *);

#endif
