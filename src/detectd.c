/*
 * detectd: log-based IOC detection daemon.
 */
#include <sys/resource.h>
#include <sys/stat.h>

#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>
#include <jansson.h>

#include "alert/aggregate.h"
#include "alert/alert.h"
#include "alert/hunt.h"
#include "alert/incident.h"
#include "report/report.h"
#include "util/atomicfile.h"
#include "analyzers/explain.h"
#include "analyzers/analyzer.h"
#include "analyzers/stats.h"
#include "collector/reader.h"
#include "collector/tail.h"
#include "collector/kafka.h"
#include "collector/kstate.h"
#include "collector/listen.h"
#include "inputs.h"
#include "config.h"
#include "detectd.h"
#include "util/log.h"
#include "util/safefs.h"
#include "util/timeutil.h"
#include "output/output.h"
#include "parsers/parser.h"
#include "pipeline.h"
#include "rules/list.h"
#include "rules/rulelist.h"
#include "rules/ruleset.h"
#include "rules/sigma.h"
#include "rules/suppress.h"
#include "util/sdnotify.h"

#define FLUSH_INTERVAL_MS	500

enum mode {
	MODE_RUN,	/* the daemon, or a replay with -r */
	MODE_CHECK,	/* -n */
	MODE_LIST,	/* -l [filter ...] */
	MODE_EXPLAIN,	/* -t format [line ... | -] */
	MODE_HUNT,	/* -H indicator|@file ... -r format:path ... */
	MODE_REPORT	/* -R alerts [-o dir|file.html] [-I id] [-L ja|en] */
};

/* What the options give the analyst's commands. */
struct cmdline {
	const char	*format;	/* -t */
	char		**ids;		/* -i */
	size_t		 nids;
	char		**hunts;	/* -H */
	size_t		 nhunts;
	const char	*incident;	/* -I */
	const char	*alerts;	/* -R */
	const char	*lang;		/* -L */
};

#define USAGE_LINES \
	"usage: detectd [-dnv] [-f config] [-o output] [-r format:path ...]\n" \
	"       detectd [-f config] -l [id | tag | text ...]\n" \
	"       detectd [-f config] -t format [-i id ...] [line ... | -]\n" \
	"       detectd [-f config] -H indicator|@file ... [-I incident]\n" \
	"               [-o output] -r format:path ...\n" \
	"       detectd -R alerts [-I incident] [-L en | ja] [-o dir | file.html]\n" \
	"       detectd -h | --version\n"

static void
usage(void)
{
	fprintf(stderr, "%s", USAGE_LINES);
	exit(1);
}

static void
help(void)
{
	const struct parser *const	*p;
	size_t				 n, i;

	printf("%s\n", USAGE_LINES);
	printf("  -d          stay in the foreground, log to stderr\n"
	    "  -f config   the configuration (default %s)\n"
	    "  -n          check the configuration and rules, then exit\n"
	    "  -o output   write alerts to this file, or - for stdout\n"
	    "  -r fmt:path replay a file (or .gz archive) once and exit\n"
	    "  -v          more detail; with -r, a summary at the end\n"
	    "  -l          list the rules: id, uuid, analyzer, file:line,\n"
	    "              state, name; only those an argument names by id,\n"
	    "              tag or a part of the name\n"
	    "  -t format   explain lines of that format (the arguments, or\n"
	    "              stdin with - or none): fields parsed, rules that\n"
	    "              match and what matched\n"
	    "  -i id       with -t: why this rule does not match\n"
	    "  -H ind      retro-hunt the -r files for an indicator (ip,\n"
	    "              domain, url, hash, user:NAME, host:NAME), or\n"
	    "              those of a file with @file; events to -o\n"
	    "  -I id       with -H: the incident the events belong to;\n"
	    "              with -R: only that incident's report\n"
	    "  -R alerts   the HTML report of the incidents of an alert\n"
	    "              file, into -o (a directory, default report)\n"
	    "  -L lang     with -R: en (default) or ja\n"
	    "  -h          this help; --version the version\n\n"
	    "formats:", CONFIG_DEFAULT_PATH);
	p = parser_table(&n);
	for (i = 0; i < n; i++)
		printf("%s%s", i % 8 == 0 ? "\n  " : " ", p[i]->name);
	printf("\n\nSee detectd(8), detectd.conf(5), detectd.rules(5).\n");
	exit(0);
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
	else
		suppress_report(c->rs->suppress, 0, "");
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
	sigma_summary(c->rs->sigma);
}

/*
 * -o FILE or -o -: the block "output file { type file; path FILE }" or
 * "output stdout { type stdout }", built as the parser would build it.
 * Its tokens name no file, so FILE is taken as it is, and a message
 * reads as it would from a block: "output file: needs a path".
 */
static struct output_conf *
override_conf(const char *arg)
{
	struct cerrors		 errs = { NULL, 0, 0 };
	struct output_conf	*oc;
	char			*kind, *path;
	struct ctok		 key[3], args[3];
	struct cnode		 n[3];
	size_t			 i;

	kind = strcmp(arg, "-") == 0 ? "stdout" : "file";
	if ((path = strdup(arg)) == NULL)
		fatal("%s", __func__);
	memset(key, 0, sizeof(key));
	memset(args, 0, sizeof(args));
	memset(n, 0, sizeof(n));
	key[0].text = "output";
	key[1].text = "type";
	key[2].text = "path";
	args[0].text = args[1].text = kind;
	args[2].type = CT_STRING;
	args[2].text = path;
	for (i = 0; i < 3; i++) {
		n[i].key = key[i];
		n[i].args = &args[i];
		n[i].nargs = 1;
	}
	n[0].has_block = 1;
	n[0].children = &n[1];
	n[1].next = strcmp(kind, "file") == 0 ? &n[2] : NULL;
	if ((oc = output_conf_parse(&n[0], &errs)) == NULL)
		for (i = 0; i < errs.n; i++)
			log_warnx("%s", errs.msgs[i]);
	cerrors_clear(&errs);
	free(path);
	return oc;
}

