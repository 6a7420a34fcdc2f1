/*
 * gen_statslan: a benign LAN as a Zeek conn.log, for the false-positive
 * tests of the statistical rules: what normal hosts do that looks
 * regular, bulky or wide without being an attack.
 *
 *	gen_statslan [-e endpoints] [-H hours] [-s seed] [-t start-seconds]
 *
 * Endpoints 10.40.X.Y each, all period long:
 *   browsing      Poisson arrivals (mean 40 s), Zipf-popular sites
 *                 (500 sites, exponent 1.1), sizes skewed small;
 *   telemetry     every endpoint to one vendor address every 5 min
 *                 (+-2%), small constant-ish sizes;
 *   updates       every endpoint to one update address hourly;
 *   push          a third of them keep Apple push (17.57.146.0/24,
 *                 port 5223) with a check-in every 15 min (+-5%);
 *   own cloud     endpoint 2 syncs with a cloud host no one else uses
 *                 every 10 min (+-10%), sizes all over: the pattern a
 *                 statistic cannot tell from an implant;
 *   video call    endpoint 0 uploads 400 MB in an hour to a Teams
 *                 media address (52.112.0.0/14), starting at hour 2;
 *   CDN burst     endpoint 1 opens 30 connections to addresses of one
 *                 CDN /24 in half a minute, once an hour at any minute,
 *                 a third left unanswered (S0) as browsers abandon them.
 * Lines come out in time order, the same for the same options.
 */
#include <inttypes.h>
#include <math.h>

#include "gen.h"

#define GB_SITES	500
#define GB_LINE		512

struct gb_line {
	int64_t		 t;
	uint64_t	 seq;
	char		*s;
};

struct gb {
	uint64_t	 rng;
	int64_t		 start, end;
	int		 n;
	struct gb_line	*v;
	size_t		 nv, cap;
	double		 zipf[GB_SITES];	/* cumulative */
};

static void
usage(void)
{
	fprintf(stderr, "usage: gen_statslan [-e endpoints] [-H hours] "
	    "[-s seed] [-t start-seconds]\n");
	exit(2);
}

static double
gb_unif(struct gb *g)
{
	return (double)(gen_rand(&g->rng) >> 11) / 9007199254740992.0;
}

static void
gb_src(int i, char *buf, size_t len)
{
	snprintf(buf, len, "10.40.%d.%d", i / 250, 1 + i % 250);
}

/* One connection of endpoint i at t. */
static void
gb_conn(struct gb *g, int64_t t, int i, const char *dst, int port,
    const char *proto, uint64_t out, uint64_t in, const char *state)
{
	char		 src[32], l[GB_LINE];
	struct gb_line	*nv;

	if (t < g->start || t >= g->end)
		return;
	gb_src(i, src, sizeof(src));
	snprintf(l, sizeof(l), "%" PRId64 ".%03d000\tC%016" PRIx64 "\t%s\t%d"
	    "\t%s\t%d\t%s\t-\t%d.%06d\t%" PRIu64 "\t%" PRIu64 "\t%s\tT\tF\t0"
	    "\tShADadFf\t10\t900\t10\t900\t-", t / 1000, (int)(t % 1000),
	    gen_rand(&g->rng), src, 49152 + (int)gen_below(&g->rng, 16000),
	    dst, port, proto, (int)gen_below(&g->rng, 30),
	    (int)gen_below(&g->rng, 999999), out, in, state);
	if (g->nv == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 65536;
		if ((nv = realloc(g->v, g->cap * sizeof(*nv))) == NULL)
			exit(1);
		g->v = nv;
	}
	g->v[g->nv].t = t;
	g->v[g->nv].seq = g->nv;
	if ((g->v[g->nv].s = strdup(l)) == NULL)
		exit(1);
	g->nv++;
}

static void
gb_browse(struct gb *g, int i)
{
	char	 ip[32];
	double	 u;
	int64_t	 t;
	int	 s;

	for (t = g->start; t < g->end; t += (int64_t)(-40000.0 *
	    log(1 - gb_unif(g)))) {
		u = gb_unif(g);
		for (s = 0; s < GB_SITES - 1 && g->zipf[s] < u; s++)
			;
		snprintf(ip, sizeof(ip), "198.18.%d.%d", s / 200,
		    1 + s % 200);
		gb_conn(g, t, i, ip, 443, "tcp",
		    gen_skewed(&g->rng, 300, 4000),
		    gen_skewed(&g->rng, 2000, 400000), "SF");
	}
}

