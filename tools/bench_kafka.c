/*
 * bench_kafka: detectd behind Kafka, measured without a broker.  It
 * starts librdkafka's mock cluster (3 brokers) in this process, writes
 * a topic of P partitions with the lines of a Squid log keyed by their
 * client address (the endpoint, as a shipper would key them), starts M
 * detectd daemons (-d) in one consumer group, each with its own
 * configuration, state directory and alert file, and waits until the
 * group has committed every record: detectd commits only after the
 * alerts are written, so that is when the work is done.
 *
 *	bench_kafka [-k] [-s STATE_TOPIC] -d DETECTD -r RULES_DIR -l LOG
 *	    -w WORKDIR [-p P] [-m M]
 *
 * -k kills the first daemon (SIGKILL) once half the records are
 * committed: the others must take its partitions over and read what it
 * had not committed, so that the group still commits every record.  The
 * last tenth of the log is written only after the kill, to every
 * partition, so that the group cannot finish without that take-over
 * however far the killed daemon had got.
 *
 * -s gives the daemons "kafka-state topic STATE_TOPIC" (an empty name:
 * none) and starts only the first with half of the log written: the
 * others join once that half is committed, take partitions from it with
 * the state of their endpoints, and the other half is written when the
 * group has settled (STATE_SETTLE_MS later).  Their logs are kept, in
 * WORKDIR/mN.err.
 *
 * The paths are absolute: a daemon's configuration names them.
 *
 * Output, one line: M P records wall_ms cpu_ms records_per_wall_s
 * records_per_cpu_s alerts.  wall_ms runs from the first commit of the
 * group (after its first join, which the mock cluster delays by 3s) to
 * the last; cpu_ms is the daemons' user and system time together, from
 * wait4, less what loading the rules took each (detectd -n), so that
 * records_per_cpu_s is what one instance does with one core.
 */
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#define TOPIC	"logs"
#define GROUP	"bench"
#define MAXM	16
#define STATE_SETTLE_MS	9000	/* -s: a join and its rebalance */

struct bench {
	const char		*detectd, *rules, *log, *work;
	int			 parts, members;
	int			 kill_half;	/* -k: SIGKILL m0 half-way */
	const char		*state;		/* -s: the state topic */
	long			 half;		/* -s: lines written first */
	rd_kafka_t		*prod;
	rd_kafka_mock_cluster_t	*mc;
	char			 brokers[512];
	pid_t			 pid[MAXM];
	long			 records;
};

static int64_t
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static rd_kafka_t *
client(rd_kafka_type_t type, const char *brokers, const char *group)
{
	rd_kafka_conf_t	*kc = rd_kafka_conf_new();
	rd_kafka_t	*rk;
	char		 err[256];

	(void)rd_kafka_conf_set(kc, "log_level", "3", err, sizeof(err));
	if (brokers != NULL)
		(void)rd_kafka_conf_set(kc, "bootstrap.servers", brokers, err,
		    sizeof(err));
	if (group != NULL)
		(void)rd_kafka_conf_set(kc, "group.id", group, err,
		    sizeof(err));
	if (type == RD_KAFKA_PRODUCER)
		(void)rd_kafka_conf_set(kc, "linger.ms", "20", err,
		    sizeof(err));
	if ((rk = rd_kafka_new(type, kc, err, sizeof(err))) == NULL) {
		fprintf(stderr, "bench_kafka: %s\n", err);
		exit(1);
	}
	return rk;
}

/* The third field of a Squid line, its client address. */
static size_t
endpoint(const char *line, const char **key)
{
	const char	*p = line;
	int		 f;

	for (f = 0; f < 2; f++) {
		p += strcspn(p, " ");
		p += strspn(p, " ");
	}
	*key = p;
	return strcspn(p, " \n");
}

