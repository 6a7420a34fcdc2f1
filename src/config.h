/*
 * The configuration: global settings, inputs and outputs from
 * detectd.conf, and the rule set from the files it includes.  Loaded
 * whole; a reload builds a new one and swaps it in.
 */
#ifndef DETECTD_CONFIG_H
#define DETECTD_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "conf/conf.h"

struct importance;
struct output_conf;
struct ruleset;

enum input_kind {
	INPUT_FILES,		/* input NAME { path GLOB ... } */
	INPUT_LISTEN,		/* listen NAME { udp ADDR; tcp ADDR ... } */
	INPUT_KAFKA		/* input NAME { type kafka; brokers ... } */
};

struct input_conf {
	char		*name;
	char		*path;
	char		*format;
	char		*file;		/* where it was defined */
	int		 line;
	enum input_kind	 kind;
	char		*rotated;	/* glob of rotated names; "" none */
	int		 start_at_end;	/* files there at the first start */
	int		 catch_up_gzip;
	int		 follow_symlinks;	/* glob matches that are links */
	int64_t		 rotate_wait_ms;
	int64_t		 partial_wait_ms;
	char		*udp;		/* listen: "host:port" */
	char		*tcp;
	int64_t		 idle_ms;	/* listen: TCP idle timeout, 0 none */
	size_t		 max_conns;
	size_t		 max_per_peer;
	char		*brokers;	/* kafka: host:port[,host:port] */
	char		*topic;
	char		*group;
	char		**props;	/* kafka: "key=value" for librdkafka */
	size_t		 nprops;
	char		*state_dir;	/* kafka-state dir: hand-over; NULL none */
	char		*state_topic;	/* kafka-state topic: the same, compacted */
};

struct config {
	char			*path;
	char			*hostname;
	char			*state_dir;
	size_t			 max_line;
	size_t			 evidence_max;
	int64_t			 poll_ms;
	/* The collector's; 0 means the default (see inputs.c). */
	int64_t			 rescan_ms;
	int64_t			 state_interval_ms;
	int			 no_inotify;
	int			 allow_empty;	/* no rules is no error */
	int			 replay_max_errors;	/* percent of records */
	struct input_conf	*inputs;
	size_t			 ninputs;
	struct output_conf	**outputs;	/* output_conf_parse's */
	size_t			 noutputs;
	int64_t			 aggregate_ms;	/* 0: every finding alerts */
	int64_t			 aggregate_flush_ms;	/* live, wall clock; -1 off */
	int64_t			 incident_ms;	/* incident-window */
	size_t			 identity_max;	/* entries per identity table */
	size_t			 workers;	/* threads; 1: none started */
	int			 tier;		/* CONFIG_TIER_* */
	int			 cross;		/* CONFIG_CROSS_* */
	char			*user;		/* to switch to when started as root */
	char			*group;		/* NULL: the user's own */
	int64_t			 stats_interval_ms;	/* 0: only on SIGUSR1 */
	struct importance	*importance;	/* critical servers, VIP users */
	struct ruleset		*rs;
};

/* tier first|findings: read logs, or the findings of first tiers. */
#define CONFIG_TIER_FIRST	0
#define CONFIG_TIER_FINDINGS	1
/*
 * cross-endpoint auto|local|skip: whether a first tier runs the
 * composite rules the findings tier serves; auto: not when an output
 * writes findings.
 */
#define CONFIG_CROSS_AUTO	0
#define CONFIG_CROSS_LOCAL	1
#define CONFIG_CROSS_SKIP	2

#define CONFIG_DEFAULT_PATH	SYSCONFDIR "/detectd/detectd.conf"
#define CONFIG_MAX_LINE		(64 * 1024)
#define CONFIG_STATS_INTERVAL	(60 * 1000)
/* Exit codes of detectd(8), listed in its EXIT STATUS. */
#define DETECTD_EXIT_OK		0
#define DETECTD_EXIT_ERROR	1	/* usage, configuration, files, outputs */
#define DETECTD_EXIT_INPUT	2	/* a replayed file is not its format */

#define CONFIG_REPLAY_MAX_ERRORS	50	/* percent */

/* Load and validate; NULL with every error in errs. */
struct config	*config_load(const char *path, struct cerrors *errs);
void		 config_free(struct config *);

struct source_stats;
/*
 * After a replay of one file: -1, said in the log, when it gave no
 * events or more parse errors than replay-max-errors of its records
 * (events and parse errors; skipped lines are neither): the file is
 * not what its format says, and the replay exits DETECTD_EXIT_INPUT.
 */
int		 config_replay_verdict(const struct config *,
		    const struct source_stats *, const char *label,
		    const char *format);

#endif
