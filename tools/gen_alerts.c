/*
 * gen_alerts: a large alert file from a small one, for timing the
 * report (detectd -R) on records of the size the daemon writes.
 *
 *   gen_alerts [-n records] [-k incidents] TEMPLATE
 *
 * TEMPLATE is an alert file (one record per line, as detectd wrote it,
 * for example from the campaign of make eval).  The output is its
 * records again and again, n in all (default 1000000): each copy gets
 * new event ids (the first 8 hex digits of every event.id-shaped value
 * become the copy's number), and its incident ids become those of copy
 * c modulo k (default 100), so the merges within one copy still hold
 * and k incidents grow alongside.  Same options, same bytes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gen.h"

#define GA_INC		"\"INC-"	/* "INC-YYYYMMDD-" then 12 hex */
#define GA_INC_LEN	(5 + 9 + 12)

static void
usage(void)
{
	fprintf(stderr, "usage: gen_alerts [-n records] [-k incidents] "
	    "TEMPLATE\n");
	exit(2);
}

static int
ga_hex(const char *p, size_t n)
{
	for (; n > 0; n--, p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return 0;
	return 1;
}

/* A uuid-shaped value starts at p: 8-4-4-4-12 hex digits. */
static int
ga_uuid(const char *p, const char *end)
{
	return end - p >= 36 && ga_hex(p, 8) && p[8] == '-' &&
	    ga_hex(p + 9, 4) && p[13] == '-' && p[18] == '-' && p[23] == '-' &&
	    ga_hex(p + 24, 12);
}

/* One record of copy c: ids rewritten, the rest as it was. */
static void
ga_copy(struct gen_out *o, const char *s, size_t len, uint64_t c,
    uint64_t k)
{
	const char	*p = s, *end = s + len;

	gen_reserve(o, len + 2);
	while (p < end) {
		if (*p == '"' && ga_uuid(p + 1, end)) {
			gen_putc(o, '"');
			gen_puthex(o, c, 8);
			p += 9;
		} else if (end - p > GA_INC_LEN && memcmp(p, GA_INC, 5) == 0 &&
		    p[13] == '-' && ga_hex(p + 14, 12)) {
			gen_put(o, p, 14);
			gen_puthex(o, gen_hash(p + 14, 12) + c % k, 12);
			p += GA_INC_LEN;
		} else
			gen_putc(o, *p++);
	}
	gen_putc(o, '\n');
}

int
main(int argc, char *argv[])
{
	static struct gen_out	 o = { .name = "gen_alerts" };
	uint64_t		 n = 1000000, k = 100, i;
	char			*line = NULL, **v = NULL;
	size_t			 cap = 0, nv = 0, *lens = NULL;
	ssize_t			 len;
	FILE			*fp;
	int			 ch;

	while ((ch = getopt(argc, argv, "k:n:")) != -1)
		switch (ch) {
		case 'k': k = strtoull(optarg, NULL, 10); break;
		case 'n': n = strtoull(optarg, NULL, 10); break;
		default: usage();
		}
	if (optind + 1 != argc || k == 0)
		usage();
	if ((fp = fopen(argv[optind], "r")) == NULL) {
		perror(argv[optind]);
		return 1;
	}
	while ((len = getline(&line, &cap, fp)) > 1) {
		v = realloc(v, (nv + 1) * sizeof(*v));
		lens = realloc(lens, (nv + 1) * sizeof(*lens));
		if (v == NULL || lens == NULL || (v[nv] = strdup(line)) == NULL) {
			perror("gen_alerts");
			return 1;
		}
		lens[nv++] = (size_t)len - (line[len - 1] == '\n');
		if (lens[nv - 1] > GEN_OUTBUF / 2) {
			fprintf(stderr, "gen_alerts: a record over %d bytes\n",
			    GEN_OUTBUF / 2);
			return 1;
		}
	}
	fclose(fp);
	if (nv == 0) {
		fprintf(stderr, "gen_alerts: no record in %s\n", argv[optind]);
		return 1;
	}
	for (i = 0; i < n; i++)
		ga_copy(&o, v[i % nv], lens[i % nv], i / nv, k);
	gen_flush(&o);
	return fflush(stdout) == 0 ? 0 : 1;
}