/* Lines from to to (-1: the end) of the log, each a record. */
static void
produce(struct bench *b, long from, long to)
{
	FILE		*fp;
	char		*line = NULL;
	size_t		 cap = 0, klen;
	ssize_t		 n;
	const char	*key;
	long		 i = 0;

	if ((fp = fopen(b->log, "r")) == NULL) {
		perror(b->log);
		exit(1);
	}
	for (; (n = getline(&line, &cap, fp)) > 0; i++) {
		if (i < from || (to >= 0 && i >= to))
			continue;
		klen = endpoint(line, &key);
		while (rd_kafka_producev(b->prod, RD_KAFKA_V_TOPIC(TOPIC),
		    RD_KAFKA_V_KEY(key, klen), RD_KAFKA_V_VALUE(line,
		    (size_t)n - 1), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
		    RD_KAFKA_V_END) == RD_KAFKA_RESP_ERR__QUEUE_FULL)
			(void)rd_kafka_poll(b->prod, 10);
		b->records++;
	}
	free(line);
	fclose(fp);
	if (rd_kafka_flush(b->prod, 120000) != 0) {
		fprintf(stderr, "bench_kafka: records not produced\n");
		exit(1);
	}
}

static long
count_lines(const char *path)
{
	FILE	*fp;
	long	 n = 0;
	int	 c;

	if ((fp = fopen(path, "r")) == NULL) {
		perror(path);
		exit(1);
	}
	while ((c = getc(fp)) != EOF)
		n += c == '\n';
	fclose(fp);
	return n;
}

/*
 * The mock cluster keeps a bounded log per partition and drops its
 * oldest records past it: a topic that lost some measures nothing.
 */
static void
check_kept(struct bench *b)
{
	int64_t	 lo, hi;
	int	 i;

	for (i = 0; i < b->parts; i++) {
		if (rd_kafka_query_watermark_offsets(b->prod, TOPIC, i, &lo,
		    &hi, 5000) != 0)
			continue;
		if (lo > 0) {
			fprintf(stderr, "bench_kafka: partition %d kept "
			    "offsets %lld to %lld only: use fewer records or "
			    "more partitions\n", i, (long long)lo,
			    (long long)hi);
			exit(1);
		}
	}
}

static void
member_conf(const struct bench *b, int i, char *path, size_t size)
{
	FILE	*fp;

	snprintf(path, size, "%s/m%d.conf", b->work, i);
	if ((fp = fopen(path, "w")) == NULL) {
		perror(path);
		exit(1);
	}
	fprintf(fp, "state-dir \"%s/m%d\"\nruleset \"bench\"\n"
	    "include \"%s/*.rules\"\nstats-interval off\n"
	    "input logs {\n type kafka\n brokers \"%s\"\n topic %s\n"
	    " group %s\n format squid\n property log_level 3\n"
	    " property session.timeout.ms 6000\n"
	    " property heartbeat.interval.ms 200\n%s%s%s}\n"
	    "output alerts {\n type file\n path \"%s/m%d.json\"\n}\n",
	    b->work, i, b->rules, b->brokers, TOPIC, GROUP,
	    b->state != NULL && *b->state ? " kafka-state topic \"" : "",
	    b->state != NULL && *b->state ? b->state : "",
	    b->state != NULL && *b->state ? "\"\n" : "",
	    b->work, i);
	fclose(fp);
}

static void
start(struct bench *b, int i)
{
	char	 conf[1024];

	member_conf(b, i, conf, sizeof(conf));
	if ((b->pid[i] = fork()) == -1) {
		perror("fork");
		exit(1);
	}
	if (b->pid[i] == 0) {
		/* -s: the daemons' logs kept, m0.err ..., for the test. */
		snprintf(conf + strlen(conf) - 5, 6, ".err");
		if (freopen(b->state != NULL ? conf : "/dev/null", "w",
		    stderr) == NULL)
			_exit(127);
		member_conf(b, i, conf, sizeof(conf));
		execl(b->detectd, b->detectd, "-d", "-f", conf, (char *)NULL);
		_exit(127);
	}
}

