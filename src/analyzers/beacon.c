/*
 * Beacon scoring: see beacon.h.  Gaps are kept in time order so that a
 * connection logged late (Zeek writes a connection when it ends, so its
 * start time can be minutes behind the lines around it) splits the gap
 * it falls into instead of being lost.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers/beacon.h"

#define BEACON_UNKNOWN	UINT32_MAX
/*
 * Sums of two gaps are always less dispersed than the gaps: a jittered
 * single period must not pass for two modes, so the sums must do clearly
 * better than the gaps.
 */
#define BEACON_TWO_MARGIN	0.15
#define BEACON_COVERAGE		0.1	/* below: score scaled down */
/*
 * A shorter mode under half a second is a retry or a duplicate line,
 * not a sleep: such gaps do not make a two-mode beacon.
 */
#define BEACON_MIN_MODE_MS	500

static uint32_t *
beacon_gaps(struct beacon *b)
{
	return b->more != NULL ? b->more->gaps : b->gaps;
}

static const uint32_t *
beacon_cgaps(const struct beacon *b)
{
	return b->more != NULL ? b->more->gaps : b->gaps;
}

static const uint32_t *
beacon_csizes(const struct beacon *b)
{
	return b->more != NULL ? b->more->sizes : b->sizes;
}

/*
 * Room for every gap and size, before the connection that would not
 * fit inline: gaps are at most one fewer than connections, and the ring
 * of sizes has not wrapped yet.
 */
static int
beacon_grow(struct beacon *b)
{
	struct beacon_more	*m;

	if (b->more != NULL || b->n < BEACON_INLINE)
		return 0;
	if ((m = calloc(1, sizeof(*m))) == NULL)
		return -1;
	memcpy(m->gaps, b->gaps, b->ngaps * sizeof(b->gaps[0]));
	memcpy(m->sizes, b->sizes, b->nsizes * sizeof(b->sizes[0]));
	b->more = m;
	return 0;
}

void
beacon_free(struct beacon *b)
{
	free(b->more);
	memset(b, 0, sizeof(*b));
}

int
beacon_write(FILE *fp, const struct beacon *b)
{
	const uint32_t	*g = beacon_cgaps(b), *z = beacon_csizes(b);
	unsigned int	 i;

	fprintf(fp, "%lld %lld %u %u %u", (long long)b->first_ms,
	    (long long)b->last_ms, b->n, b->spos, b->ngaps);
	for (i = 0; i < b->ngaps; i++)
		fprintf(fp, " %u", g[i]);
	fprintf(fp, " %u", b->nsizes);
	for (i = 0; i < b->nsizes; i++)
		fprintf(fp, " %u", z[i]);
	return ferror(fp) ? -1 : 0;
}

/* n numbers of p into v; the end, or NULL. */
static const char *
beacon_read_u32(const char *p, uint32_t *v, unsigned int n)
{
	unsigned int	 i;
	int		 used;

	for (i = 0; i < n; i++, p += used)
		if (sscanf(p, " %u%n", &v[i], &used) != 1)
			return NULL;
	return p;
}

const char *
beacon_read(struct beacon *b, const char *p)
{
	long long	 first, last;
	unsigned int	 n, spos, ngaps, nsizes;
	int		 used;

	if (sscanf(p, "%lld %lld %u %u %u%n", &first, &last, &n, &spos,
	    &ngaps, &used) != 5 || ngaps > BEACON_GAPS || spos >= BEACON_SIZES)
		return NULL;
	b->n = n;
	/* Inline until a connection did not fit (beacon_grow). */
	if (beacon_grow(b) == -1 || (b->more == NULL &&
	    ngaps > BEACON_INLINE - 1))
		return NULL;
	if ((p = beacon_read_u32(p + used, beacon_gaps(b), ngaps)) == NULL ||
	    sscanf(p, " %u%n", &nsizes, &used) != 1 ||
	    nsizes > (b->more != NULL ? BEACON_SIZES : BEACON_INLINE) ||
	    (p = beacon_read_u32(p + used, b->more != NULL ? b->more->sizes :
	    b->sizes, nsizes)) == NULL) {
		beacon_free(b);
		return NULL;
	}
	b->first_ms = first;
	b->last_ms = last;
	b->ngaps = (uint8_t)ngaps;
	b->nsizes = (uint8_t)nsizes;
	b->spos = (uint8_t)spos;
	return p;
}

