/*
 * The mail log (format "postfix", /var/log/mail.log): Postfix, and the
 * amavis and clamav-milter lines that share its file, behind their
 * syslog headers.  Postfix writes one message over several lines, tied
 * by its queue id:
 *
 *   smtpd[..]:   4BQ0M52ZtTz9sVG: client=mx.evil.example[203.0.113.25]
 *   cleanup[..]: 4BQ0M52ZtTz9sVG: message-id=<1@evil.example>
 *   qmgr[..]:    4BQ0M52ZtTz9sVG: from=<eve@evil.example>, size=12345,
 *                    nrcpt=1 (queue active)
 *   lmtp[..]:    4BQ0M52ZtTz9sVG: to=<alice@corp.example>,
 *                    relay=mbox.corp.example[10.1.0.30]:24, delay=1.2,
 *                    delays=.., dsn=2.0.0, status=sent (250 2.0.0 Ok)
 *   qmgr[..]:    4BQ0M52ZtTz9sVG: removed
 *
 * The client and from lines are kept in the per-file state under the
 * queue id; each delivery line (to=) is then one event with the sender,
 * the client, the recipient, the relay and the status.  A queue id
 * that never completes (its "removed" never comes) stays until
 * POSTFIX_MAXQ newer ones push it out: memory is bounded, and the ids
 * pushed out are counted and reported when the file's state goes.
 *
 * Also events: rejects (NOQUEUE at RCPT, cleanup's header and body
 * checks), amavis verdicts ("Passed CLEAN", "Blocked INFECTED (name)",
 * "Blocked BANNED (the names of the parts)") and clamav-milter's
 * "infected by".  The syslog tag is gone by the time the message is
 * read, so each line is known by its shape.  Every other line
 * (connect, disconnect, warnings, statistics) is skipped.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "event/logevent.h"
#include "util/hash.h"
#include "util/log.h"
#include "parsers/parser.h"
#include "parsers/formats.h"
#include "parsers/kv.h"
#include "parsers/url.h"

#define POSTFIX_MAXQ	4096		/* queue ids kept per file */
#define POSTFIX_SLOTS	(2 * POSTFIX_MAXQ)
#define POSTFIX_RING	(2 * POSTFIX_MAXQ)	/* ids in order, some gone */
#define POSTFIX_QID_MIN	5
#define POSTFIX_QID_MAX	20
#define POSTFIX_ADDR	128
#define POSTFIX_IP	48

struct postfix_msg {
	uint64_t	 seq;		/* 0: slot empty */
	uint64_t	 h;
	char		 qid[POSTFIX_QID_MAX + 1];
	char		 from[POSTFIX_ADDR];
	char		 client[POSTFIX_IP];
	int64_t		 size;
};

struct postfix_state {
	int64_t			 mtime_ms;
	uint64_t		 seq;
	uint64_t		 evicted;	/* never completed, pushed out */
	size_t			 live;
	/* insertion order: the ring of (hash, seq) */
	uint64_t		 ring_h[POSTFIX_RING];
	uint64_t		 ring_seq[POSTFIX_RING];
	size_t			 ring_head, ring_n;
	struct postfix_msg	 slots[POSTFIX_SLOTS];
};

static void *
postfix_state_new(int64_t mtime_ms)
{
	struct postfix_state	*st;

	if ((st = calloc(1, sizeof(*st))) == NULL)
		return NULL;
	st->mtime_ms = mtime_ms;
	return st;
}

static void
postfix_state_free(void *arg)
{
	struct postfix_state	*st = arg;

	if (st == NULL)
		return;
	if (st->evicted > 0)
		log_warnx("postfix: %llu queue ids never completed and were "
		    "dropped (%d kept at most), %zu still open",
		    (unsigned long long)st->evicted, POSTFIX_MAXQ, st->live);
	free(st);
}

/* The slot of qid, or of the empty slot where it would go. */
static size_t
postfix_slot(const struct postfix_state *st, struct slice qid, uint64_t h)
{
	size_t	 i = h % POSTFIX_SLOTS;

	while (st->slots[i].seq != 0 && (st->slots[i].h != h ||
	    strlen(st->slots[i].qid) != qid.len ||
	    memcmp(st->slots[i].qid, qid.p, qid.len) != 0))
		i = (i + 1) % POSTFIX_SLOTS;
	return i;
}

