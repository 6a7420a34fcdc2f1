/*
 * Values and keys for the statistical analyzer: the value of a field
 * (event field or derived one) in an event, the key of the group an
 * event belongs to, and the way back from a stored key to the fields of
 * an event, for findings made when no event is at hand.
 *
 * A key is the group-by values, each as one byte naming the event field
 * it was taken from (its index in the field table, plus one), the value's
 * bytes and a NUL.
 */
#ifndef DETECTD_STATSKEY_H
#define DETECTD_STATSKEY_H

#include <stddef.h>
#include <stdint.h>

#include "analyzers/identity.h"
#include "event/logevent.h"

struct stats_field;
struct stats_params;

#define STATSKEY_MAX	1024

/*
 * A value of the event at hand worked out once for every rule that
 * groups or counts by its field: the value (empty: the event has none),
 * the field it stands for in keys (tag), and its hash with the tag.  A
 * cache (statskey_ep's vals) holds statskey_nvals() of them, one a
 * field; an entry is good for the pass (one an event) it was worked
 * out in.
 */
struct statskey_val {
	uint64_t	 pass;
	uint64_t	 h;
	struct slice	 v;
	unsigned char	 tag;
	char		 num[24];
};

/*
 * The endpoint of the event at hand, worked out once for all rules.
 * With the pipeline's identity table, the same machine named by its
 * address in one log and by its name in another is one key: its short
 * host name when known, else its address, else the user.
 */
struct statskey_ep {
	struct identity	*id;		/* NULL: the event's own fields */
	/* The values of the event at hand, for pass; NULL: none kept. */
	struct statskey_val *vals;
	uint64_t	 pass;
	int		 done;		/* worked out for this event */
	int		 alt;		/* the field it stands for */
	struct slice	 v;
	char		 buf[IDENTITY_KEY_LEN];
};

/*
 * ep for ev as statskey_value would work it out with a table, from
 * what the table gave ahead (k), on a thread that may not read it;
 * k NULL: as without a table.
 */
void		 statskey_ep_given(struct statskey_ep *,
		    const struct logevent *, const struct endpoint_key *k);
/*
 * The value of f in ev, as text: a slice of the event, of ep or of buf.
 * Empty when the event does not have it.  *fd is the event field it came
 * from.  ep (may be NULL) is reset (done = 0) for each new event.
 */
struct slice	 statskey_value(const struct stats_field *,
		    const struct logevent *, struct statskey_ep *ep,
		    char *buf, size_t, const struct field_def **fd);
size_t		 statskey_nvals(void);
/*
 * Build the key of ev's group (key NULL: only its hash and length); -1
 * if a group-by field is missing.  The values come from ep's when it
 * keeps them.
 */
int		 statskey_build(const struct stats_params *,
		    const struct logevent *, struct statskey_ep *ep,
		    char *key, size_t *len, uint64_t *hash);
/* The key of f's value alone, as statskey_build's of one field. */
int		 statskey_one(const struct stats_field *,
		    const struct logevent *, struct statskey_ep *ep,
		    char *key, size_t *len, uint64_t *hash);
/*
 * The table hash of a key that statskey_build built: the hashes of its
 * parts (each its value, lower-cased, with its field) combined in
 * order, so that an event's group hash is made of the hashes of its
 * values, each worked out once for all the rules that group by it.
 * A key a kind makes for its own entries, whose first byte is 0xff (no
 * field's tag), is hashed whole.
 */
uint64_t	 statskey_hash(const char *key, size_t len);
/*
 * A key's bytes hashed as one, as statskey_hash did before it hashed
 * the parts: a kind's own entries, and the endpoint digests rare rules
 * keep in their saved state.
 */
uint64_t	 statskey_hash_bytes(const char *key, size_t len);
/* Fill ev's fields from a key (slices point into key). */
void		 statskey_fill(const char *key, size_t len, struct logevent *);
/* "source.ip=10.0.0.1 destination.port=443" */
void		 statskey_describe(const struct stats_params *,
		    const char *key, size_t len, char *, size_t);
/* The i-th value of a key, or NULL. */
const char	*statskey_part(const char *key, size_t len, size_t i);

/* example.co.uk from www.example.co.uk (no public suffix list: see man). */
struct slice	 statskey_regdom(struct slice);
/* Shannon entropy, bits a character, of the name left of its suffix. */
float		 statskey_entropy(struct slice);

#endif
