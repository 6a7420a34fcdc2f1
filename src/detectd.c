/*
 * detectd: log-based IOC detection daemon.
 */
#include <sys/stat.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "collector/reader.h"
#include "inputs.h"
#include "config.h"
#include "detectd.h"
#include "log.h"
#include "output.h"
#include "parsers/parser.h"
#include "pipeline.h"
#include "rules/list.h"
#include "rules/ruleset.h"

#define FLUSH_INTERVAL_MS	500

static void
usage(void)
{
	fprintf(stderr, "usage: detectd [-dnv] [-f config] [-o output] "
	    "[-r format:path ...]\n");
	exit(1);
}

static void
print_formats(void)
{
	const struct parser *const	*p;
	size_t				 n, i;

	p = parser_table(&n);
	fprintf(stderr, "formats:");
	for (i = 0; i < n; i++)
		fprintf(stderr, " %s", p[i]->name);
	fprintf(stderr, "\n");
}

static int
add_replay(struct detectd *env, const char *arg)
{
	struct replay_spec	*v;
	const char		*colon;

	if ((colon = strchr(arg, ':')) == NULL || colon == arg ||
	    colon[1] == '\0') {
		log_warnx("-r %s: expected format:path", arg);
		return -1;
	}
	v = reallocarray(env->replay, env->nreplay + 1, sizeof(*v));
	if (v == NULL)
		fatal("%s", __func__);
	env->replay = v;
	v = &v[env->nreplay++];
	if ((v->format = strndup(arg, colon - arg)) == NULL ||
	    (v->path = strdup(colon + 1)) == NULL)
		fatal("%s", __func__);
	if (parser_lookup(v->format) == NULL) {
		log_warnx("-r %s: unknown format '%s'", arg, v->format);
		print_formats();
		return -1;
	}
	return 0;
}

static void
replay_specs_free(struct detectd *env)
{
	size_t	 i;

	for (i = 0; i < env->nreplay; i++) {
		free(env->replay[i].format);
		free(env->replay[i].path);
	}
	free(env->replay);
	env->replay = NULL;
	env->nreplay = 0;
}

static struct config *
load_config(const char *path)
{
	struct cerrors	 errs = { NULL, 0, 0 };
	struct config	*c;

	c = config_load(path, &errs);
	if (c == NULL)
		cerrors_print(&errs);
	cerrors_clear(&errs);
	return c;
}

static void
config_summary(const struct config *c)
{
	size_t	 i, entries = 0;

	for (i = 0; i < c->rs->nlists; i++)
		entries += list_size(c->rs->lists[i]);
	log_info("%s: %zu rules, %zu lists (%zu indicators), %zu inputs, "
	    "%zu outputs", c->path, c->rs->nrules, c->rs->nlists, entries,
	    c->ninputs, c->noutputs);
}

static int
open_outputs(struct detectd *env)
{
	const struct config	*c = env->conf;
	struct output_conf	 oc;
	size_t			 i, n;

	n = env->out_override != NULL ? 1 : c->noutputs;
	if (n == 0) {
		log_warnx("%s: no output configured (use -o)", c->path);
		return -1;
	}
	if ((env->out = calloc(n, sizeof(*env->out))) == NULL)
		fatal("%s", __func__);
	if (env->out_override != NULL) {
		/* -o: a block of its own, with every default. */
		memset(&oc, 0, sizeof(oc));
		oc.name = oc.type = strcmp(env->out_override, "-") == 0 ?
		    "stdout" : "file";
		if ((oc.path = strdup(env->out_override)) == NULL)
			fatal("%s", __func__);
		env->out[0] = output_open(&oc, c);
		free(oc.path);
		env->nout = env->out[0] != NULL;
		return env->nout == 1 ? 0 : -1;
	}
	for (i = 0; i < n; i++) {
		env->out[i] = output_open(&c->outputs[i], c);
		if (env->out[i] == NULL)
			return -1;
		env->nout++;
	}
	return 0;
}

