/*
 * Tests of the safe opening of what detectd writes (src/util/safefs.c):
 * directories made or refused by owner and mode, files never opened
 * through a link (but a configured path through one of root's or one's
 * own), never one of several names, and a temporary file made new over
 * whatever had its name.  The owner given is the test's own,
 * or, as root, nobody's (what detectd does started as root with `user`).
 */
#include <sys/stat.h>

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/safefs.h"
#include "testmain.h"
#include "testtmp.h"

static char	 base[256];

static void
setup(void)
{
	test_tmpl(base, sizeof(base), "safefs");
	ck_assert_ptr_nonnull(mkdtemp(base));
}

static void
teardown(void)
{
	char	 cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", base);
	(void)system(cmd);
}

/* What is at the path before: a directory of that mode, or a link. */
static const struct {
	const char	*name;
	int		 exists;	/* 0: none, 1: a directory, 2: a link */
	mode_t		 mode;
	int		 flags;
	int		 ok;
} dirs[] = {
	{ "made when missing", 0, 0, SAFEFS_OWNED, 1 },
	{ "ours, 0750", 1, 0750, SAFEFS_OWNED, 1 },
	{ "ours, 0700", 1, 0700, SAFEFS_OWNED, 1 },
	{ "group writable, our group", 1, 0770, SAFEFS_OWNED, 1 },
	{ "world writable", 1, 0777, SAFEFS_OWNED, 0 },
	{ "world writable, sticky, not ours to fill", 1, 01777, 0, 1 },
	{ "world writable, sticky, ours to fill", 1, 01777, SAFEFS_OWNED, 0 },
	{ "not writable by us", 1, 0550, SAFEFS_OWNED, 0 },
	{ "a link, followed", 2, 0750, SAFEFS_OWNED, 1 },
	{ "a link, not followed", 2, 0750, SAFEFS_OWNED | SAFEFS_NOFOLLOW, 0 },
};

START_TEST(test_dirs)
{
	char	 d[300], target[300];
	int	 fd;

	snprintf(d, sizeof(d), "%s/d", base);
	snprintf(target, sizeof(target), "%s/target", base);
	if (dirs[_i].exists == 1) {
		ck_assert_int_eq(mkdir(d, 0700), 0);
		ck_assert_int_eq(chmod(d, dirs[_i].mode), 0);
	} else if (dirs[_i].exists == 2) {
		ck_assert_int_eq(mkdir(target, dirs[_i].mode), 0);
		ck_assert_int_eq(symlink(target, d), 0);
	}
	fd = safefs_dir("test", d, 0750, dirs[_i].flags, NULL);
	ck_assert_msg((fd != -1) == dirs[_i].ok, "%s: %d", dirs[_i].name, fd);
	if (fd != -1)
		close(fd);
}
END_TEST

/* A planted link or second name is never opened to write. */
START_TEST(test_open_links)
{
	char	 victim[300], p[300], buf[16] = "";
	int	 fd;
	FILE	*f;

	snprintf(victim, sizeof(victim), "%s/victim", base);
	snprintf(p, sizeof(p), "%s/alerts.json", base);
	ck_assert_ptr_nonnull(f = fopen(victim, "w"));
	fputs("precious\n", f);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(symlink(victim, p), 0);
	ck_assert_int_eq(safefs_open("test", AT_FDCWD, p, O_WRONLY |
	    O_APPEND | O_CREAT, 0640, NULL), -1);
	ck_assert_int_eq(unlink(p), 0);
	ck_assert_int_eq(link(victim, p), 0);
	ck_assert_int_eq(safefs_open("test", AT_FDCWD, p, O_WRONLY |
	    O_APPEND | O_CREAT, 0640, NULL), -1);
	ck_assert_int_eq(unlink(p), 0);
	/* A temporary file: the link is removed, the file made anew. */
	ck_assert_int_eq(symlink(victim, p), 0);
	ck_assert_int_ne(fd = safefs_create("test", AT_FDCWD, p, 0600, NULL),
	    -1);
	ck_assert_int_eq(write(fd, "new\n", 4), 4);
	close(fd);
	ck_assert_ptr_nonnull(f = fopen(victim, "r"));
	ck_assert_ptr_nonnull(fgets(buf, sizeof(buf), f));
	fclose(f);
	ck_assert_str_eq(buf, "precious\n");
	/* A device is written to as it is (-o /dev/null). */
	ck_assert_int_ne(fd = safefs_open("test", AT_FDCWD, "/dev/null",
	    O_WRONLY | O_APPEND | O_CREAT, 0640, NULL), -1);
	close(fd);
}
END_TEST

