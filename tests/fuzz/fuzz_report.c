/*
 * The report (detectd -R) on arbitrary bytes as an alert file: every
 * line read, counted and drawn, in English and in Japanese, into pages
 * that are removed after each input.  Nothing it reads may crash it.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/report.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char	 fuzz_dir[] = "/tmp/fuzz_report.XXXXXX";
static int	 fuzz_ready;

/* The pages of the last input, removed; the folder itself kept. */
static void
fuzz_clean(const char *out)
{
	DIR		*d;
	struct dirent	*e;
	char		 p[4096];

	if ((d = opendir(out)) == NULL)
		return;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.') {
			snprintf(p, sizeof(p), "%s/%s", out, e->d_name);
			unlink(p);
		}
	closedir(d);
}

static void
fuzz_end(void)
{
	char	 p[64];

	snprintf(p, sizeof(p), "%s/out", fuzz_dir);
	fuzz_clean(p);
	rmdir(p);
	snprintf(p, sizeof(p), "%s/in", fuzz_dir);
	unlink(p);
	rmdir(fuzz_dir);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct report_stats	 st;
	char			 in[64], out[64];
	FILE			*fp;

	if (!fuzz_ready) {
		if (mkdtemp(fuzz_dir) == NULL)
			abort();
		atexit(fuzz_end);
		fuzz_ready = 1;
	}
	snprintf(in, sizeof(in), "%s/in", fuzz_dir);
	snprintf(out, sizeof(out), "%s/out", fuzz_dir);
	if ((fp = fopen(in, "w")) == NULL)
		abort();
	if (size > 0 && fwrite(data, 1, size, fp) != size)
		abort();
	fclose(fp);
	/* Each input in one language, chosen by its first byte. */
	if (report_run(in, out, NULL, size > 0 && data[0] & 1 ? REPORT_JA :
	    REPORT_EN, 1773136800000LL, &st) == -1)
		abort();
	if (st.records + st.broken + st.not_alerts != st.lines)
		abort();
	fuzz_clean(out);
	return 0;
}
