/*
 * The syslog output's message format, RFC 5424, for the output and its
 * tests: the record is the MSG, and its key facts are structured data.
 */
#ifndef DETECTD_OUTPUT_SYSLOG_H
#define DETECTD_OUTPUT_SYSLOG_H

#include <stddef.h>
#include <sys/types.h>

#define OUTPUT_SYSLOG_SD_ID	"detectd@32473"

struct syslog_hdr {
	int		 facility;	/* 0..23 */
	const char	*hostname;	/* NULL: the record's observer.hostname */
	const char	*app_name;
	const char	*sd_id;
	long		 procid;	/* < 0: "-" */
};

/* Facility number by name ("local0", "auth"), or -1. */
int	output_syslog_facility(const char *);
/*
 * One record (a JSON line, its newline optional) as one RFC 5424 message
 * without framing, in buf (grown as needed).  Its length, or -1 when the
 * record is not a JSON object.
 */
ssize_t	output_syslog_format(const struct syslog_hdr *, const char *rec,
	    size_t len, char **buf, size_t *cap);

#endif
