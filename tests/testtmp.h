/*
 * Temporary paths for the Check suites: under $TMPDIR (tests/run-unit.sh
 * gives each run its own), never a fixed directory of the machine.
 */
#ifndef DETECTD_TESTTMP_H
#define DETECTD_TESTTMP_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "$TMPDIR/NAME.XXXXXX" into buf, for mkstemp or mkdtemp. */
static inline void
test_tmpl(char *buf, size_t size, const char *name)
{
	const char	*d = getenv("TMPDIR");

	snprintf(buf, size, "%s/%s.XXXXXX", d != NULL && *d != '\0' ? d :
	    P_tmpdir, name);
}

/*
 * A directory of each test's own: test_dir_make and test_dir_remove
 * are the setup and teardown of a checked fixture, test_path names a
 * file in it.
 */
static inline char *
test_dir(void)
{
	static char	 dir[256];

	return dir;
}

static inline void
test_dir_make(void)
{
	test_tmpl(test_dir(), 256, "check");
	ck_assert_ptr_nonnull(mkdtemp(test_dir()));
}

static inline void
test_dir_remove(void)
{
	char	 cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", test_dir());
	(void)system(cmd);
}

/* dir/name, valid until the next call. */
static inline const char *
test_path(const char *name)
{
	static char	 buf[4096];

	snprintf(buf, sizeof(buf), "%s/%s", test_dir(), name);
	return buf;
}

/* Writes len bytes of p to the file name of the directory (fopen mode). */
static inline void
test_put(const char *name, const char *mode, const void *p, size_t len)
{
	FILE	*fp = fopen(test_path(name), mode);

	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(p, 1, len, fp), len);
	ck_assert_int_eq(fclose(fp), 0);
}

static inline void
test_puts(const char *name, const char *mode, const char *s)
{
	test_put(name, mode, s, strlen(s));
}

#endif
