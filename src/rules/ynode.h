/*
 * A YAML stream as small trees, for the Sigma loader: libyaml's events
 * folded into maps, sequences and scalars that remember their line and
 * column, one tree per document.  The trees own their text; nothing
 * points back into the buffer that was parsed.
 *
 * What a rule file may not hold is refused with its position, so that
 * the caller can skip the file with file:line:col: aliases (*name: a
 * few bytes can expand to gigabytes), nesting deeper than YNODE_MAX_DEPTH,
 * more than YNODE_MAX_NODES nodes, keys that are not scalars, and the
 * same key twice in one map.  libyaml itself refuses what is not YAML,
 * tabs in indentation and bytes that are not UTF-8.
 */
#ifndef DETECTD_YNODE_H
#define DETECTD_YNODE_H

#include <stddef.h>
#include <stdint.h>

#define YNODE_MAX_DEPTH		64
#define YNODE_MAX_NODES		200000
#define YNODE_MAX_DOCS		1000

enum ynode_type {
	YN_SCALAR,
	YN_SEQ,
	YN_MAP
};

struct ynode {
	enum ynode_type	 type;
	int		 line, col;	/* 1-based */
	int		 plain;		/* scalar written without quotes */
	char		*s;		/* scalar: text, NUL-terminated */
	size_t		 len;		/* scalar: its length (NULs allowed) */
	/* seq: the items; map: key, value, key, value, ... */
	struct ynode	**kids;
	size_t		 n;		/* items, or pairs of a map */
	size_t		 cap;		/* private: room in kids */
};

/* Where parsing stopped, and why. */
struct ynode_err {
	int		 line, col;
	char		 msg[160];
};

/*
 * Parse every document of buf[0..len).  On success *docs is an array of
 * *ndocs trees (an empty document is a NULL tree) and 0 is returned; on
 * error -1, with err filled and nothing to free.
 */
int		 ynode_parse(const char *buf, size_t len, struct ynode ***docs,
		    size_t *ndocs, struct ynode_err *err);
void		 ynode_free(struct ynode *);
void		 ynode_free_docs(struct ynode **, size_t n);

/* The value of key in a map, or NULL (also when m is not a map). */
const struct ynode *ynode_get(const struct ynode *m, const char *key);
/* A scalar that YAML reads as null: ~, null, Null, NULL or nothing. */
int		 ynode_isnull(const struct ynode *);
/* A scalar's text, or NULL when n is not a scalar. */
const char	*ynode_str(const struct ynode *);
/* A map's i-th key and value. */
const struct ynode *ynode_key(const struct ynode *m, size_t i);
const struct ynode *ynode_val(const struct ynode *m, size_t i);
/*
 * A new tree: b's maps merged into a's, key by key and recursively;
 * b's scalars and sequences win (Sigma's "action: global").  NULL when
 * out of memory.
 */
struct ynode	*ynode_merge(const struct ynode *a, const struct ynode *b);
/* A 64-bit hash of the tree's text and shape. */
uint64_t	 ynode_hash(const struct ynode *, uint64_t seed);

#endif
