/*
 * Endpoint identity: see identity.h.  Two bounded LRU tables: addresses,
 * each with the last IDENTITY_HISTORY host bindings and the event time
 * each starts at, and hosts, with the address, user and MAC last seen.
 * Host names are reduced to their first label in lower case, so that
 * "WS0007.corp.local" (Sysmon), "WS0007" (AD) and "ws0007" (DHCP) are
 * one machine.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers/identity.h"
#include "analyzers/lru.h"
#include "util/atomicfile.h"
#include "util/hash.h"
#include "util/safefs.h"
#include "util/hex.h"
#include "util/log.h"

#define IDENTITY_SEED_IP	0x6964656e2d697031ULL
#define IDENTITY_SEED_HOST	0x6964656e2d686f73ULL
#define IDENTITY_SEED_USER	0x6964656e2d757372ULL
/*
 * An event a little older than the first binding known for its address
 * is taken to be that host's: DHCP renews before the lease runs out, so
 * the machine usually held the address already.
 */
#define IDENTITY_EARLY_MS	(10 * 60 * 1000)

struct id_bind {
	int64_t		 from;
	char		 host[IDENTITY_HOST_LEN];	/* "" : released */
};

struct id_ip {
	char		 ip[IDENTITY_IP_LEN];
	uint8_t		 n;
	struct id_bind	 b[IDENTITY_HISTORY];	/* oldest first */
};

struct id_host {
	char		 host[IDENTITY_HOST_LEN];
	char		 ip[IDENTITY_IP_LEN];
	char		 user[IDENTITY_USER_LEN];
	char		 mac[IDENTITY_MAC_LEN];
	int64_t		 seen;
};

/* A user, and the host they last logged on at (a mail recipient's). */
struct id_user {
	char		 user[IDENTITY_USER_LEN];	/* lower case */
	char		 host[IDENTITY_HOST_LEN];
	int64_t		 seen;
};

struct identity {
	struct lru	*ips;
	struct lru	*hosts;
	struct lru	*users;
	uint64_t	 bindings;
	uint64_t	 moves;
	uint64_t	 gen;		/* see identity_gen */
	uint64_t	 changes;	/* see identity_changes */
	uint64_t	 saved;		/* changes at the last load or save */
	/* identity_prefetch: the address hash of event seq, by seq */
	struct {
		uint64_t seq, hash;
	}		 ahead[16];
};

