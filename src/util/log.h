/*
 * Logging in the OpenBSD manner: to stderr in the foreground, to syslog
 * as a daemon.  log_warn appends strerror(errno); log_warnx does not.
 */
#ifndef DETECTD_LOG_H
#define DETECTD_LOG_H

#include <stdarg.h>

#define LOG_ATTR(f, a)	__attribute__((__format__(__printf__, f, a)))

void	log_init(int foreground, int verbose);
void	log_setverbose(int);
/* Lead each line on stderr with the wall-clock time (RFC 3339, UTC). */
void	log_settime(int);
int	log_getverbose(void);
void	log_warn(const char *, ...) LOG_ATTR(1, 2);
void	log_warnx(const char *, ...) LOG_ATTR(1, 2);
void	log_info(const char *, ...) LOG_ATTR(1, 2);
void	log_debug(const char *, ...) LOG_ATTR(1, 2);
void	vlog(int, const char *, va_list) LOG_ATTR(2, 0);
void	fatal(const char *, ...) LOG_ATTR(1, 2) __attribute__((__noreturn__));
void	fatalx(const char *, ...) LOG_ATTR(1, 2) __attribute__((__noreturn__));

#endif
