/*
 * Tests of the service manager notifications (src/util/sdnotify.c): the
 * NOTIFY_SOCKET forms (path, abstract, absent, gone) and the watchdog.
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <check.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/sdnotify.h"
#include "testmain.h"
#include "tools/notifysock.h"

/* A receiving socket at name (path or '@abstract'); returns its fd. */
static int
sink(const char *name)
{
	int	 fd = notifysock_bind(name);

	ck_assert_int_ge(fd, 0);
	return fd;
}

static void
roundtrip(const char *name)
{
	struct sdnotify	*n;
	char		 buf[256];
	ssize_t		 r;
	int		 fd = sink(name);

	setenv("NOTIFY_SOCKET", name, 1);
	n = sdnotify_new();
	ck_assert_ptr_nonnull(n);
	ck_assert_int_eq(sdnotify_send(n, "READY=1\nSTATUS=%d inputs", 3), 0);
	r = recv(fd, buf, sizeof(buf) - 1, 0);
	ck_assert_int_gt(r, 0);
	buf[r] = '\0';
	ck_assert_str_eq(buf, "READY=1\nSTATUS=3 inputs");
	sdnotify_free(n);
	close(fd);
	if (name[0] != '@')
		unlink(name);
}

START_TEST(test_path)
{
	char	 path[108];	/* sun_path */
	const char *d = getenv("TMPDIR");

	snprintf(path, sizeof(path), "%s/check_sdnotify.%d",
	    d != NULL && *d != '\0' ? d : P_tmpdir, (int)getpid());
	roundtrip(path);
}
END_TEST

START_TEST(test_abstract)
{
	char	 name[64];

	snprintf(name, sizeof(name), "@check_sdnotify.%d", (int)getpid());
	roundtrip(name);
}
END_TEST

START_TEST(test_absent)
{
	unsetenv("NOTIFY_SOCKET");
	ck_assert_ptr_null(sdnotify_new());
	ck_assert_int_eq(sdnotify_send(NULL, "READY=1"), 0);
	sdnotify_free(NULL);
	setenv("NOTIFY_SOCKET", "relative/path", 1);
	ck_assert_ptr_null(sdnotify_new());
	setenv("NOTIFY_SOCKET", "@", 1);
	ck_assert_ptr_null(sdnotify_new());
}
END_TEST

/* Nobody listening: -1, and the daemon goes on. */
START_TEST(test_gone)
{
	struct sdnotify	*n;

	setenv("NOTIFY_SOCKET", "/nonexistent/notify", 1);
	n = sdnotify_new();
	ck_assert_ptr_nonnull(n);
	ck_assert_int_eq(sdnotify_send(n, "WATCHDOG=1"), -1);
	ck_assert_int_eq(sdnotify_send(n, "WATCHDOG=1"), -1);
	sdnotify_free(n);
}
END_TEST

START_TEST(test_watchdog)
{
	char	 pid[32];

	unsetenv("WATCHDOG_PID");
	unsetenv("WATCHDOG_USEC");
	ck_assert_uint_eq(sdnotify_watchdog_usec(), 0);
	setenv("WATCHDOG_USEC", "30000000", 1);
	ck_assert_uint_eq(sdnotify_watchdog_usec(), 30000000);
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	setenv("WATCHDOG_PID", pid, 1);
	ck_assert_uint_eq(sdnotify_watchdog_usec(), 30000000);
	setenv("WATCHDOG_PID", "1", 1);	/* another process's */
	ck_assert_uint_eq(sdnotify_watchdog_usec(), 0);
	unsetenv("WATCHDOG_PID");
	setenv("WATCHDOG_USEC", "12x", 1);
	ck_assert_uint_eq(sdnotify_watchdog_usec(), 0);
	setenv("WATCHDOG_USEC", "0", 1);
	ck_assert_uint_eq(sdnotify_watchdog_usec(), 0);
}
END_TEST

int
main(void)
{
	const struct test_def	 tests[] = {
		{ test_path, 0 }, { test_abstract, 0 }, { test_absent, 0 },
		{ test_gone, 0 }, { test_watchdog, 0 },
	};

	return test_run("sdnotify", tests, TEST_NITEMS(tests));
}
