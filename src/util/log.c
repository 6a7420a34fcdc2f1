/*
 * Logging (log.h): to stderr in the foreground, to syslog as a daemon,
 * with the verbosity set at start.  The only state is where messages go.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "util/log.h"
#include "util/timeutil.h"

/*
 * Logging configuration is process-wide by nature (syslog itself is);
 * these two are the only mutable globals outside the signal flags.
 */
static int	log_foreground = 1;
static int	log_verbose;
static int	log_stamp;	/* wall-clock time before each stderr line */

void
log_init(int foreground, int verbose)
{
	log_foreground = foreground;
	log_verbose = verbose;
	if (!foreground)
		openlog("detectd", LOG_PID | LOG_NDELAY, LOG_DAEMON);
	tzset();
}

void
log_setverbose(int v)
{
	log_verbose = v;
}

void
log_settime(int on)
{
	log_stamp = on;
}

/* "2026-03-10T13:02:11.007Z detectd: ", or "detectd: ". */
static void
log_prefix(void)
{
	char	 when[TIME_RFC3339_LEN];

	if (log_stamp && time_format_rfc3339(time_now_ms(CLOCK_REALTIME),
	    when, sizeof(when)) > 0) {
		fputs(when, stderr);
		fputc(' ', stderr);
	}
	fputs("detectd: ", stderr);
}

int
log_getverbose(void)
{
	return log_verbose;
}

void
vlog(int pri, const char *fmt, va_list ap)
{
	if (log_foreground) {
		log_prefix();
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
		fflush(stderr);
	} else
		vsyslog(pri, fmt, ap);
}

static void	log_errno(int, int, const char *, va_list) LOG_ATTR(3, 0);

static void
log_errno(int pri, int saved, const char *fmt, va_list ap)
{
	char	 buf[1024];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	if (log_foreground) {
		log_prefix();
		fprintf(stderr, "%s: %s\n", buf, strerror(saved));
	}
	else
		syslog(pri, "%s: %s", buf, strerror(saved));
}

void
log_warn(const char *fmt, ...)
{
	va_list	 ap;
	int	 saved = errno;

	va_start(ap, fmt);
	log_errno(LOG_ERR, saved, fmt, ap);
	va_end(ap);
	errno = saved;
}

void
log_warnx(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vlog(LOG_ERR, fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list	 ap;

	if (log_verbose < 0)
		return;
	va_start(ap, fmt);
	vlog(LOG_INFO, fmt, ap);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list	 ap;

	if (log_verbose < 2)
		return;
	va_start(ap, fmt);
	vlog(LOG_DEBUG, fmt, ap);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list	 ap;
	int	 saved = errno;

	va_start(ap, fmt);
	log_errno(LOG_CRIT, saved, fmt, ap);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vlog(LOG_CRIT, fmt, ap);
	va_end(ap);
	exit(1);
}
