/*
 * bench_stats: events per second through the statistical analyzer alone,
 * with many endpoints and tracked pairs, and the memory that costs.
 *
 *	bench_stats [-i] [-e endpoints] [-d destinations-per-endpoint]
 *	    [-n events]
 *
 * -i gives the analyzer an endpoint identity table, as the pipeline
 * does, with a DHCP lease for every endpoint: endpoints are then keyed
 * by host name, found from the address for each event.
 *
 * Rules: a beacon rule tracking (endpoint, destination, port) pairs, a
 * horizontal-scan rule and an error-count rule, as in rules/stats.rules,
 * with tables sized to hold every endpoint and pair.  Events are built
 * in memory first, so the figure is the analyzer's own cost.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analyzers/analyzer.h"
#include "analyzers/finding.h"
#include "analyzers/identity.h"
#include "analyzers/stats.h"
#include "event/logevent.h"
#include "conf/conf.h"
#include "rules/ruleset.h"

static uint64_t	 findings;

static void
bench_emit(void *arg, const struct finding *f)
{
	(void)arg;
	(void)f;
	findings++;
}

/* "A.b.c.d" for the number n = b << 16 | c << 8 | d, in buf. */
static struct slice
bench_ip(char *buf, unsigned a, unsigned n)
{
	unsigned	 parts[4] = { a, (n >> 16) & 255, (n >> 8) & 255,
			     n & 255 };
	size_t		 o = 0, i;

	for (i = 0; i < 4; i++) {
		if (i > 0)
			buf[o++] = '.';
		if (parts[i] >= 100)
			buf[o++] = (char)('0' + parts[i] / 100);
		if (parts[i] >= 10)
			buf[o++] = (char)('0' + parts[i] / 10 % 10);
		buf[o++] = (char)('0' + parts[i] % 10);
	}
	buf[o] = '\0';
	return (struct slice){ buf, o };
}

/* Whether step k has an event at stage j of the way (see analyzer.h). */
static int
bench_step(unsigned long k, unsigned long j, unsigned long n)
{
	return k >= j * ANALYZER_STEP && k - j * ANALYZER_STEP < n;
}