static void
beacon_push_gap(struct beacon *b, size_t at, uint32_t gap)
{
	uint32_t	*gaps = beacon_gaps(b);

	if (b->ngaps == BEACON_GAPS) {
		/* Full: the oldest gap goes. */
		if (at == 0)
			return;
		memmove(&gaps[0], &gaps[1],
		    (at - 1) * sizeof(gaps[0]));
		gaps[at - 1] = gap;
		return;
	}
	memmove(&gaps[at + 1], &gaps[at],
	    (b->ngaps - at) * sizeof(gaps[0]));
	gaps[at] = gap;
	b->ngaps++;
}

static uint32_t
beacon_clamp(int64_t v)
{
	return v >= (int64_t)BEACON_UNKNOWN ? BEACON_UNKNOWN - 1 : (uint32_t)v;
}

/* A connection older than the last one: split the gap it falls in. */
static void
beacon_insert_late(struct beacon *b, int64_t t)
{
	uint32_t	*gaps = beacon_gaps(b);
	int64_t		 end = b->last_ms, start;
	size_t		 k;

	for (k = b->ngaps; k > 0; k--) {
		start = end - gaps[k - 1];
		if (t >= start) {
			gaps[k - 1] = beacon_clamp(t - start);
			beacon_push_gap(b, k, beacon_clamp(end - t));
			return;
		}
		end = start;
	}
	/* Before every gap kept: a new first gap, if there is room. */
	if (b->ngaps < BEACON_GAPS && end == b->first_ms) {
		beacon_push_gap(b, 0, beacon_clamp(b->first_ms - t));
		b->first_ms = t;
	}
}

void
beacon_prefetch(const struct beacon *b)
{
	const unsigned char	*p = (const unsigned char *)b->more;
	size_t			 o;

	if (p == NULL)
		return;
	for (o = 0; o < sizeof(*b->more); o += 64)
		__builtin_prefetch(p + o, 1);
	__builtin_prefetch(p + sizeof(*b->more) - 1, 1);
}

int
beacon_add(struct beacon *b, int64_t t, int64_t bytes)
{
	uint32_t	*sizes;

	if (beacon_grow(b) == -1)
		return -1;
	sizes = b->more != NULL ? b->more->sizes : b->sizes;
	sizes[b->spos] = bytes < 0 ? BEACON_UNKNOWN : beacon_clamp(bytes);
	b->spos = (uint8_t)((b->spos + 1) % BEACON_SIZES);
	if (b->nsizes < BEACON_SIZES)
		b->nsizes++;
	if (b->n++ == 0) {
		b->first_ms = b->last_ms = t;
		return 0;
	}
	if (t >= b->last_ms) {
		beacon_push_gap(b, b->ngaps, beacon_clamp(t - b->last_ms));
		b->last_ms = t;
	} else
		beacon_insert_late(b, t);
	if (t < b->first_ms)
		b->first_ms = t;
	return 0;
}

