/*
 * Endpoint identity: one key for the same machine across log sources that
 * name it differently.  Proxy, DNS, firewall and Zeek logs give an IP
 * address; AD logons (4624, 4768, 4776) a workstation name and its
 * address; Sysmon the computer name; DHCP leases the address, MAC and
 * host name.  Mail names a recipient: a user, at the host where they
 * last logged on (the AD logons and Sysmon say who is where).  The table learns IP -> host bindings with the event time
 * they start at, so that a lease moving an address to another machine
 * is followed: an event is keyed by the binding in force at its own
 * time, not at the time it is read.
 *
 * The tables (addresses, hosts, users) are bounded and evict the least
 * recently used entries, counted.  The users are not saved: they are
 * made again from the hosts' last users when the state is loaded.
 */
#ifndef DETECTD_IDENTITY_H
#define DETECTD_IDENTITY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "event/logevent.h"

#define IDENTITY_MAX		200000	/* default entries per table */
#define IDENTITY_HISTORY	4	/* bindings kept per address */
#define IDENTITY_IP_LEN		46
#define IDENTITY_HOST_LEN	32
#define IDENTITY_USER_LEN	48
#define IDENTITY_MAC_LEN	18
#define IDENTITY_KEY_LEN	(IDENTITY_IP_LEN + 8)

/* An endpoint as far as it is known; empty strings are unknown. */
struct endpoint_id {
	char	 key[IDENTITY_KEY_LEN];	/* host, else ip, else "user:NAME" */
	char	 ip[IDENTITY_IP_LEN];
	char	 host[IDENTITY_HOST_LEN];	/* short name, lower case */
	char	 user[IDENTITY_USER_LEN];
	char	 mac[IDENTITY_MAC_LEN];
};

struct identity_stats {
	size_t		 ips;		/* addresses tracked */
	size_t		 hosts;		/* hosts tracked */
	uint64_t	 bindings;	/* address -> host bindings learned */
	uint64_t	 moves;		/* an address bound to another host */
	uint64_t	 evictions;	/* entries dropped for room, both tables */
	size_t		 memory;	/* bytes */
};

struct identity;

/* max: entries per table, 0 for IDENTITY_MAX. */
struct identity	*identity_new(size_t max);
void		 identity_free(struct identity *);
/* Learn what the event says about who is where (DHCP, AD, Sysmon). */
void		 identity_learn(struct identity *, const struct logevent *);
/*
 * The endpoint on the source side of the event, completed from what was
 * learned before the event's time.  0, or -1 when the event names none.
 */
int		 identity_source(struct identity *, const struct logevent *,
		    struct endpoint_id *);
/*
 * Only the key identity_source would give, for analyzers that key every
 * event: no completion from the host table.  The host part comes as the
 * short name, the user part without its "user:" prefix.  Returns
 * IDENTITY_HOST, IDENTITY_IP or IDENTITY_USER for what buf holds, or -1.
 */
#define IDENTITY_HOST	0
#define IDENTITY_IP	1
#define IDENTITY_USER	2
int		 identity_source_key(struct identity *,
		    const struct logevent *, char buf[IDENTITY_KEY_LEN]);
/*
 * What identity_source_key gave for an event, kept for a thread that
 * may not read the table: kind is its return value, key its buf.
 */
struct endpoint_key {
	int	 kind;
	char	 key[IDENTITY_KEY_LEN];
};
/*
 * The endpoint on the target side of a remote access: the Windows
 * computer that logged it, else the destination address.  0 or -1.
 */
int		 identity_target(struct identity *, const struct logevent *,
		    struct endpoint_id *);
/*
 * The endpoint of a key identity_source or identity_target gave, as
 * known at time t.  0, or -1 for an empty key.
 */
int		 identity_lookup(struct identity *, const char *key,
		    int64_t t, struct endpoint_id *);
/*
 * The host the address was bound to at time t, or NULL.  The name is
 * valid until the next identity_learn.
 */
const char	*identity_host_at(struct identity *, const char *ip,
		    int64_t t);
/*
 * Start loading what identity_source_key will read for ev: stage 0 the
 * address's hash bucket, stage 1 (some events later, ev->seq set) its
 * entry.  Only a hint to the memory system: what the table answers does
 * not change.
 */
void		 identity_prefetch(struct identity *,
		    const struct logevent *, int stage);
/*
 * A number that changes whenever what identity_source_key gives for some
 * event may have changed (a binding learned, an address evicted), so that
 * a key worked out ahead of time can be trusted while it stays the same.
 */
uint64_t	 identity_gen(const struct identity *);
/*
 * The table as text, oldest entries first, and back: the daemon keeps
 * it in the state directory across restarts, since a DHCP lease learned
 * yesterday still says who holds an address today.  identity_read adds
 * to what the table holds and returns the entries read, counting the
 * lines it could not use in *bad; -1 if fp is not such a file.
 */
#define IDENTITY_STATE_FILE	"identity"
#define IDENTITY_STATE_MAGIC	"detectd-identity 1"
int		 identity_write(const struct identity *, FILE *);
int		 identity_read(struct identity *, FILE *, size_t *bad);
/* Grows whenever the table learns something (for saving only then). */
uint64_t	 identity_changes(const struct identity *);
/*
 * The state file at path: identity_load adds what it holds (a missing
 * file is no error; a bad one is logged and ignored, -1);
 * identity_save replaces it atomically, only when the table learned
 * something since the last load or save.
 */
int		 identity_load(struct identity *, const char *path);
int		 identity_save(struct identity *, const char *path);
void		 identity_stats(const struct identity *,
		    struct identity_stats *);

#endif
