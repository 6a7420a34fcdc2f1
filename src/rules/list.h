/*
 * Indicator lists: threat-intel and allowance lists loaded from files.
 * Lookups are hash-table lookups; a domain list matches a domain and all
 * of its subdomains (label by label from the right).
 */
#ifndef DETECTD_LIST_H
#define DETECTD_LIST_H

#include <stddef.h>
#include <stdint.h>

#include "event/logevent.h"
#include "conf/conf.h"

enum list_type {
	LT_DOMAIN = 0,
	LT_IP,		/* IPv4/IPv6 addresses and CIDRs */
	LT_URL,
	LT_HASH,
	LT_USER_AGENT,
	LT_USER,
	LT_STRING,	/* exact, case-insensitive */
	LT_MAX
};

enum list_format {
	LF_PLAIN = 0,	/* one per line, '#' comments, optional "value<TAB>description" */
	LF_ZEEK_INTEL,
	LF_MISP_CSV,
	LF_URLHAUS_CSV,
	LF_FEODO_CSV,
	LF_RANK_CSV,	/* top sites: "rank,domain" (Tranco, Umbrella) */
	LF_MAX
};

struct indicator {
	const char	*value;		/* normalized, NUL-terminated */
	const char	*description;	/* may be NULL */
	const char	*source;	/* feed name; defaults to the list's file */
};

struct list;

/* Flags of list_load. */
#define LIST_EMPTY_OK	0x01	/* no indicator at all is no error */
#define LIST_STRICT	0x02	/* a bad row is an error, not skipped */
#define LIST_MAXBAD	5	/* bad rows told one by one, per file */

/*
 * Load a list.  A bad row is skipped and told through warns as
 * "file:line:col: message": the first LIST_MAXBAD one by one, then
 * "file:line:col: N more bad rows" at the first not told, then
 * "file: list NAME: N bad rows skipped, M indicators loaded".  A feed
 * update with a few broken rows must not stop the daemon, nor a feed
 * of 100,000 broken rows flood its log.  warns may be NULL: bad rows
 * are then only counted (list_bad).
 *
 * What makes the list unusable goes to errs, and gives NULL: a missing
 * or unreadable file, one not of the format (a missing header column),
 * and one with neither an indicator nor rows of other types (empty, or
 * every row bad), unless flags has LIST_EMPTY_OK.  Rows only of other
 * types are no error: a Zeek Intel file serves several lists, and may
 * have nothing of this type today.
 *
 * With LIST_STRICT, bad rows go to errs and the list is not loaded: for
 * hand-kept files, where a typo must not silently drop an entry.
 */
struct list	*list_load(const char *name, const char *path,
		    enum list_format, enum list_type, int flags,
		    struct cerrors *errs, struct cerrors *warns);
/* Build an empty list and add entries by hand (tests, inline lists). */
struct list	*list_new(const char *name, enum list_type);
int		 list_add(struct list *, const char *value, size_t len,
		    const char *description, const char *source);
void		 list_free(struct list *);
/*
 * Load from memory: label names the source in messages and is the
 * default indicator source (its base name).  list_load reads the file and
 * calls this.
 */
struct list	*list_load_mem(const char *name, const char *label,
		    const char *buf, size_t len, enum list_format,
		    enum list_type, int flags, struct cerrors *errs,
		    struct cerrors *warns);
/* Why the last list_add failed, for messages. */
const char	*list_error(const struct list *);
/* Rows dropped because an equal value was already in the list. */
size_t		 list_duplicates(const struct list *);
/* Rows skipped as bad when the list loaded. */
size_t		 list_bad(const struct list *);

const char	*list_name(const struct list *);
/*
 * What names the list's questions in a line's memo (evmemo.h): the same
 * for every copy of the list loaded under its name, so that threads
 * with copies of one rule set share their answers.
 */
const void	*list_memo_key(const struct list *);
enum list_type	 list_type(const struct list *);
size_t		 list_size(const struct list *);
/* The i-th indicator, in the order loaded, or NULL past the end. */
const struct indicator *list_entry(const struct list *, size_t i);

/* The matching indicator, or NULL.  s need not be NUL-terminated. */
const struct indicator *list_match(const struct list *, struct slice s);

const char	*list_type_name(enum list_type);
int		 list_type_from_name(const char *);
const char	*list_format_name(enum list_format);
int		 list_format_from_name(const char *);

#endif