/* The group's committed offsets, summed; -1 when it cannot say. */
static long
committed(struct bench *b, rd_kafka_t *rk)
{
	rd_kafka_topic_partition_list_t	*l;
	long				 sum = 0;
	int				 i;

	l = rd_kafka_topic_partition_list_new(b->parts);
	for (i = 0; i < b->parts; i++)
		rd_kafka_topic_partition_list_add(l, TOPIC, i);
	if (rd_kafka_committed(rk, l, 5000) != 0)
		sum = -1;
	for (i = 0; i < l->cnt && sum >= 0; i++)
		if (l->elems[i].offset > 0)
			sum += (long)l->elems[i].offset;
	rd_kafka_topic_partition_list_destroy(l);
	return sum;
}

static long
alerts(const struct bench *b)
{
	char	 path[1024], line[65536];
	FILE	*fp;
	long	 n = 0;
	int	 i;

	for (i = 0; i < b->members; i++) {
		snprintf(path, sizeof(path), "%s/m%d.json", b->work, i);
		if ((fp = fopen(path, "r")) == NULL)
			continue;
		while (fgets(line, sizeof(line), fp) != NULL)
			n++;
		fclose(fp);
	}
	return n;
}

static int64_t
ru_ms(const struct rusage *ru)
{
	return (int64_t)ru->ru_utime.tv_sec * 1000 +
	    ru->ru_utime.tv_usec / 1000 +
	    (int64_t)ru->ru_stime.tv_sec * 1000 + ru->ru_stime.tv_usec / 1000;
}

/*
 * The CPU time of loading the configuration and rules (detectd -n),
 * which every daemon spends once before its first record.
 */
static int64_t
startup_cpu(const struct bench *b)
{
	struct rusage	 ru;
	char		 conf[1024];
	pid_t		 pid;
	int		 status;

	snprintf(conf, sizeof(conf), "%s/m0.conf", b->work);
	if ((pid = fork()) == -1)
		return 0;
	if (pid == 0) {
		if (freopen("/dev/null", "w", stderr) == NULL ||
		    freopen("/dev/null", "w", stdout) == NULL)
			_exit(127);
		execl(b->detectd, b->detectd, "-n", "-f", conf, (char *)NULL);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) == -1)
		return 0;
	return ru_ms(&ru);
}

/* Stop the daemons; their CPU time in ms. */
static int64_t
stop(struct bench *b)
{
	struct rusage	 ru;
	int64_t		 cpu = 0;
	int		 i, status;

	for (i = 0; i < b->members; i++)
		if (b->pid[i] > 0)
			(void)kill(b->pid[i], SIGTERM);
	for (i = 0; i < b->members; i++) {
		if (b->pid[i] <= 0 || wait4(b->pid[i], &status, 0, &ru) == -1)
			continue;
		cpu += ru_ms(&ru);
	}
	return cpu;
}

/* Whether every daemon still runs (one that exits has failed). */
static int
running(struct bench *b)
{
	int	 i, status;

	for (i = 0; i < b->members; i++)
		if (b->pid[i] > 0 &&
		    waitpid(b->pid[i], &status, WNOHANG) == b->pid[i]) {
			fprintf(stderr, "bench_kafka: detectd m%d exited (see "
			    "%s/m%d.conf)\n", i, b->work, i);
			b->pid[i] = -1;
			return 0;
		}
	return 1;
}