static int
open_outputs(struct detectd *env, const struct safefs_owner *owner)
{
	const struct config	*c = env->conf;
	struct output_env	 oenv = { c->hostname, c->state_dir, owner };
	struct output_conf	*oc;
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
		if ((oc = override_conf(env->out_override)) != NULL)
			env->out[0] = output_open(oc, &oenv);
		output_conf_free(oc);
		env->nout = env->out[0] != NULL;
		return env->nout == 1 ? 0 : -1;
	}
	for (i = 0; i < n; i++) {
		env->out[i] = output_open(c->outputs[i], &oenv);
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

/* Replay ------------------------------------------------------------ */

struct progress {
	int		 on;
	uint64_t	 total;
	uint64_t	 done;	/* bytes of finished files */
	int64_t		 last_ms;	/* shown then, monotonic */
};

static void
progress_show(struct progress *pg, const struct reader *r, uint64_t lines,
    int final)
{
	int64_t		 now;
	uint64_t	 cur;
	int		 pct, i, bar;

	if (!pg->on)
		return;
	now = time_now_ms(CLOCK_MONOTONIC);
	if (!final && now - pg->last_ms < 200)
		return;
	pg->last_ms = now;
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

/* A first tier's finding records, when it wrote any. */
static void
replay_report_tier(struct detectd *env)
{
	const struct pipeline_stats	*ps = pipeline_stats(env->pl);

	if (ps->finding_records > 0 || ps->finding_records_lost > 0)
		log_info("finding records: %llu written, %llu lost",
		    (unsigned long long)ps->finding_records,
		    (unsigned long long)ps->finding_records_lost);
	if (ps->contribution_records > 0 ||
	    ps->contribution_records_lost > 0)
		log_info("contribution records: %llu written, %llu lost",
		    (unsigned long long)ps->contribution_records,
		    (unsigned long long)ps->contribution_records_lost);
}

/* As for inputs (config.c): finding records in the findings tier only. */
static int
replay_tier_check(const struct detectd *env)
{
	size_t	 i;
	int	 findings;

	for (i = 0; i < env->nreplay; i++) {
		findings = strcmp(env->replay[i].format, "findings") == 0;
		if (findings != (env->conf->tier == CONFIG_TIER_FINDINGS)) {
			log_warnx("-r %s:%s: %s", env->replay[i].format,
			    env->replay[i].path, findings ? "format findings "
			    "needs tier findings" : "tier findings reads only "
			    "format findings");
			return -1;
		}
	}
	return 0;
}

static int
replay(struct detectd *env)
{
	struct reader	**rd;
	struct source	**src;
	struct progress	  pg;
	size_t		  i;
	int		  rc = 0;

	if (replay_tier_check(env) == -1)
		return -1;
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
	replay_report_tier(env);
	for (i = 0; i < env->nreplay; i++) {
		source_report(src[i], env->replay[i].path);
		if (config_replay_verdict(env->conf, &src[i]->st,
		    env->replay[i].path, env->replay[i].format) == -1 &&
		    rc == 0)
			rc = DETECTD_EXIT_INPUT;
	}
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

/* Statistics -------------------------------------------------------- */

#define STATS_FILE	"stats.json"

static json_t *
stats_source(const struct source_stats *st)
{
	return json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I}",
	    "lines", (json_int_t)st->lines, "bytes", (json_int_t)st->bytes,
	    "events", (json_int_t)st->events,
	    "skipped", (json_int_t)st->skipped,
	    "parse_errors", (json_int_t)st->parse_errors,
	    "truncated", (json_int_t)st->truncated,
	    "split", (json_int_t)st->split);
}

/* A Kafka input's consumer counts. */
static json_t *
stats_kafka(const struct kafka_stats *ks)
{
	return json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}",
	    "records", (json_int_t)ks->records,
	    "bytes", (json_int_t)ks->bytes,
	    "lines", (json_int_t)ks->lines, "cut", (json_int_t)ks->cut,
	    "empty", (json_int_t)ks->empty, "errors", (json_int_t)ks->errors,
	    "commits", (json_int_t)ks->commits,
	    "commit_errors", (json_int_t)ks->commit_errors,
	    "rebalances", (json_int_t)ks->rebalances,
	    "partitions", (json_int_t)ks->assigned);
}

/* A Kafka input's state topic (kafka-state topic). */
static json_t *
stats_kstate(const struct kstate_stats *ss)
{
	return json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}",
	    "given", (json_int_t)ss->puts,
	    "given_bytes", (json_int_t)ss->put_bytes,
	    "records", (json_int_t)ss->chunks,
	    "give_errors", (json_int_t)ss->put_errors,
	    "taken", (json_int_t)ss->gets,
	    "taken_bytes", (json_int_t)ss->get_bytes,
	    "take_errors", (json_int_t)ss->get_errors,
	    "removed", (json_int_t)ss->tombstones,
	    "remove_errors", (json_int_t)ss->tombstone_errors);
}

/*
 * One input.  "parsed" counts what the parser saw, in the files open and
 * closed; "files" is the follower's own count of lines and bytes read.
 */