/* Empty slot i, moving back the entries of its cluster (no tombstones). */
static void
postfix_delete(struct postfix_state *st, size_t i)
{
	size_t	 j = i, home;

	st->slots[i].seq = 0;
	st->live--;
	for (;;) {
		j = (j + 1) % POSTFIX_SLOTS;
		if (st->slots[j].seq == 0)
			return;
		home = st->slots[j].h % POSTFIX_SLOTS;
		/* Stays if its home lies cyclically in (i, j]. */
		if (i <= j ? (home > i && home <= j) : (home > i || home <= j))
			continue;
		st->slots[i] = st->slots[j];
		st->slots[j].seq = 0;
		i = j;
	}
}

/* The slot of the entry ring position k names, if it is still open. */
static int
postfix_ring_live(const struct postfix_state *st, size_t k, size_t *slot)
{
	size_t	 i;

	for (i = st->ring_h[k] % POSTFIX_SLOTS; st->slots[i].seq != 0;
	    i = (i + 1) % POSTFIX_SLOTS)
		if (st->slots[i].seq == st->ring_seq[k]) {
			*slot = i;
			return 1;
		}
	return 0;
}

/*
 * The ring holds every id in the order it came, removed ones too: when
 * it is full, the removed ones go, which leaves at least POSTFIX_MAXQ
 * places free, so that this runs once in POSTFIX_MAXQ ids at most.
 */
static void
postfix_compact(struct postfix_state *st)
{
	size_t	 i, k, n = 0, slot;

	for (i = 0; i < st->ring_n; i++) {
		k = (st->ring_head + i) % POSTFIX_RING;
		if (!postfix_ring_live(st, k, &slot))
			continue;
		st->ring_h[n] = st->ring_h[k];
		st->ring_seq[n] = st->ring_seq[k];
		n++;
	}
	st->ring_head = 0;
	st->ring_n = n;
}

/* Make room: while POSTFIX_MAXQ are open, the oldest goes, counted. */
static void
postfix_evict(struct postfix_state *st)
{
	size_t	 k, slot;

	if (st->ring_n == POSTFIX_RING)
		postfix_compact(st);
	while (st->live >= POSTFIX_MAXQ && st->ring_n > 0) {
		k = st->ring_head;
		st->ring_head = (st->ring_head + 1) % POSTFIX_RING;
		st->ring_n--;
		if (postfix_ring_live(st, k, &slot)) {
			postfix_delete(st, slot);
			st->evicted++;
		}
	}
}

/* The message of qid, made if new; NULL for a queue id too long. */
static struct postfix_msg *
postfix_get(struct postfix_state *st, struct slice qid)
{
	uint64_t		 h = hash64(qid.p, qid.len, 0x6d61696c);
	size_t			 i = postfix_slot(st, qid, h), k;
	struct postfix_msg	*m = &st->slots[i];

	if (m->seq != 0)
		return m;
	postfix_evict(st);
	i = postfix_slot(st, qid, h);
	m = &st->slots[i];
	memset(m, 0, sizeof(*m));
	m->seq = ++st->seq;
	m->h = h;
	m->size = -1;
	memcpy(m->qid, qid.p, qid.len);
	k = (st->ring_head + st->ring_n) % POSTFIX_RING;
	st->ring_h[k] = h;
	st->ring_seq[k] = m->seq;
	st->ring_n++;
	st->live++;
	return m;
}

static struct postfix_msg *
postfix_find(struct postfix_state *st, struct slice qid)
{
	uint64_t	 h = hash64(qid.p, qid.len, 0x6d61696c);
	size_t		 i = postfix_slot(st, qid, h);

	return st->slots[i].seq != 0 ? &st->slots[i] : NULL;
}

static void
postfix_copy(char *dst, size_t size, struct slice s)
{
	if (s.len >= size)
		s.len = size - 1;
	if (s.len > 0)
		memcpy(dst, s.p, s.len);
	dst[s.len] = '\0';
}

/* A queue id and ": " at the start of s; the rest after it. */
static int
postfix_qid(struct slice s, struct slice *qid, struct slice *rest)
{
	size_t	 i;
	char	 c;

	for (i = 0; i < s.len && i <= POSTFIX_QID_MAX; i++) {
		c = s.p[i];
		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
		    (c >= 'a' && c <= 'z')))
			break;
	}
	if (i < POSTFIX_QID_MIN || i > POSTFIX_QID_MAX || s.len < i + 2 ||
	    s.p[i] != ':' || s.p[i + 1] != ' ')
		return 0;
	qid->p = s.p;
	qid->len = i;
	rest->p = s.p + i + 2;
	rest->len = s.len - i - 2;
	return 1;
}