/*
 * A path the administrator names: a link of one's own (or root's) is
 * followed, one level; as root, one of the service user's is not.
 */
START_TEST(test_open_path)
{
	struct safefs_owner	 o;
	struct passwd		*pw;
	char			 target[300], p[300];
	int			 fd;

	snprintf(target, sizeof(target), "%s/real.json", base);
	snprintf(p, sizeof(p), "%s/alerts.json", base);
	ck_assert_int_eq(symlink("real.json", p), 0);
	ck_assert_int_ne(fd = safefs_open_path("test", p, O_WRONLY |
	    O_APPEND | O_CREAT, 0640, NULL), -1);
	close(fd);
	ck_assert_int_eq(access(target, F_OK), 0);
	if (geteuid() != 0 || (pw = getpwnam("nobody")) == NULL)
		return;
	o.uid = pw->pw_uid;
	o.gid = pw->pw_gid;
	ck_assert_int_eq(lchown(p, o.uid, o.gid), 0);
	ck_assert_int_eq(safefs_open_path("test", p, O_WRONLY | O_APPEND |
	    O_CREAT, 0640, &o), -1);
}
END_TEST

/*
 * As root for another user: what is made is theirs, a file of a third
 * user is refused, and a file of root's that was there is left to root.
 */
START_TEST(test_owner)
{
	struct safefs_owner	 o;
	struct passwd		*pw;
	struct stat		 st;
	char			 d[300], p[320];
	int			 fd;

	if (geteuid() != 0 || (pw = getpwnam("nobody")) == NULL)
		return;
	o.uid = pw->pw_uid;
	o.gid = pw->pw_gid;
	snprintf(d, sizeof(d), "%s/spool", base);
	ck_assert_int_ne(fd = safefs_dir("test", d, 0700, SAFEFS_OWNED, &o),
	    -1);
	close(fd);
	ck_assert_int_eq(stat(d, &st), 0);
	ck_assert_uint_eq(st.st_uid, o.uid);
	snprintf(p, sizeof(p), "%s/seg", d);
	ck_assert_int_ne(fd = safefs_open("test", AT_FDCWD, p, O_WRONLY |
	    O_CREAT, 0600, &o), -1);
	close(fd);
	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert_uint_eq(st.st_uid, o.uid);
	ck_assert_int_eq(chown(p, o.uid + 1, o.gid), 0);
	ck_assert_int_eq(safefs_open("test", AT_FDCWD, p, O_WRONLY |
	    O_CREAT, 0600, &o), -1);
	ck_assert_int_eq(chown(p, 0, 0), 0);
	ck_assert_int_ne(fd = safefs_open("test", AT_FDCWD, p, O_WRONLY |
	    O_CREAT, 0600, &o), -1);
	close(fd);
	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert_uint_eq(st.st_uid, 0);
	/* Root's directory, where nobody must write: refused. */
	ck_assert_int_eq(chown(d, 0, 0), 0);
	ck_assert_int_eq(safefs_dir("test", d, 0700, SAFEFS_OWNED, &o), -1);
	ck_assert_int_ne(fd = safefs_dir("test", d, 0700, 0, &o), -1);
	close(fd);
}
END_TEST

/* A state file read at start: never through a link. */
START_TEST(test_fopen_read)
{
	char	 victim[300], p[300], buf[16] = "";
	FILE	*f;

	snprintf(victim, sizeof(victim), "%s/victim", base);
	snprintf(p, sizeof(p), "%s/identity", base);
	ck_assert_ptr_nonnull(f = fopen(victim, "w"));
	fputs("secret\n", f);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(symlink(victim, p), 0);
	errno = 0;
	ck_assert_ptr_null(safefs_fopen_read(p));
	ck_assert_int_eq(errno, ELOOP);
	ck_assert_int_eq(unlink(p), 0);
	errno = 0;
	ck_assert_ptr_null(safefs_fopen_read(p));
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_ptr_nonnull(f = safefs_fopen_read(victim));
	ck_assert_ptr_nonnull(fgets(buf, sizeof(buf), f));
	ck_assert_str_eq(buf, "secret\n");
	ck_assert_int_ne(fcntl(fileno(f), F_GETFD) & FD_CLOEXEC, 0);
	fclose(f);
}
END_TEST

int
main(void)
{
	const struct test_def	 tests[] = {
		{ test_dirs, TEST_NITEMS(dirs) },
		{ test_open_links, 0 },
		{ test_open_path, 0 },
		{ test_owner, 0 },
		{ test_fopen_read, 0 },
	};

	return test_run_fixture("safefs", tests, TEST_NITEMS(tests), setup,
	    teardown);
}
