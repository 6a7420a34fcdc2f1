/*
 * The normalized event every parser fills and every analyzer reads.
 *
 * String fields are slices: they point into the read buffer (or into the
 * event's scratch arena when a value had to be decoded, e.g. a JSON string
 * with escapes) and are valid only while the event is being processed.
 * Nothing here is allocated per line.
 */
#ifndef DETECTD_LOGEVENT_H
#define DETECTD_LOGEVENT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "util/prefetch.h"

struct slice {
	const char	*p;
	size_t		 len;
};

#define SLICE_EMPTY(s)	((s).len == 0)

enum source_kind {
	SRC_UNKNOWN = 0,
	SRC_PROXY,
	SRC_DNS,
	SRC_FIREWALL,
	SRC_AD,
	SRC_ENDPOINT,
	SRC_NETWORK,
	SRC_DHCP,
	SRC_MAIL,
	SRC_MAX
};

/* Unknown numeric values are -1. */
struct logevent {
	int64_t		 time_ms;	/* event time, ms since the epoch, UTC */
	enum source_kind source;
	const char	*format;	/* parser name */
	const char	*input;		/* input name, or "replay" */
	const char	*file;		/* path the line came from, or "-" */
	uint64_t	 offset;	/* byte offset of the line in file */
	/*
	 * The Kafka partition the record came from, plus one; 0 for other
	 * inputs.  State an analyzer keeps per endpoint is tagged with it,
	 * so that it can be handed over when the partition moves.
	 */
	uint32_t	 shard;
	/*
	 * The pipeline numbers events from 1 as they are parsed, so that
	 * an analyzer can keep what it worked out for an event ahead of
	 * time (prefetch) until the event comes; 0: not numbered.
	 */
	uint64_t	 seq;
	struct slice	 raw;		/* the line, without its newline */
	/* bytes of syslog header parser_parse took off the line; 0: none */
	size_t		 syslog_len;

	/* the device or host that wrote the line (Windows Computer, syslog host) */
	struct slice	 host_name;

	/* endpoint side */
	struct slice	 src_ip;
	struct slice	 src_host;
	struct slice	 src_mac;
	struct slice	 user;
	int32_t		 src_port;

	/* destination side */
	struct slice	 dst_ip;
	struct slice	 dst_domain;
	int32_t		 dst_port;
	struct slice	 transport;	/* tcp, udp, icmp */

	/* HTTP / proxy */
	struct slice	 url;		/* as logged */
	struct slice	 url_scheme;
	struct slice	 url_path;
	struct slice	 url_query;
	struct slice	 method;
	struct slice	 user_agent;
	struct slice	 referrer;
	struct slice	 content_type;
	struct slice	 category;
	struct slice	 result;	/* proxy result code, e.g. TCP_MISS */
	int32_t		 status;	/* HTTP status */
	int64_t		 bytes_out;	/* endpoint -> destination */
	int64_t		 bytes_in;	/* destination -> endpoint */
	int64_t		 duration_ms;

	/* DNS */
	struct slice	 dns_query;
	struct slice	 dns_qtype;
	struct slice	 dns_rcode;	/* NOERROR, NXDOMAIN, ... */
	struct slice	 dns_answers;	/* as logged, comma-separated */

	/* firewall */
	struct slice	 action;	/* allow, deny, drop, ... */
	struct slice	 app;		/* application name, if logged */
	struct slice	 fw_rule;	/* firewall policy or rule name */
	struct slice	 threat_name;	/* IPS/AV signature name */
	struct slice	 threat_category; /* IDS signature class */
	int64_t		 signature_id;	/* IDS signature id (Suricata sid) */
	int32_t		 severity;	/* the sensor's own severity */
	struct slice	 conn_state;	/* Zeek conn_state, e.g. S0, REJ, SF */
	struct slice	 protocol;	/* application protocol (http, dns, ssl) */

	/* Windows, Sysmon */
	int32_t		 win_event_id;
	struct slice	 win_channel;
	struct slice	 logon_type;
	struct slice	 target_user;
	struct slice	 subject_user;
	struct slice	 auth_package;	/* NTLM, Kerberos, Negotiate */
	struct slice	 win_status;	/* failure status / code */
	struct slice	 ticket_enc;	/* Kerberos ticket encryption type, e.g. 0x17 */
	struct slice	 object_props;	/* 4662 Properties (GUIDs) */
	struct slice	 access_mask;
	struct slice	 service_name;
	struct slice	 service_image;
	struct slice	 share_name;
	struct slice	 relative_target;
	struct slice	 process_image;
	struct slice	 parent_image;
	struct slice	 command_line;
	struct slice	 parent_command_line;
	struct slice	 pipe_name;	/* Sysmon 17/18 */
	struct slice	 registry_key;	/* Sysmon 12/13 TargetObject */
	struct slice	 registry_value;	/* Sysmon 13 Details */
	struct slice	 hashes;
	struct slice	 file_name;
	struct slice	 file_mime;	/* the file's MIME type */

	/* mail */
	struct slice	 mail_from;	/* envelope sender, else From: */
	struct slice	 mail_to;	/* recipients, comma-separated */
	struct slice	 mail_subject;
	/* why the sensor logged it: a notice's message, a mail status */
	struct slice	 reason;

