/*
 * Time in milliseconds: the clocks, and timestamps found in logs, as
 * milliseconds since the epoch, UTC.
 *
 * Pure functions: no locale, no time zone database.  Every parser takes
 * (p, len, &out), never reads past len, and returns the number of bytes
 * it consumed, or -1 if the text is not a valid time of that form.
 * Dates written without a zone are taken as UTC.
 */
#ifndef DETECTD_TIMEUTIL_H
#define DETECTD_TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* Longest output of time_format_rfc3339, with its NUL. */
#define TIME_RFC3339_LEN	sizeof("2026-03-10T13:02:11.000Z")

/*
 * A clock in ms: CLOCK_REALTIME for the wall clock, CLOCK_MONOTONIC for
 * intervals and deadlines.  0 if the clock cannot be read.
 */
int64_t	 time_now_ms(clockid_t);

/* Proleptic Gregorian date and time to ms; fields are not checked. */
int64_t	 time_from_civil(int y, int mo, int d, int h, int mi, int s, int ms);
/* 1 if the fields name a real time (second 60 allowed for leap seconds). */
int	 time_civil_valid(int y, int mo, int d, int h, int mi, int s);
int	 time_days_in_month(int y, int mo);
/* "Jan".."Dec", any case, to 1..12; -1 otherwise. */
int	 time_month_from_name(const char *p, size_t len);

/* "1700000000.123": seconds since the epoch, any fraction digits. */
int	 time_parse_epoch(const char *p, size_t len, int64_t *out);
/* Common Log Format: "10/Mar/2026:14:02:11 +0100". */
int	 time_parse_clf(const char *p, size_t len, int64_t *out);
/*
 * ISO 8601 / RFC 3339: "2026-03-10T14:02:11.123Z", "...+01:00", "...+0100",
 * or "2026-03-10 14:02:11" (no zone: UTC); 0 to 9 fraction digits.
 */
int	 time_parse_iso8601(const char *p, size_t len, int64_t *out);
/* BIND 9: "02-May-2023 13:33:40.299" (local time, taken as UTC). */
int	 time_parse_bind(const char *p, size_t len, int64_t *out);
/*
 * BSD syslog: "Mar 10 14:02:11" or "Mar  1 14:02:11", which lacks the
 * year.  The year is chosen so that the time falls between about eleven
 * months before and one month after ref_ms (the file's mtime): a
 * December line read in January belongs to the year before.
 */
int	 time_parse_syslog(const char *p, size_t len, int64_t ref_ms,
	    int64_t *out);

/*
 * "2026-03-10T13:02:11.000Z" into buf; returns the length written, or
 * -1 if size is too small or the year is outside 0..9999.
 */
int	 time_format_rfc3339(int64_t ms, char *buf, size_t size);
/*
 * A duration in the largest unit that divides it: "1 day", "2 weeks",
 * "36 hours", "90 min", "45 s", "250 ms".  The length written.
 */
int	 time_format_duration(int64_t ms, char *buf, size_t size);

#endif