static json_t *
stats_input(struct detectd *env, size_t i)
{
	const struct input	*in = &env->inputs[i];
	const struct listen_stats *ls;
	const struct kafka_stats *ks;
	const struct kstate_stats *kss;
	struct source_stats	 ss;
	struct tail_stats	 ts;
	json_t			*o;

	inputs_source_stats(env, i, &ss);
	o = json_pack("{s:s,s:s,s:o}", "name", in->src->name,
	    "format", in->src->parser->name, "parsed", stats_source(&ss));
	if (o != NULL && (ls = inputs_listen_stats(env, i)) != NULL)
		json_object_set_new(o, "listener", json_pack("{s:I,s:I,s:I,"
		    "s:I,s:I,s:I,s:I,s:I,s:I,s:I}",
		    "messages", (json_int_t)ls->messages,
		    "bytes", (json_int_t)ls->bytes, "cut", (json_int_t)ls->cut,
		    "connections", (json_int_t)ls->connections,
		    "refused", (json_int_t)ls->refused,
		    "refused_peer", (json_int_t)ls->refused_peer,
		    "timeouts", (json_int_t)ls->timeouts,
		    "evicted", (json_int_t)ls->evicted,
		    "frame_errors", (json_int_t)ls->frame_errors,
		    "udp_drops", (json_int_t)ls->udp_drops));
	if (o != NULL && (ks = inputs_kafka_stats(env, i)) != NULL)
		json_object_set_new(o, "kafka", stats_kafka(ks));
	if (o != NULL && (kss = inputs_kstate_stats(env, i)) != NULL)
		json_object_set_new(o, "state_topic", stats_kstate(kss));
	if (o == NULL || in->tail == NULL)
		return o;
	tail_stats(in->tail, &ts);
	json_object_set_new(o, "files", json_pack("{s:I,s:I,s:I,s:I,s:I,"
	    "s:I,s:I,s:I,s:I,s:I,s:I}", "open", (json_int_t)ts.files,
	    "opened", (json_int_t)ts.opened,
	    "rotations", (json_int_t)ts.rotations,
	    "truncations", (json_int_t)ts.truncations,
	    "lines", (json_int_t)ts.lines, "bytes", (json_int_t)ts.bytes,
	    "cut", (json_int_t)ts.cut, "partial", (json_int_t)ts.partial,
	    "nul_skipped", (json_int_t)ts.nul_skipped,
	    "read_errors", (json_int_t)ts.read_errors,
	    "symlinks_skipped", (json_int_t)ts.symlinks));
	return o;
}

/* The collector's state file: saves, and the longest offsets waited. */
static json_t *
stats_state(struct detectd *env)
{
	const struct inputs_state_stats	*s = inputs_state_stats(env);

	if (s == NULL)
		return json_object();
	return json_pack("{s:I,s:I,s:I}", "saves", (json_int_t)s->saves,
	    "errors", (json_int_t)s->errors,
	    "unsaved_max_ms", (json_int_t)s->unsaved_max_ms);
}

/* Per input, and the same summed per format (parser). */
static void
stats_inputs(struct detectd *env, json_t *root)
{
	json_t		*ins = json_array(), *fmts = json_object(), *f, *in;
	const char	*k;
	json_t		*v;
	size_t		 i;

	for (i = 0; i < env->ninputs; i++) {
		if ((in = stats_input(env, i)) == NULL)
			continue;
		json_array_append_new(ins, in);
		f = json_object_get(fmts, env->inputs[i].src->parser->name);
		if (f == NULL) {
			f = json_object();
			json_object_set_new(fmts,
			    env->inputs[i].src->parser->name, f);
		}
		json_object_foreach(json_object_get(in, "parsed"), k, v)
			json_object_set_new(f, k, json_integer(
			    json_integer_value(json_object_get(f, k)) +
			    json_integer_value(v)));
		json_object_set_new(f, "inputs", json_integer(
		    json_integer_value(json_object_get(f, "inputs")) + 1));
	}
	json_object_set_new(root, "inputs", ins);
	json_object_set_new(root, "formats", fmts);
}

/* Each exception and what it held back since the rule set loaded. */
static json_t *
stats_suppressions(const struct detectd *env)
{
	const struct suppress		*s = env->conf->rs->suppress;
	struct suppress_entry_info	 in;
	char				 when[TIME_RFC3339_LEN];
	json_t				*a = json_array(), *o, *ids;
	size_t				 i, j;

	for (i = 0; a != NULL && suppress_info(s, i, &in) == 0; i++) {
		when[0] = '\0';
		if (in.until_ms != 0)
			(void)time_format_rfc3339(in.until_ms, when,
			    sizeof(when));
		ids = json_array();
		for (j = 0; j < in.nrules; j++)
			json_array_append_new(ids, json_string(in.rules[j]));
		o = json_pack("{s:s,s:i,s:I,s:o,s:b}", "file", in.file,
		    "line", in.line, "hits", (json_int_t)in.hits,
		    "rules", ids, "expired", in.expired);
		if (o != NULL && in.reason != NULL)
			json_object_set_new(o, "reason",
			    json_string(in.reason));
		if (o != NULL && when[0] != '\0')
			json_object_set_new(o, "until", json_string(when));
		json_array_append_new(a, o);
	}
	return a;
}

/* Each analyzer's counters, under its name. */
static json_t *
stats_analyzers(struct pipeline *pl)
{
	const struct analyzer_inst	*an;
	json_t				*o;
	size_t				 i, n;

	if ((o = json_object()) == NULL)
		return NULL;
	an = pipeline_analyzers(pl, &n);
	for (i = 0; i < n; i++)
		if (an[i].ops->stats != NULL)
			json_object_set_new(o, an[i].ops->name,
			    pipeline_analyzer_stats(pl, i));
	return o;
}

