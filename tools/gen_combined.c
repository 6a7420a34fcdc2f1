/*
 * gen_combined: deterministic, realistic access log lines in Squid's
 * "combined" logformat (Apache combined plus %Ss:%Sh) for the tests and
 * the benchmark; -a writes plain Apache combined lines of a web server
 * instead.  The same options give the same bytes on every machine.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define GEN_OUTBUF	(1 << 20)
#define GEN_LINEMAX	2048
#define GEN_WORKDAY_S	32400		/* nine hours */
#define GEN_MAXINJECT	64

static const char *const gen_bases[] = {
	"microsoft.com", "windowsupdate.com", "office.com", "office365.com",
	"live.com", "outlook.com", "bing.com", "msn.com", "azureedge.net",
	"windows.net", "skype.com", "google.com", "gstatic.com",
	"googleapis.com", "youtube.com", "ytimg.com", "doubleclick.net",
	"apple.com", "icloud.com", "amazon.com", "amazonaws.com",
	"cloudfront.net", "akamaihd.net", "akamaized.net", "fastly.net",
	"cloudflare.com", "github.com", "githubusercontent.com", "slack.com",
	"zoom.us", "salesforce.com", "dropbox.com", "box.com", "adobe.com",
	"linkedin.com", "facebook.com", "wikipedia.org", "yahoo.co.jp",
	"yimg.jp", "nikkei.com", "atlassian.net", "okta.com", "webex.com",
	"digicert.com", "sentry.io", "docker.io", "npmjs.org", "pypi.org",
	"ubuntu.com", "mozilla.org", "trendmicro.com",
};
#define GEN_NBASES	(sizeof(gen_bases) / sizeof(gen_bases[0]))

static const char *const gen_subs[] = {
	"www", "api", "cdn", "static", "login", "mail", "update", "download",
	"assets", "img", "edge", "app", "docs", "portal", "files", "media",
	"auth", "events", "telemetry", "clients", "storage", "content",
};
#define GEN_NSUBS	(sizeof(gen_subs) / sizeof(gen_subs[0]))

static const char *const gen_users[] = {
	"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi",
	"ivan", "judy", "mallory", "oscar", "peggy", "trent", "victor",
	"walter",
};
#define GEN_NUSERS	(sizeof(gen_users) / sizeof(gen_users[0]))

/* User agents of an office, by cumulative per mille. */
struct gen_ua {
	uint32_t	 upto;
	const char	*ua;
};

static const struct gen_ua gen_uas[] = {
	{ 420, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
	    "(KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36" },
	{ 650, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
	    "(KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 "
	    "Edg/122.0.2365.66" },
	{ 720, "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:123.0) "
	    "Gecko/20100101 Firefox/123.0" },
	{ 790, "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) "
	    "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 "
	    "Safari/605.1.15" },
	{ 860, "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook "
	    "16.0.17328; Pro)" },
	{ 900, "Windows-Update-Agent/10.0.10011.16384 Client-Protocol/2.50" },
	{ 930, "Microsoft-CryptoAPI/10.0" },
	{ 950, "Teams/24033.811.2738.2546 Chrome/120.0.6099.291" },
	{ 965, "curl/8.5.0" },
	{ 975, "python-requests/2.31.0" },
	{ 985, "Java/17.0.10" },
	{ 1000, "-" },
};

struct gen_path {
	const char	*fmt;		/* %x: random hex, %u: random number */
	uint32_t	 min, max;	/* response size */
};

static const struct gen_path gen_paths[] = {
	{ "/", 2000, 80000 },
	{ "/index.html", 2000, 60000 },
	{ "/news/%u.html", 8000, 120000 },
	{ "/static/js/app.%x.js", 5000, 400000 },
	{ "/assets/main.%x.css", 2000, 90000 },
	{ "/images/logo.png", 1000, 60000 },
	{ "/img/%u.jpg", 5000, 300000 },
	{ "/favicon.ico", 300, 5000 },
	{ "/api/v1/items?id=%u", 200, 20000 },
	{ "/api/v2/status?client=%x&v=3", 100, 2000 },
	{ "/search?q=%x&lang=ja", 10000, 90000 },
	{ "/track?cid=%x&ev=view&t=%u", 43, 43 },
	{ "/download/setup-%u.exe", 1000000, 80000000 },
};
#define GEN_NPATHS	(sizeof(gen_paths) / sizeof(gen_paths[0]))