	/*
	 * The format's own field names (Image, CommandLine, id.orig_h,
	 * srcip): a parser that can find a field of its line by name sets
	 * native, and native_arg for it (where the message starts in the
	 * line, the per-file header the line is read by); both NULL when
	 * the format offers none.  Read them through logevent_native().
	 */
	struct slice	 (*native)(const struct logevent *, const char *name,
			    size_t len, char *buf, size_t size);
	const void	*native_arg;
	/*
	 * The line as text for a search of the whole message (a Sigma
	 * keyword), when the line's own text differs from what it says: a
	 * JSON line with its escapes decoded.  NULL: the line as it is.
	 * Read it through logevent_message().
	 */
	struct slice	 (*message)(const struct logevent *, char *buf,
			    size_t size);
	/*
	 * The members of the line by name, when the parser indexes them
	 * (nindex.h): kept from line to line like the arena, stale once
	 * gen changes.  gen is new at every logevent_reset, unique in the
	 * process, so that what was worked out for one line is never
	 * taken for another's.
	 */
	struct nindex	*nidx;
	uint64_t	 gen;
	/*
	 * Answers the rules share for this line (evmemo.h), valid for gen
	 * only: the pipeline lends each slot of its ring one after the
	 * reset (which sets NULL: none shared).  A copy of the event that
	 * changes a field must set it to NULL.
	 */
	struct evmemo	*memo;

	/* scratch space for decoded values, reused from line to line */
	char		*arena;
	size_t		 arena_len;
	size_t		 arena_cap;
};

/* Reset every field for the next line; keeps the arena's memory. */
void		 logevent_reset(struct logevent *);
/*
 * Start loading an event another thread wrote (or, write set, a slot
 * about to be written again): the event itself, or (text set) the
 * first max bytes of what its arena holds, the line and the values
 * decoded from it.  A thread that takes events over from another waits
 * on each of their cache lines once, at the same time, rather than one
 * after another as it reads them.  Only loads: nothing changes.
 */
static inline void
logevent_prefetch(const struct logevent *ev, int write, int text, size_t max)
{
	const void	*p = text ? (const void *)ev->arena : (const void *)ev;
	size_t		 n = text ? ev->arena_len : sizeof(*ev);

	if (p == NULL)
		return;
	if (text && n > max)
		n = max;
	if (write)
		prefetch_lines_write(p, n);
	else
		prefetch_lines(p, n);
}
/* Give the event index memory (nindex.h): 0, or -1 out of memory. */
int		 logevent_want_index(struct logevent *);
void		 logevent_free(struct logevent *);
/* Copy len bytes into the arena and return the slice; NULL slice on ENOMEM. */
struct slice	 logevent_dup(struct logevent *, const char *, size_t);
/* The endpoint in one word: its IP, else its host name, else the user. */
struct slice	 logevent_endpoint(const struct logevent *);
/*
 * The next recipient of a list of mail addresses, as ev->mail_to holds
 * them ("alice@corp.example,<bob@corp.example>"): its local part, the
 * user, into *user, a slice of to; *pos (0 at first) moves past it.
 * Entries without a local part ("<>", "-") are passed over.  0 when
 * the list has no more.
 */
int		 logevent_recipient(struct slice to, size_t *pos,
		    struct slice *user);
/*
 * Reserve room for n more bytes in the arena.  Slices already handed out
 * stay valid: the arena is reserved before parsing (logevent_reserve with
 * the line length) so that it never moves while a line is parsed.
 */
int		 logevent_reserve(struct logevent *, size_t);

/*
 * The field of the line that the format itself names name[0..len) (a
 * Windows EventData key, a Zeek column, a FortiGate key), found at
 * call time by scanning ev->raw: nothing is done for it while parsing,
 * and nothing is allocated.  What each format offers is in
 * detectd.conf(5).
 *
 *	p != NULL	the value (len 0: present, with an empty value)
 *	p NULL, len 0	no such field in this line, or the format has no
 *			names of its own
 *	p NULL, len n	present, but decoded it needs n bytes of buf
 *
 * The value is a slice of the line, or of buf when it had escapes to
 * decode (JSON \uXXXX, Zeek \xHH, FortiGate \"): the event stays
 * const, so the caller owns the scratch space, and the value is valid
 * while the event and buf are.  Decoding never makes a value longer
 * than it is in the line, so buf of ev->raw.len bytes is always
 * enough; buf may be NULL when size is 0.
 */
struct slice	 logevent_native(const struct logevent *, const char *name,
		    size_t len, char *buf, size_t size);

/*
 * The whole line as a search of the message reads it: ev->raw, or as
 * the format decodes it into buf (JSON escapes resolved).  Like
 * logevent_native: p NULL and len n when buf needs n bytes.
 */
struct slice	 logevent_message(const struct logevent *, char *buf,
		    size_t size);

const char	*source_kind_name(enum source_kind);
enum source_kind source_kind_from_name(const char *);

/*
 * Field access by name, for the rule language.  Names follow the Elastic
 * Common Schema where one exists (destination.domain, url.original, ...).
 */
enum field_type {
	FIELD_STR,
	FIELD_INT,
	FIELD_INT64
};

struct field_def {
	const char	*name;
	enum field_type	 type;
	size_t		 off;
	const char	*doc;
};

const struct field_def	*field_lookup(const char *);
const struct field_def	*field_table(size_t *);
/* Inline: conditions and the match analyzer read a field per test. */
static inline struct slice
field_str(const struct logevent *ev, const struct field_def *f)
{
	struct slice	 s = { NULL, 0 };

	if (f->type == FIELD_STR)
		memcpy(&s, (const char *)ev + f->off, sizeof(s));
	return s;
}
int64_t			 field_int(const struct logevent *, const struct field_def *);

/* Helpers on slices. */
int		 slice_eq(struct slice, const char *);
int		 slice_caseeq(struct slice, const char *);
struct slice	 slice_cstr(const char *);
/* An unsigned decimal of 1 to 18 digits (it fits an int64_t), or -1. */
int		 slice_uint(struct slice, int64_t *);
/* Logs write "-" for an absent value: that gives an empty slice. */
struct slice	 slice_dash(struct slice);

#endif
