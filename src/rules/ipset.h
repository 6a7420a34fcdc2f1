/*
 * Sets of IPv4 and IPv6 prefixes with longest-prefix lookup.  Internal to
 * the indicator lists (list.c): one open-addressing hash table per prefix
 * length in use, keyed on the masked address.  Each prefix carries a
 * 32-bit id chosen by the caller.
 */
#ifndef DETECTD_IPSET_H
#define DETECTD_IPSET_H

#include <stdint.h>

#define IPSET_NONE	UINT32_MAX

struct ipset;

struct ipset	*ipset_new(void);
void		 ipset_free(struct ipset *);
/*
 * Add a prefix (family 4 or 6, address in network byte order, host bits
 * already cleared).  Returns id, or the id already stored for the same
 * prefix, or IPSET_NONE when out of memory.
 */
uint32_t	 ipset_add(struct ipset *, int family, const uint8_t *addr,
		    int plen, uint32_t id);
/* The id stored for exactly this prefix, or IPSET_NONE. */
uint32_t	 ipset_get(const struct ipset *, int family, const uint8_t *addr,
		    int plen);
/* The id of the longest prefix containing the address, or IPSET_NONE. */
uint32_t	 ipset_find(const struct ipset *, int family, const uint8_t *addr);
/* Whether the set holds no prefix (every ipset_find is IPSET_NONE). */
int		 ipset_empty(const struct ipset *);

#endif