/*
 * The value of key= in s: at the start or after ' ' or ',', up to ','
 * or ' ' (or to the '>' of a <...> value, without the brackets).
 */
static struct slice
postfix_kv(struct slice s, const char *key)
{
	struct slice	 v = { NULL, 0 };
	size_t		 n = strlen(key), i, e;

	for (i = 0; i + n <= s.len; i++) {
		if ((i > 0 && s.p[i - 1] != ' ' && s.p[i - 1] != ',') ||
		    memcmp(s.p + i, key, n) != 0)
			continue;
		i += n;
		if (i < s.len && s.p[i] == '<') {
			for (e = ++i; e < s.len && s.p[e] != '>'; e++)
				;
		} else
			for (e = i; e < s.len && s.p[e] != ',' &&
			    s.p[e] != ' '; e++)
				;
		v.p = s.p + i;
		v.len = e - i;
		return v;
	}
	return v;
}

/* "host[1.2.3.4]" or "host[1.2.3.4]:25": the name, the address. */
static void
postfix_hostaddr(struct slice s, struct slice *host, struct slice *addr)
{
	const char	*o = s.len > 0 ? memchr(s.p, '[', s.len) : NULL, *c;

	host->p = s.p;
	host->len = s.len;
	addr->p = NULL;
	addr->len = 0;
	if (o == NULL || (c = memchr(o, ']', (size_t)(s.p + s.len - o))) ==
	    NULL)
		return;
	host->len = (size_t)(o - s.p);
	addr->p = o + 1;
	addr->len = (size_t)(c - o - 1);
}

/* The text in the parentheses after status=sent, or after the last ': '. */
static struct slice
postfix_paren(struct slice s)
{
	const char	*o = s.len > 0 ? memchr(s.p, '(', s.len) : NULL;
	struct slice	 v = { NULL, 0 };

	if (o == NULL || s.p[s.len - 1] != ')')
		return v;
	v.p = o + 1;
	v.len = (size_t)(s.p + s.len - 1 - v.p);
	return v;
}

/* The recipient: user.name is its local part. */
static void
postfix_rcpt(struct logevent *ev, struct slice to)
{
	ev->mail_to = to;
	kv_mail_user(ev);
}

/* to=<...>, relay=..., status=...: one delivery of a queued message. */
static enum parse_result
postfix_delivery(struct postfix_state *st, struct slice qid,
    struct slice rest, struct logevent *ev)
{
	struct postfix_msg	*m = postfix_find(st, qid);
	struct slice		 relay, host, addr, status;

	postfix_rcpt(ev, postfix_kv(rest, "to="));
	status = postfix_kv(rest, "status=");
	ev->action = status;
	ev->reason = postfix_paren(rest);
	relay = postfix_kv(rest, "relay=");
	postfix_hostaddr(relay, &host, &addr);
	ev->dst_domain = host;
	ev->dst_ip = addr;
	if (m != NULL) {
		ev->mail_from = logevent_dup(ev, m->from, strlen(m->from));
		ev->src_ip = logevent_dup(ev, m->client, strlen(m->client));
		ev->bytes_in = m->size;
	}
	return PARSE_OK;
}

/*
 * The reply of a reject: after "]: " when it follows the client (smtpd:
 * "RCPT from host[ip]: 554 5.7.1 ...; from=<..>"), else after the last
 * ": " (cleanup: "... from host[ip]; from=<..> ...: 5.7.1 ...").
 */
static struct slice
postfix_reply(struct slice rest, const char *after)
{
	struct slice	 why = { NULL, 0 };
	const char	*p, *end = rest.p + rest.len, *semi;

	if (after != NULL && end - after > 2 && after[0] == ':' &&
	    after[1] == ' ') {
		why.p = after + 2;
		semi = memmem(why.p, (size_t)(end - why.p), "; from=", 7);
		why.len = (size_t)((semi != NULL ? semi : end) - why.p);
		return why;
	}
	for (p = end - 2; p > rest.p; p--)
		if (p[0] == ':' && p[1] == ' ') {
			why.p = p + 2;
			why.len = (size_t)(end - why.p);
			break;
		}
	return why;
}