static long
bench_rss_kb(const char *key)
{
	char	 line[256];
	long	 v = -1;
	FILE	*fp;

	if ((fp = fopen("/proc/self/status", "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), fp) != NULL)
		if (strncmp(line, key, strlen(key)) == 0)
			v = atol(line + strlen(key) + 1);
	fclose(fp);
	return v;
}

static double
bench_now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A lease for every endpoint: host WS<n> holds its address. */
static struct identity *
bench_identity(const char *ips, unsigned eps)
{
	struct identity	*id;
	struct logevent	 ev;
	char		 host[32];
	unsigned	 i;

	if ((id = identity_new(eps + 1024)) == NULL)
		exit(1);
	memset(&ev, 0, sizeof(ev));
	for (i = 0; i < eps; i++) {
		logevent_reset(&ev);
		snprintf(host, sizeof(host), "WS%06u", i);
		ev.time_ms = 1773270000000LL;
		ev.source = SRC_DHCP;
		ev.src_ip = slice_cstr(ips + 24 * i);
		ev.src_host = slice_cstr(host);
		identity_learn(id, &ev);
	}
	logevent_free(&ev);
	return id;
}

static struct ruleset *
bench_ruleset(unsigned pairs, unsigned eps)
{
	struct cerrors	 errs = { 0 };
	struct ruleset	*rs = analyzer_ruleset_new("bench");
	struct cnode	*root, *n;
	char		 text[2048];

	snprintf(text, sizeof(text),
	    "rule 1 {\n name \"beacon\"\n analyzer stats\n"
	    " viewpoint similar-to-attack\n stage c2\n statistic beacon\n"
	    " max-entries %u\n}\n"
	    "rule 2 {\n name \"scan\"\n analyzer stats\n"
	    " viewpoint similar-to-attack\n stage recon\n"
	    " statistic distinct destination.ip\n"
	    " group-by endpoint destination.port\n window 5m\n"
	    " threshold 25\n max-entries %u\n condition "
	    "network.conn_state == \"S0\" or network.conn_state == \"REJ\"\n"
	    "}\n"
	    "rule 3 {\n name \"errors\"\n analyzer stats\n"
	    " viewpoint similar-to-attack\n stage recon\n statistic count\n"
	    " window 10m\n threshold 50\n min-ratio 0.5\n min-events 60\n"
	    " max-entries %u\n"
	    " condition http.response.status_code >= 400\n}\n",
	    pairs, eps, eps);
	root = conf_parse_string("bench", text, strlen(text), &errs);
	for (n = root; n != NULL; n = n->next)
		if (ruleset_statement(rs, n, &errs) == -1)
			break;
	conf_free(root);
	if (errs.n > 0) {
		cerrors_print(&errs);
		exit(1);
	}
	return rs;
}

int
main(int argc, char *argv[])
{
	struct emitter		 em = { bench_emit, NULL };
	struct analyzer_env	 env = { NULL, 1, NULL, ANALYZER_TIER_ALL,
	    { NULL, NULL } };
	int			 with_id = 0;
	struct stats_counters	 c;
	struct ruleset		*rs;
	struct logevent		*evs, *ev;
	char			*ips, *dsts, *bufs;
	unsigned		 eps = 100000, per = 10, i, ep, d;
	unsigned long		 n = 10000000, k, nev;
	uint64_t		 rng = 88172645463325252ULL;
	size_t			 mem = 0, pairs = 0;
	double			 t0, t1;
	void			*a;
	int			 ch;

	while ((ch = getopt(argc, argv, "d:e:in:")) != -1) {
		switch (ch) {
		case 'i':
			with_id = 1;
			break;
		case 'd':
			per = (unsigned)atoi(optarg);
			break;
		case 'e':
			eps = (unsigned)atoi(optarg);
			break;
		case 'n':
			n = strtoul(optarg, NULL, 10);
			break;
		default:
			fprintf(stderr, "usage: bench_stats [-i] [-e endpoints] "
			    "[-d destinations] [-n events]\n");
			return 2;
		}
	}
	if (eps == 0 || per == 0 || eps > 1000000)
		return 2;
	rs = bench_ruleset(eps * per, eps);
	/*
	 * Addresses as text, 24 bytes each; a small pool of events whose
	 * endpoint and destination are drawn again for each use, so that
	 * no pair sees a periodic pattern the beacon rule would report.
	 */
	nev = 4096;
	ips = calloc(eps, 24);
	dsts = calloc(per * 64, 24);
	evs = calloc(nev, sizeof(*evs));
	bufs = calloc(nev, 48);
	if (ips == NULL || dsts == NULL || evs == NULL || bufs == NULL)
		return 1;
	for (i = 0; i < eps; i++)
		snprintf(ips + 24 * i, 24, "10.%u.%u.%u", i >> 16,
		    (i >> 8) & 255, i & 255);
	if (with_id)
		env.identity = bench_identity(ips, eps);
	if ((a = analyzer_stats.new(rs, &em, &env)) == NULL)
		return 1;
	for (i = 0; i < per * 64; i++)
		snprintf(dsts + 24 * i, 24, "198.%u.%u.%u", 18 + (i >> 16),
		    (i >> 8) & 255, i & 255);
	for (k = 0; k < nev; k++) {
		logevent_reset(&evs[k]);
		rng ^= rng << 13;
		rng ^= rng >> 7;
		rng ^= rng << 17;
		ep = (unsigned)(rng % eps);
		/* Each endpoint has its own few destinations. */
		d = (unsigned)((rng >> 32) % per) + (ep % 64) * per;
		evs[k].source = SRC_NETWORK;
		evs[k].src_ip = slice_cstr(ips + 24 * ep);
		evs[k].dst_ip = slice_cstr(dsts + 24 * d);
		evs[k].dst_port = 443;
		evs[k].bytes_out = 300 + (int64_t)((rng >> 40) % 2000);
		evs[k].conn_state = slice_cstr((rng >> 20) % 50 ? "SF" : "S0");
		evs[k].status = -1;
	}
	/*
	 * As the pipeline runs the analyzer: events are made (parsed)
	 * ANALYZER_AHEAD steps before they are processed, and prefetched by
	 * the identity table and the analyzer on the way.
	 */
	t0 = bench_now();
	for (k = 0; k < n + ANALYZER_AHEAD; k++) {
		if (k < n) {
			ev = &evs[k % nev];
			rng ^= rng << 13;
			rng ^= rng >> 7;
			rng ^= rng << 17;
			ep = (unsigned)(rng % eps);
			d = (unsigned)((rng >> 32) % per) + (ep % 64) * per;
			/* As a parser would: text in the event's own line. */
			ev->src_ip = bench_ip(bufs + 48 * (k % nev), 10,
			    ep);
			ev->dst_ip = bench_ip(bufs + 48 * (k % nev) + 24,
			    198, (18 << 16) + d);
			ev->time_ms = 1773273600000LL + (int64_t)(k / 20);
			ev->seq = k + 1;
			identity_prefetch(env.identity, ev, 0);
		}
		if (bench_step(k, 1, n))
			identity_prefetch(env.identity,
			    &evs[(k - ANALYZER_STEP) % nev], 1);
		if (bench_step(k, 2, n))
			analyzer_stats.prefetch(a,
			    &evs[(k - 2 * ANALYZER_STEP) % nev], 0);
		if (bench_step(k, 3, n))
			analyzer_stats.prefetch(a,
			    &evs[(k - 3 * ANALYZER_STEP) % nev], 1);
		if (k >= ANALYZER_AHEAD)
			analyzer_stats.process(a,
			    &evs[(k - ANALYZER_AHEAD) % nev]);
	}
	t1 = bench_now();
	for (i = 0; stats_counters(a, i, &c) == 0; i++) {
		mem += c.memory;
		if (i == 0)
			pairs = c.entries;
		printf("rule %s: %zu entries, %llu evicted, %.1f MB, "
		    "%.0f bytes each\n", c.rule, c.entries,
		    (unsigned long long)c.evictions, c.memory / 1048576.0,
		    c.entries ? (double)c.memory / (double)c.entries : 0.0);
	}
	printf("stats analyzer%s: %lu events in %.2f s: %.0f events/s; "
	    "%zu pairs tracked, %u endpoints; tables %.1f MB; peak RSS "
	    "%.1f MB; %llu findings\n", with_id ? " with identity" : "",
	    n, t1 - t0, (double)n / (t1 - t0),
	    pairs, eps, mem / 1048576.0, bench_rss_kb("VmHWM:") / 1024.0,
	    (unsigned long long)findings);
	analyzer_stats.free(a);
	identity_free(env.identity);
	ruleset_free(rs);
	free(evs);
	free(ips);
	free(dsts);
	free(bufs);
	return 0;
}