struct gen_result {
	uint32_t	 upto;		/* cumulative percentage */
	int		 status;
	const char	*code;		/* %Ss:%Sh */
};

static const struct gen_result gen_results[] = {
	{ 60, 200, "TCP_MISS:HIER_DIRECT" },
	{ 70, 200, "TCP_MEM_HIT:HIER_NONE" },
	{ 76, 200, "TCP_HIT:HIER_NONE" },
	{ 81, 304, "TCP_REFRESH_UNMODIFIED:HIER_DIRECT" },
	{ 84, 304, "TCP_IMS_HIT:HIER_NONE" },
	{ 89, 404, "TCP_MISS:HIER_DIRECT" },
	{ 93, 302, "TCP_MISS:HIER_DIRECT" },
	{ 95, 301, "TCP_MISS:HIER_DIRECT" },
	{ 96, 503, "TCP_MISS:HIER_DIRECT" },
	{ 100, 403, "TCP_DENIED:HIER_NONE" },
};

struct gen_inject {
	const char	*target;	/* a domain, or an http:// URL */
	size_t		 tlen;
	uint64_t	 count;
	uint64_t	 done;
};

struct gen {
	uint64_t	 rng;
	uint64_t	 lines;
	uint32_t	 endpoints;
	uint32_t	 ndest;
	char		**dest;
	int		 apache;
	int		 zone_min;	/* offset of the local time, minutes */
	uint64_t	 now_us;
	uint64_t	 gap_us;
	int64_t		 date_sec;	/* second the cached date is for */
	char		 date[40];	/* "10/Mar/2026:14:02:11 +0100" */
	size_t		 datelen;
	struct gen_inject inject[GEN_MAXINJECT];
	size_t		 ninject;
	char		 out[GEN_OUTBUF];
	size_t		 outlen;
};

