/*
 * The table of log formats, and the one entry to them: parser_parse
 * takes off a syslog header for the formats that may carry one, then
 * hands the message to the format's parser.  Also the line a native
 * field lookup reads (parser_native_text).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "parsers/parser.h"
#include "parsers/formats.h"
#include "parsers/syslog.h"
#include "util/timeutil.h"

/* Adding a format is one file and one row here. */
static const struct parser *const parsers[] = {
	&parser_squid,
	&parser_windows,
	&parser_squid_combined,
	&parser_bind,
	&parser_unbound,
	&parser_zeek,
	&parser_zeek_json,
	&parser_iptables,
	&parser_fortigate,
	&parser_paloalto,
	&parser_dhcpd,
	&parser_suricata,
	&parser_postfix,
	&parser_clamd,
	&parser_findings,
};

#define NPARSERS	(sizeof(parsers) / sizeof(parsers[0]))

const struct parser *
parser_lookup(const char *name)
{
	size_t	 i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < NPARSERS; i++)
		if (strcmp(parsers[i]->name, name) == 0)
			return parsers[i];
	return NULL;
}

const struct parser *const *
parser_table(size_t *n)
{
	if (n != NULL)
		*n = NPARSERS;
	return parsers;
}

/* The header's host and time into ev; the length of the header. */
static size_t
parser_syslog(const char *p, size_t len, int64_t ref_ms, struct logevent *ev)
{
	struct syslog_header	 h;
	size_t			 n;

	/* Live lines: their year is this year, near now (whole seconds). */
	if (ref_ms <= 0)
		ref_ms = time_now_ms(CLOCK_REALTIME) / 1000 * 1000;
	if ((n = syslog_header_parse(p, len, ref_ms, &h)) == 0)
		return 0;
	if (!SLICE_EMPTY(h.host))
		ev->host_name = h.host;
	if (h.time_ms > 0)
		ev->time_ms = h.time_ms;
	return n;
}

enum parse_result
parser_parse(const struct parser *p, void *state, int64_t ref_ms,
    const char *line, size_t len, struct logevent *ev, const char **err)
{
	size_t	 hdr = 0;

	if (p->flags & PARSER_SYSLOG)
		hdr = parser_syslog(line, len, ref_ms, ev);
	/* The sender's header, behind the relay's: its host and time win. */
	if (hdr > 0 && (p->flags & PARSER_SYSLOG_RELAY))
		hdr += parser_syslog(line + hdr, len - hdr, ref_ms, ev);
	ev->syslog_len = hdr;
	return p->parse(state, line + hdr, len - hdr, ev, err);
}

struct slice
parser_native_text(const struct logevent *ev)
{
	struct slice	 s = { NULL, 0 };
	uintptr_t	 a = (uintptr_t)ev->native_arg;
	uintptr_t	 start = (uintptr_t)ev->raw.p;

	if (ev->raw.p == NULL || a < start || a > start + ev->raw.len)
		return s;
	s.p = ev->native_arg;
	s.len = ev->raw.len - (size_t)(a - start);
	return s;
}
