/*
 * Rare destinations across the organisation (statistic rare): for each
 * value of a field (a destination), the distinct groups (endpoints) that
 * ever produced it, exactly up to STATSRARE_SLOTS and then only "more".
 * Each value costs a fixed struct rare in the statistical analyzer's
 * bounded table; endpoints are kept as 32-bit hashes of their keys.
 * The kind itself (statsrare_kind) is declared in statskind.h.
 */
#ifndef DETECTD_STATSRARE_H
#define DETECTD_STATSRARE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "analyzers/statskey.h"

struct stats_params;

/* Endpoints counted exactly; max-endpoints is at most one less. */
#define STATSRARE_SLOTS	8

struct rare {
	int64_t		 first_ms;	/* first contact seen */
	uint32_t	 who[STATSRARE_SLOTS];
	uint8_t		 n;		/* STATSRARE_SLOTS + 1: more than that */
};

/*
 * The key of ev's value of p->what (the table key, in statskey format)
 * and the hash of its group (the endpoint); -1 if ev lacks either.
 * group (may be NULL): the digest of ev's group when the caller has it
 * already (statskey_hash_bytes of statskey_build's key, of the same
 * group-by fields).
 */
int		 statsrare_keys(const struct stats_params *,
		    const struct logevent *, struct statskey_ep *,
		    const uint64_t *group, char *key, size_t *len,
		    uint64_t *hash, uint32_t *who);
/* The table hash of a key that statsrare_keys built. */
uint64_t	 statsrare_hash(const char *key, size_t len);
/* Count endpoint who at time t: 1 if it is new, 0 if known or too many. */
int		 statsrare_add(struct rare *, uint32_t who, int64_t t);
/*
 * "203.0.113.9 first seen in the organisation (1 endpoint after 8.0
 * days of observation)"; observed is the event time seen so far.
 */
void		 statsrare_reason(const struct rare *, const char *value,
		    int64_t observed_ms, char *, size_t);
/* One line of text, without newline: "first n who ...". */
int		 statsrare_write(FILE *, const struct rare *);
/* Parse what statsrare_write wrote; -1 if malformed. */
int		 statsrare_read(struct rare *, const char *);

#endif
