/*
 * What the log generators in tools/ share: the PRNG, the stdout buffer,
 * option parsing, dates and destination names.
 *
 * Each generator is a program of one file, and each uses only some of
 * this, so everything here is static inline.  A file that includes this
 * defines usage(), which the option parsers call on bad input.
 */
#ifndef GEN_H
#define GEN_H

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define GEN_OUTBUF	(1 << 20)
#define GEN_WORKDAY_S	32400		/* nine hours */
#define GEN_MAXINJECT	64

static void	usage(void) __attribute__((__noreturn__));

/* splitmix64: the same numbers on every machine. */
static inline uint64_t
gen_rand(uint64_t *rng)
{
	uint64_t	 z = (*rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* In [0, n). */
static inline uint32_t
gen_below(uint64_t *rng, uint32_t n)
{
	return (uint32_t)(((gen_rand(rng) >> 32) * n) >> 32);
}

/* In [min, max], skewed towards min: most transfers are small. */
static inline uint64_t
gen_skewed(uint64_t *rng, uint64_t min, uint64_t max)
{
	uint64_t	 a = gen_rand(rng) >> 43, b = gen_rand(rng) >> 43;

	/* 0..2^21, a product of uniforms */
	return min + (max - min) * ((a * b) >> 21) / (1 << 21);
}

/* A table of choices, ended by the one whose upto is 1000. */
struct gen_pick {
	uint32_t	 upto;		/* cumulative per mille */
	const char	*s;
};

static inline const char *
gen_pick(uint64_t *rng, const struct gen_pick *t)
{
	uint32_t	 r = gen_below(rng, 1000);

	while (r >= t->upto)
		t++;
	return t->s;
}

/* Most destinations get little traffic; a few get most of it. */
static inline uint32_t
gen_pick_dest(uint64_t *rng, uint32_t ndest)
{
	uint64_t	 a = gen_rand(rng) >> 32, b = gen_rand(rng) >> 32;

	return (uint32_t)((((a * b) >> 32) * ndest) >> 32);
}

/* FNV-1a. */
static inline uint64_t
gen_hash(const char *s, size_t len)
{
	uint64_t	 h = 1469598103934665603ULL;

	while (len-- > 0)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

/* Lines are built here and go to stdout in large writes. */
struct gen_out {
	const char	*name;		/* the program, for the error */
	size_t		 len;
	char		 buf[GEN_OUTBUF];
};

static inline void
gen_flush(struct gen_out *o)
{
	if (o->len > 0 && fwrite(o->buf, 1, o->len, stdout) != o->len) {
		fprintf(stderr, "%s: write: %s\n", o->name, strerror(errno));
		exit(1);
	}
	o->len = 0;
}

/* Flush unless room bytes are left: room is the longest line. */
static inline void
gen_reserve(struct gen_out *o, size_t room)
{
	if (o->len > GEN_OUTBUF - room)
		gen_flush(o);
}

static inline void
gen_put(struct gen_out *o, const char *s, size_t len)
{
	memcpy(o->buf + o->len, s, len);
	o->len += len;
}

static inline void
gen_puts(struct gen_out *o, const char *s)
{
	gen_put(o, s, strlen(s));
}

static inline void
gen_putc(struct gen_out *o, char c)
{
	o->buf[o->len++] = c;
}

/* Decimal, right-aligned in width with pad before it. */
static inline void
gen_putpad(struct gen_out *o, uint64_t v, int width, char pad)
{
	char	 tmp[24];
	int	 n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	while (width-- > n)
		gen_putc(o, pad);
	while (n > 0)
		gen_putc(o, tmp[--n]);
}

static inline void
gen_putu(struct gen_out *o, uint64_t v)
{
	gen_putpad(o, v, 0, ' ');
}

/* The low digits of v in lower case hex. */
static inline void
gen_puthex(struct gen_out *o, uint64_t v, int digits)
{
	static const char	 hex[] = "0123456789abcdef";

	while (digits-- > 0)
		gen_putc(o, hex[(v >> (digits * 4)) & 0xf]);
}

/* A URL path: %x is 8 random hex digits, %u a number below a million. */
static inline void
gen_putpath(struct gen_out *o, uint64_t *rng, const char *fmt)
{
	for (; *fmt != '\0'; fmt++) {
		if (fmt[0] == '%' && fmt[1] == 'x') {
			gen_puthex(o, gen_rand(rng), 8);
			fmt++;
		} else if (fmt[0] == '%' && fmt[1] == 'u') {
			gen_putu(o, gen_below(rng, 1000000));
			fmt++;
		} else
			gen_putc(o, *fmt);
	}
}

/* Days since 1970-01-01 to a civil date (proleptic Gregorian). */
static inline void
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

/*
 * Seconds since the epoch to the date and time fields of tm (the others
 * are left alone), in integer arithmetic, for times from 1970 on.
 */
static inline void
gen_gmtime(int64_t s, struct tm *tm)
{
	int	 y, m, d;

	gen_civil(s / 86400, &y, &m, &d);
	tm->tm_year = y - 1900;
	tm->tm_mon = m - 1;
	tm->tm_mday = d;
	tm->tm_hour = (int)(s % 86400 / 3600);
	tm->tm_min = (int)(s % 3600 / 60);
	tm->tm_sec = (int)(s % 60);
}

/* "Jan" to "Dec" for 0 to 11, as struct tm counts months. */
static inline const char *
gen_month(int mon)
{
	static const char *const names[] = { "Jan", "Feb", "Mar", "Apr",
	    "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

	return names[mon];
}

/* The BSD syslog time stamp: "Mar 10 14:02:11". */
static inline void
gen_bsd_time(const struct tm *tm, char *buf, size_t size)
{
	snprintf(buf, size, "%s %2d %02d:%02d:%02d", gen_month(tm->tm_mon),
	    tm->tm_mday, tm->tm_hour, tm->tm_min, tm->tm_sec);
}

/* ISO 8601 with milliseconds and the zone given: "...T14:02:11.123Z". */
static inline void
gen_iso_time(const struct tm *tm, int ms, const char *zone, char *buf,
    size_t size)
{
	snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d.%03d%s",
	    tm->tm_year + 1900, tm->tm_mon + 1, tm->tm_mday, tm->tm_hour,
	    tm->tm_min, tm->tm_sec, ms, zone);
}

/*
 * The time of a syslog header at clock now_us into buf, in the form -H
 * picked: the BSD form ("Mar 10 14:02:11") for hdr 0, ISO 8601 with
 * milliseconds in UTC for hdr 1, none for another; tm gets the time.
 */
static inline void
gen_header_time(uint64_t now_us, int hdr, struct tm *tm, char *buf,
    size_t size)
{
	time_t	 t = (time_t)(now_us / 1000000);

	gmtime_r(&t, tm);
	buf[0] = '\0';
	if (hdr == 0)
		gen_bsd_time(tm, buf, size);
	else if (hdr == 1)
		gen_iso_time(tm, (int)(now_us / 1000 % 1000), "+00:00", buf,
		    size);
}

/* A decimal number in [min, max], digits only, or usage(). */
static inline uint64_t
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

/* A number as strtoull(3) reads it, in [min, max], or usage(). */
static inline uint64_t
gen_strtou(const char *s, uint64_t min, uint64_t max)
{
	char		*end;
	uint64_t	 v = strtoull(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < min || v > max)
		usage();
	return v;
}

/* The index of s in the n names, or usage(). */
static inline int
gen_lookup(const char *s, const char *const names[], size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return (int)i;
	usage();
}

/* -i target:count: count lines to target, spread over the run. */
struct gen_inject {
	const char	*target;	/* a domain, or an http:// URL */
	size_t		 tlen;
	uint64_t	 count;
	uint64_t	 done;
};

/*
 * Adds -i arg to the n in v, or calls usage(): a target is at most
 * maxlen long, and has no space unless spaces is set.
 */
static inline void
gen_inject_add(struct gen_inject *v, size_t *n, const char *arg,
    size_t maxlen, int spaces)
{
	struct gen_inject	*in;
	const char		*colon = strrchr(arg, ':');

	if (*n == GEN_MAXINJECT || colon == NULL || colon == arg ||
	    (size_t)(colon - arg) > maxlen ||
	    (!spaces && memchr(arg, ' ', (size_t)(colon - arg)) != NULL))
		usage();
	in = &v[(*n)++];
	in->target = arg;
	in->tlen = (size_t)(colon - arg);
	in->count = gen_number(colon + 1, 1, 100000000);
}

/*
 * Whether one of in's lines is due at line i of lines, and if so counts
 * it: the k-th of c comes at line k*lines/(c+1).
 */
static inline int
gen_inject_due(struct gen_inject *in, uint64_t lines, uint64_t i)
{
	if (in->done >= in->count ||
	    (in->done + 1) * lines / (in->count + 1) > i)
		return 0;
	in->done++;
	return 1;
}

/*
 * Destination names: each base first, then a subdomain of each, then
 * numbered subdomains ("www2.example.com").  buf gets the name that
 * base b has in round k.
 */
static inline void
gen_dest_format(char *buf, size_t size, const char *base, uint32_t b,
    uint32_t k, const char *const subs[], uint32_t nsubs)
{
	uint32_t	 s = (k - 1 + 7 * b) % nsubs;

	if (k == 0)
		snprintf(buf, size, "%s", base);
	else if (k - 1 < nsubs)
		snprintf(buf, size, "%s.%s", subs[s], base);
	else
		snprintf(buf, size, "%s%u.%s", subs[s],
		    (unsigned)((k - 1) / nsubs + 1), base);
}

static inline void
gen_dest_free(char **dest, uint32_t ndest)
{
	uint32_t	 i;

	for (i = 0; dest != NULL && i < ndest; i++)
		free(dest[i]);
	free(dest);
}

/* ndest names by gen_dest_format, or NULL. */
static inline char **
gen_dest_new(uint32_t ndest, const char *const bases[], uint32_t nbases,
    const char *const subs[], uint32_t nsubs)
{
	char		 buf[256];
	char		**dest;
	uint32_t	 i;

	if ((dest = calloc(ndest, sizeof(*dest))) == NULL)
		return NULL;
	for (i = 0; i < ndest; i++) {
		gen_dest_format(buf, sizeof(buf), bases[i % nbases],
		    i % nbases, i / nbases, subs, nsubs);
		if ((dest[i] = strdup(buf)) == NULL) {
			gen_dest_free(dest, ndest);
			return NULL;
		}
	}
	return dest;
}

/* A public address for destination d, the same for every seed. */
static inline void
gen_dest_ip(uint32_t d, char *buf, size_t size)
{
	static const unsigned char nets[] = { 13, 20, 23, 34, 35, 40, 52,
	    54, 104, 142, 151, 157, 185, 198, 203, 216 };
	uint64_t	 h = (d + 1) * 0x9e3779b97f4a7c15ULL;

	h ^= h >> 29;
	snprintf(buf, size, "%u.%u.%u.%u", nets[h % sizeof(nets)],
	    (unsigned)(h >> 8) % 256, (unsigned)(h >> 16) % 256,
	    (unsigned)(h >> 24) % 254 + 1);
}

/*
 * The sites an office's resolvers are asked for, and the subdomains
 * they are asked for under them (gen_bind, gen_unbound).
 */
static const char *const gen_dns_bases[] = {
	"microsoft.com", "windowsupdate.com", "office.com", "office365.com",
	"live.com", "outlook.com", "bing.com", "msn.com", "azureedge.net",
	"windows.net", "skype.com", "google.com", "gstatic.com",
	"googleapis.com", "youtube.com", "ytimg.com", "doubleclick.net",
	"apple.com", "icloud.com", "amazon.com", "amazonaws.com",
	"cloudfront.net", "akamaihd.net", "akamaized.net", "fastly.net",
	"cloudflare.com", "github.com", "slack.com", "zoom.us",
	"salesforce.com", "dropbox.com", "adobe.com", "linkedin.com",
	"facebook.com", "wikipedia.org", "yahoo.co.jp", "nikkei.com",
	"atlassian.net", "okta.com", "webex.com", "digicert.com",
	"ubuntu.com", "mozilla.org", "trendmicro.com",
};
#define GEN_DNS_NBASES	(sizeof(gen_dns_bases) / sizeof(gen_dns_bases[0]))

static const char *const gen_dns_subs[] = {
	"www", "api", "cdn", "static", "login", "mail", "update", "download",
	"assets", "img", "edge", "app", "docs", "portal", "files", "media",
	"auth", "events", "telemetry", "clients", "ocsp", "crl",
};
#define GEN_DNS_NSUBS	(sizeof(gen_dns_subs) / sizeof(gen_dns_subs[0]))

/* Subdomains and users behind the firewalls (gen_fortigate, gen_paloalto). */
static const char *const gen_fw_subs[] = {
	"www", "api", "cdn", "static", "login", "update", "download", "app",
	"portal", "files", "auth", "events", "telemetry", "content", "m",
};
#define GEN_FW_NSUBS	(sizeof(gen_fw_subs) / sizeof(gen_fw_subs[0]))

static const char *const gen_fw_users[] = {
	"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi",
	"ivan", "judy", "mallory", "oscar", "peggy", "trent", "victor",
};
#define GEN_FW_NUSERS	(sizeof(gen_fw_users) / sizeof(gen_fw_users[0]))

/*
 * What the generators of one format share, as the first member c of
 * each one's struct gen: the options all of them take, the clock, the
 * lines injected with -i and the output buffer.  Not every generator
 * uses every part.
 */
struct gen_common {
	uint64_t	 rng;		/* seeded by -s */
	uint64_t	 lines;		/* -n: how many to write */
	uint32_t	 endpoints;	/* -e */
	uint32_t	 ndest;		/* -d */
	uint64_t	 start;		/* -t: seconds since the epoch */
	int		 counts;	/* -c: say how much was written */
	int		 hdr;		/* -H: an index into hdrs */
	const char *const *hdrs;	/* the three names -H takes, or NULL */
	uint32_t	 max_endpoints;
	uint64_t	 now_us;	/* the time of the next line */
	uint64_t	 gap_us;	/* the mean time between lines */
	struct gen_inject inject[GEN_MAXINJECT];
	size_t		 ninject;
	struct gen_out	 out;
};

/* The options gen_common_opt takes, for getopt(3). */
#define GEN_COMMON_OPTS	"d:e:n:s:t:"

/* The struct gen whose member c is at cp. */
#define GEN_OF(cp)	((struct gen *)(void *)(cp))

static inline void
gen_common_init(struct gen_common *c, const char *name)
{
	c->rng = 1;
	c->lines = 10000;
	c->endpoints = 50;
	c->ndest = 500;
	c->start = 1773100800;
	c->max_endpoints = 65000;
	c->out.name = name;
}

/* A zeroed struct gen of size bytes, its c set up for name; or NULL. */
static inline void *
gen_common_new(size_t size, const char *name)
{
	struct gen_common	*c;

	if ((c = calloc(1, size)) == NULL) {
		perror(name);
		return NULL;
	}
	gen_common_init(c, name);
	return c;
}

/* Takes option ch, one of GEN_COMMON_OPTS, -c or -H; -1 for another. */
static inline int
gen_common_opt(struct gen_common *c, int ch, const char *arg)
{
	switch (ch) {
	case 'c':
		c->counts = 1;
		break;
	case 'H':
		if (c->hdrs == NULL)
			return -1;
		c->hdr = gen_lookup(arg, c->hdrs, 3);
		break;
	case 'd':
		c->ndest = (uint32_t)gen_number(arg, 1, 1000000);
		break;
	case 'e':
		c->endpoints = (uint32_t)gen_number(arg, 1, c->max_endpoints);
		break;
	case 'n':
		c->lines = gen_number(arg, 0, 10000000000ULL);
		break;
	case 's':
		c->rng = gen_number(arg, 0, UINT64_MAX);
		break;
	case 't':
		c->start = gen_number(arg, 0, 100000000000ULL);
		break;
	default:
		return -1;
	}
	return 0;
}

/* After the options: no operands, or usage(). */
static inline void
gen_common_end(int argc)
{
	if (optind != argc)
		usage();
}

/*
 * Sets c up for the generator name, whose only options are [-c]
 * [-H hdrs[0]|hdrs[1]|hdrs[2]] [-n lines] [-e endpoints]
 * [-d destinations] [-s seed] [-t start_epoch], and reads them; sets
 * the clock to the start and buffers stdout.
 */
static inline void
gen_common_args(struct gen_common *c, const char *name, int argc,
    char *argv[], const char *const hdrs[3])
{
	static char	 buf[GEN_OUTBUF];
	int		 ch;

	gen_common_init(c, name);
	c->hdrs = hdrs;
	while ((ch = getopt(argc, argv, "cH:" GEN_COMMON_OPTS)) != -1)
		if (gen_common_opt(c, ch, optarg) == -1)
			usage();
	gen_common_end(argc);
	c->now_us = c->start * 1000000;
	setvbuf(stdout, buf, _IOFBF, sizeof(buf));
}

/* The usage of the generators that take only gen_common_args' options. */
static inline void __attribute__((__noreturn__))
gen_common_usage(const char *name, const char *const hdrs[3])
{
	fprintf(stderr, "usage: %s [-c] [-H %s|%s|%s] [-n lines] "
	    "[-e endpoints] [-d destinations] [-s seed] [-t start_epoch]\n",
	    name, hdrs[0], hdrs[1], hdrs[2]);
	exit(1);
}

/* hdrs, the names -H takes, and usage() of such a generator. */
#define GEN_COMMON_USAGE(name, h0, h1, h2)				\
	static const char *const hdrs[] = { h0, h1, h2 };		\
									\
	static void							\
	usage(void)							\
	{								\
		gen_common_usage(name, hdrs);				\
	}

/*
 * An office's web requests as a proxy generator (gen_squid,
 * gen_combined) writes them: a CONNECT, a GET or POST, or an error.
 */
struct gen_web {
	void	(*connect)(struct gen_common *, uint32_t ep, uint32_t d);
	void	(*http)(struct gen_common *, uint32_t ep, uint32_t d,
		    int post);
	void	(*error)(struct gen_common *, uint32_t ep);
};

/*
 * One request of a random endpoint to a popular destination: of every
 * thousand, connects are CONNECTs, GETs up to 940, POSTs up to 998, and
 * the rest errors.  Writes one line.
 */
static inline uint64_t
gen_web_line(struct gen_common *c, const struct gen_web *w,
    uint32_t connects)
{
	uint32_t	 ep = gen_below(&c->rng, c->endpoints), r;
	uint32_t	 d = gen_pick_dest(&c->rng, c->ndest);

	r = gen_below(&c->rng, 1000);
	if (r < connects)
		w->connect(c, ep, d);
	else if (r < 940)
		w->http(c, ep, d, 0);
	else if (r < 998)
		w->http(c, ep, d, 1);
	else
		w->error(c, ep);
	return 1;
}

/* The mean gap that spreads n lines over a working day. */
static inline uint64_t
gen_workday_gap(uint64_t n)
{
	return (uint64_t)GEN_WORKDAY_S * 1000000 / (n ? n : 1);
}

/*
 * Writes c->lines lines from c->start on: before each, the injected
 * lines that are due (inject writes one); line writes one or more of
 * the left ones and says how many.  After each the clock moves on by
 * up to twice the gap, at random.
 */
static inline void
gen_common_run(struct gen_common *c, size_t linemax,
    uint64_t (*line)(struct gen_common *, uint64_t left),
    void (*inject)(struct gen_common *, const struct gen_inject *))
{
	struct gen_inject	*in;
	uint64_t		 i;
	size_t			 j;

	c->now_us = c->start * 1000000;
	for (i = 0; i < c->lines; ) {
		for (j = 0; j < c->ninject; j++) {
			in = &c->inject[j];
			while (gen_inject_due(in, c->lines, i)) {
				inject(c, in);
				gen_reserve(&c->out, linemax);
			}
		}
		i += line(c, c->lines - i);
		gen_reserve(&c->out, linemax);
		c->now_us += gen_rand(&c->rng) % (2 * c->gap_us + 1);
	}
	gen_flush(&c->out);
}

/* Flushes stdout; returns main's exit status. */
static inline int
gen_finish(const char *name)
{
	if (fflush(stdout) == EOF) {
		fprintf(stderr, "%s: write: %s\n", name, strerror(errno));
		return 1;
	}
	return 0;
}

/* gen_finish(), then with -c says how much was written. */
static inline int
gen_common_done(const struct gen_common *c, uint64_t lines,
    uint64_t events)
{
	if (gen_finish(c->out.name) != 0)
		return 1;
	if (c->counts)
		fprintf(stderr, "%" PRIu64 " lines, %" PRIu64 " events\n",
		    lines, events);
	return 0;
}

/*
 * The run of a generator that sends its lines to destination names:
 * makes the names into *dest for line and inject to use, runs, frees
 * them; main's exit status.
 */
static inline int
gen_common_dest_run(struct gen_common *c, char ***dest,
    const char *const bases[], uint32_t nbases, const char *const subs[],
    uint32_t nsubs, size_t linemax,
    uint64_t (*line)(struct gen_common *, uint64_t left),
    void (*inject)(struct gen_common *, const struct gen_inject *))
{
	if ((*dest = gen_dest_new(c->ndest, bases, nbases, subs, nsubs)) ==
	    NULL) {
		perror(c->out.name);
		return 1;
	}
	gen_common_run(c, linemax, line, inject);
	gen_dest_free(*dest, c->ndest);
	*dest = NULL;
	return gen_finish(c->out.name);
}

#endif /* GEN_H */
