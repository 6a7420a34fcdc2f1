/*
 * Netfilter LOG target lines, as the kernel writes them to kern.log:
 *
 *   [uptime] PREFIX IN=eth0 OUT= MAC=... SRC=a DST=b LEN=60 ... PROTO=TCP
 *       SPT=1 DPT=2 ... SYN URGP=0
 *
 * behind a syslog header with the tag "kernel:".  The prefix is what the
 * rule's --log-prefix says ("[UFW BLOCK] ", "IN-DROP: "); the action is
 * read from its words.  An ICMP error quotes the packet it answers in
 * brackets: that part is not the connection and is not read.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "event/logevent.h"
#include "parsers/parser.h"
#include "parsers/formats.h"
#include "parsers/kv.h"
#include "parsers/url.h"

#define IPT_MAC_LEN	41	/* dst:src:type, 14 bytes in hex */
#define IPT_MAC_SRC	18	/* offset of the source address */
#define IPT_MACADDR_LEN	17

/* "[ 1234.567890] ": the uptime stamp; returns its length or 0. */
static size_t
iptables_uptime(const char *p, size_t len)
{
	size_t	 i;

	if (len < 3 || p[0] != '[')
		return 0;
	for (i = 1; i < len && ((p[i] >= '0' && p[i] <= '9') || p[i] == '.' ||
	    p[i] == ' '); i++)
		;
	if (i == 1 || i >= len || p[i] != ']')
		return 0;
	i++;
	while (i < len && p[i] == ' ')
		i++;
	return i;
}

/* "IN=iface OUT=": the first field the kernel writes after the prefix. */
static const char *
iptables_find_in(const char *p, size_t len)
{
	const char	*end = p + len, *in, *sp;

	while ((in = memmem(p, (size_t)(end - p), "IN=", 3)) != NULL) {
		sp = memchr(in, ' ', (size_t)(end - in));
		if (sp != NULL && end - sp >= 5 && memcmp(sp, " OUT=", 5) == 0)
			return in;
		p = in + 3;
	}
	return NULL;
}

static void
iptables_prefix(struct logevent *ev, const char *p, size_t len)
{
	struct slice	 pre = { p, len };

	pre = kv_trim(pre);
	if (pre.len > 0 && pre.p[pre.len - 1] == ':')
		pre = kv_trim((struct slice){ pre.p, pre.len - 1 });
	if (pre.len == 0)
		return;
	ev->fw_rule = pre;
	if (kv_contains(pre, "DROP") || kv_contains(pre, "BLOCK") ||
	    kv_contains(pre, "REJECT") || kv_contains(pre, "DENY"))
		ev->action = slice_cstr("deny");
	else if (kv_contains(pre, "ACCEPT") || kv_contains(pre, "ALLOW"))
		ev->action = slice_cstr("allow");
	else
		ev->action = pre;
}

#define IPT_KEY(k, s)	((k).len == sizeof(s) - 1 && \
			    memcmp((k).p, (s), sizeof(s) - 1) == 0)

static void
iptables_field(struct logevent *ev, struct slice k, struct slice v)
{
	int64_t	 n;

	if (IPT_KEY(k, "SRC"))
		ev->src_ip = v;
	else if (IPT_KEY(k, "DST"))
		ev->dst_ip = v;
	else if (IPT_KEY(k, "SPT"))
		ev->src_port = kv_port(v.p, v.len);
	else if (IPT_KEY(k, "DPT"))
		ev->dst_port = kv_port(v.p, v.len);
	else if (IPT_KEY(k, "PROTO"))
		ev->transport = kv_transport(v);
	else if (IPT_KEY(k, "LEN")) {
		/* The first LEN is the packet's; UDP repeats its own. */
		if (ev->bytes_out == -1 && kv_num(v.p, v.len, &n) == 0)
			ev->bytes_out = n;
	} else if (IPT_KEY(k, "MAC")) {
		if (v.len == IPT_MAC_LEN) {
			ev->src_mac.p = v.p + IPT_MAC_SRC;
			ev->src_mac.len = IPT_MACADDR_LEN;
		}
	}
}

/* The KEY=value and flag words from IN= to the end, or to a '['. */
static void
iptables_fields(struct logevent *ev, const char *p, const char *end)
{
	struct slice	 k, v;
	const char	*sp, *eq;

	while (p < end) {
		if (*p == ' ') {
			p++;
			continue;
		}
		if (*p == '[')
			break;
		if ((sp = memchr(p, ' ', (size_t)(end - p))) == NULL)
			sp = end;
		if ((eq = memchr(p, '=', (size_t)(sp - p))) != NULL) {
			k.p = p;
			k.len = (size_t)(eq - p);
			v.p = eq + 1;
			v.len = (size_t)(sp - eq - 1);
			if (v.len > 0 && v.p[v.len - 1] == '\r')
				v.len--;
			if (v.len > 0)
				iptables_field(ev, k, v);
		}
		p = sp;
	}
}

static enum parse_result
iptables_parse(void *state, const char *line, size_t len, struct logevent *ev,
    const char **err)
{
	const char	*p, *end = line + len, *in, *dummy;

	if (err == NULL)
		err = &dummy;
	p = line;
	if ((size_t)(end - p) >= 8 && memcmp(p, "kernel: ", 8) == 0)
		p += 8;
	p += iptables_uptime(p, (size_t)(end - p));
	/* Other kernel messages share kern.log: not netfilter, not errors. */
	if ((in = iptables_find_in(p, (size_t)(end - p))) == NULL)
		return PARSE_SKIP;
	ev->source = SRC_FIREWALL;
	ev->format = parser_iptables.name;
	iptables_prefix(ev, p, (size_t)(in - p));
	iptables_fields(ev, in, end);
	if (!url_is_ip(ev->src_ip) || !url_is_ip(ev->dst_ip)) {
		*err = "missing or bad SRC or DST";
		return PARSE_ERROR;
	}
	if (ev->time_ms == 0 && state != NULL)
		ev->time_ms = kv_state_mtime(state);
	return PARSE_OK;
}

const struct parser parser_iptables = {
	"iptables", SRC_FIREWALL,
	"netfilter LOG target lines (kern.log, with or without syslog header)",
	PARSER_SYSLOG | PARSER_SYSLOG_RELAY, kv_state_new, kv_state_free, iptables_parse
};