static void
beacon_sort(double *v, size_t n)
{
	size_t	 i, j;
	double	 x;

	for (i = 1; i < n; i++) {
		x = v[i];
		for (j = i; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/* Quantile of sorted v by linear interpolation. */
static double
beacon_quantile(const double *v, size_t n, double q)
{
	double	 pos = q * (double)(n - 1), frac;
	size_t	 i = (size_t)pos;

	frac = pos - (double)i;
	if (i + 1 >= n)
		return v[n - 1];
	return v[i] + frac * (v[i + 1] - v[i]);
}

static double
beacon_reg(const double *x, size_t n, double *median, double *mad,
    double *skewness)
{
	double	 v[BEACON_GAPS * 2], d[BEACON_GAPS * 2];
	double	 q1, q2, q3, bowley, m, skew, disp;
	size_t	 i;

	if (n == 0 || n > BEACON_GAPS * 2)
		return 0;
	memcpy(v, x, n * sizeof(*v));
	beacon_sort(v, n);
	q1 = beacon_quantile(v, n, 0.25);
	q2 = beacon_quantile(v, n, 0.5);
	q3 = beacon_quantile(v, n, 0.75);
	for (i = 0; i < n; i++)
		d[i] = fabs(v[i] - q2);
	beacon_sort(d, n);
	m = beacon_quantile(d, n, 0.5);
	if (median != NULL)
		*median = q2;
	if (mad != NULL)
		*mad = m;
	bowley = q3 > q1 ? (q3 + q1 - 2 * q2) / (q3 - q1) : 0;
	/*
	 * The shape of a tight spread says nothing: quartiles within a
	 * tenth of the median are regular whatever their skewness.
	 */
	if (q2 > 0 && q3 - q1 < 0.2 * q2)
		bowley *= (q3 - q1) / (0.2 * q2);
	if (skewness != NULL)
		*skewness = bowley;
	skew = 1 - fabs(bowley);
	if (q2 <= 0)
		disp = m <= 0 ? 1 : 0;
	else
		disp = 1 - 1.5 * m / q2;
	if (disp < 0)
		disp = 0;
	return 0.2 * skew + 0.8 * disp;
}

double
beacon_regularity(const double *x, size_t n, double *median, double *mad)
{
	return beacon_reg(x, n, median, mad, NULL);
}

/*
 * Two modes: sums of consecutive gaps regular, and each half of the
 * sorted gaps regular on its own (Poisson traffic has regular-looking
 * sums now and then, but never tight halves).
 */
static double
beacon_two_mode(const double *g, size_t n, double *m2, double *d2,
    double *a, double *b)
{
	double	 g2[BEACON_GAPS], lo[BEACON_GAPS], r2, rl, ru;
	size_t	 i;

	/* Halves of fewer than five gaps are noise. */
	if (n < 10)
		return 0;
	for (i = 0; i + 1 < n; i++)
		g2[i] = g[i] + g[i + 1];
	r2 = beacon_regularity(g2, n - 1, m2, d2);
	memcpy(lo, g, n * sizeof(*g));
	beacon_sort(lo, n);
	rl = beacon_regularity(lo, n / 2, a, NULL);
	ru = beacon_regularity(lo + n / 2, n - n / 2, b, NULL);
	if (rl < r2)
		r2 = rl;
	return ru < r2 ? ru : r2;
}

/*
 * Regularity of the gaps, or of two modes when they do clearly better,
 * or when the gaps fall in two tight groups far apart: then the MAD sits
 * on the larger group and hides the other, which only the skewness
 * (at its extreme) shows.
 */
static void
beacon_timing(const struct beacon *b, struct beacon_result *r)
{
	double		 g[BEACON_GAPS] = { 0 }, r1, r2, m1, d1, m2 = 0, d2 = 0,
			 ma = 0, mb = 0, sk;
	const uint32_t	*gaps = beacon_cgaps(b);
	size_t		 i, n = b->ngaps;
	int		 two;

	for (i = 0; i < n; i++)
		g[i] = gaps[i];
	r1 = beacon_reg(g, n, &m1, &d1, &sk);
	r2 = beacon_two_mode(g, n, &m2, &d2, &ma, &mb);
	two = ma >= BEACON_MIN_MODE_MS && (r2 > r1 + BEACON_TWO_MARGIN ||
	    (r2 >= 0.8 && fabs(sk) >= 0.8 && mb >= 1.3 * ma));
	if (!two) {
		r->regularity = r1;
		r->period_ms = m1;
		r->jitter_ms = d1;
		return;
	}
	r->regularity = r2 > r1 ? r2 : r1;
	r->period_ms = m2;
	r->jitter_ms = d2;
	r->two_mode = 1;
	r->mode_a_ms = ma;
	r->mode_b_ms = mb;
}

static double
beacon_bytes(const struct beacon *b)
{
	const uint32_t	*sizes = beacon_csizes(b);
	double		 s[BEACON_SIZES];
	size_t		 i, n = 0;

	for (i = 0; i < b->nsizes; i++)
		if (sizes[i] != BEACON_UNKNOWN)
			s[n++] = sizes[i];
	if (n < 4)
		return -1;
	return beacon_regularity(s, n, NULL, NULL);
}

int
beacon_score(const struct beacon *b, int64_t window_ms, uint32_t min_conn,
    struct beacon_result *r)
{
	double	 count, span, bytes, per;

	memset(r, 0, sizeof(*r));
	r->n = b->n;
	r->span_ms = b->last_ms - b->first_ms;
	if (b->n < min_conn || b->ngaps < 3)
		return -1;
	beacon_timing(b, r);
	r->bytes = beacon_bytes(b);
	bytes = r->bytes < 0 ? 0.5 : r->bytes;
	count = (double)b->n / (4.0 * (min_conn > 0 ? min_conn : 1));
	span = window_ms > 0 ? (double)r->span_ms / (double)window_ms : 1;
	r->score = r->regularity * (0.60 + 0.15 * bytes +
	    0.10 * (count > 1 ? 1 : count) + 0.15 * (span > 1 ? 1 : span));
	r->base = r->score;
	/*
	 * Connections against the time they span: a beacon fills it (or a
	 * good part of it, between sleeps), where a person's bursts of
	 * requests seconds apart, hours between bursts, fill almost none.
	 */
	per = r->two_mode ? r->period_ms / 2 : r->period_ms;
	r->coverage = r->span_ms > 0 ? (double)(b->n - 1) * per /
	    (double)r->span_ms : 1;
	if (r->coverage < BEACON_COVERAGE)
		r->score *= r->coverage / BEACON_COVERAGE;
	return 0;
}

void
beacon_context(struct beacon_result *r, const struct beacon_ctx *x)
{
	double	 share, cut;

	r->base = r->score;
	r->endpoints = x->endpoints;
	r->org = x->org;
	r->popular = x->popular;
	r->new_ms = 0;
	if (x->endpoints >= BEACON_PREV_MIN && x->org > 0) {
		share = x->endpoints / x->org;
		cut = (share - 0.02) / 0.18;
		if (cut > 0) {
			r->prevalent = 1;
			r->score *= 1 - 0.5 * (cut > 1 ? 1 : cut);
		}
	}
	if (x->popular)
		r->score *= 0.8;
	r->beaconing = x->beaconing;
	r->spread = x->beaconing >= 2 && !x->popular && x->org > 0 &&
	    x->endpoints / x->org <= BEACON_RARE_SHARE;
	if (x->popular || r->prevalent || x->first_ms == 0 ||
	    x->first_ms - x->since_ms < BEACON_SETTLE ||
	    x->now_ms - x->first_ms >= BEACON_NEW_MS)
		return;
	r->new_ms = x->now_ms - x->first_ms;
	r->score += 0.25 * (1 - r->score) *
	    (1 - (double)r->new_ms / (double)BEACON_NEW_MS);
}

void
beacon_duration(double ms, char *buf, size_t len)
{
	if (ms < 120000)
		snprintf(buf, len, "%.1f s", ms / 1000);
	else if (ms < 3600000)
		snprintf(buf, len, "%.1f min", ms / 60000);
	else
		snprintf(buf, len, "%.1f h", ms / 3600000);
}

void
beacon_thousands(uint64_t v, char *buf, size_t len)
{
	char	 tmp[32];
	size_t	 n, i, o = 0;

	n = (size_t)snprintf(tmp, sizeof(tmp), "%llu", (unsigned long long)v);
	for (i = 0; i < n && o + 2 < len; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = tmp[i];
	}
	if (len > 0)
		buf[o < len ? o : len - 1] = '\0';
}

/* "; 3 of 200 endpoints contact it, popular, first seen 2.0 h ago" */
static void
beacon_context_text(const struct beacon_result *r, char *buf, size_t len)
{
	char	 age[32];
	int	 n = 0;

	buf[0] = '\0';
	if (r->endpoints > 0)
		n = snprintf(buf, len, "; %.0f of %.0f endpoints contact it",
		    r->endpoints, r->org);
	if (r->popular && n >= 0 && (size_t)n < len)
		n += snprintf(buf + n, len - (size_t)n, "%spopular",
		    n > 0 ? ", " : "; ");
	if (r->beaconing >= 2 && n >= 0 && (size_t)n < len)
		n += snprintf(buf + n, len - (size_t)n, "%s%d%s endpoints "
		    "beacon to it", n > 0 ? ", " : "; ", r->beaconing,
		    r->beaconing >= 4 ? " or more" : "");
	if (r->new_ms > 0 && n >= 0 && (size_t)n < len) {
		beacon_duration((double)r->new_ms, age, sizeof(age));
		snprintf(buf + n, len - (size_t)n, "%sfirst seen %s ago",
		    n > 0 ? ", " : "; ", age);
	}
}

void
beacon_reason(const struct beacon_result *r, const char *dest, char *buf,
    size_t len)
{
	char	 per[32], jit[32], span[32], cnt[32], a[32], b[32], modes[96],
		 ctx[160], before[32];

	beacon_duration(r->period_ms, per, sizeof(per));
	beacon_duration(r->jitter_ms, jit, sizeof(jit));
	beacon_duration((double)r->span_ms, span, sizeof(span));
	beacon_thousands(r->n, cnt, sizeof(cnt));
	modes[0] = '\0';
	if (r->two_mode) {
		beacon_duration(r->mode_a_ms, a, sizeof(a));
		beacon_duration(r->mode_b_ms, b, sizeof(b));
		snprintf(modes, sizeof(modes), " in alternating gaps of "
		    "%s and %s", a, b);
	}
	beacon_context_text(r, ctx, sizeof(ctx));
	before[0] = '\0';
	if (ctx[0] != '\0' && (r->base > r->score + 0.005 ||
	    r->base < r->score - 0.005))
		snprintf(before, sizeof(before), " (%.2f before)", r->base);
	snprintf(buf, len, "beacon every %s ±%s (MAD)%s, %s connections "
	    "over %s to %s, score %.2f%s%s", per, jit, modes, cnt, span, dest,
	    r->score, before, ctx);
}
