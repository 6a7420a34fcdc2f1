/*
 * bench_handover: what moving one Kafka partition's state costs
 * (kafka-state, detectd.conf(5)).  A pipeline with every shipped rule
 * file reads a Squid log of E endpoints, all of one partition, each
 * half-way through its statistics and composite windows (N requests
 * each, a tenth failed, every endpoint reaching a listed C2 domain a
 * few times); then the partition's state is given and taken, to and
 * from a directory and a state topic on librdkafka's mock cluster (3
 * brokers, in this process).
 *
 *	bench_handover -r RULES_DIR -w WORKDIR [-e E] [-n N]
 *
 * Output, one line: E bytes records dir_give_ms dir_take_ms
 * topic_give_ms topic_take_ms.  bytes is the hand-over text of the
 * partition; records, the state topic's records for it (chunks of up
 * to the producer's message.max.bytes).  Give includes writing the
 * text and forgetting the state; take, reading it and adding it to the
 * new owner's tables.
 */
#include <sys/stat.h>
#include <sys/time.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include "collector/kstate.h"
#include "collector/logfile.h"
#include "config.h"
#include "conf/conf.h"
#include "output/output.h"
#include "parsers/parser.h"
#include "pipeline.h"

#define T0	1773273600

struct inst {
	struct config	*cfg;
	struct output	*out;
	struct pipeline	*pl;
};

static double
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void
inst_open(struct inst *in, const char *work, const char *rules,
    const char *name)
{
	struct output_env	 oenv;
	struct cerrors		 errs = { 0 };
	char			 path[4096], sdir[4096];
	FILE			*fp;

	snprintf(sdir, sizeof(sdir), "%s/%s.state", work, name);
	(void)mkdir(sdir, 0700);
	snprintf(path, sizeof(path), "%s/%s.conf", work, name);
	if ((fp = fopen(path, "w")) == NULL) {
		perror(path);
		exit(1);
	}
	fprintf(fp, "state-dir \"%s\"\nruleset \"bench\"\n"
	    "include \"%s/*.rules\"\noutput alerts {\n type file\n"
	    " path \"%s/%s.json\"\n}\n", sdir, rules, work, name);
	fclose(fp);
	if ((in->cfg = config_load(path, &errs)) == NULL) {
		cerrors_print(&errs);
		exit(1);
	}
	memset(&oenv, 0, sizeof(oenv));
	oenv.hostname = "bench";
	oenv.state_dir = in->cfg->state_dir;
	if ((in->out = output_open(in->cfg->outputs[0], &oenv)) == NULL ||
	    (in->pl = pipeline_new(in->cfg, &in->out, 1, 1)) == NULL)
		exit(1);
	pipeline_set_now(in->pl, T0 * 1000LL);
}

/* E endpoints, N requests each, all read from partition 0. */
static void
feed(struct inst *in, int e, int n)
{
	struct source	*src = source_new("proxy", "squid", 0);
	struct rline	 l;
	char		 line[512];
	int		 i, h;

	src->shard = 1;
	for (i = 0; i < e * n; i++) {
		h = i % e;
		memset(&l, 0, sizeof(l));
		l.len = (size_t)snprintf(line, sizeof(line), "%d.%03d %6d "
		    "10.%d.%d.%d TCP_MISS/%d %d GET http://%s/p%d - "
		    "HIER_DIRECT/203.0.113.%d text/html", T0 + i / 50,
		    (i % 50) * 20, 100 + i % 900, 1 + h / 65536,
		    (h / 256) % 256, h % 256, i % 10 == 0 ? 404 : 200,
		    1000 + i, (i / e) % 8 == 3 ? "update-check.badcdn.example" :
		    "www.example.com", i, 1 + i % 200);
		l.p = line;
		l.off = (uint64_t)i * 100;
		pipeline_line(in->pl, src, "kafka:logs/0", &l);
	}
	pipeline_sync(in->pl);
	(void)pipeline_flush(in->pl);
	source_free(src);
}

static void
inst_close(struct inst *in)
{
	pipeline_drain(in->pl);
	(void)pipeline_flush(in->pl);
	pipeline_free(in->pl);
	output_free(in->out);
	config_free(in->cfg);
}

