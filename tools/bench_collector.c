/*
 * bench_collector: lines per second of the collector's reading path over
 * a file: the followed-file reader (collector/logfile.c: pread, identity
 * checks, NUL skipping, memchr framing) and the replay reader
 * (collector/reader.c), each handing every line to an empty callback,
 * which stands for a parser that does nothing.  Best of RUNS runs.
 *
 *	bench_collector [-r runs] file
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "collector/logfile.h"
#include "collector/reader.h"
#include "util/log.h"

struct count {
	uint64_t	 lines;
	uint64_t	 bytes;
};

static void
count_line(void *arg, const struct rline *l)
{
	struct count	*c = arg;

	c->lines++;
	c->bytes += l->len;
}

static double
now_s(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double
run_logfile(const char *path, struct count *c)
{
	struct logfile	*lf;
	struct stat	 st;
	double		 t0 = now_s();
	int		 fd;

	if ((fd = open(path, O_RDONLY)) == -1 || fstat(fd, &st) == -1)
		fatal("%s", path);
	lf = logfile_new(fd, &st, 0, 64 * 1024, count_line, NULL, c);
	if (lf == NULL)
		fatalx("%s: cannot read", path);
	while (logfile_read(lf, path, 0, NULL) > 0)
		;
	logfile_finish(lf);
	logfile_free(lf);
	return now_s() - t0;
}

static double
run_reader(const char *path, struct count *c)
{
	struct reader	*r;
	struct rline	 l;
	double		 t0 = now_s();

	if ((r = reader_open(path, 64 * 1024)) == NULL)
		fatalx("%s: cannot read", path);
	while (reader_next(r, &l) == 1)
		count_line(c, &l);
	reader_free(r);
	return now_s() - t0;
}

static void
report(const char *name, double (*run)(const char *, struct count *),
    const char *path, int runs)
{
	struct count	 c;
	double		 t, best = 0;
	int		 i;

	for (i = 0; i < runs; i++) {
		memset(&c, 0, sizeof(c));
		t = run(path, &c);
		if (i == 0 || t < best)
			best = t;
	}
	printf("%-28s %12.0f lines/s %8.1f MB/s (%llu lines)\n", name,
	    c.lines / best, c.bytes / best / 1048576.0,
	    (unsigned long long)c.lines);
}

int
main(int argc, char *argv[])
{
	int	 ch, runs = 3;

	log_init(1, 0);
	while ((ch = getopt(argc, argv, "r:")) != -1) {
		switch (ch) {
		case 'r':
			runs = atoi(optarg);
			break;
		default:
			goto usage;
		}
	}
	if (optind + 1 != argc || runs < 1)
		goto usage;
	report("collector: followed file", run_logfile, argv[optind], runs);
	report("collector: replay reader", run_reader, argv[optind], runs);
	return 0;
usage:
	fprintf(stderr, "usage: bench_collector [-r runs] file\n");
	return 1;
}