static void
close_outputs(struct detectd *env)
{
	size_t	 i;

	for (i = 0; i < env->nout; i++)
		output_free(env->out[i]);
	free(env->out);
	env->out = NULL;
	env->nout = 0;
}

void
source_report(const struct source *s, const char *label)
{
	const struct source_stats *st = &s->st;

	log_info("%s: %llu lines, %llu events, %llu parse errors, "
	    "%llu skipped, %llu truncated", label,
	    (unsigned long long)st->lines, (unsigned long long)st->events,
	    (unsigned long long)st->parse_errors,
	    (unsigned long long)st->skipped,
	    (unsigned long long)st->truncated);
	/* A wrong format shows up as mostly errors: say so, not silence. */
	if (st->lines >= 20 && st->parse_errors * 2 > st->lines)
		log_warnx("%s: %llu of %llu lines did not parse as %s: "
		    "is the format right?", label,
		    (unsigned long long)st->parse_errors,
		    (unsigned long long)st->lines, s->parser->name);
}

/* Replay ------------------------------------------------------------ */

struct progress {
	int		 on;
	uint64_t	 total;
	uint64_t	 done;	/* bytes of finished files */
	struct timespec	 last;
};

static void
progress_show(struct progress *pg, const struct reader *r, uint64_t lines,
    int final)
{
	struct timespec	 now;
	uint64_t	 cur;
	int		 pct, i, bar;

	if (!pg->on)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!final && (now.tv_sec - pg->last.tv_sec) * 1000 +
	    (now.tv_nsec - pg->last.tv_nsec) / 1000000 < 200)
		return;
	pg->last = now;
	cur = pg->done + (r != NULL ? reader_pos(r) : 0);
	pct = pg->total ? (int)(cur * 100 / pg->total) : 0;
	if (pct > 100)
		pct = 100;
	bar = pct * 30 / 100;
	fputs("\rreplay [", stderr);
	for (i = 0; i < 30; i++)
		fputc(i < bar ? '#' : ' ', stderr);
	fprintf(stderr, "] %3d%% %llu lines%s", pct,
	    (unsigned long long)lines, final ? "\n" : "");
}

static int
replay_file(struct detectd *env, struct reader *r, struct source *s,
    const char *path, struct progress *pg)
{
	struct rline	 l;
	int		 rc;
	uint64_t	 n = 0;

	while ((rc = reader_next(r, &l)) == 1) {
		pipeline_line(env->pl, s, path, &l);
		if ((++n & 0xffff) == 0)
			progress_show(pg, r, s->st.lines, 0);
	}
	pg->done += reader_size(r);
	return rc;
}

static int
replay(struct detectd *env)
{
	struct reader	**rd;
	struct source	**src;
	struct progress	  pg;
	size_t		  i;
	int		  rc = 0;

	memset(&pg, 0, sizeof(pg));
	pg.on = isatty(STDERR_FILENO) && !env->foreground;
	if ((rd = calloc(env->nreplay, sizeof(*rd))) == NULL ||
	    (src = calloc(env->nreplay, sizeof(*src))) == NULL)
		fatal("%s", __func__);
	/* Open everything first: a missing file stops before any work. */
	for (i = 0; i < env->nreplay; i++) {
		rd[i] = reader_open(env->replay[i].path, env->conf->max_line);
		if (rd[i] == NULL) {
			rc = -1;
			goto done;
		}
		src[i] = source_new("replay",
		    env->replay[i].format, reader_mtime_ms(rd[i]));
		if (src[i] == NULL) {
			rc = -1;
			goto done;
		}
		pg.total += reader_size(rd[i]);
	}
	for (i = 0; i < env->nreplay; i++) {
		if (replay_file(env, rd[i], src[i], env->replay[i].path,
		    &pg) == -1)
			rc = -1;
		(void)pipeline_flush(env->pl);
	}
	pipeline_drain(env->pl);
	progress_show(&pg, NULL, 0, 1);
	for (i = 0; i < env->nreplay; i++)
		source_report(src[i], env->replay[i].path);
done:
	for (i = 0; i < env->nreplay; i++) {
		reader_free(rd[i]);
		source_free(src[i]);
	}
	free(rd);
	free(src);
	return rc;
}