static struct kstate *
state_topic(const char *brokers)
{
	struct kstate_conf	 sc;

	memset(&sc, 0, sizeof(sc));
	sc.name = "bench";
	sc.brokers = brokers;
	sc.topic = "detectd-state";
	return kstate_new(&sc);
}

static rd_kafka_mock_cluster_t *
cluster(rd_kafka_t **rk, char *brokers, size_t size)
{
	rd_kafka_conf_t		*kc = rd_kafka_conf_new();
	rd_kafka_mock_cluster_t	*mc;
	char			 err[256];

	(void)rd_kafka_conf_set(kc, "log_level", "3", err, sizeof(err));
	if ((*rk = rd_kafka_new(RD_KAFKA_PRODUCER, kc, err,
	    sizeof(err))) == NULL || (mc = rd_kafka_mock_cluster_new(*rk,
	    3)) == NULL) {
		fprintf(stderr, "mock cluster: %s\n", err);
		exit(1);
	}
	snprintf(brokers, size, "%s", rd_kafka_mock_cluster_bootstraps(mc));
	(void)rd_kafka_mock_topic_create(mc, "detectd-state", 1, 3);
	return mc;
}

/* Give from a fresh A, take into a fresh B; dir NULL: the topic. */
static void
run(const char *work, const char *rules, int e, int n, const char *dir,
    struct kstate *ks, double *give, double *take)
{
	struct inst	 a, b;
	int32_t		 part = 0;
	double		 t;

	inst_open(&a, work, rules, dir != NULL ? "da" : "ta");
	inst_open(&b, work, rules, dir != NULL ? "db" : "tb");
	feed(&a, e, n);
	t = now_ms();
	if ((dir != NULL ? pipeline_hand(a.pl, dir, "logs", &part, 1, 1) :
	    pipeline_hand_topic(a.pl, ks, "logs", &part, 1, 1)) == -1)
		fprintf(stderr, "give failed\n");
	*give = now_ms() - t;
	if (dir != NULL && getenv("BENCH_KEEP") != NULL) {
		char	 p[4200], k[4300];

		snprintf(p, sizeof(p), "%s/logs-0", dir);
		snprintf(k, sizeof(k), "%s.kept", p);
		(void)link(p, k);
	}
	t = now_ms();
	if ((dir != NULL ? pipeline_hand(b.pl, dir, "logs", &part, 1, 0) :
	    pipeline_hand_topic(b.pl, ks, "logs", &part, 1, 0)) == -1)
		fprintf(stderr, "take failed\n");
	*take = now_ms() - t;
	inst_close(&a);
	inst_close(&b);
}

int
main(int argc, char *argv[])
{
	const char		*rules = NULL, *work = NULL;
	rd_kafka_mock_cluster_t	*mc;
	rd_kafka_t		*rk;
	struct kstate		*ks;
	char			 brokers[512], dir[4096];
	double			 dg, dt, tg, tt;
	int			 ch, e = 1000, n = 40;

	while ((ch = getopt(argc, argv, "e:n:r:w:")) != -1)
		switch (ch) {
		case 'e': e = atoi(optarg); break;
		case 'n': n = atoi(optarg); break;
		case 'r': rules = optarg; break;
		case 'w': work = optarg; break;
		default: goto usage;
		}
	if (rules == NULL || work == NULL || e <= 0 || n <= 0)
		goto usage;
	snprintf(dir, sizeof(dir), "%s/handover", work);
	(void)mkdir(dir, 0700);
	run(work, rules, e, n, dir, NULL, &dg, &dt);
	mc = cluster(&rk, brokers, sizeof(brokers));
	if ((ks = state_topic(brokers)) == NULL)
		return 1;
	run(work, rules, e, n, NULL, ks, &tg, &tt);
	printf("%d %llu %llu %.1f %.1f %.1f %.1f\n", e,
	    (unsigned long long)kstate_stats(ks)->put_bytes,
	    (unsigned long long)kstate_stats(ks)->chunks, dg, dt, tg, tt);
	kstate_free(ks);
	rd_kafka_mock_cluster_destroy(mc);
	rd_kafka_destroy(rk);
	return 0;
usage:
	fprintf(stderr, "usage: bench_handover -r RULES_DIR -w WORKDIR "
	    "[-e endpoints] [-n requests]\n");
	return 2;
}
