/*
 * bench_pace: write the first lines of a file to a path (a FIFO) at a
 * fixed rate, for make bench-peer, which feeds sagan this way to find
 * the rate it sustains: sagan reads its FIFO into a queue of its worker
 * threads and drops what arrives while every one of them is busy, so a
 * rate it cannot keep up with shows as missing alerts, not as a writer
 * that waits.
 *
 * Lines go out in slices of 10 ms of the schedule; a slice waits for
 * its time, so a blocked write never makes the next ones burst.
 *
 *	bench_pace -r lines_per_second [-n lines] file path
 *
 * Output, one line: lines_written wall_us
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PACE_SLICE_US	10000

static int64_t
now_us(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void
sleep_until(int64_t t_us)
{
	struct timespec	 ts;
	int64_t		 d;

	while ((d = t_us - now_us()) > 0) {
		ts.tv_sec = d / 1000000;
		ts.tv_nsec = (d % 1000000) * 1000;
		nanosleep(&ts, NULL);
	}
}

static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t	 w;

	while (n > 0) {
		if ((w = write(fd, p, n)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static void
usage(void)
{
	fprintf(stderr, "usage: bench_pace -r rate [-n lines] file path\n");
	exit(1);
}

int
main(int argc, char **argv)
{
	FILE		*in;
	char		*line = NULL;
	size_t		 cap = 0;
	ssize_t		 len;
	double		 rate = 0;
	long long	 max = -1, done = 0;
	int64_t		 t0;
	int		 ch, fd;

	while ((ch = getopt(argc, argv, "n:r:")) != -1) {
		switch (ch) {
		case 'n':
			max = atoll(optarg);
			break;
		case 'r':
			rate = atof(optarg);
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 2 || rate <= 0)
		usage();
	if ((in = fopen(argv[0], "r")) == NULL) {
		perror(argv[0]);
		return 1;
	}
	if ((fd = open(argv[1], O_WRONLY)) == -1) {
		perror(argv[1]);
		return 1;
	}
	t0 = now_us();
	while ((max < 0 || done < max) &&
	    (len = getline(&line, &cap, in)) > 0) {
		/* The time this line is due, rounded to its slice. */
		int64_t due = t0 + (int64_t)((double)done * 1e6 / rate);

		sleep_until(due - due % PACE_SLICE_US);
		if (write_all(fd, line, (size_t)len) == -1) {
			perror("bench_pace: write");
			return 1;
		}
		done++;
	}
	printf("%lld %lld\n", done, (long long)(now_us() - t0));
	free(line);
	close(fd);
	fclose(in);
	return 0;
}
