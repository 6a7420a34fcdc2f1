/*
 * Log formats.  Each format is one file in src/parsers and one row in the
 * table in parser.c.  A parser turns one line (without its newline) into
 * a struct logevent whose string fields are slices of the line, or of the
 * event's arena for values it had to decode.
 */
#ifndef DETECTD_PARSER_H
#define DETECTD_PARSER_H

#include <stddef.h>
#include <stdint.h>

#include "event/logevent.h"

enum parse_result {
	PARSE_OK = 0,		/* ev holds an event */
	PARSE_SKIP = 1,		/* header, comment or blank: not an event, not an error */
	PARSE_ERROR = -1	/* malformed: counted per input */
};

#define PARSER_SYSLOG	0x01	/* lines may carry an RFC 3164/5424 header */
#define PARSER_SYSLOG_RELAY 0x02 /* and a relay's header before it */
#define PARSER_FOREIGN	0x04	/* lines of other programs are skips, not errors */

struct parser {
	const char	*name;		/* "squid", used in the config and -r */
	enum source_kind source;
	const char	*doc;		/* one line for detectd -h and the man page */
	/*
	 * PARSER_SYSLOG: parser_parse strips a syslog header first (in one
	 * place, syslog_header_parse) and hands parse() the message; the
	 * header's host and time are already in ev->host_name and
	 * ev->time_ms, and parse() overrides the time if the message has
	 * its own.
	 */
	unsigned	 flags;
	/*
	 * Per-file state (a Zeek #fields header, the year of a syslog file).
	 * mtime_ms is the file's modification time, for formats whose dates
	 * lack a year.  May be NULL when the format keeps no state.
	 */
	void		*(*state_new)(int64_t mtime_ms);
	void		 (*state_free)(void *);
	/*
	 * Parse.  The caller has called logevent_reset() and
	 * logevent_reserve(ev, len) and set raw/file/offset/input.  On
	 * PARSE_ERROR, err (if not NULL) points to a static message.
	 * A parser that offers the format's own field names sets
	 * ev->native and ev->native_arg (logevent.h); native_arg may
	 * point into the per-file state, so the caller processes every
	 * event parsed with a state before it frees that state.
	 */
	enum parse_result (*parse)(void *state, const char *line, size_t len,
			    struct logevent *ev, const char **err);
};

const struct parser		*parser_lookup(const char *name);
/*
 * Parse a line as p's format (the caller's part of the contract is that
 * of parse above): for PARSER_SYSLOG formats, a syslog header is taken
 * off first, its host and time set in ev, its length in ev->syslog_len
 * (whatever the result).  ref_ms dates a header without a year (the
 * file's time; 0: now).
 */
enum parse_result		 parser_parse(const struct parser *p,
				    void *state, int64_t ref_ms,
				    const char *line, size_t len,
				    struct logevent *ev, const char **err);
const struct parser *const	*parser_table(size_t *n);
/*
 * For the native lookups of the formats whose native_arg is where their
 * message starts in the line: the text from there to the end of
 * ev->raw, or an empty slice if native_arg is not inside the line.
 */
struct slice			 parser_native_text(const struct logevent *);

#endif