static uint64_t
gen_rand(struct gen *g)
{
	uint64_t	 z = (g->rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint32_t
gen_below(struct gen *g, uint32_t n)
{
	return (uint32_t)(((gen_rand(g) >> 32) * n) >> 32);
}

/* In [min, max], skewed towards min: most transfers are small. */
static uint64_t
gen_skewed(struct gen *g, uint64_t min, uint64_t max)
{
	uint64_t	 a = gen_rand(g) >> 43, b = gen_rand(g) >> 43;
	uint64_t	 u = (a * b) >> 21;

	return min + (max - min) * u / (1 << 21);
}

static void
gen_flush(struct gen *g)
{
	if (g->outlen > 0 && fwrite(g->out, 1, g->outlen, stdout) !=
	    g->outlen) {
		perror("gen_combined: write");
		exit(1);
	}
	g->outlen = 0;
}

static void
gen_put(struct gen *g, const char *s, size_t len)
{
	memcpy(g->out + g->outlen, s, len);
	g->outlen += len;
}

static void
gen_puts(struct gen *g, const char *s)
{
	gen_put(g, s, strlen(s));
}

static void
gen_putc(struct gen *g, char c)
{
	g->out[g->outlen++] = c;
}

static void
gen_putu(struct gen *g, uint64_t v)
{
	char	 tmp[24];
	int	 n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	while (n > 0)
		gen_putc(g, tmp[--n]);
}

static void
gen_puthex(struct gen *g, uint64_t v, int digits)
{
	static const char	 hex[] = "0123456789abcdef";

	while (digits-- > 0)
		gen_putc(g, hex[(v >> (digits * 4)) & 0xf]);
}

static void
gen_putpath(struct gen *g, const char *fmt)
{
	for (; *fmt != '\0'; fmt++) {
		if (fmt[0] == '%' && fmt[1] == 'x') {
			gen_puthex(g, gen_rand(g), 8);
			fmt++;
		} else if (fmt[0] == '%' && fmt[1] == 'u') {
			gen_putu(g, gen_below(g, 1000000));
			fmt++;
		} else
			gen_putc(g, *fmt);
	}
}

/* Days since 1970-01-01 to a civil date (proleptic Gregorian). */
static void
gen_civil(int64_t days, int *y, int *m, int *d)
{
	int64_t		 z = days + 719468, era, yoe, doy, mp;

	era = (z >= 0 ? z : z - 146096) / 146097;
	yoe = z - era * 146097;
	yoe = (yoe - yoe / 1460 + yoe / 36524 - yoe / 146096) / 365;
	doy = z - era * 146097 - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* The CLF date of the current time, formatted once per second. */
static void
gen_date(struct gen *g)
{
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	int64_t		 s = (int64_t)(g->now_us / 1000000), l;
	int		 y, m, d, z;

	if (s == g->date_sec)
		return;
	z = g->zone_min < 0 ? -g->zone_min : g->zone_min;
	g->date_sec = s;
	l = s + g->zone_min * 60;
	gen_civil(l / 86400, &y, &m, &d);
	g->datelen = (size_t)snprintf(g->date, sizeof(g->date),
	    "%02d/%s/%04d:%02d:%02d:%02d %c%02d%02d", d, mon[m - 1], y,
	    (int)(l % 86400 / 3600), (int)(l % 3600 / 60), (int)(l % 60),
	    g->zone_min < 0 ? '-' : '+', z / 60, z % 60);
}

/* "client - user [date] " */
static void
gen_head(struct gen *g, uint32_t ep)
{
	gen_puts(g, "10.20.");
	gen_putu(g, ep / 254);
	gen_putc(g, '.');
	gen_putu(g, ep % 254 + 1);
	gen_puts(g, " - ");
	if (gen_below(g, 3) == 0) {
		gen_puts(g, gen_users[ep % GEN_NUSERS]);
		if (ep >= GEN_NUSERS)
			gen_putu(g, ep / GEN_NUSERS + 1);
	} else
		gen_putc(g, '-');
	gen_puts(g, " [");
	gen_date(g);
	gen_put(g, g->date, g->datelen);
	gen_puts(g, "] \"");
}

/* The endpoint's browser: most endpoints use one user agent. */
static const char *
gen_pick_ua(struct gen *g, uint32_t ep)
{
	uint32_t	 r = gen_below(g, 10) < 8 ?
	    (ep * 2654435761U) % 1000 : gen_below(g, 1000);
	size_t		 i = 0;

	while (r >= gen_uas[i].upto)
		i++;
	return gen_uas[i].ua;
}

/* " status bytes "referrer" "ua" code\n" */
static void
gen_tail(struct gen *g, uint32_t ep, int status, uint64_t bytes,
    const char *ref, uint32_t refd, const char *code)
{
	gen_puts(g, " HTTP/1.1\" ");
	gen_putu(g, (uint64_t)status);
	gen_putc(g, ' ');
	if (bytes == 0 && g->apache)
		gen_putc(g, '-');
	else
		gen_putu(g, bytes);
	if (ref != NULL) {
		gen_puts(g, " \"https://");
		gen_puts(g, g->dest[refd]);
		gen_puts(g, ref);
		gen_puts(g, "\" \"");
	} else
		gen_puts(g, " \"-\" \"");
	gen_puts(g, gen_pick_ua(g, ep));
	gen_putc(g, '"');
	if (!g->apache) {
		gen_putc(g, ' ');
		gen_puts(g, code);
	}
	gen_putc(g, '\n');
}

/* Most destinations get little traffic; a few get most of it. */
static uint32_t
gen_pick_dest(struct gen *g)
{
	uint64_t	 a = gen_rand(g) >> 32, b = gen_rand(g) >> 32;

	return (uint32_t)((((a * b) >> 32) * g->ndest) >> 32);
}

static void
gen_connect(struct gen *g, uint32_t ep, uint32_t d)
{
	int	 denied = gen_below(g, 1000) < 8;

	gen_head(g, ep);
	gen_puts(g, "CONNECT ");
	gen_puts(g, g->dest[d]);
	gen_puts(g, ":443");
	gen_tail(g, ep, denied ? 403 : 200, denied ? 3900 + gen_below(g, 100) :
	    gen_skewed(g, 400, 8000000), NULL, 0, denied ?
	    "TCP_DENIED:HIER_NONE" : "TCP_TUNNEL:HIER_DIRECT");
}

static void
gen_http(struct gen *g, uint32_t ep, uint32_t d, int post)
{
	const struct gen_path	*p = &gen_paths[gen_below(g, GEN_NPATHS)];
	const struct gen_result	*res = &gen_results[0];
	uint32_t		 r = gen_below(g, 100), refd;
	uint64_t		 bytes;
	int			 ref;

	while (!post && r >= res->upto)
		res++;
	bytes = gen_skewed(g, p->min, p->max);
	if (res->status == 304)
		bytes = g->apache ? 0 : 250 + gen_below(g, 200);
	else if (res->status != 200)
		bytes = 400 + gen_below(g, 3600);
	gen_head(g, ep);
	gen_puts(g, post ? "POST " : "GET ");
	if (!g->apache) {
		gen_puts(g, "http://");
		gen_puts(g, g->dest[d]);
	}
	gen_putpath(g, post ? "/api/v1/events?client=%x" : p->fmt);
	/* One call per statement: argument order would make it unportable. */
	ref = gen_below(g, 3) == 0;
	refd = gen_pick_dest(g);
	gen_tail(g, ep, res->status, bytes, ref ? "/" : NULL, refd,
	    res->code);
}

/* Squid's line for a client that sent nothing, Apache's 408. */
static void
gen_error_line(struct gen *g, uint32_t ep)
{
	gen_head(g, ep);
	if (g->apache) {
		gen_puts(g, "-\" 408 - \"-\" \"-\"\n");
		return;
	}
	gen_puts(g, "NONE error:transaction-end-before-headers HTTP/0.0\" 0 0 "
	    "\"-\" \"-\" NONE_NONE:HIER_NONE\n");
}

static void
gen_line(struct gen *g)
{
	uint32_t	 ep = gen_below(g, g->endpoints), r;
	uint32_t	 d = gen_pick_dest(g);

	r = gen_below(g, 1000);
	if (r < 700 && !g->apache)
		gen_connect(g, ep, d);
	else if (r < 940)
		gen_http(g, ep, d, 0);
	else if (r < 998)
		gen_http(g, ep, d, 1);
	else
		gen_error_line(g, ep);
}

/* The injected requests come from one endpoint: the first, 10.20.0.1. */
static void
gen_injected(struct gen *g, struct gen_inject *in)
{
	int	 url = strncmp(in->target, "http://", 7) == 0;

	gen_head(g, 0);
	gen_puts(g, url ? "GET " : "CONNECT ");
	gen_put(g, in->target, in->tlen);
	if (!url)
		gen_puts(g, ":443");
	gen_tail(g, 0, 200, url ? gen_skewed(g, 300000, 900000) :
	    1200 + gen_below(g, 600), NULL, 0, url ? "TCP_MISS:HIER_DIRECT" :
	    "TCP_TUNNEL:HIER_DIRECT");
}

static void
gen_run(struct gen *g)
{
	struct gen_inject	*in;
	uint64_t		 i;
	size_t			 j;

	for (i = 0; i < g->lines; i++) {
		for (j = 0; j < g->ninject; j++) {
			in = &g->inject[j];
			while (in->done < in->count && (in->done + 1) *
			    g->lines / (in->count + 1) <= i) {
				gen_injected(g, in);
				in->done++;
				if (g->outlen > GEN_OUTBUF - GEN_LINEMAX)
					gen_flush(g);
			}
		}
		gen_line(g);
		if (g->outlen > GEN_OUTBUF - GEN_LINEMAX)
			gen_flush(g);
		g->now_us += gen_rand(g) % (2 * g->gap_us + 1);
	}
	gen_flush(g);
}

static int
gen_destinations(struct gen *g)
{
	char		 buf[256];
	uint32_t	 i, b, k, s;

	if ((g->dest = calloc(g->ndest, sizeof(*g->dest))) == NULL)
		return -1;
	for (i = 0; i < g->ndest; i++) {
		b = i % GEN_NBASES;
		k = i / GEN_NBASES;
		s = (k - 1 + 7 * b) % GEN_NSUBS;
		if (k == 0)
			snprintf(buf, sizeof(buf), "%s", gen_bases[b]);
		else if (k - 1 < GEN_NSUBS)
			snprintf(buf, sizeof(buf), "%s.%s", gen_subs[s],
			    gen_bases[b]);
		else
			snprintf(buf, sizeof(buf), "%s%u.%s", gen_subs[s],
			    (unsigned)((k - 1) / GEN_NSUBS + 1), gen_bases[b]);
		if ((g->dest[i] = strdup(buf)) == NULL)
			return -1;
	}
	return 0;
}

static void
gen_free(struct gen *g)
{
	uint32_t	 i;

	for (i = 0; g->dest != NULL && i < g->ndest; i++)
		free(g->dest[i]);
	free(g->dest);
	free(g);
}

static void __attribute__((__noreturn__))
usage(void)
{
	fprintf(stderr,
	    "usage: gen_combined [-a] [-n lines] [-e endpoints] "
	    "[-d destinations]\n"
	    "                    [-s seed] [-t start_epoch] [-z +hhmm]\n"
	    "                    [-i domain:count | -i http://url:count] ...\n"
	    "-a writes Apache combined (no Squid codes, origin-form URLs).\n"
	    "Injected requests come from endpoint 10.20.0.1.\n");
	exit(1);
}

static uint64_t
gen_number(const char *s, uint64_t min, uint64_t max)
{
	char			*end;
	unsigned long long	 v;

	errno = 0;
	if (*s < '0' || *s > '9')
		usage();
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		usage();
	return v;
}

static int
gen_zone(const char *s)
{
	int	 v;

	if ((s[0] != '+' && s[0] != '-') || strlen(s) != 5 ||
	    strspn(s + 1, "0123456789") != 4)
		usage();
	v = ((s[1] - '0') * 10 + (s[2] - '0')) * 60 + (s[3] - '0') * 10 +
	    (s[4] - '0');
	if (v > 14 * 60)
		usage();
	return s[0] == '-' ? -v : v;
}

static void
gen_add_inject(struct gen *g, const char *arg)
{
	struct gen_inject	*in;
	const char		*colon = strrchr(arg, ':');

	if (g->ninject == GEN_MAXINJECT || colon == NULL || colon == arg ||
	    colon - arg > 512)
		usage();
	in = &g->inject[g->ninject++];
	in->target = arg;
	in->tlen = (size_t)(colon - arg);
	in->count = gen_number(colon + 1, 1, 100000000);
}

int
main(int argc, char *argv[])
{
	struct gen	*g;
	uint64_t	 start = 1773100800;
	int		 ch;

	if ((g = calloc(1, sizeof(*g))) == NULL) {
		perror("gen_combined");
		return 1;
	}
	g->lines = 10000;
	g->endpoints = 50;
	g->ndest = 500;
	g->rng = 1;
	g->date_sec = -1;
	while ((ch = getopt(argc, argv, "ad:e:i:n:s:t:z:")) != -1) {
		switch (ch) {
		case 'a':
			g->apache = 1;
			break;
		case 'd':
			g->ndest = (uint32_t)gen_number(optarg, 1, 1000000);
			break;
		case 'e':
			g->endpoints = (uint32_t)gen_number(optarg, 1, 65000);
			break;
		case 'i':
			gen_add_inject(g, optarg);
			break;
		case 'n':
			g->lines = gen_number(optarg, 0, 10000000000ULL);
			break;
		case 's':
			g->rng = gen_number(optarg, 0, UINT64_MAX);
			break;
		case 't':
			start = gen_number(optarg, 0, 100000000000ULL);
			break;
		case 'z':
			g->zone_min = gen_zone(optarg);
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	g->gap_us = (uint64_t)GEN_WORKDAY_S * 1000000 /
	    (g->lines ? g->lines : 1);
	g->now_us = start * 1000000;
	if (gen_destinations(g) == -1) {
		perror("gen_combined");
		gen_free(g);
		return 1;
	}
	gen_run(g);
	gen_free(g);
	if (fflush(stdout) != 0) {
		perror("gen_combined: write");
		return 1;
	}
	return 0;
}
