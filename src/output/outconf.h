/*
 * The options of output blocks, and the value types they may have.  A
 * kind lists its options in a table of struct outconf_opt rows, ended by
 * a row with a NULL name; each row says where its value goes in the
 * kind's own options struct (offsetof), of which type it is and, for
 * numbers, its range.  outconf.c parses, checks, prints and frees every
 * value by its row, so that a kind writes no parsing code for them: what
 * a table cannot say (a url, a facility name) the kind's check says.
 *
 * A value not given stays as calloc left it, NULL or 0: the kind applies
 * its defaults when it opens.
 */
#ifndef DETECTD_OUTCONF_H
#define DETECTD_OUTCONF_H

#include <stddef.h>

struct cerrors;
struct cnode;

enum outconf_type {
	OUTCONF_STR,		/* char * */
	OUTCONF_PATH,		/* char *, relative to the file it is in */
	OUTCONF_TIME,		/* int64_t, milliseconds */
	OUTCONF_SIZE,		/* uint64_t, bytes */
	OUTCONF_COUNT,		/* size_t, a whole number */
	OUTCONF_HEADER,		/* struct outconf_headers: NAME VALUE, repeatable */
	OUTCONF_POLICY		/* int, enum outconf_policy from min to max */
};

/*
 * What an output does with records its target cannot take now (policy):
 * they wait and the inputs pause (block), they wait on disk up to a cap
 * (spool), or they are dropped and counted (drop).  0 in an options
 * struct: not given, the kind's default.  A row's min and max say which
 * of them the kind has, in this order.
 */
enum outconf_policy {
	OUTCONF_POLICY_DEFAULT,
	OUTCONF_POLICY_BLOCK,
	OUTCONF_POLICY_DROP,
	OUTCONF_POLICY_SPOOL
};

/* An HTTP header option, repeated: each "Name: value", in order. */
struct outconf_headers {
	char		**v;
	size_t		  n;
};

struct outconf_opt {
	const char		*name;
	enum outconf_type	 type;
	size_t			 off;		/* in the kind's options struct */
	double			 min, max;	/* numbers: the range, in ms,
						   bytes or units */
};

/* The ranges every kind uses today, for rows to name. */
#define OUTCONF_TIME_RANGE	1, 7 * 86400000.0	/* 1ms to 7d */
#define OUTCONF_SIZE_RANGE	1024, 1099511627776.0	/* 1KB to 1TB */
#define OUTCONF_COUNT_RANGE	1, 10000
#define OUTCONF_POLICY_ALL	OUTCONF_POLICY_BLOCK, OUTCONF_POLICY_SPOOL
#define OUTCONF_POLICY_NOSPOOL	OUTCONF_POLICY_BLOCK, OUTCONF_POLICY_DROP

/* "block", "drop", "spool". */
const char	*outconf_policy_name(int);

/* The row of that name in a table; NULL when the table has none. */
const struct outconf_opt *outconf_find(const struct outconf_opt *,
		    const char *);
/*
 * The value of statement c into opts, where its row says; a value given
 * twice replaces the first.  out names the output in messages.  0, or
 * -1 with the error in errs.
 */
int		 outconf_value(const struct outconf_opt *, const struct cnode *c,
		    void *opts, const char *out, struct cerrors *);
/* The same checks as outconf_value, keeping nothing. */
int		 outconf_check(const struct outconf_opt *,
		    const struct cnode *c, const char *out, struct cerrors *);
/* Frees what the values of a table hold in opts, not opts itself. */
void		 outconf_clear(const struct outconf_opt *, void *opts);
/*
 * The value as text (times in ms, sizes in bytes, headers one a line,
 * a policy by name, an unset string or policy as ""), for tests and
 * diagnostics.
 */
void		 outconf_format(const struct outconf_opt *, const void *opts,
		    char *buf, size_t len);

#endif
