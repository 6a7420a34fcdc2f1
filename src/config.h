/*
 * The configuration: global settings, inputs and outputs from
 * detectd.conf, and the rule set from the files it includes.  Loaded
 * whole; a reload builds a new one and swaps it in.
 */
#ifndef DETECTD_CONFIG_H
#define DETECTD_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "rules/conf.h"

struct ruleset;

struct input_conf {
	char		*name;
	char		*path;
	char		*format;
	char		*file;		/* where it was defined */
	int		 line;
};

struct output_conf {
	char		*name;
	char		*type;		/* "file", "stdout" */
	char		*path;
	char		*file;
	int		 line;
};

struct config {
	char			*path;
	char			*hostname;
	char			*state_dir;
	size_t			 max_line;
	size_t			 evidence_max;
	int64_t			 poll_ms;
	struct input_conf	*inputs;
	size_t			 ninputs;
	struct output_conf	*outputs;
	size_t			 noutputs;
	struct ruleset		*rs;
};

#define CONFIG_DEFAULT_PATH	SYSCONFDIR "/detectd/detectd.conf"
#define CONFIG_MAX_LINE		(64 * 1024)

/* Load and validate; NULL with every error in errs. */
struct config	*config_load(const char *path, struct cerrors *errs);
void		 config_free(struct config *);

/* Helpers for the statement handlers of config.c and ruleset.c. */
int		 conf_want_args(const struct cnode *, size_t min, size_t max,
		    struct cerrors *);
char		*conf_path(const struct ctok *);	/* relative to tok->file */
int		 conf_bool(const struct ctok *, int *, struct cerrors *);

#endif
