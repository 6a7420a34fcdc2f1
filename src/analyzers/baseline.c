/*
 * Baselines of window values: see baseline.h.  The median and MAD are
 * computed once per window roll, not per event.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers/baseline.h"
#include "util/log.h"

#define BASELINE_MAD_SIGMA	1.4826	/* MAD to a normal's sigma */

void
baseline_clear(struct baseline *b)
{
	free(b->s);
	memset(b, 0, sizeof(*b));
}

size_t
baseline_memory(const struct baseline *b, const struct baseline_conf *c)
{
	return b->s != NULL ? c->cap * sizeof(*b->s) : 0;
}

static int
baseline_cmp(const void *a, const void *b)
{
	float	 x = *(const float *)a, y = *(const float *)b;

	return x < y ? -1 : x > y;
}

static float
baseline_median(float *v, size_t n)
{
	qsort(v, n, sizeof(*v), baseline_cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Median and MAD of the samples that count for window cur_idx. */
static int
baseline_refresh(struct baseline *b, const struct baseline_conf *c)
{
	float	*v;
	size_t	 i, n = 0;
	uint32_t slot = c->per_day ? b->cur_idx % c->per_day : 0;

	b->nsel = b->nact = 0;
	b->med = b->mad = 0;
	if (b->n == 0)
		return 0;
	if ((v = calloc(b->n, sizeof(*v))) == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	for (i = 0; i < b->n; i++)
		if (c->per_day == 0 || b->s[i].idx % c->per_day == slot) {
			v[n++] = b->s[i].v;
			b->nact += b->s[i].v > 0;
		}
	if (n > 0) {
		b->med = baseline_median(v, n);
		for (i = 0; i < n; i++)
			v[i] = fabsf(v[i] - b->med);
		b->mad = baseline_median(v, n);
	}
	b->nsel = (uint16_t)n;
	free(v);
	return 0;
}

static int
baseline_push(struct baseline *b, const struct baseline_conf *c,
    uint32_t idx, double v)
{
	if (b->s == NULL && (b->s = calloc(c->cap, sizeof(*b->s))) == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	b->s[b->pos].idx = idx;
	b->s[b->pos].v = (float)v;
	b->pos = (uint16_t)((b->pos + 1) % c->cap);
	if (b->n < c->cap)
		b->n++;
	return 0;
}

int
baseline_roll(struct baseline *b, const struct baseline_conf *c,
    uint32_t idx)
{
	uint32_t	 i, from;

	if (b->cur_idx == 0) {
		b->cur_idx = idx;
		b->cur = 0;
		return baseline_refresh(b, c);
	}
	if (idx <= b->cur_idx)
		return 0;
	if (baseline_push(b, c, b->cur_idx, b->cur) == -1)
		return -1;
	from = idx - b->cur_idx > c->cap ? idx - c->cap : b->cur_idx + 1;
	for (i = from; i < idx; i++)
		if (baseline_push(b, c, i, 0) == -1)
			return -1;
	b->cur_idx = idx;
	b->cur = 0;
	return baseline_refresh(b, c);
}

double
baseline_scale(const struct baseline *b)
{
	double	 s = BASELINE_MAD_SIGMA * b->mad;

	if (s < 0.1 * b->med)
		s = 0.1 * b->med;
	return s < 1 ? 1 : s;
}

double
baseline_bound(const struct baseline *b, double k)
{
	return b->med + k * baseline_scale(b);
}

int
baseline_write(FILE *fp, const struct baseline *b)
{
	uint16_t	 i;

	fprintf(fp, "%" PRIu32 " %.17g %u %u", b->cur_idx, b->cur,
	    (unsigned)b->n, (unsigned)b->pos);
	for (i = 0; i < b->n; i++)
		fprintf(fp, " %" PRIu32 ":%.9g", b->s[i].idx, (double)b->s[i].v);
	return ferror(fp) ? -1 : 0;
}

static int
baseline_num(const char **p, double *v, char sep)
{
	char	*end;

	errno = 0;
	*v = strtod(*p, &end);
	if (end == *p || errno != 0 || !isfinite(*v) ||
	    (*end != sep && !(sep == ' ' && *end == '\0')))
		return -1;
	*p = *end == '\0' ? end : end + 1;
	return 0;
}

int
baseline_read(struct baseline *b, const struct baseline_conf *c,
    const char *p)
{
	double	 idx, cur, n, pos, v;
	uint32_t i;

	baseline_clear(b);
	if (baseline_num(&p, &idx, ' ') == -1 ||
	    baseline_num(&p, &cur, ' ') == -1 ||
	    baseline_num(&p, &n, ' ') == -1 ||
	    baseline_num(&p, &pos, ' ') == -1 || idx < 0 ||
	    idx > UINT32_MAX || n < 0 || n > c->cap || pos < 0 ||
	    pos >= c->cap || (n < c->cap && pos != n))
		return -1;
	b->cur_idx = (uint32_t)idx;
	b->cur = cur;
	for (i = 0; i < (uint32_t)n; i++) {
		if (baseline_num(&p, &idx, ':') == -1 ||
		    baseline_num(&p, &v, ' ') == -1 || idx < 0 ||
		    idx > UINT32_MAX || baseline_push(b, c, (uint32_t)idx,
		    v) == -1) {
			baseline_clear(b);
			return -1;
		}
	}
	b->pos = (uint16_t)pos;
	if (*p != '\0' || baseline_refresh(b, c) == -1) {
		baseline_clear(b);
		return -1;
	}
	return 0;
}