static void
run(struct bench *b)
{
	rd_kafka_t	*rk = client(RD_KAFKA_CONSUMER, b->brokers, GROUP);
	int64_t		 t0 = 0, t1, deadline, cpu;
	long		 c, c0 = 0;
	int		 i;

	for (i = 0; i < (b->state != NULL ? 1 : b->members); i++)
		start(b, i);
	deadline = now_ms() + 120000;
	/* With -k, not done before the kill and the tail after it. */
	while (((c = committed(b, rk)) < b->records || b->half > 0 ||
	    (b->kill_half && b->pid[0] > 0)) && now_ms() < deadline &&
	    running(b)) {
		if (c > 0 && t0 == 0) {
			t0 = now_ms();
			c0 = c;
		}
		if (b->state != NULL && b->half > 0 && c >= b->half) {
			/*
			 * The others join: partitions move, with state.  The
			 * rest is written once the group has settled: the
			 * mock cluster answers a commit made while the group
			 * rebalances with "illegal generation", the member
			 * loses its partitions, and lost partitions hand
			 * nothing over.
			 */
			for (i = 1; i < b->members; i++)
				start(b, i);
			usleep(STATE_SETTLE_MS * 1000);
			b->half = 0;
			produce(b, b->records, -1);
		}
		if (b->kill_half && b->pid[0] > 0 && c >= b->records / 2) {
			/* A crash: the others take its partitions over. */
			(void)kill(b->pid[0], SIGKILL);
			(void)waitpid(b->pid[0], NULL, 0);
			b->pid[0] = -1;
			produce(b, b->records, -1);
		}
		usleep(20000);
	}
	t1 = now_ms();
	cpu = stop(b) - b->members * startup_cpu(b);
	rd_kafka_destroy(rk);
	if (c < b->records) {
		fprintf(stderr, "bench_kafka: %ld of %ld records committed\n",
		    c, b->records);
		exit(1);
	}
	printf("%d %d %ld %lld %lld %lld %lld %ld\n", b->members, b->parts,
	    b->records, (long long)(t1 - t0), (long long)cpu,
	    (long long)((c - c0) * 1000 / (t1 - t0 > 0 ? t1 - t0 : 1)),
	    (long long)(b->records * 1000 / (cpu > 0 ? cpu : 1)), alerts(b));
}

int
main(int argc, char *argv[])
{
	struct bench	 b;
	int		 ch;

	memset(&b, 0, sizeof(b));
	b.parts = 8;
	b.members = 1;
	while ((ch = getopt(argc, argv, "d:kr:l:w:p:m:s:")) != -1) {
		switch (ch) {
		case 's': b.state = optarg; break;
		case 'd': b.detectd = optarg; break;
		case 'k': b.kill_half = 1; break;
		case 'r': b.rules = optarg; break;
		case 'l': b.log = optarg; break;
		case 'w': b.work = optarg; break;
		case 'p': b.parts = atoi(optarg); break;
		case 'm': b.members = atoi(optarg); break;
		default: goto usage;
		}
	}
	if (b.detectd == NULL || b.rules == NULL || b.log == NULL ||
	    b.work == NULL || b.members < 1 || b.members > MAXM ||
	    b.parts < 1)
		goto usage;
	b.prod = client(RD_KAFKA_PRODUCER, NULL, NULL);
	b.mc = rd_kafka_mock_cluster_new(b.prod, 3);
	snprintf(b.brokers, sizeof(b.brokers), "%s",
	    rd_kafka_mock_cluster_bootstraps(b.mc));
	(void)rd_kafka_mock_topic_create(b.mc, TOPIC, b.parts, 3);
	(void)rd_kafka_brokers_add(b.prod, b.brokers);
	if (b.kill_half) {
		/* The tail after the kill; records counts all from then. */
		produce(&b, 0, count_lines(b.log) * 9 / 10);
	} else if (b.state != NULL) {
		produce(&b, 0, count_lines(b.log) / 2);
		b.half = b.records;
	} else
		produce(&b, 0, -1);
	check_kept(&b);
	run(&b);
	rd_kafka_mock_cluster_destroy(b.mc);
	rd_kafka_destroy(b.prod);
	return 0;
usage:
	fprintf(stderr, "usage: bench_kafka [-k] [-s state-topic] -d detectd "
	    "-r rules-dir -l log -w workdir [-p partitions] [-m members]\n");
	return 1;
}