/* reject: and discard: lines, with their from= and to=. */
static enum parse_result
postfix_reject(struct slice rest, struct logevent *ev)
{
	struct slice	 client, host, addr;
	const char	*p, *after = NULL, *end = rest.p + rest.len;

	ev->action = slice_cstr("reject");
	ev->mail_from = postfix_kv(rest, "from=");
	postfix_rcpt(ev, postfix_kv(rest, "to="));
	if ((p = memmem(rest.p, rest.len, " from ", 6)) != NULL &&
	    (after = memchr(p, ']', (size_t)(end - p))) != NULL) {
		client.p = p + 6;
		client.len = (size_t)(++after - client.p);
		postfix_hostaddr(client, &host, &addr);
		ev->src_ip = addr;
	}
	ev->reason = postfix_reply(rest, after);
	return PARSE_OK;
}

/* A line of a queued message: kept, an event, or forgotten. */
static enum parse_result
postfix_queued(struct postfix_state *st, struct slice qid,
    struct slice rest, struct logevent *ev)
{
	struct postfix_msg	*m;
	struct slice		 host, addr;

	if (rest.len > 3 && memcmp(rest.p, "to=", 3) == 0)
		return postfix_delivery(st, qid, rest, ev);
	if ((rest.len > 8 && memcmp(rest.p, "reject: ", 8) == 0) ||
	    (rest.len > 9 && memcmp(rest.p, "discard: ", 9) == 0))
		return postfix_reject(rest, ev);
	if (rest.len == 7 && memcmp(rest.p, "removed", 7) == 0) {
		if ((m = postfix_find(st, qid)) != NULL)
			postfix_delete(st, (size_t)(m - st->slots));
		return PARSE_SKIP;
	}
	if (rest.len > 7 && memcmp(rest.p, "client=", 7) == 0) {
		postfix_hostaddr(postfix_kv(rest, "client="), &host, &addr);
		m = postfix_get(st, qid);
		postfix_copy(m->client, sizeof(m->client), addr);
	} else if (rest.len > 5 && memcmp(rest.p, "from=", 5) == 0) {
		m = postfix_get(st, qid);
		postfix_copy(m->from, sizeof(m->from),
		    postfix_kv(rest, "from="));
		host = postfix_kv(rest, "size=");
		if (kv_num(host.p, host.len, &m->size) == -1)
			m->size = -1;
	}
	return PARSE_SKIP;
}

/* "<a@x>,<b@y>" as "a@x,b@y", into the arena. */
static struct slice
postfix_addrs(struct logevent *ev, struct slice s)
{
	struct slice	 out = { NULL, 0 };
	size_t		 i, n = 0;
	char		*o;

	if (s.len == 0 || logevent_reserve(ev, s.len) == -1)
		return out;
	o = ev->arena + ev->arena_len;
	for (i = 0; i < s.len; i++)
		if (s.p[i] != '<' && s.p[i] != '>')
			o[n++] = s.p[i];
	ev->arena_len += n;
	out.p = o;
	out.len = n;
	return out;
}

/* The word at *s, and *s past it and one space. */
static struct slice
postfix_word(struct slice *s)
{
	struct slice	 w = *s;
	const char	*sp = memchr(s->p, ' ', s->len);

	if (sp != NULL)
		w.len = (size_t)(sp - s->p);
	s->p += w.len;
	s->len -= w.len;
	if (s->len > 0) {
		s->p++;
		s->len--;
	}
	return w;
}

/*
 * "[1.2.3.4]:40123 [1.2.3.4] <from> -> <to>,<to>, Queue-ID: ...": the
 * client, the sender and the recipients.
 */
static void
postfix_amavis_who(struct logevent *ev, struct slice s)
{
	struct slice	 host, addr, to;
	const char	*arrow, *end;

	postfix_hostaddr(s, &host, &addr);
	ev->src_ip = addr;
	if ((arrow = memmem(s.p, s.len, "> -> <", 6)) == NULL)
		return;
	for (host.p = arrow; host.p > s.p && host.p[-1] != '<'; host.p--)
		;
	ev->mail_from.p = host.p;
	ev->mail_from.len = (size_t)(arrow - host.p);
	to.p = arrow + 5;
	end = s.p + s.len;
	for (to.len = 0; to.p + to.len < end && !(to.p[to.len] == ',' &&
	    to.p + to.len + 1 < end && to.p[to.len + 1] == ' '); to.len++)
		;
	ev->mail_to = postfix_addrs(ev, to);
	kv_mail_user(ev);
}

