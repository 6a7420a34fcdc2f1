/*
 * ISC dhcpd lease messages, through syslog:
 *
 *   DHCPACK on 10.20.1.15 to 00:16:3e:aa:bb:cc (WS-ALICE) via eth1
 *   DHCPACK to 10.20.1.15 (00:16:3e:aa:bb:cc) via eth1	(INFORM)
 *   DHCPRELEASE of 10.20.1.15 from 00:16:3e:aa:bb:cc (WS-ALICE) via
 *       eth1 (found)
 *
 * An ACK starts a lease and a RELEASE ends it: they are what the
 * endpoint table learns IP, MAC and host name from.  The rest of the
 * exchange (DISCOVER, OFFER, REQUEST, INFORM) and dhcpd's other messages
 * are skipped.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "event/logevent.h"
#include "parsers/parser.h"
#include "parsers/formats.h"
#include "parsers/kv.h"
#include "parsers/url.h"

#define DHCPD_MAC_MIN	11	/* "0:1:2:3:4:5" */
#define DHCPD_MAC_MAX	59	/* 20 bytes of hardware address */

struct dhcpd_cur {
	const char	*p;
	const char	*end;
};

/* The next space-separated word. */
static struct slice
dhcpd_word(struct dhcpd_cur *c)
{
	struct slice	 w = { NULL, 0 };
	const char	*sp;

	while (c->p < c->end && *c->p == ' ')
		c->p++;
	if (c->p == c->end)
		return w;
	if ((sp = memchr(c->p, ' ', (size_t)(c->end - c->p))) == NULL)
		sp = c->end;
	w.p = c->p;
	w.len = (size_t)(sp - c->p);
	c->p = sp;
	return w;
}

static int
dhcpd_is_mac(struct slice s)
{
	size_t	 i;

	if (s.len < DHCPD_MAC_MIN || s.len > DHCPD_MAC_MAX)
		return 0;
	for (i = 0; i < s.len; i++)
		if (!((s.p[i] >= '0' && s.p[i] <= '9') ||
		    (s.p[i] >= 'a' && s.p[i] <= 'f') ||
		    (s.p[i] >= 'A' && s.p[i] <= 'F') || s.p[i] == ':'))
			return 0;
	return 1;
}

/*
 * "(name)" before " via": the client's host name, which the client
 * chose and may hold spaces or parentheses.
 */
static struct slice
dhcpd_paren(struct dhcpd_cur *c)
{
	struct slice	 s = { NULL, 0 };
	const char	*p = c->p, *close;

	while (p < c->end && *p == ' ')
		p++;
	if (p == c->end || *p != '(')
		return s;
	close = memmem(p, (size_t)(c->end - p), ") via ", 6);
	if (close == NULL && c->end[-1] == ')')
		close = c->end - 1;
	if (close == NULL &&
	    (close = memchr(p, ')', (size_t)(c->end - p))) == NULL)
		return s;
	s.p = p + 1;
	s.len = (size_t)(close - p - 1);
	c->p = close + 1;
	return s;
}

/* "on IP to MAC (host)" or, for INFORM, "to IP (MAC)". */
static int
dhcpd_ack(struct logevent *ev, struct dhcpd_cur *c)
{
	struct slice	 w = dhcpd_word(c), ip, mac;

	if (slice_eq(w, "to")) {
		ip = dhcpd_word(c);
		mac = dhcpd_paren(c);
	} else if (slice_eq(w, "on")) {
		ip = dhcpd_word(c);
		if (!slice_eq(dhcpd_word(c), "to"))
			return -1;
		mac = dhcpd_word(c);
		ev->src_host = dhcpd_paren(c);
	} else
		return -1;
	if (!url_is_ip(ip) || !dhcpd_is_mac(mac))
		return -1;
	ev->src_ip = ip;
	ev->src_mac = mac;
	ev->action = slice_cstr("ack");
	return 0;
}

/* "of IP from MAC (host) via ...". */
static int
dhcpd_release(struct logevent *ev, struct dhcpd_cur *c)
{
	struct slice	 ip, mac;

	if (!slice_eq(dhcpd_word(c), "of"))
		return -1;
	ip = dhcpd_word(c);
	if (!slice_eq(dhcpd_word(c), "from"))
		return -1;
	mac = dhcpd_word(c);
	if (!url_is_ip(ip) || !dhcpd_is_mac(mac))
		return -1;
	ev->src_ip = ip;
	ev->src_mac = mac;
	ev->src_host = dhcpd_paren(c);
	ev->action = slice_cstr("release");
	return 0;
}

static enum parse_result
dhcpd_parse(void *state, const char *line, size_t len, struct logevent *ev,
    const char **err)
{
	struct dhcpd_cur	 c;
	struct slice		 w;
	const char		*dummy;
	int			 r;

	if (err == NULL)
		err = &dummy;
	c.p = line;
	c.end = line + len;
	while (c.end > c.p && (c.end[-1] == '\r' || c.end[-1] == ' '))
		c.end--;
	w = dhcpd_word(&c);
	if (slice_eq(w, "DHCPACK"))
		r = dhcpd_ack(ev, &c);
	else if (slice_eq(w, "DHCPRELEASE"))
		r = dhcpd_release(ev, &c);
	else
		return PARSE_SKIP;
	if (r == -1) {
		*err = w.len == 7 ? "bad DHCPACK" : "bad DHCPRELEASE";
		return PARSE_ERROR;
	}
	ev->source = SRC_DHCP;
	ev->format = parser_dhcpd.name;
	if (ev->time_ms == 0 && state != NULL)
		ev->time_ms = kv_state_mtime(state);
	return PARSE_OK;
}

const struct parser parser_dhcpd = {
	"dhcpd", SRC_DHCP, "ISC dhcpd lease messages (DHCPACK, DHCPRELEASE)",
	PARSER_SYSLOG | PARSER_SYSLOG_RELAY, kv_state_new, kv_state_free, dhcpd_parse
};
