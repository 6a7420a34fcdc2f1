/*
 * Normalisation of indicator values, internal to the indicator lists.
 * Loading and matching go through the same functions, so that a value in
 * a feed and the same value in a log line meet in the same form.  Nothing
 * here allocates: output goes to caller buffers or is a sub-slice.
 */
#ifndef DETECTD_LISTNORM_H
#define DETECTD_LISTNORM_H

#include <stddef.h>
#include <stdint.h>

#include "event/logevent.h"

#define LISTNORM_DOMAIN_MAX	253
#define LISTNORM_IP_MAX		45		/* longest textual IPv6 */
#define LISTNORM_URL_MAX	8192
#define LISTNORM_URL_BUF	(LISTNORM_URL_MAX + 16)
#define LISTNORM_HASH_BUF	65

struct listnorm_ip {
	int		 family;	/* 4 or 6 */
	int		 plen;		/* prefix length */
	uint8_t		 addr[16];	/* network byte order, host bits clear */
};

struct slice	 listnorm_trim(struct slice);
/* out holds LISTNORM_DOMAIN_MAX + 1 bytes; "*." and "." prefixes go. */
int		 listnorm_domain(struct slice, char *out, size_t *outlen,
		    const char **why);
/*
 * An address, or with cidr set also "address/len".  IPv4-mapped IPv6
 * becomes IPv4; brackets and a %zone are dropped.
 */
int		 listnorm_ip(struct slice, int cidr, struct listnorm_ip *,
		    const char **why);
/* The canonical text of an address or prefix (bare address if full). */
void		 listnorm_ip_str(const struct listnorm_ip *, char *out,
		    size_t outsz);
/* out holds LISTNORM_URL_BUF bytes. */
int		 listnorm_url(struct slice, char *out, size_t *outlen,
		    const char **why);
/*
 * The key of a URL: its host (as split for listnorm_url, brackets
 * kept) up to the first ':', compared without regard to case.  Two
 * URLs listnorm_url makes the same have the same key, since it is
 * read off what listnorm_url writes: after the authority's last '@',
 * up to the first ':'.  -1 where listnorm_url fails for want of a host.
 */
int		 listnorm_url_key(struct slice, struct slice *key);
/* The host part of a URL, without brackets or port. */
int		 listnorm_url_host(struct slice, struct slice *host);
/* out holds LISTNORM_HASH_BUF bytes: lowercase hex of an MD5/SHA-1/SHA-256. */
int		 listnorm_hash(struct slice, char *out, size_t *outlen,
		    const char **why);
int		 listnorm_hash_len(size_t);
/* A user name without "DOMAIN\" and "@realm", trimmed. */
struct slice	 listnorm_user(struct slice);
/* A value fit for a message: non-printables as '?', long ones cut. */
void		 listnorm_quote(struct slice, char *out, size_t outsz);

#endif