/*
 * amavis: "(01234-05) Blocked INFECTED (Eicar-Signature) {Discarded
 * Inbound,Quarantined}, [ip]:port [ip] <from> -> <to>, Queue-ID: ...".
 * The names in a BANNED verdict's parentheses are the parts of the
 * message, archives and what is in them: they are the file name.
 */
static enum parse_result
postfix_amavis(struct slice s, struct logevent *ev)
{
	struct slice	 verdict, what = { NULL, 0 }, size;
	const char	*c, *b;

	(void)postfix_word(&s);
	ev->action = postfix_word(&s);
	verdict = postfix_word(&s);
	ev->threat_category = verdict;
	if (s.len > 0 && s.p[0] == '(' && (b = memmem(s.p, s.len, ") {",
	    3)) != NULL) {
		what.p = s.p + 1;
		what.len = (size_t)(b - what.p);
		s.len -= (size_t)(b + 2 - s.p);
		s.p = b + 2;
	}
	if (slice_eq(verdict, "INFECTED"))
		ev->threat_name = what;
	else if (slice_eq(verdict, "BANNED"))
		ev->file_name = what;
	if (s.len > 0 && s.p[0] == '{' && (c = memchr(s.p, '}', s.len)) !=
	    NULL) {
		ev->reason.p = s.p + 1;
		ev->reason.len = (size_t)(c - s.p - 1);
		s.len -= (size_t)(c + 1 - s.p);
		s.p = c + 1;
	}
	postfix_amavis_who(ev, s);
	size = postfix_kv(s, "size: ");
	if (kv_num(size.p, size.len, &ev->bytes_in) == -1)
		ev->bytes_in = -1;
	return PARSE_OK;
}

/* clamav-milter: "Message QID from <a> to <b> infected by NAME". */
static enum parse_result
postfix_milter(struct slice s, struct logevent *ev)
{
	const char	*by = memmem(s.p, s.len, " infected by ", 13);

	ev->action = slice_cstr("infected");
	ev->threat_name.p = by + 13;
	ev->threat_name.len = (size_t)(s.p + s.len - ev->threat_name.p);
	ev->mail_from = postfix_kv(s, "from ");
	postfix_rcpt(ev, postfix_kv(s, "to "));
	return PARSE_OK;
}

static enum parse_result
postfix_dispatch(struct postfix_state *st, struct slice s,
    struct logevent *ev)
{
	struct slice	 qid, rest;

	if (s.len > 2 && s.p[0] == '(' && memchr(s.p, ')', s.len) != NULL)
		return postfix_amavis(s, ev);
	if (s.len > 8 && memcmp(s.p, "Message ", 8) == 0 &&
	    memmem(s.p, s.len, " infected by ", 13) != NULL)
		return postfix_milter(s, ev);
	if (s.len > 17 && memcmp(s.p, "NOQUEUE: reject: ", 17) == 0) {
		rest.p = s.p + 9;
		rest.len = s.len - 9;
		return postfix_reject(rest, ev);
	}
	if (postfix_qid(s, &qid, &rest))
		return postfix_queued(st, qid, rest, ev);
	return PARSE_SKIP;
}

static enum parse_result
postfix_parse(void *state, const char *line, size_t len,
    struct logevent *ev, const char **err)
{
	struct postfix_state	*st = state;
	struct slice		 s = { line, len };
	enum parse_result	 r;

	if (s.len > 0 && s.p[s.len - 1] == '\r')
		s.len--;
	if (s.len == 0)
		return PARSE_SKIP;
	if (st == NULL) {
		if (err != NULL)
			*err = "no per-file state";
		return PARSE_ERROR;
	}
	/* The sender and client copied in must not move what came before. */
	if (logevent_reserve(ev, len + POSTFIX_ADDR + POSTFIX_IP + 16) == -1) {
		if (err != NULL)
			*err = "out of memory";
		return PARSE_ERROR;
	}
	if ((r = postfix_dispatch(st, s, ev)) != PARSE_OK)
		return r;
	ev->format = parser_postfix.name;
	ev->source = SRC_MAIL;
	ev->protocol = slice_cstr("smtp");
	if (ev->time_ms == 0)
		ev->time_ms = st->mtime_ms;
	return PARSE_OK;
}

const struct parser parser_postfix = {
	"postfix", SRC_MAIL,
	"mail.log: Postfix deliveries joined by queue id, rejects, amavis "
	"and clamav-milter verdicts",
	PARSER_SYSLOG | PARSER_SYSLOG_RELAY | PARSER_FOREIGN, postfix_state_new,
	postfix_state_free, postfix_parse
};