/* Daemon ------------------------------------------------------------ */

static void
stats_log(struct detectd *env)
{
	const struct pipeline_stats	*ps = pipeline_stats(env->pl);
	size_t				 i;

	inputs_report(env);
	log_info("pipeline: %llu events, %llu findings, %llu alerts, "
	    "%llu alerts not written", (unsigned long long)ps->events,
	    (unsigned long long)ps->findings, (unsigned long long)ps->alerts,
	    (unsigned long long)ps->alerts_lost);
	for (i = 0; i < env->nout; i++)
		log_info("output %s: %llu records, %llu write errors",
		    output_name(env->out[i]),
		    (unsigned long long)output_records(env->out[i]),
		    (unsigned long long)output_errors(env->out[i]));
}

static void
reload(struct detectd *env)
{
	struct config	*c;

	log_info("reload requested with SIGHUP");
	if ((c = load_config(env->conf_path)) == NULL) {
		log_warnx("reload failed: keeping the running configuration");
		return;
	}
	if (pipeline_reload(env->pl, c) == -1) {
		log_warnx("reload failed: keeping the running configuration");
		(void)pipeline_reload(env->pl, env->conf);
		config_free(c);
		return;
	}
	ruleset_diff_log(env->conf->rs, c->rs);
	/* The pipeline no longer refers to the old rule set. */
	config_free(env->conf);
	env->conf = c;
	config_summary(c);
	log_info("reloaded %s", c->path);
	if (c->ninputs != 0)
		log_info("reload: inputs are kept as they were opened; "
		    "restart to change them");
}

static void
signal_cb(evutil_socket_t sig, short what, void *arg)
{
	struct detectd	*env = arg;
	size_t		 i;

	(void)what;
	switch (sig) {
	case SIGHUP:
		/*
		 * Safe: libevent runs this callback from the loop, not
		 * from the signal handler.
		 */
		reload(env);
		for (i = 0; i < env->nout; i++)
			(void)output_reopen(env->out[i]);
		break;
	case SIGUSR1:
		stats_log(env);
		break;
	case SIGUSR2:
		for (i = 0; i < env->nout; i++)
			(void)output_reopen(env->out[i]);
		break;
	case SIGTERM:
	case SIGINT:
		log_info("exiting on signal %d", (int)sig);
		event_base_loopbreak(env->base);
		break;
	}
}

static void
flush_cb(evutil_socket_t fd, short what, void *arg)
{
	struct detectd	*env = arg;

	(void)fd;
	(void)what;
	/* Commits offsets, or pauses the inputs while outputs fail. */
	(void)inputs_flush(env);
}

