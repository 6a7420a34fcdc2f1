/*
 * A driver that feeds files to a libFuzzer target, so that every corpus
 * runs in make check with any compiler (and under the sanitizers).  It
 * fails on a file it cannot read, on an input the target refuses (a
 * result other than 0), and, for the parser targets (fuzz_parser.h,
 * which count what each line gave), on a corpus that gave no event or
 * no error: a parser that refuses every line, or takes every line,
 * would not show as a crash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);
int	main(int, char *[]);
/* Defined by the parser targets only. */
void	fuzz_replay_counts(unsigned long *, unsigned long *,
	    unsigned long *) __attribute__((weak));
/* Whether the format skips other programs' lines (fuzz_parser.h). */
int	fuzz_replay_foreign(void) __attribute__((weak));

static int
replay_counts(const char *name)
{
	unsigned long	 ev, err, skip;

	if (fuzz_replay_counts == NULL)
		return 0;
	fuzz_replay_counts(&ev, &err, &skip);
	printf("%s: %lu events, %lu errors, %lu skipped\n", name, ev, err,
	    skip);
	if (fuzz_replay_foreign != NULL && fuzz_replay_foreign()) {
		if (ev == 0 || skip == 0) {
			printf("%s: a corpus of lines and garbage gives both "
			    "events and skips\n", name);
			return 1;
		}
	} else if (ev == 0 || err == 0) {
		printf("%s: a corpus of lines and garbage gives both events "
		    "and errors\n", name);
		return 1;
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	FILE	*f;
	uint8_t	*buf;
	long	 len;
	int	 i, r;

	for (i = 1; i < argc; i++) {
		if ((f = fopen(argv[i], "rb")) == NULL) {
			perror(argv[i]);
			return 1;
		}
		fseek(f, 0, SEEK_END);
		len = ftell(f);
		fseek(f, 0, SEEK_SET);
		if (len < 0 || (buf = malloc(len ? len : 1)) == NULL ||
		    fread(buf, 1, len, f) != (size_t)len) {
			perror(argv[i]);
			return 1;
		}
		fclose(f);
		if ((r = LLVMFuzzerTestOneInput(buf, len)) != 0) {
			printf("%s: %s: the target returned %d\n", argv[0],
			    argv[i], r);
			return 1;
		}
		free(buf);
	}
	printf("%s: %d inputs\n", argv[0], argc - 1);
	return replay_counts(argv[0]);
}
