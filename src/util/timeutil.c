/*
 * Time in milliseconds (timeutil.h): the clocks, and the timestamp forms
 * found in logs parsed and formatted without locale or time zone files.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "util/timeutil.h"

#define MS_PER_SEC	1000LL
#define MS_PER_DAY	86400000LL
#define EPOCH_MAX_DIGITS 12	/* seconds: up to year ~33000 */
#define FRAC_MAX_DIGITS	9	/* nanoseconds */

/* A read position in a time string that is not NUL-terminated. */
struct tcur {
	const char	*p;
	size_t		 len;
	size_t		 pos;
};

static const char month_names[] = "janfebmaraprmayjunjulaugsepoctnovdec";

/*
 * Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar.
 * Counting from March makes the leap day the last day of the year, so
 * the day of the year is a linear formula of the month.
 */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t	 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t	 era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

int64_t
time_from_civil(int y, int mo, int d, int h, int mi, int s, int ms)
{
	int64_t	 days = days_from_civil(y, mo, d);

	return days * MS_PER_DAY +
	    ((int64_t)h * 3600 + (int64_t)mi * 60 + s) * MS_PER_SEC + ms;
}

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
time_days_in_month(int y, int mo)
{
	static const unsigned char dim[12] =
	    { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (mo < 1 || mo > 12)
		return 0;
	if (mo == 2 && is_leap(y))
		return 29;
	return dim[mo - 1];
}

int
time_civil_valid(int y, int mo, int d, int h, int mi, int s)
{
	if (mo < 1 || mo > 12 || d < 1 || d > time_days_in_month(y, mo))
		return 0;
	return h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && s >= 0 && s <= 60;
}

int
time_month_from_name(const char *p, size_t len)
{
	char	 c[3];
	int	 i;

	if (len < 3)
		return -1;
	for (i = 0; i < 3; i++)
		c[i] = (p[i] >= 'A' && p[i] <= 'Z') ? p[i] + ('a' - 'A') : p[i];
	for (i = 0; i < 12; i++)
		if (c[0] == month_names[i * 3] &&
		    c[1] == month_names[i * 3 + 1] &&
		    c[2] == month_names[i * 3 + 2])
			return i + 1;
	return -1;
}

static int
cur_isdigit(const struct tcur *c)
{
	return c->pos < c->len && c->p[c->pos] >= '0' && c->p[c->pos] <= '9';
}

static int
cur_lit(struct tcur *c, char ch)
{
	if (c->pos >= c->len || c->p[c->pos] != ch)
		return -1;
	c->pos++;
	return 0;
}

/* Between min and max decimal digits. */
static int
cur_num(struct tcur *c, int min, int max, int *v)
{
	int	 n = 0;

	*v = 0;
	while (n < max && cur_isdigit(c)) {
		*v = *v * 10 + (c->p[c->pos++] - '0');
		n++;
	}
	return n >= min ? 0 : -1;
}

static int
cur_month(struct tcur *c, int *mo)
{
	if (c->len - c->pos < 3 ||
	    (*mo = time_month_from_name(c->p + c->pos, 3)) == -1)
		return -1;
	c->pos += 3;
	return 0;
}

/* hh:mm:ss, each exactly two digits. */
static int
cur_hms(struct tcur *c, int *h, int *mi, int *s)
{
	if (cur_num(c, 2, 2, h) == -1 || cur_lit(c, ':') == -1 ||
	    cur_num(c, 2, 2, mi) == -1 || cur_lit(c, ':') == -1 ||
	    cur_num(c, 2, 2, s) == -1)
		return -1;
	return 0;
}

/*
 * Optional fraction of a second after '.' (or ',' where allowed): up to
 * nine digits, of which the first three make the milliseconds.  A
 * separator not followed by a digit is not part of the time.
 */
static int
cur_frac(struct tcur *c, int comma, int *ms)
{
	int	 n = 0, scale = 100;

	*ms = 0;
	if (c->pos + 1 >= c->len ||
	    !(c->p[c->pos] == '.' || (comma && c->p[c->pos] == ',')) ||
	    c->p[c->pos + 1] < '0' || c->p[c->pos + 1] > '9')
		return 0;
	c->pos++;
	while (cur_isdigit(c)) {
		if (++n > FRAC_MAX_DIGITS)
			return -1;
		*ms += (c->p[c->pos++] - '0') * scale;
		scale /= 10;
	}
	return 0;
}

/* Zone offset in minutes: +hhmm, or +hh:mm and +hh when colon is set. */
static int
cur_offset(struct tcur *c, int colon, int *off)
{
	int	 sign, h, m = 0;

	if (c->pos >= c->len)
		return -1;
	if (c->p[c->pos] == '+')
		sign = 1;
	else if (c->p[c->pos] == '-')
		sign = -1;
	else
		return -1;
	c->pos++;
	if (cur_num(c, 2, 2, &h) == -1 || h > 23)
		return -1;
	if (colon && c->pos < c->len && c->p[c->pos] == ':')
		c->pos++;
	else if (colon && !cur_isdigit(c))
		goto done;
	if (cur_num(c, 2, 2, &m) == -1 || m > 59)
		return -1;
 done:
	*off = sign * (h * 60 + m);
	return 0;
}

static int
finish(const struct tcur *c, int y, int mo, int d, int h, int mi, int s,
    int ms, int off, int64_t *out)
{
	if (!time_civil_valid(y, mo, d, h, mi, s))
		return -1;
	*out = time_from_civil(y, mo, d, h, mi, s, ms) -
	    (int64_t)off * 60 * MS_PER_SEC;
	return (int)c->pos;
}

int
time_parse_epoch(const char *p, size_t len, int64_t *out)
{
	struct tcur	 c = { p, len, 0 };
	int64_t		 sec = 0;
	int		 n = 0, ms;

	while (cur_isdigit(&c)) {
		if (++n > EPOCH_MAX_DIGITS)
			return -1;
		sec = sec * 10 + (p[c.pos++] - '0');
	}
	if (n == 0 || cur_frac(&c, 0, &ms) == -1)
		return -1;
	*out = sec * MS_PER_SEC + ms;
	return (int)c.pos;
}

int
time_parse_clf(const char *p, size_t len, int64_t *out)
{
	struct tcur	 c = { p, len, 0 };
	int		 y, mo, d, h, mi, s, off;

	if (cur_num(&c, 1, 2, &d) == -1 || cur_lit(&c, '/') == -1 ||
	    cur_month(&c, &mo) == -1 || cur_lit(&c, '/') == -1 ||
	    cur_num(&c, 4, 4, &y) == -1 || cur_lit(&c, ':') == -1 ||
	    cur_hms(&c, &h, &mi, &s) == -1 || cur_lit(&c, ' ') == -1 ||
	    cur_offset(&c, 0, &off) == -1)
		return -1;
	return finish(&c, y, mo, d, h, mi, s, 0, off, out);
}

int
time_parse_iso8601(const char *p, size_t len, int64_t *out)
{
	struct tcur	 c = { p, len, 0 };
	int		 y, mo, d, h, mi, s, ms, off = 0;

	if (cur_num(&c, 4, 4, &y) == -1 || cur_lit(&c, '-') == -1 ||
	    cur_num(&c, 2, 2, &mo) == -1 || cur_lit(&c, '-') == -1 ||
	    cur_num(&c, 2, 2, &d) == -1 || c.pos >= len)
		return -1;
	if (p[c.pos] != 'T' && p[c.pos] != 't' && p[c.pos] != ' ')
		return -1;
	c.pos++;
	if (cur_hms(&c, &h, &mi, &s) == -1 || cur_frac(&c, 1, &ms) == -1)
		return -1;
	if (c.pos < len && (p[c.pos] == 'Z' || p[c.pos] == 'z'))
		c.pos++;
	else if (c.pos < len && (p[c.pos] == '+' || p[c.pos] == '-') &&
	    cur_offset(&c, 1, &off) == -1)
		return -1;
	return finish(&c, y, mo, d, h, mi, s, ms, off, out);
}

int
time_parse_bind(const char *p, size_t len, int64_t *out)
{
	struct tcur	 c = { p, len, 0 };
	int		 y, mo, d, h, mi, s, ms;

	if (cur_num(&c, 2, 2, &d) == -1 || cur_lit(&c, '-') == -1 ||
	    cur_month(&c, &mo) == -1 || cur_lit(&c, '-') == -1 ||
	    cur_num(&c, 4, 4, &y) == -1 || cur_lit(&c, ' ') == -1 ||
	    cur_hms(&c, &h, &mi, &s) == -1 || cur_frac(&c, 0, &ms) == -1)
		return -1;
	return finish(&c, y, mo, d, h, mi, s, ms, 0, out);
}

/*
 * The year for a syslog date: the one that puts it at most a month
 * after ref_ms (clocks and mtimes differ a little) and less than eleven
 * months before it.
 */
static int
syslog_year(int mo, int d, int h, int mi, int s, int64_t ref_ms)
{
	int64_t	 ry, t;
	int	 rm, rd, y;

	civil_from_days(ref_ms >= 0 ? ref_ms / MS_PER_DAY :
	    (ref_ms - MS_PER_DAY + 1) / MS_PER_DAY, &ry, &rm, &rd);
	y = (int)ry;
	t = time_from_civil(y, mo, d, h, mi, s, 0);
	if (t > ref_ms + 31 * MS_PER_DAY)
		y--;
	else if (t <= ref_ms - 334 * MS_PER_DAY)
		y++;
	return y;
}

int
time_parse_syslog(const char *p, size_t len, int64_t ref_ms, int64_t *out)
{
	struct tcur	 c = { p, len, 0 };
	int		 y, mo, d, h, mi, s, ms;

	if (cur_month(&c, &mo) == -1 || cur_lit(&c, ' ') == -1)
		return -1;
	/* The day is space-padded ("Mar  1"); some senders do not pad. */
	if (c.pos < len && p[c.pos] == ' ')
		c.pos++;
	if (cur_num(&c, 1, 2, &d) == -1 || cur_lit(&c, ' ') == -1 ||
	    cur_hms(&c, &h, &mi, &s) == -1 || cur_frac(&c, 0, &ms) == -1)
		return -1;
	if (mo < 1 || d < 1 || d > 31)
		return -1;
	y = syslog_year(mo, d, h, mi, s, ref_ms);
	return finish(&c, y, mo, d, h, mi, s, ms, 0, out);
}

int
time_format_rfc3339(int64_t ms, char *buf, size_t size)
{
	int64_t	 days, rem, y;
	int	 mo, d, n;

	days = ms / MS_PER_DAY;
	rem = ms % MS_PER_DAY;
	if (rem < 0) {
		rem += MS_PER_DAY;
		days--;
	}
	civil_from_days(days, &y, &mo, &d);
	if (y < 0 || y > 9999 || size < TIME_RFC3339_LEN)
		return -1;
	n = snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
	    (int)y, mo, d, (int)(rem / 3600000), (int)(rem / 60000 % 60),
	    (int)(rem / 1000 % 60), (int)(rem % 1000));
	return n;
}

int64_t
time_now_ms(clockid_t clock)
{
	struct timespec	 ts;

	if (clock_gettime(clock, &ts) == -1)
		return 0;
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
time_format_duration(int64_t ms, char *buf, size_t size)
{
	static const struct {
		int64_t		 ms;
		const char	*one, *many;
	} units[] = {
		{ 7 * 86400000LL, " week", " weeks" },
		{ 86400000LL, " day", " days" },
		{ 3600000LL, " hour", " hours" },
		{ 60000LL, " min", " min" },
		{ 1000LL, " s", " s" },
	};
	size_t	 i;

	for (i = 0; ms > 0 && i < sizeof(units) / sizeof(units[0]); i++)
		if (ms % units[i].ms == 0)
			return snprintf(buf, size, "%lld%s",
			    (long long)(ms / units[i].ms), ms == units[i].ms ?
			    units[i].one : units[i].many);
	return snprintf(buf, size, "%lld ms", (long long)ms);
}