static int
daemon_run(struct detectd *env)
{
	static const int sigs[] = { SIGHUP, SIGUSR1, SIGUSR2, SIGTERM, SIGINT };
	struct timeval	 tv = { 0, FLUSH_INTERVAL_MS * 1000 };
	size_t		 i;

	signal(SIGPIPE, SIG_IGN);
	if ((env->base = event_base_new()) == NULL)
		fatalx("event_base_new failed");
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		env->sig[i] = evsignal_new(env->base, sigs[i], signal_cb, env);
		if (env->sig[i] == NULL || evsignal_add(env->sig[i], NULL))
			fatalx("cannot set up signal %d", sigs[i]);
	}
	env->flush_ev = event_new(env->base, -1, EV_PERSIST, flush_cb, env);
	if (env->flush_ev == NULL || event_add(env->flush_ev, &tv) == -1)
		fatalx("cannot set up the flush timer");
	if (inputs_open(env) == -1) {
		inputs_close(env);
		return -1;
	}
	if (!env->foreground) {
		if (daemon(0, 0) == -1)
			fatal("daemon");
		/* The child's kernel event state must not be the parent's. */
		if (event_reinit(env->base) == -1)
			fatalx("event_reinit failed");
	}
	for (i = 0; i < env->nout; i++)
		if (output_attach(env->out[i], env->base) == -1)
			fatalx("output %s: cannot join the event loop",
			    output_name(env->out[i]));
	log_info("started, following %zu inputs", env->ninputs);
	event_base_dispatch(env->base);
	pipeline_drain(env->pl);
	/*
	 * Every line read is processed: once the outputs took all the
	 * alerts, the saved offsets are exact and a restart repeats
	 * nothing.  If they cannot, the last committed offsets are saved.
	 */
	if (inputs_flush(env) == -1)
		log_warnx("outputs failing at exit: offsets saved as of the "
		    "last alerts written");
	(void)inputs_save(env);
	stats_log(env);
	inputs_close(env);
	/* Outputs outlive the loop; a webhook must not keep its events. */
	for (i = 0; i < env->nout; i++)
		(void)output_attach(env->out[i], NULL);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		event_free(env->sig[i]);
	event_free(env->flush_ev);
	event_base_free(env->base);
	return 0;
}

static int64_t
env_now(void)
{
	const char	*s = getenv("DETECTD_NOW");
	char		*end;
	long long	 v;

	/* Fixed event.created, so that tests compare records whole. */
	if (s == NULL || *s == '\0')
		return 0;
	v = strtoll(s, &end, 10);
	return *end == '\0' && v > 0 ? v : 0;
}

/* Everything after the command line; main frees what this built. */
static int
run(struct detectd *env, int checkonly)
{
	int	 rc;

	if ((env->conf = load_config(env->conf_path)) == NULL)
		return -1;
	if (checkonly) {
		config_summary(env->conf);
		printf("configuration OK\n");
		return 0;
	}
	if (env->verbose > 0)
		config_summary(env->conf);
	env->fixed_now = env_now();
	if (open_outputs(env) == -1)
		return -1;
	if ((env->pl = pipeline_new(env->conf, env->out, env->nout,
	    env->nreplay > 0)) == NULL)
		fatalx("cannot build the pipeline");
	pipeline_set_now(env->pl, env->fixed_now);
	if (env->nreplay > 0)
		rc = replay(env);
	else
		rc = daemon_run(env);
	if (pipeline_flush(env->pl) == -1) {
		log_warnx("some alerts could not be written");
		rc = -1;
	}
	if (env->verbose > 0 && env->nreplay > 0)
		stats_log(env);
	return rc;
}

int
main(int argc, char *argv[])
{
	struct detectd	 env;
	int		 ch, checkonly = 0, rc = 0;

	memset(&env, 0, sizeof(env));
	env.conf_path = CONFIG_DEFAULT_PATH;
	log_init(1, 0);
	while ((ch = getopt(argc, argv, "df:no:r:v")) != -1) {
		switch (ch) {
		case 'd':
			env.foreground = 1;
			break;
		case 'f':
			env.conf_path = optarg;
			break;
		case 'n':
			checkonly = 1;
			break;
		case 'o':
			env.out_override = optarg;
			break;
		case 'r':
			if (add_replay(&env, optarg) == -1) {
				replay_specs_free(&env);
				exit(1);
			}
			break;
		case 'v':
			env.verbose++;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	/* Replay and -n talk to the terminal; a daemon logs to syslog. */
	log_init(env.foreground || checkonly || env.nreplay > 0, env.verbose);
	rc = run(&env, checkonly);
	pipeline_free(env.pl);
	close_outputs(&env);
	config_free(env.conf);
	replay_specs_free(&env);
	return rc == 0 ? 0 : 1;
}
