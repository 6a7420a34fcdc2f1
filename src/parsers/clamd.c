/*
 * ClamAV's scanning daemon (format "clamd"): its own LogFile, whose
 * lines carry the time clamd writes with LogTime, or its lines through
 * syslog:
 *
 *   Tue Mar 10 14:02:11 2026 -> /var/spool/amavis/p003: Eicar-Signature FOUND
 *   Mar 10 14:02:11 mx1 clamd[812]: /home/u/x.exe: Win.Trojan.Agent-1 FOUND
 *
 * A detection ("PATH: NAME FOUND") is an event: the file and the
 * signature.  clamd's other messages (self checks, database reloads,
 * "OK" results, errors on files it could not read) are skipped.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "event/logevent.h"
#include "util/timeutil.h"
#include "parsers/parser.h"
#include "parsers/formats.h"
#include "parsers/kv.h"

#define CLAMD_FOUND	" FOUND"

static int
clamd_num(const char *p, size_t n)
{
	int	 v = 0;
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return n > 0 ? v : -1;
}

/*
 * "Tue Mar 10 14:02:11 2026 -> " (the day may be " 1"): the time into
 * *ms and the length, or 0 when the line does not start so.
 */
static size_t
clamd_logtime(const char *p, size_t len, int64_t *ms)
{
	int	 mo, d, h, mi, s, y;

	if (len < 28 || p[3] != ' ' || p[7] != ' ' || p[10] != ' ' ||
	    p[13] != ':' || p[16] != ':' || p[19] != ' ' ||
	    memcmp(p + 24, " -> ", 4) != 0)
		return 0;
	if ((mo = time_month_from_name(p + 4, 3)) == -1 ||
	    (d = clamd_num(p[8] == ' ' ? p + 9 : p + 8, p[8] == ' ' ?
	    1 : 2)) == -1 || (h = clamd_num(p + 11, 2)) == -1 ||
	    (mi = clamd_num(p + 14, 2)) == -1 ||
	    (s = clamd_num(p + 17, 2)) == -1 ||
	    (y = clamd_num(p + 20, 4)) == -1 ||
	    !time_civil_valid(y, mo, d, h, mi, s))
		return 0;
	*ms = time_from_civil(y, mo, d, h, mi, s, 0);
	return 28;
}

static enum parse_result
clamd_parse(void *state, const char *line, size_t len, struct logevent *ev,
    const char **err)
{
	const char	*colon, *end;
	size_t		 n;
	int64_t		 ms;

	if (len > 0 && line[len - 1] == '\r')
		len--;
	if (len == 0)
		return PARSE_SKIP;
	if ((n = clamd_logtime(line, len, &ms)) > 0) {
		ev->time_ms = ms;
		line += n;
		len -= n;
	}
	n = sizeof(CLAMD_FOUND) - 1;
	/* The path may hold ": ": the signature is after the last one. */
	if (len <= n || memcmp(line + len - n, CLAMD_FOUND, n) != 0)
		return PARSE_SKIP;
	end = line + len - n;
	for (colon = end - 1; colon > line && !(colon[-1] == ':' &&
	    colon[0] == ' '); colon--)
		;
	if (colon == line || colon + 1 >= end) {
		if (err != NULL)
			*err = "FOUND without a file or a signature";
		return PARSE_ERROR;
	}
	ev->file_name.p = line;
	ev->file_name.len = (size_t)(colon - 1 - line);
	ev->threat_name.p = colon + 1;
	ev->threat_name.len = (size_t)(end - ev->threat_name.p);
	ev->action = slice_cstr("found");
	ev->format = parser_clamd.name;
	ev->source = SRC_ENDPOINT;
	if (ev->time_ms == 0 && state != NULL)
		ev->time_ms = kv_state_mtime(state);
	return PARSE_OK;
}

const struct parser parser_clamd = {
	"clamd", SRC_ENDPOINT, "ClamAV clamd log: detections (FOUND)",
	PARSER_SYSLOG | PARSER_SYSLOG_RELAY | PARSER_FOREIGN, kv_state_new,
	kv_state_free,
	clamd_parse
};