struct identity *
identity_new(size_t max)
{
	struct identity	*id;

	if ((id = calloc(1, sizeof(*id))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	if (max == 0)
		max = IDENTITY_MAX;
	if ((id->ips = lru_new(sizeof(struct id_ip), max, NULL, NULL)) ==
	    NULL || (id->hosts = lru_new(sizeof(struct id_host), max, NULL,
	    NULL)) == NULL || (id->users = lru_new(sizeof(struct id_user),
	    max, NULL, NULL)) == NULL) {
		identity_free(id);
		return NULL;
	}
	return id;
}

void
identity_free(struct identity *id)
{
	if (id == NULL)
		return;
	lru_free(id->ips);
	lru_free(id->hosts);
	lru_free(id->users);
	free(id);
}

/* Copy s into buf as a C string; 0, or -1 if empty, "-" or too long. */
static int
id_copy(struct slice s, char *buf, size_t size)
{
	if (s.len == 0 || s.len >= size || (s.len == 1 && s.p[0] == '-'))
		return -1;
	memcpy(buf, s.p, s.len);
	buf[s.len] = '\0';
	return 0;
}

static int
id_is_ipv4ish(const char *s)
{
	for (; *s != '\0'; s++)
		if (!isdigit((unsigned char)*s) && *s != '.')
			return 0;
	return 1;
}

/* "WS0007.corp.local" -> "ws0007"; -1 if there is no name. */
static int
id_short_host(struct slice s, char *buf)
{
	size_t	 i, n = 0;

	if (s.len == 0 || (s.len == 1 && s.p[0] == '-'))
		return -1;
	/* \\WS0007 (NTLM workstation names sometimes carry the slashes) */
	while (s.len > 0 && s.p[0] == '\\') {
		s.p++;
		s.len--;
	}
	for (i = 0; i < s.len && s.p[i] != '.' && n < IDENTITY_HOST_LEN - 1;
	    i++)
		buf[n++] = (char)tolower((unsigned char)s.p[i]);
	buf[n] = '\0';
	if (n == 0 || (isdigit((unsigned char)buf[0]) && i < s.len &&
	    id_is_ipv4ish(buf)))
		return -1;
	return 0;
}

/* The address as a key: lower case, no IPv4-mapped prefix. */
static int
id_norm_ip(struct slice s, char *buf)
{
	size_t	 i;

	if (s.len > 7 && s.p[0] == ':' && strncasecmp(s.p, "::ffff:", 7) == 0 &&
	    memchr(s.p + 7, '.', s.len - 7) != NULL) {
		s.p += 7;
		s.len -= 7;
	}
	if (id_copy(s, buf, IDENTITY_IP_LEN) == -1)
		return -1;
	for (i = 0; i < s.len; i++)
		if (buf[i] >= 'A' && buf[i] <= 'Z')
			buf[i] = (char)(buf[i] | 0x20);
	if ((s.len == 9 && memcmp(buf, "127.0.0.1", 9) == 0) ||
	    (s.len == 3 && memcmp(buf, "::1", 3) == 0))
		return -1;
	return 0;
}

static struct id_ip *
id_ip_get(struct identity *id, const char *ip, int create)
{
	struct id_ip	*e;
	uint64_t	 k = hash64(ip, strlen(ip), IDENTITY_SEED_IP);
	int		 created = 0;

	e = create ? lru_put(id->ips, k, &created) : lru_get(id->ips, k);
	if (e == NULL)
		return NULL;
	if (!created && strcmp(e->ip, ip) == 0)
		return e;
	/* Another address with the same hash: this one replaces it. */
	if (!created && !create)
		return NULL;
	/* New, replacing, or made room for by evicting another. */
	id->gen++;
	memset(e, 0, sizeof(*e));
	snprintf(e->ip, sizeof(e->ip), "%s", ip);
	return e;
}

static struct id_host *
id_host_get(struct identity *id, const char *host, int create)
{
	struct id_host	*h;
	uint64_t	 k = hash64(host, strlen(host), IDENTITY_SEED_HOST);
	int		 created = 0;

	h = create ? lru_put(id->hosts, k, &created) : lru_get(id->hosts, k);
	if (h == NULL)
		return NULL;
	if (!created && strcmp(h->host, host) == 0)
		return h;
	if (!created && !create)
		return NULL;
	memset(h, 0, sizeof(*h));
	snprintf(h->host, sizeof(h->host), "%s", host);
	return h;
}

/* Index of the binding in force at t, or -1. */
static int
id_bind_at(const struct id_ip *e, int64_t t)
{
	int	 i;

	for (i = (int)e->n - 1; i >= 0; i--)
		if (e->b[i].from <= t)
			return i;
	if (e->n > 0 && e->b[0].from - t <= IDENTITY_EARLY_MS)
		return 0;
	return -1;
}

/* Bind ip to host (empty: released) from time t, in time order. */
static void
id_bind(struct identity *id, const char *ip, const char *host, int64_t t)
{
	struct id_ip	*e;
	int		 i, at;

	if ((e = id_ip_get(id, ip, 1)) == NULL)
		return;
	at = id_bind_at(e, t);
	if (at >= 0 && e->b[at].from <= t && strcmp(e->b[at].host, host) == 0)
		return;
	if (at >= 0 && e->b[at].host[0] != '\0' && host[0] != '\0')
		id->moves++;
	id->bindings++;
	id->gen++;
	id->changes++;
	if (e->n == IDENTITY_HISTORY) {
		memmove(&e->b[0], &e->b[1], sizeof(e->b[0]) * (e->n - 1));
		e->n--;
	}
	/* Insert after every binding that starts no later than t. */
	for (i = e->n; i > 0 && e->b[i - 1].from > t; i--)
		e->b[i] = e->b[i - 1];
	e->b[i].from = t;
	snprintf(e->b[i].host, sizeof(e->b[i].host), "%s", host);
	e->n++;
}

/* "Alice" and "alice" are one account, as Windows compares them. */
static void
id_user_lower(const char *user, char *buf)
{
	size_t	 i;

	for (i = 0; user[i] != '\0' && i < IDENTITY_USER_LEN - 1; i++)
		buf[i] = (char)tolower((unsigned char)user[i]);
	buf[i] = '\0';
}

/* user logged on at host at t: the latest such fact wins. */
static void
id_user_note(struct identity *id, const char *user, const char *host,
    int64_t t)
{
	struct id_user	*u;
	char		 lu[IDENTITY_USER_LEN];
	uint64_t	 k;
	int		 created = 0;

	id_user_lower(user, lu);
	k = hash64(lu, strlen(lu), IDENTITY_SEED_USER);
	if ((u = lru_put(id->users, k, &created)) == NULL)
		return;
	if (!created && strcmp(u->user, lu) != 0)
		created = 1;
	if (!created && t < u->seen)
		return;
	memcpy(u->user, lu, sizeof(u->user));
	snprintf(u->host, sizeof(u->host), "%s", host);
	u->seen = t;
}

/* The host user last logged on at, or NULL. */
static const char *
id_user_host(struct identity *id, const char *user)
{
	struct id_user	*u;
	char		 lu[IDENTITY_USER_LEN];

	id_user_lower(user, lu);
	u = lru_get(id->users, hash64(lu, strlen(lu), IDENTITY_SEED_USER));
	return u != NULL && strcmp(u->user, lu) == 0 ? u->host : NULL;
}

static void
id_host_note(struct identity *id, const char *host, const char *ip,
    const char *user, const char *mac, int64_t t)
{
	struct id_host	*h;

	if ((h = id_host_get(id, host, 1)) == NULL)
		return;
	/* Out-of-order sources: an older fact does not overwrite a newer. */
	if (t < h->seen)
		return;
	h->seen = t;
	id->changes++;
	if (ip != NULL && *ip != '\0')
		snprintf(h->ip, sizeof(h->ip), "%s", ip);
	if (user != NULL && *user != '\0') {
		snprintf(h->user, sizeof(h->user), "%s", user);
		id_user_note(id, user, host, t);
	}
	if (mac != NULL && *mac != '\0')
		snprintf(h->mac, sizeof(h->mac), "%s", mac);
}

static int
id_is_service_user(const char *u)
{
	size_t	 n = strlen(u);

	/* Machine accounts (WS0007$) and the built-in service identities. */
	return n == 0 || u[n - 1] == '$' || strcasecmp(u, "SYSTEM") == 0 ||
	    strcasecmp(u, "LOCAL SERVICE") == 0 ||
	    strcasecmp(u, "NETWORK SERVICE") == 0 ||
	    strcasecmp(u, "ANONYMOUS LOGON") == 0;
}

static void
id_learn_dhcp(struct identity *id, const struct logevent *ev)
{
	char	 ip[IDENTITY_IP_LEN], host[IDENTITY_HOST_LEN];
	char	 mac[IDENTITY_MAC_LEN];

	if (id_norm_ip(ev->src_ip, ip) == -1)
		return;
	if (slice_eq(ev->action, "release")) {
		id_bind(id, ip, "", ev->time_ms);
		return;
	}
	if (id_short_host(ev->src_host, host) == -1)
		return;
	if (id_copy(ev->src_mac, mac, sizeof(mac)) == -1)
		mac[0] = '\0';
	id_bind(id, ip, host, ev->time_ms);
	id_host_note(id, host, ip, NULL, mac, ev->time_ms);
}

static int
id_success(const struct logevent *ev)
{
	return ev->win_status.len == 0 || slice_eq(ev->win_status, "0x0") ||
	    slice_eq(ev->win_status, "0");
}

/* 4624, 4768, 4776 on a domain controller: who logs on from where. */
static void
id_learn_logon(struct identity *id, const struct logevent *ev)
{
	char		 ip[IDENTITY_IP_LEN], host[IDENTITY_HOST_LEN];
	char		 user[IDENTITY_USER_LEN];
	const char	*h = NULL;

	if (!id_success(ev))
		return;
	if (id_norm_ip(ev->src_ip, ip) == -1)
		ip[0] = '\0';
	if (id_short_host(ev->src_host, host) == 0) {
		h = host;
		if (ip[0] != '\0')
			id_bind(id, ip, host, ev->time_ms);
	} else if (ip[0] != '\0')
		h = identity_host_at(id, ip, ev->time_ms);
	if (h == NULL || id_copy(ev->user, user, sizeof(user)) == -1 ||
	    id_is_service_user(user))
		return;
	if (h != host)
		snprintf(host, sizeof(host), "%s", h);
	id_host_note(id, host, ip, user, NULL, ev->time_ms);
}

/* Sysmon: the computer, its user, and its own address (event 3). */
static void
id_learn_sysmon(struct identity *id, const struct logevent *ev)
{
	char	 ip[IDENTITY_IP_LEN], host[IDENTITY_HOST_LEN];
	char	 user[IDENTITY_USER_LEN];

	if (id_short_host(ev->host_name, host) == -1)
		return;
	if (id_copy(ev->user, user, sizeof(user)) == -1 ||
	    id_is_service_user(user))
		user[0] = '\0';
	ip[0] = '\0';
	if (ev->win_event_id == 3 && id_norm_ip(ev->src_ip, ip) == 0)
		id_bind(id, ip, host, ev->time_ms);
	id_host_note(id, host, ip, user, NULL, ev->time_ms);
}

static int
id_is_sysmon(const struct logevent *ev)
{
	const char	*p = ev->win_channel.p;
	size_t		 n = ev->win_channel.len;

	return n >= 6 && p != NULL && memmem(p, n, "Sysmon", 6) != NULL;
}

void
identity_learn(struct identity *id, const struct logevent *ev)
{
	if (id == NULL || ev == NULL || ev->time_ms <= 0)
		return;
	if (ev->source == SRC_DHCP)
		id_learn_dhcp(id, ev);
	else if (ev->win_event_id == 4624 || ev->win_event_id == 4768 ||
	    ev->win_event_id == 4776)
		id_learn_logon(id, ev);
	else if (id_is_sysmon(ev))
		id_learn_sysmon(id, ev);
}

const char *
identity_host_at(struct identity *id, const char *ip, int64_t t)
{
	struct id_ip	*e;
	int		 i;

	/*
	 * Asked for every event's endpoint; where no lease or logon was
	 * ever seen (a proxy log alone), no address has a host, and the
	 * hash and the look-up are for nothing.
	 */
	if (lru_count(id->ips) == 0 || (e = id_ip_get(id, ip, 0)) == NULL ||
	    (i = id_bind_at(e, t)) < 0)
		return NULL;
	return e->b[i].host[0] != '\0' ? e->b[i].host : NULL;
}

/* Fill out what the host table knows; then the key. */
static int
id_complete(struct identity *id, struct endpoint_id *out)
{
	struct id_host	*h;

	if (out->host[0] != '\0' &&
	    (h = id_host_get(id, out->host, 0)) != NULL) {
		if (out->ip[0] == '\0')
			memcpy(out->ip, h->ip, sizeof(out->ip));
		if (out->user[0] == '\0')
			memcpy(out->user, h->user, sizeof(out->user));
		if (out->mac[0] == '\0')
			memcpy(out->mac, h->mac, sizeof(out->mac));
	}
	if (out->host[0] != '\0')
		snprintf(out->key, sizeof(out->key), "%s", out->host);
	else if (out->ip[0] != '\0')
		snprintf(out->key, sizeof(out->key), "%s", out->ip);
	else if (out->user[0] != '\0')
		snprintf(out->key, sizeof(out->key), "user:%.*s",
		    (int)(sizeof(out->key) - 6), out->user);
	else
		return -1;
	return 0;
}

/*
 * Mail: the endpoint is the recipient's, a user, at the host they last
 * logged on at; the client address is the sending server's.
 */
static int
id_mail_source(struct identity *id, const struct logevent *ev,
    struct endpoint_id *out)
{
	const char	*h;

	if (id_copy(ev->user, out->user, sizeof(out->user)) == -1 ||
	    id_is_service_user(out->user))
		return -1;
	if ((h = id_user_host(id, out->user)) != NULL)
		snprintf(out->host, sizeof(out->host), "%s", h);
	return id_complete(id, out);
}

int
identity_source(struct identity *id, const struct logevent *ev,
    struct endpoint_id *out)
{
	const char	*h;

	memset(out, 0, sizeof(*out));
	if (ev->source == SRC_MAIL)
		return id_mail_source(id, ev, out);
	if (id_norm_ip(ev->src_ip, out->ip) == -1)
		out->ip[0] = '\0';
	if (id_short_host(ev->src_host, out->host) == -1)
		out->host[0] = '\0';
	if (out->host[0] == '\0' && out->ip[0] != '\0' &&
	    (h = identity_host_at(id, out->ip, ev->time_ms)) != NULL)
		snprintf(out->host, sizeof(out->host), "%s", h);
	/* A Windows event with no remote side is about its own computer. */
	if (out->host[0] == '\0' && out->ip[0] == '\0' &&
	    ev->win_event_id >= 0 && id_short_host(ev->host_name,
	    out->host) == -1)
		out->host[0] = '\0';
	if (id_copy(ev->user, out->user, sizeof(out->user)) == -1 ||
	    id_is_service_user(out->user))
		out->user[0] = '\0';
	if (id_copy(ev->src_mac, out->mac, sizeof(out->mac)) == -1)
		out->mac[0] = '\0';
	return id_complete(id, out);
}

int
identity_source_key(struct identity *id, const struct logevent *ev,
    char buf[IDENTITY_KEY_LEN])
{
	char		 ip[IDENTITY_IP_LEN];
	const char	*h;

	if (ev->source == SRC_MAIL) {
		if (id_copy(ev->user, buf, IDENTITY_USER_LEN) == -1 ||
		    id_is_service_user(buf))
			return -1;
		if ((h = id_user_host(id, buf)) == NULL)
			return IDENTITY_USER;
		snprintf(buf, IDENTITY_HOST_LEN, "%s", h);
		return IDENTITY_HOST;
	}
	if (id_short_host(ev->src_host, buf) == 0)
		return IDENTITY_HOST;
	if (id_norm_ip(ev->src_ip, ip) == 0) {
		if ((h = identity_host_at(id, ip, ev->time_ms)) != NULL) {
			/* Host names are shorter than IDENTITY_HOST_LEN. */
			memcpy(buf, h, strnlen(h, IDENTITY_HOST_LEN - 1) + 1);
			buf[IDENTITY_HOST_LEN - 1] = '\0';
			return IDENTITY_HOST;
		}
		memcpy(buf, ip, IDENTITY_IP_LEN);
		return IDENTITY_IP;
	}
	if (ev->win_event_id >= 0 && id_short_host(ev->host_name, buf) == 0)
		return IDENTITY_HOST;
	if (id_copy(ev->user, buf, IDENTITY_USER_LEN) == 0 &&
	    !id_is_service_user(buf))
		return IDENTITY_USER;
	return -1;
}

int
identity_target(struct identity *id, const struct logevent *ev,
    struct endpoint_id *out)
{
	const char	*h;

	memset(out, 0, sizeof(*out));
	if (ev->win_event_id >= 0) {
		if (id_short_host(ev->host_name, out->host) == -1)
			return -1;
	} else {
		if (id_norm_ip(ev->dst_ip, out->ip) == -1)
			return -1;
		if ((h = identity_host_at(id, out->ip, ev->time_ms)) != NULL)
			snprintf(out->host, sizeof(out->host), "%s", h);
	}
	return id_complete(id, out);
}

int
identity_lookup(struct identity *id, const char *key, int64_t t,
    struct endpoint_id *out)
{
	const char	*h;

	memset(out, 0, sizeof(*out));
	if (key == NULL || *key == '\0')
		return -1;
	if (strncmp(key, "user:", 5) == 0)
		snprintf(out->user, sizeof(out->user), "%s", key + 5);
	else if (strchr(key, ':') != NULL || id_is_ipv4ish(key)) {
		snprintf(out->ip, sizeof(out->ip), "%s", key);
		if ((h = identity_host_at(id, out->ip, t)) != NULL)
			snprintf(out->host, sizeof(out->host), "%s", h);
	} else
		snprintf(out->host, sizeof(out->host), "%s", key);
	return id_complete(id, out);
}

void
identity_prefetch(struct identity *id, const struct logevent *ev, int stage)
{
	char		 ip[IDENTITY_IP_LEN];
	size_t		 slot = ev->seq % 16;

	if (id == NULL)
		return;
	if (stage == 0) {
		id->ahead[slot].seq = 0;
		if (id_norm_ip(ev->src_ip, ip) == -1)
			return;
		id->ahead[slot].seq = ev->seq;
		id->ahead[slot].hash = hash64(ip, strlen(ip),
		    IDENTITY_SEED_IP);
		lru_prefetch(id->ips, id->ahead[slot].hash);
	} else if (ev->seq != 0 && id->ahead[slot].seq == ev->seq)
		lru_prefetch_entry(id->ips, id->ahead[slot].hash);
}

/* Text fields as hex, "-" when empty: names may hold any byte. */
static int
id_put(FILE *fp, const char *s)
{
	if (*s == '\0')
		return fputs(" -", fp) == EOF ? -1 : 0;
	if (fputc(' ', fp) == EOF)
		return -1;
	return hex_write(fp, s, strlen(s));
}

/* The next field of *p into buf (size bytes); -1 if missing or bad. */
static int
id_get(char **p, char *buf, size_t size)
{
	char		*f = strsep(p, " ");
	size_t		 n;

	if (f == NULL || *f == '\0')
		return -1;
	if (strcmp(f, "-") == 0) {
		buf[0] = '\0';
		return 0;
	}
	n = strlen(f);
	if (n % 2 != 0 || n / 2 >= size)
		return -1;
	if (hex_read(f, n / 2, buf) == -1)
		return -1;
	buf[n / 2] = '\0';
	/* A NUL would cut the name short. */
	return strlen(buf) == n / 2 ? 0 : -1;
}

static int
id_get_time(char **p, int64_t *t)
{
	char	*f = strsep(p, " "), *end;

	if (f == NULL || *f == '\0')
		return -1;
	*t = strtoll(f, &end, 10);
	return *end == '\0' ? 0 : -1;
}

int
identity_write(const struct identity *id, FILE *fp)
{
	const struct id_ip	*e;
	const struct id_host	*h;
	int			 i, rc = 0;

	if (fprintf(fp, "%s\n", IDENTITY_STATE_MAGIC) < 0)
		return -1;
	for (e = lru_oldest(id->ips); e != NULL && rc == 0;
	    e = lru_newer(id->ips, e)) {
		rc |= fputs("ip", fp) == EOF ? -1 : 0;
		rc |= id_put(fp, e->ip);
		for (i = 0; i < e->n; i++) {
			rc |= fprintf(fp, " %lld", (long long)e->b[i].from) < 0 ?
			    -1 : 0;
			rc |= id_put(fp, e->b[i].host);
		}
		rc |= fputc('\n', fp) == EOF ? -1 : 0;
	}
	for (h = lru_oldest(id->hosts); h != NULL && rc == 0;
	    h = lru_newer(id->hosts, h)) {
		rc |= fprintf(fp, "host %lld", (long long)h->seen) < 0 ? -1 : 0;
		rc |= id_put(fp, h->host);
		rc |= id_put(fp, h->ip);
		rc |= id_put(fp, h->user);
		rc |= id_put(fp, h->mac);
		rc |= fputc('\n', fp) == EOF ? -1 : 0;
	}
	return rc;
}

/* "ip IP FROM HOST [FROM HOST ...]" */
static int
id_read_ip(struct identity *id, char *p)
{
	char		 ip[IDENTITY_IP_LEN];
	struct id_bind	 b[IDENTITY_HISTORY];
	struct id_ip	*e;
	int		 n = 0;

	if (id_get(&p, ip, sizeof(ip)) == -1 || ip[0] == '\0')
		return -1;
	while (p != NULL && *p != '\0') {
		if (n == IDENTITY_HISTORY || id_get_time(&p, &b[n].from) == -1 ||
		    id_get(&p, b[n].host, sizeof(b[n].host)) == -1 ||
		    (n > 0 && b[n].from < b[n - 1].from))
			return -1;
		n++;
	}
	if ((e = id_ip_get(id, ip, 1)) == NULL)
		return -1;
	memcpy(e->b, b, sizeof(b[0]) * (size_t)n);
	e->n = (uint8_t)n;
	return 0;
}

/* "host SEEN HOST IP USER MAC" */
static int
id_read_host(struct identity *id, char *p)
{
	struct id_host	 v, *h;

	memset(&v, 0, sizeof(v));
	if (id_get_time(&p, &v.seen) == -1 ||
	    id_get(&p, v.host, sizeof(v.host)) == -1 || v.host[0] == '\0' ||
	    id_get(&p, v.ip, sizeof(v.ip)) == -1 ||
	    id_get(&p, v.user, sizeof(v.user)) == -1 ||
	    id_get(&p, v.mac, sizeof(v.mac)) == -1 || p != NULL)
		return -1;
	if ((h = id_host_get(id, v.host, 1)) == NULL)
		return -1;
	*h = v;
	if (v.user[0] != '\0')
		id_user_note(id, v.user, v.host, v.seen);
	return 0;
}

int
identity_read(struct identity *id, FILE *fp, size_t *bad)
{
	char	*line = NULL;
	size_t	 cap = 0;
	ssize_t	 len;
	int	 n = 0, first = 1, rc;

	*bad = 0;
	while ((len = getline(&line, &cap, fp)) != -1) {
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (first) {
			first = 0;
			if (strcmp(line, IDENTITY_STATE_MAGIC) != 0) {
				free(line);
				return -1;
			}
			continue;
		}
		if (strncmp(line, "ip ", 3) == 0)
			rc = id_read_ip(id, line + 3);
		else if (strncmp(line, "host ", 5) == 0)
			rc = id_read_host(id, line + 5);
		else
			rc = -1;
		if (rc == -1)
			(*bad)++;
		else
			n++;
	}
	free(line);
	return first ? -1 : n;
}

uint64_t
identity_changes(const struct identity *id)
{
	return id != NULL ? id->changes : 0;
}

uint64_t
identity_gen(const struct identity *id)
{
	return id != NULL ? id->gen : 0;
}

void
identity_stats(const struct identity *id, struct identity_stats *st)
{
	memset(st, 0, sizeof(*st));
	if (id == NULL)
		return;
	st->ips = lru_count(id->ips);
	st->hosts = lru_count(id->hosts);
	st->bindings = id->bindings;
	st->moves = id->moves;
	st->evictions = lru_evictions(id->ips) + lru_evictions(id->hosts) +
	    lru_evictions(id->users);
	st->memory = sizeof(*id) + lru_memory(id->ips) +
	    lru_memory(id->hosts) + lru_memory(id->users);
}

int
identity_load(struct identity *id, const char *path)
{
	FILE	*fp;
	size_t	 bad;
	int	 n;

	if ((fp = safefs_fopen_read(path)) == NULL) {
		if (errno == ENOENT)
			return 0;
		log_warn("%s", path);
		return -1;
	}
	if ((n = identity_read(id, fp, &bad)) == -1)
		log_warnx("%s: not an identity file, ignored", path);
	else {
		if (bad > 0)
			log_warnx("%s: %zu malformed lines ignored", path, bad);
		log_debug("%s: %d endpoint entries loaded", path, n);
	}
	fclose(fp);
	id->saved = id->changes;
	return n == -1 ? -1 : 0;
}

static int
identity_write_cb(FILE *fp, void *arg)
{
	return identity_write(arg, fp);
}

int
identity_save(struct identity *id, const char *path)
{
	if (id->changes == id->saved)
		return 0;
	if (atomicfile_write(path, identity_write_cb, id) == -1)
		return -1;
	id->saved = id->changes;
	return 0;
}
