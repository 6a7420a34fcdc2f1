#ifndef DETECTD_DETECTD_H
#define DETECTD_DETECTD_H

#include <stddef.h>
#include <stdint.h>

struct config;
struct output;
struct pipeline;
struct source;
struct tail;
struct event_base;
struct event;
struct sdnotify;

struct replay_spec {
	char	*format;
	char	*path;
};

struct input {
	struct source	*src;
	struct tail	*tail;
	struct detectd	*env;
};

struct detectd {
	const char		*conf_path;
	struct config		*conf;
	const char		*out_override;	/* -o */
	struct replay_spec	*replay;	/* -r */
	size_t			 nreplay;
	int			 foreground;
	int			 verbose;
	int64_t			 fixed_now;	/* DETECTD_NOW, for tests */
	struct output		**out;
	size_t			 nout;
	struct pipeline		*pl;
	struct event_base	*base;
	struct event		*sig[5];
	struct event		*flush_ev;
	struct event		*stats_ev;	/* stats-interval */
	struct event		*wd_ev;		/* systemd watchdog */
	struct sdnotify		*notify;	/* NULL outside systemd */
	int64_t			 started_ms;	/* wall clock */
	struct input		*inputs;
	size_t			 ninputs;
};

#endif