static json_t *
stats_outputs(const struct detectd *env)
{
	struct output_stats	 os;
	json_t			*a = json_array();
	size_t			 i;

	for (i = 0; i < env->nout; i++) {
		output_stats(env->out[i], &os);
		json_array_append_new(a, json_pack("{s:s,s:I,s:I,s:I,s:I,"
		    "s:I,s:I,s:I,s:I,s:I}", "name", output_name(env->out[i]),
		    "records", (json_int_t)os.records,
		    "errors", (json_int_t)os.errors,
		    "delivered", (json_int_t)os.delivered,
		    "retries", (json_int_t)os.retries,
		    "rejected", (json_int_t)os.rejected,
		    "dropped", (json_int_t)os.dropped,
		    "spool_full", (json_int_t)os.full,
		    "queued", (json_int_t)os.queued,
		    "queued_bytes", (json_int_t)os.queued_bytes));
	}
	return a;
}

/* The incidents the alerts are grouped into (alert/incident.h). */
static json_t *
stats_incidents(struct detectd *env)
{
	const struct incident_stats	*is = pipeline_incident_stats(env->pl);

	return json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I}",
	    "open", (json_int_t)is->open, "links", (json_int_t)is->links,
	    "opened", (json_int_t)is->opened, "joined", (json_int_t)is->joined,
	    "merged", (json_int_t)is->merged, "evicted",
	    (json_int_t)is->evicted, "bad", (json_int_t)is->bad);
}

static json_t *
stats_json(struct detectd *env)
{
	const struct pipeline_stats	*ps = pipeline_stats(env->pl);
	const struct aggregate_stats	*as = pipeline_aggregate_stats(env->pl);
	struct rusage			 ru;
	int64_t				 now = time_now_ms(CLOCK_REALTIME);
	json_t				*root;

	memset(&ru, 0, sizeof(ru));
	(void)getrusage(RUSAGE_SELF, &ru);
	root = json_pack("{s:s,s:s,s:I,s:I,s:I,s:I,"
	    "s:{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I},s:o,"
	    "s:{s:I,s:I,s:I,s:I,s:I,s:I,s:I},s:o,s:{s:I,s:f,s:f}}",
	    "version", DETECTD_VERSION, "hostname", env->conf->hostname,
	    "pid", (json_int_t)getpid(), "time_ms", (json_int_t)now,
	    "uptime_s", (json_int_t)((now - env->started_ms) / 1000),
	    "event_time_ms", (json_int_t)pipeline_time(env->pl),
	    "pipeline", "events", (json_int_t)ps->events,
	    "findings", (json_int_t)ps->findings,
	    "alerts", (json_int_t)ps->alerts,
	    "alerts_lost", (json_int_t)ps->alerts_lost,
	    "finding_records", (json_int_t)ps->finding_records,
	    "finding_records_lost", (json_int_t)ps->finding_records_lost,
	    "contribution_records", (json_int_t)ps->contribution_records,
	    "contribution_records_lost",
	    (json_int_t)ps->contribution_records_lost,
	    "analyzers", stats_analyzers(env->pl),
	    "aggregate", "alerts", (json_int_t)as->alerts,
	    "updates", (json_int_t)as->updates,
	    "suppressed", (json_int_t)as->suppressed,
	    "evicted", (json_int_t)as->evicted,
	    "flushed", (json_int_t)as->wall_closed, "open", (json_int_t)as->open,
	    "bytes", (json_int_t)(as->bytes + as->shared),
	    "outputs", stats_outputs(env),
	    "memory", "maxrss_kb", (json_int_t)ru.ru_maxrss,
	    "user_s", ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6,
	    "system_s", ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6);
	if (root != NULL) {
		stats_inputs(env, root);
		json_object_set_new(root, "state", stats_state(env));
		json_object_set_new(root, "rules", pipeline_rule_stats(env->pl));
		json_object_set_new(root, "incidents", stats_incidents(env));
		json_object_set_new(root, "suppressions",
		    stats_suppressions(env));
	}
	return root;
}

/* stats.json in the state directory, replaced whole by a rename. */
static int
stats_dump(FILE *fp, void *arg)
{
	return json_dumpf(arg, fp, JSON_INDENT(1) | JSON_SORT_KEYS |
	    JSON_REAL_PRECISION(6)) == -1 ? -1 : 0;
}

static int
stats_write(struct detectd *env)
{
	char	 path[PATH_MAX];
	json_t	*root;
	int	 rc;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", env->conf->state_dir,
	    STATS_FILE) >= sizeof(path)) {
		log_warnx("%s: state directory path too long", __func__);
		return -1;
	}
	if ((root = stats_json(env)) == NULL) {
		log_warnx("%s: cannot build the statistics", __func__);
		return -1;
	}
	rc = atomicfile_write(path, stats_dump, root);
	json_decref(root);
	return rc;
}