/* Every period ms (jittered by a fraction jit) from a random phase. */
static void
gb_every(struct gb *g, int i, const char *dst, int port, int64_t period,
    double jit, uint64_t lo, uint64_t hi)
{
	int64_t	 t;

	for (t = g->start + (int64_t)(gb_unif(g) * (double)period);
	    t < g->end; t += (int64_t)((double)period *
	    (1 - jit + 2 * jit * gb_unif(g))))
		gb_conn(g, t, i, dst, port, "tcp", lo + gen_below(&g->rng,
		    (uint32_t)(hi - lo + 1)), 400, "SF");
}

static void
gb_call_and_cdn(struct gb *g)
{
	char	 ip[32];
	int64_t	 t, h;
	int	 k;

	/* 400 MB up in an hour: 60 flows of about 6.7 MB. */
	for (k = 0, t = g->start + 2 * 3600000LL; k < 60; k++, t += 60000)
		gb_conn(g, t, 0, "52.113.20.14", 3478, "udp",
		    6600000 + gen_below(&g->rng, 200000), 6000000, "SF");
	/* A page heavy with assets, opened once an hour at any minute. */
	for (h = g->start; h < g->end; h += 3600000LL) {
		t = h + (int64_t)(gb_unif(g) * 3500000.0);
		for (k = 0; k < 30 && g->n > 1; k++) {
			snprintf(ip, sizeof(ip), "151.101.64.%d",
			    1 + (int)gen_below(&g->rng, 254));
			gb_conn(g, t + k * 1000, 1, ip, 443, "tcp", 0, 0,
			    k % 3 == 0 ? "S0" : "SF");
		}
	}
}

static int
gb_cmp(const void *a, const void *b)
{
	const struct gb_line	*x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void
gb_print(struct gb *g)
{
	size_t	 i;

	fputs("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n"
	    "#unset_field\t-\n#path\tconn\n#fields\tts\tuid\tid.orig_h\t"
	    "id.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\t"
	    "orig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\t"
	    "missed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\t"
	    "resp_ip_bytes\ttunnel_parents\n#types\ttime\tstring\taddr\tport"
	    "\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\t"
	    "bool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\t"
	    "set[string]\n", stdout);
	qsort(g->v, g->nv, sizeof(*g->v), gb_cmp);
	for (i = 0; i < g->nv; i++) {
		puts(g->v[i].s);
		free(g->v[i].s);
	}
	free(g->v);
}

static void
gb_options(struct gb *g, int argc, char **argv)
{
	int	 ch, hours = 24;

	g->n = 200;
	g->rng = 1;
	g->start = 1773273600000LL;
	while ((ch = getopt(argc, argv, "e:H:s:t:")) != -1) {
		switch (ch) {
		case 'e':
			g->n = atoi(optarg);
			break;
		case 'H':
			hours = atoi(optarg);
			break;
		case 's':
			g->rng = strtoull(optarg, NULL, 10);
			break;
		case 't':
			g->start = strtoll(optarg, NULL, 10) * 1000;
			break;
		default:
			usage();
		}
	}
	if (g->n < 1 || g->n > 50000 || hours < 1 || hours > 24 * 30)
		usage();
	g->end = g->start + hours * 3600000LL;
}

int
main(int argc, char **argv)
{
	struct gb	 g;
	double		 sum = 0, acc = 0;
	int		 i;

	memset(&g, 0, sizeof(g));
	gb_options(&g, argc, argv);
	for (i = 0; i < GB_SITES; i++)
		sum += 1 / pow(i + 1, 1.1);
	for (i = 0; i < GB_SITES; i++)
		g.zipf[i] = (acc += 1 / pow(i + 1, 1.1) / sum);
	for (i = 0; i < g.n; i++) {
		gb_browse(&g, i);
		gb_every(&g, i, "20.42.65.92", 443, 300000, 0.02, 800, 900);
		gb_every(&g, i, "13.107.4.50", 443, 3600000, 0.01, 400, 600);
		if (i % 3 == 0)
			gb_every(&g, i, "17.57.146.20", 5223, 900000, 0.05,
			    150, 200);
	}
	if (g.n > 2)
		gb_every(&g, 2, "34.120.5.5", 443, 600000, 0.1, 500, 50000);
	gb_call_and_cdn(&g);
	gb_print(&g);
	return 0;
}
