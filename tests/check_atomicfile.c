/*
 * Tests of the state files written whole or not at all
 * (src/util/atomicfile.c): the new contents replace the old at once;
 * when writing fails part way, or the rename cannot be done, the old
 * file is left as it was and no temporary file stays behind; a link
 * planted where the temporary file goes is not written through.  Every
 * file is under a temporary directory of the test's own (testtmp.h).
 */
#include <sys/stat.h>

#include <check.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/atomicfile.h"
#include "testmain.h"
#include "testtmp.h"

/* What the writer does: write text, then fail or not. */
struct writer {
	const char	*text;
	int		 fail;
};

static int
write_fn(FILE *fp, void *arg)
{
	const struct writer	*w = arg;

	if (fputs(w->text, fp) == EOF)
		return -1;
	return w->fail ? -1 : 0;
}

enum before { NONE, FILE_OLD, DIRECTORY, NO_PARENT };

static const struct {
	const char	*name;
	enum before	 before;	/* what is at the path first */
	struct writer	 w;
	int		 rc;
	const char	*after;		/* the file then; NULL: none */
} cases[] = {
	{ "new file", NONE, { "one\ntwo\n", 0 }, 0, "one\ntwo\n" },
	{ "replaced whole", FILE_OLD, { "new\n", 0 }, 0, "new\n" },
	{ "emptied", FILE_OLD, { "", 0 }, 0, "" },
	{ "longer", FILE_OLD, { "a much longer new state line\n", 0 }, 0,
	  "a much longer new state line\n" },
	{ "writer fails, old kept", FILE_OLD, { "partial", 1 }, -1,
	  "old state\nsecond line\n" },
	{ "writer fails, none made", NONE, { "partial", 1 }, -1, NULL },
	{ "rename fails, directory kept", DIRECTORY, { "x\n", 0 }, -1, NULL },
	{ "no directory", NO_PARENT, { "x\n", 0 }, -1, NULL },
};

/* The contents of path, or NULL if it is not a regular file. */
static char *
slurp(const char *path)
{
	struct stat	 st;
	char		*buf;
	FILE		*fp;
	size_t		 n;

	if (stat(path, &st) == -1 || !S_ISREG(st.st_mode))
		return NULL;
	ck_assert_ptr_nonnull(fp = fopen(path, "r"));
	ck_assert_ptr_nonnull(buf = calloc(1, (size_t)st.st_size + 1));
	n = fread(buf, 1, (size_t)st.st_size, fp);
	ck_assert_uint_eq(n, (size_t)st.st_size);
	fclose(fp);
	return buf;
}

/* Names in dir, but for . and .. */
static int
entries(const char *dir)
{
	struct dirent	*de;
	DIR		*d;
	int		 n = 0;

	ck_assert_ptr_nonnull(d = opendir(dir));
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

START_TEST(test_cases)
{
	char		 dir[256], path[300], tmp[310];
	struct stat	 st;
	char		*got;
	FILE		*fp;

	test_tmpl(dir, sizeof(dir), "atomicfile");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/%s", dir,
	    cases[_i].before == NO_PARENT ? "gone/offsets" : "offsets");
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if (cases[_i].before == FILE_OLD) {
		ck_assert_ptr_nonnull(fp = fopen(path, "w"));
		fputs("old state\nsecond line\n", fp);
		ck_assert_int_eq(fclose(fp), 0);
	} else if (cases[_i].before == DIRECTORY)
		ck_assert_int_eq(mkdir(path, 0700), 0);

	ck_assert_msg(atomicfile_write(path, write_fn,
	    (void *)(uintptr_t)&cases[_i].w) == cases[_i].rc, "%s: result",
	    cases[_i].name);
	got = slurp(path);
	if (cases[_i].after == NULL)
		ck_assert_msg(got == NULL, "%s: a file \"%s\"", cases[_i].name,
		    got);
	else
		ck_assert_msg(got != NULL && strcmp(got, cases[_i].after) == 0,
		    "%s: \"%s\", want \"%s\"", cases[_i].name,
		    got ? got : "(none)", cases[_i].after);
	/* Never a temporary file left, never anything but the path. */
	ck_assert_msg(access(tmp, F_OK) == -1, "%s: %s left", cases[_i].name,
	    tmp);
	ck_assert_int_eq(entries(dir), cases[_i].before == NO_PARENT ? 0 :
	    cases[_i].before != NONE || cases[_i].rc == 0);
	if (cases[_i].rc == 0) {
		/* State files are not for every user to read. */
		ck_assert_int_eq(stat(path, &st), 0);
		ck_assert_msg((st.st_mode & 0777 & ~0640) == 0, "mode %o",
		    (unsigned)(st.st_mode & 0777));
	}
	if (cases[_i].before == DIRECTORY)
		ck_assert_int_eq(rmdir(path), 0);
	else
		(void)unlink(path);
	free(got);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

/*
 * A link planted at PATH.tmp by the account detectd runs as, to a file
 * that account may not write: the file is never written through it,
 * whether the link is symbolic or hard.
 */
START_TEST(test_planted_tmp)
{
	struct writer	 w = { "new\n", 0 };
	char		 dir[256], path[300], tmp[310], victim[300];
	char		*got;
	FILE		*fp;

	test_tmpl(dir, sizeof(dir), "atomicfile");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/offsets", dir);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	snprintf(victim, sizeof(victim), "%s/victim", dir);
	ck_assert_ptr_nonnull(fp = fopen(victim, "w"));
	fputs("precious\n", fp);
	ck_assert_int_eq(fclose(fp), 0);
	if (_i == 0)
		ck_assert_int_eq(symlink(victim, tmp), 0);
	else
		ck_assert_int_eq(link(victim, tmp), 0);
	ck_assert_int_eq(atomicfile_write(path, write_fn, &w), 0);
	ck_assert_ptr_nonnull(got = slurp(victim));
	ck_assert_str_eq(got, "precious\n");
	free(got);
	ck_assert_ptr_nonnull(got = slurp(path));
	ck_assert_str_eq(got, "new\n");
	free(got);
	ck_assert_int_eq(access(tmp, F_OK), -1);
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(unlink(victim), 0);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

int
main(void)
{
	const struct test_def	 tests[] = {
		{ test_cases, TEST_NITEMS(cases) },
		{ test_planted_tmp, 2 },
	};

	return test_run("atomicfile", tests, TEST_NITEMS(tests));
}