static void
stats_log(struct detectd *env)
{
	const struct pipeline_stats	*ps = pipeline_stats(env->pl);
	const struct aggregate_stats	*as = pipeline_aggregate_stats(env->pl);
	struct output_stats		 os;
	struct rusage			 ru;
	size_t				 i;

	inputs_report(env);
	log_info("pipeline: %llu events, %llu findings, %llu alerts, "
	    "%llu alerts not written", (unsigned long long)ps->events,
	    (unsigned long long)ps->findings, (unsigned long long)ps->alerts,
	    (unsigned long long)ps->alerts_lost);
	log_info("aggregation: %llu alerts, %llu updates, %llu repeats folded, "
	    "%llu evicted, %zu open (%zu bytes)",
	    (unsigned long long)as->alerts, (unsigned long long)as->updates,
	    (unsigned long long)as->suppressed,
	    (unsigned long long)as->evicted, as->open,
	    as->bytes + as->shared);
	for (i = 0; i < env->nout; i++) {
		output_stats(env->out[i], &os);
		log_info("output %s: %llu records, %llu write errors, "
		    "%llu delivered, %llu dropped, %llu queued",
		    output_name(env->out[i]), (unsigned long long)os.records,
		    (unsigned long long)os.errors,
		    (unsigned long long)os.delivered,
		    (unsigned long long)os.dropped,
		    (unsigned long long)os.queued);
	}
	if (getrusage(RUSAGE_SELF, &ru) == 0)
		log_info("memory: %ld kB at most", ru.ru_maxrss);
}

static void
stats_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)stats_write(arg);
}

/* (Re)start the stats-interval timer: at start and after a reload. */
static void
stats_arm(struct detectd *env)
{
	struct timeval	 tv;
	int64_t		 ms = env->conf->stats_interval_ms;

	if (env->stats_ev == NULL)
		return;
	(void)event_del(env->stats_ev);
	if (ms <= 0)
		return;
	tv.tv_sec = ms / 1000;
	tv.tv_usec = (ms % 1000) * 1000;
	if (event_add(env->stats_ev, &tv) == -1)
		log_warnx("%s: cannot start the statistics timer", __func__);
}

/* systemd ------------------------------------------------------------ */

static void
watchdog_cb(evutil_socket_t fd, short what, void *arg)
{
	struct detectd	*env = arg;

	(void)fd;
	(void)what;
	/* The loop turned: a stuck loop stops this, and systemd acts. */
	(void)sdnotify_send(env->notify, "WATCHDOG=1");
}

/* WATCHDOG=1 at half the period systemd gave, as sd_watchdog_enabled(3) says. */
static int
watchdog_start(struct detectd *env)
{
	uint64_t	 usec = sdnotify_watchdog_usec() / 2;
	struct timeval	 tv;

	if (env->notify == NULL || usec == 0)
		return 0;
	tv.tv_sec = usec / 1000000;
	tv.tv_usec = usec % 1000000;
	env->wd_ev = event_new(env->base, -1, EV_PERSIST, watchdog_cb, env);
	if (env->wd_ev == NULL || event_add(env->wd_ev, &tv) == -1)
		return -1;
	log_debug("watchdog: every %llu us", (unsigned long long)usec);
	return 0;
}

/* Privileges -------------------------------------------------------- */

/* The configured account: 0 (none set, *uid -1), or -1 if unknown. */
static int
priv_lookup(const struct config *c, uid_t *uid, gid_t *gid)
{
	struct passwd	*pw;
	struct group	*gr;

	*uid = (uid_t)-1;
	*gid = (gid_t)-1;
	if (c->user == NULL) {
		if (c->group == NULL)
			return 0;
		log_warnx("%s: group %s needs a user", c->path, c->group);
		return -1;
	}
	if ((pw = getpwnam(c->user)) == NULL) {
		log_warnx("%s: user %s does not exist", c->path, c->user);
		return -1;
	}
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
	if (c->group != NULL) {
		if ((gr = getgrnam(c->group)) == NULL) {
			log_warnx("%s: group %s does not exist", c->path,
			    c->group);
			return -1;
		}
		*gid = gr->gr_gid;
	}
	return 0;
}

/*
 * Whose what detectd makes is: the configured user when started as root
 * (it drops to that user), else the process's own.
 */
static void
priv_owner(const struct config *c, struct safefs_owner *o)
{
	uid_t	 uid;
	gid_t	 gid;

	safefs_ids(NULL, o);
	if (geteuid() == 0 && priv_lookup(c, &uid, &gid) == 0 &&
	    uid != (uid_t)-1) {
		o->uid = uid;
		o->gid = gid;
	}
}

/*
 * The state directory, before anything is opened in it: made for the
 * user detectd runs as, or checked to be theirs and nobody else's, so
 * that no other account can plant files or links in it.
 */
static int
priv_state_dir(const struct config *c, const struct safefs_owner *o)
{
	int	 fd;

	if ((fd = safefs_dir("state-dir", c->state_dir, 0750, SAFEFS_OWNED,
	    o)) == -1)
		return -1;
	close(fd);
	return 0;
}

/*
 * Started as root with a user configured: everything is open, so become
 * that user for good.  Under systemd (User=) or started by the user
 * there is nothing to do.
 */
static int
priv_drop(struct detectd *env)
{
	const struct config	*c = env->conf;
	uid_t			 uid;
	gid_t			 gid;

	if (priv_lookup(c, &uid, &gid) == -1)
		return -1;
	if (uid == (uid_t)-1 || uid == geteuid())
		return 0;
	if (geteuid() != 0) {
		log_warnx("not started as root: running as uid %u, not as "
		    "user %s", (unsigned)geteuid(), c->user);
		return 0;
	}
	if (initgroups(c->user, gid) == -1 || setresgid(gid, gid, gid) == -1 ||
	    setresuid(uid, uid, uid) == -1) {
		log_warn("cannot switch to user %s", c->user);
		return -1;
	}
	/* Make sure: a process that can become root again has not dropped. */
	if (setuid(0) != -1 || seteuid(0) != -1 || getuid() != uid ||
	    geteuid() != uid || getegid() != gid)
		fatalx("privileges were not dropped");
	if (access(c->state_dir, W_OK | X_OK) == -1) {
		log_warn("state directory %s is not writable by user %s",
		    c->state_dir, c->user);
		return -1;
	}
	log_info("running as user %s, group %u", c->user, (unsigned)gid);
	return 0;
}

/* Swap c in, or keep the running configuration (c NULL or unusable). */
static int
reload_swap(struct detectd *env, struct config *c)
{
	if (c == NULL) {
		log_warnx("reload failed: keeping the running configuration");
		return -1;
	}
	if (pipeline_reload(env->pl, c) == -1) {
		log_warnx("reload failed: keeping the running configuration");
		(void)pipeline_reload(env->pl, env->conf);
		config_free(c);
		return -1;
	}
	ruleset_diff_log(env->conf->rs, c->rs);
	(void)inputs_reload_diff(env, c);
	/* What each exception of the replaced rule set held back. */
	suppress_report(env->conf->rs->suppress, 1, "reload: ");
	/* The pipeline no longer refers to the old rule set. */
	config_free(env->conf);
	env->conf = c;
	config_summary(c);
	log_info("reloaded %s", c->path);
	stats_arm(env);
	return 0;
}

static void
reload(struct detectd *env)
{
	int	 rc;

	log_info("reload requested with SIGHUP");
	(void)sdnotify_send(env->notify, "RELOADING=1\nSTATUS=reloading %s",
	    env->conf_path);
	rc = reload_swap(env, load_config(env->conf_path));
	(void)sdnotify_send(env->notify, "READY=1\nSTATUS=following %zu "
	    "inputs, %zu rules%s", env->ninputs, env->conf->rs->nrules,
	    rc == -1 ? " (last reload failed)" : "");
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
		(void)stats_write(env);
		break;
	case SIGUSR2:
		for (i = 0; i < env->nout; i++)
			(void)output_reopen(env->out[i]);
		break;
	case SIGTERM:
	case SIGINT:
		log_info("exiting on signal %d", (int)sig);
		(void)sdnotify_send(env->notify, "STOPPING=1\nSTATUS=stopping: "
		    "flushing outputs, saving offsets");
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
	pipeline_wall(env->pl, time_now_ms(CLOCK_MONOTONIC));
	/* Commits offsets, or pauses the inputs while outputs fail. */
	(void)inputs_flush(env);
}

static const int daemon_sigs[] = { SIGHUP, SIGUSR1, SIGUSR2, SIGTERM, SIGINT };
#define DAEMON_NSIGS	(sizeof(daemon_sigs) / sizeof(daemon_sigs[0]))

/* The loop's signals and timers. */
static void
daemon_events(struct detectd *env)
{
	struct timeval	 tv = { 0, FLUSH_INTERVAL_MS * 1000 };
	size_t		 i;

	if ((env->base = event_base_new()) == NULL)
		fatalx("event_base_new failed");
	for (i = 0; i < DAEMON_NSIGS; i++) {
		env->sig[i] = evsignal_new(env->base, daemon_sigs[i],
		    signal_cb, env);
		if (env->sig[i] == NULL || evsignal_add(env->sig[i], NULL))
			fatalx("cannot set up signal %d", daemon_sigs[i]);
	}
	env->flush_ev = event_new(env->base, -1, EV_PERSIST, flush_cb, env);
	if (env->flush_ev == NULL || event_add(env->flush_ev, &tv) == -1)
		fatalx("cannot set up the flush timer");
	env->stats_ev = event_new(env->base, -1, EV_PERSIST, stats_cb, env);
	if (env->stats_ev == NULL)
		fatalx("cannot set up the statistics timer");
	stats_arm(env);
}

static void
daemon_events_free(struct detectd *env)
{
	size_t	 i;

	for (i = 0; i < DAEMON_NSIGS; i++)
		event_free(env->sig[i]);
	event_free(env->flush_ev);
	event_free(env->stats_ev);
	if (env->wd_ev != NULL)
		event_free(env->wd_ev);
	event_base_free(env->base);
}

/*
 * Everything is open (inputs, listeners, outputs): leave the terminal,
 * drop root, and tell systemd the daemon is ready.
 */
static int
daemon_start(struct detectd *env)
{
	size_t	 i;

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
	if (priv_drop(env) == -1)
		return -1;
	if (watchdog_start(env) == -1)
		fatalx("cannot set up the watchdog timer");
	log_info("started, following %zu inputs", env->ninputs);
	(void)sdnotify_send(env->notify, "READY=1\nMAINPID=%ld\nSTATUS="
	    "following %zu inputs, %zu rules", (long)getpid(), env->ninputs,
	    env->conf->rs->nrules);
	return 0;
}

static int
daemon_run(struct detectd *env)
{
	size_t	 i;
	int	 rc = 0;

	signal(SIGPIPE, SIG_IGN);
	env->started_ms = time_now_ms(CLOCK_REALTIME);
	env->notify = sdnotify_new();
	daemon_events(env);
	if (inputs_open(env) == -1 || daemon_start(env) == -1) {
		(void)sdnotify_send(env->notify, "STATUS=failed to start");
		rc = -1;
		goto done;
	}
	pipeline_wall(env->pl, time_now_ms(CLOCK_MONOTONIC));
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
	(void)stats_write(env);
done:
	inputs_close(env);
	/* Outputs outlive the loop; a webhook must not keep its events. */
	for (i = 0; i < env->nout; i++)
		(void)output_attach(env->out[i], NULL);
	daemon_events_free(env);
	sdnotify_free(env->notify);
	env->notify = NULL;
	return rc;
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

/* detectd -l: the rules an argument names, or all. */
static int
run_list(struct detectd *env, char *const *filters, size_t n)
{
	if ((env->conf = load_config(env->conf_path)) == NULL)
		return -1;
	if (rulelist_print(stdout, env->conf->rs, filters, n) == 0 && n > 0) {
		log_warnx("no rule has that id, tag or text");
		return -1;
	}
	return 0;
}

/* detectd -t: lines from the arguments, or from stdin. */
static int
run_explain(struct detectd *env, const char *format, char *const *ids,
    size_t nids, char *const *lines, size_t nlines)
{
	struct explain	*x;
	char		*buf = NULL;
	size_t		 cap = 0, i;
	ssize_t		 len;
	int		 rc = 0;

	if ((env->conf = load_config(env->conf_path)) == NULL ||
	    (x = explain_new(env->conf->rs, format, ids, nids)) == NULL)
		return -1;
	if (nlines == 0 || (nlines == 1 && strcmp(lines[0], "-") == 0)) {
		while ((len = getline(&buf, &cap, stdin)) != -1) {
			if (len > 0 && buf[len - 1] == '\n')
				buf[--len] = '\0';
			if (explain_line(x, stdout, buf, (size_t)len) == -1)
				rc = -1;
		}
		free(buf);
	} else
		for (i = 0; i < nlines; i++)
			if (explain_line(x, stdout, lines[i],
			    strlen(lines[i])) == -1)
				rc = -1;
	explain_free(x);
	return rc;
}

/* -H's indicators: each one, or @file for those of a file. */
static struct hunt *
hunt_build(const struct alert_ctx *actx, const struct cmdline *cl)
{
	struct hunt	*h;
	const char	*why;
	size_t		 i;
	int		 rc = 0;

	if ((h = hunt_new(actx, cl->incident)) == NULL)
		return NULL;
	for (i = 0; i < cl->nhunts; i++) {
		if (cl->hunts[i][0] == '@')
			rc |= hunt_listfile(h, cl->hunts[i] + 1);
		else if (hunt_indicator(h, cl->hunts[i], &why) == -1) {
			log_warnx("-H %s: %s", cl->hunts[i], why);
			rc = -1;
		}
	}
	if (rc == 0 && hunt_size(h) == 0) {
		log_warnx("-H: no indicator to search for");
		rc = -1;
	}
	if (rc != 0) {
		hunt_free(h);
		return NULL;
	}
	return h;
}

/* An incident id as incident.c makes them (detectd.alerts(5)). */
static int
hunt_incident_valid(const char *s)
{
	size_t	 i;

	if (strlen(s) != 25 || strncmp(s, "INC-", 4) != 0 || s[12] != '-')
		return 0;
	for (i = 4; i < 25; i++)
		if (i != 12 && !(i < 12 ? s[i] >= '0' && s[i] <= '9' :
		    strchr("0123456789abcdef", s[i]) != NULL))
			return 0;
	return 1;
}

/* detectd -H: the -r files searched, the events to -o or stdout. */
static int
run_hunt(struct detectd *env, const struct cmdline *cl)
{
	struct alert_ctx	 actx;
	const struct hunt_stats	*st;
	struct hunt		*h;
	FILE			*out = stdout;
	size_t			 i;
	int			 rc = 0;

	if (env->nreplay == 0 || (cl->incident != NULL &&
	    !hunt_incident_valid(cl->incident))) {
		log_warnx(env->nreplay == 0 ? "-H needs files: -r format:path" :
		    "-I: not an incident id (INC-YYYYMMDD-hhhhhhhhhhhh)");
		return -1;
	}
	if ((env->conf = load_config(env->conf_path)) == NULL)
		return -1;
	memset(&actx, 0, sizeof(actx));
	actx.hostname = env->conf->hostname;
	actx.ruleset = env->conf->rs->name;
	actx.version = DETECTD_VERSION;
	actx.now_ms = env_now();
	actx.evidence_max = env->conf->evidence_max;
	if ((h = hunt_build(&actx, cl)) == NULL)
		return -1;
	if (env->out_override != NULL && strcmp(env->out_override, "-") != 0 &&
	    (out = fopen(env->out_override, "a")) == NULL) {
		log_warn("%s", env->out_override);
		hunt_free(h);
		return -1;
	}
	for (i = 0; i < env->nreplay; i++)
		if (hunt_file(h, env->replay[i].format, env->replay[i].path,
		    out) == -1)
			rc = -1;
	st = hunt_stats(h);
	log_info("retro-hunt: %zu indicators, %llu lines, %llu events, "
	    "%llu parse errors, %llu events found", hunt_size(h),
	    (unsigned long long)st->lines, (unsigned long long)st->events,
	    (unsigned long long)st->parse_errors,
	    (unsigned long long)st->matches);
	if (st->lost > 0 || (out != stdout ? fclose(out) : fflush(out)) == EOF)
		rc = -1;
	hunt_free(h);
	return rc;
}

/* Everything after the command line; main frees what this built. */
static int
run(struct detectd *env, int checkonly)
{
	struct safefs_owner	 owner;
	uid_t			 uid;
	gid_t			 gid;
	int			 rc;

	if ((env->conf = load_config(env->conf_path)) == NULL)
		return -1;
	/* An unknown user fails the check, not a start as root. */
	if (priv_lookup(env->conf, &uid, &gid) == -1)
		return -1;
	if (checkonly) {
		config_summary(env->conf);
		(void)stats_learning(env->conf->rs, env->conf->state_dir);
		printf("configuration OK\n");
		return 0;
	}
	if (env->verbose > 0)
		config_summary(env->conf);
	env->fixed_now = env_now();
	priv_owner(env->conf, &owner);
	if (env->nreplay == 0 && priv_state_dir(env->conf, &owner) == -1)
		return -1;
	if (open_outputs(env, &owner) == -1)
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
	if (env->verbose > 0 && env->nreplay > 0) {
		stats_log(env);
		suppress_report(env->conf->rs->suppress, 1, "");
	}
	return rc;
}

/* detectd -R: the incidents of an alert file as HTML pages. */
static int
run_report(struct detectd *env, const struct cmdline *cl)
{
	struct report_stats	 st;
	enum report_lang	 lang = REPORT_EN;
	const char		*out = env->out_override != NULL ?
				    env->out_override : "report";

	if (cl->lang != NULL && strcmp(cl->lang, "ja") == 0)
		lang = REPORT_JA;
	else if (cl->lang != NULL && strcmp(cl->lang, "en") != 0) {
		log_warnx("-L %s: en or ja", cl->lang);
		return -1;
	}
	if (report_run(cl->alerts, out, cl->incident, lang, env_now(),
	    &st) == -1)
		return -1;
	log_info("report: %llu lines, %llu alerts (%llu revisions), %zu "
	    "incidents, %llu broken lines, %llu other records, %llu unknown "
	    "fields; %zu pages in %s", (unsigned long long)st.lines,
	    (unsigned long long)st.records, (unsigned long long)st.revisions,
	    st.incidents, (unsigned long long)st.broken,
	    (unsigned long long)st.not_alerts,
	    (unsigned long long)st.unknown_fields, st.pages, out);
	return 0;
}

/* The analyst's commands take arguments; the daemon and -n none. */
static int
run_mode(struct detectd *env, enum mode mode, const struct cmdline *cl,
    char **args, size_t nargs)
{
	if (mode != MODE_EXPLAIN && cl->nids > 0) {
		log_warnx("-i goes with -t");
		usage();
	}
	if (mode != MODE_HUNT && mode != MODE_REPORT && cl->incident != NULL) {
		log_warnx("-I goes with -H or -R");
		usage();
	}
	if (mode != MODE_REPORT && cl->lang != NULL) {
		log_warnx("-L goes with -R");
		usage();
	}
	switch (mode) {
	case MODE_LIST:
		return run_list(env, args, nargs);
	case MODE_EXPLAIN:
		return run_explain(env, cl->format, cl->ids, cl->nids, args,
		    nargs);
	case MODE_HUNT:
		if (nargs != 0)
			usage();
		return run_hunt(env, cl);
	case MODE_REPORT:
		if (nargs != 0)
			usage();
		return run_report(env, cl);
	default:
		if (nargs != 0)
			usage();
		return run(env, mode == MODE_CHECK);
	}
}

static void
add_replay_or_exit(struct detectd *env, const char *arg)
{
	if (add_replay(env, arg) == -1) {
		replay_specs_free(env);
		exit(1);
	}
}

/* The options; what is left in argv[optind..] are the arguments. */
static enum mode
parse_args(struct detectd *env, int argc, char *argv[], struct cmdline *cl)
{
	enum mode	 mode = MODE_RUN;
	int		 ch;

	while ((ch = getopt(argc, argv, "df:hH:i:I:lL:no:r:R:t:v")) != -1) {
		switch (ch) {
		case 'd':
			env->foreground = 1;
			break;
		case 'f':
			env->conf_path = optarg;
			break;
		case 'h':
			help();
			break;
		case 'H':
			mode = MODE_HUNT;
			cl->hunts[cl->nhunts++] = optarg;
			break;
		case 'i':
			cl->ids[cl->nids++] = optarg;
			break;
		case 'I':
			cl->incident = optarg;
			break;
		case 'l':
			mode = MODE_LIST;
			break;
		case 'L':
			cl->lang = optarg;
			break;
		case 'n':
			mode = MODE_CHECK;
			break;
		case 'o':
			env->out_override = optarg;
			break;
		case 'r':
			add_replay_or_exit(env, optarg);
			break;
		case 'R':
			mode = MODE_REPORT;
			cl->alerts = optarg;
			break;
		case 't':
			mode = MODE_EXPLAIN;
			cl->format = optarg;
			break;
		case 'v':
			env->verbose++;
			break;
		default:
			usage();
		}
	}
	return mode;
}

int
main(int argc, char *argv[])
{
	struct detectd	 env;
	struct cmdline	 cl;
	enum mode	 mode;
	int		 rc;

	memset(&env, 0, sizeof(env));
	env.conf_path = CONFIG_DEFAULT_PATH;
	log_init(1, 0);
	if (argc == 2 && strcmp(argv[1], "--version") == 0) {
		printf("detectd %s\n", DETECTD_VERSION);
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "--help") == 0)
		help();
	memset(&cl, 0, sizeof(cl));
	if ((cl.ids = calloc(argc + 1, sizeof(*cl.ids))) == NULL ||
	    (cl.hunts = calloc(argc + 1, sizeof(*cl.hunts))) == NULL)
		fatal("%s", __func__);
	mode = parse_args(&env, argc, argv, &cl);
	/* Replay and -n talk to the terminal; a daemon logs to syslog. */
	log_init(env.foreground || mode != MODE_RUN || env.nreplay > 0,
	    env.verbose);
	/* A daemon in the foreground; the journal stamps lines itself. */
	log_settime(env.foreground && mode == MODE_RUN && env.nreplay == 0 &&
	    getenv("JOURNAL_STREAM") == NULL);
	rc = run_mode(&env, mode, &cl, argv + optind,
	    (size_t)(argc - optind));
	free(cl.ids);
	free(cl.hunts);
	pipeline_free(env.pl);
	close_outputs(&env);
	config_free(env.conf);
	replay_specs_free(&env);
	return rc >= 0 ? rc : DETECTD_EXIT_ERROR;
}
