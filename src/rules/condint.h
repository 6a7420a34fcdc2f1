/*
 * The inside of a condition, shared by cond.c (parse, evaluate) and
 * condtrace.c (say what matched, or what failed); nothing else includes
 * it.
 */
#ifndef DETECTD_CONDINT_H
#define DETECTD_CONDINT_H

#define PCRE2_CODE_UNIT_WIDTH	8
#include <pcre2.h>

#include "event/logevent.h"
#include "rules/cond.h"

enum cond_op {
	C_BAD,		/* stands for a test with an error; never kept */
	C_AND,
	C_OR,
	C_NOT,
	C_LIST,
	C_STREQ,
	C_INT,
	C_RE,
	C_CONTAINS,
	C_ISIP,
	C_ISSET,
	C_CIDR,
	C_PROFILE,
	C_SIGMA,	/* a Sigma value test (stest.h) */
	C_PRED,		/* a predicate of the caller's */
	C_DECEPTIVE,	/* is deceptive: a file name (fname.h) */
	C_CONST
};

/* Fields computed from others; see cond.h. */
enum cond_vfield {
	VF_NONE = 0,
	VF_DST_COUNTRY,
	VF_SRC_COUNTRY,
	VF_URL_EXT,
	VF_FILE_EXT
};

/* Room for a derived value. */
#define COND_VBUF	64

enum cond_cmp {
	CMP_EQ,
	CMP_LT,
	CMP_LE,
	CMP_GT,
	CMP_GE
};

struct cond_re {
	pcre2_code		*code;
	pcre2_match_data	*md;		/* reused: not reentrant */
	pcre2_match_context	*mctx;
	pcre2_jit_stack		*jstack;
	int			 jit;
	uint64_t		 limit_hits;	/* matches cut by a limit */
	struct prefilter	*pf;		/* NULL: always run */
	uint32_t		 pfid;
};

struct cond {
	enum cond_op		 op;
	char			*text;		/* a test as written, or NULL */
	int			 has_list;	/* a list test is below */
	int			 shared;	/* a list test others make too */
	enum cond_op		 set;		/* in [...] of C_STREQ or C_INT only */
	const struct field_def	*field;
	enum cond_vfield	 vfield;
	struct geo *const	*geo;		/* for the country fields */
	struct cond		**kids;		/* and, or, not */
	size_t			 nkids;
	/*
	 * An "and"'s kids in the order evaluation takes them (cond_order):
	 * the cheap tests first; NULL: as written.  Explanations read kids.
	 */
	struct cond		**ekids;
	union {
		struct {
			char	*s;
			size_t	 len;
			int	 nocase;
		} str;				/* ==, contains */
		struct {
			int64_t		 v;
			enum cond_cmp	 cmp;
		} num;				/* ==, <, <=, >, >= */
		struct cond_addr	 net;	/* in CIDR */
		struct cond_re		*re;	/* ~ */
		const struct list	*list;	/* in list */
		struct {
			const struct profiles *set;
			int		 key;
			int		 neg;
		} prof;				/* [not] in profile */
		struct stest		*st;	/* Sigma */
		struct {
			int		(*fn)(const void *,
					    const struct logevent *);
			const void	*arg;
		} pred;
		int			 value;	/* constant */
	} u;
};

/* The text a test looks at: a field, or a value derived from it (buf). */
struct slice	 cond_str(const struct cond *, const struct logevent *,
		    char *buf);
int		 cond_isnum(const struct field_def *);

#endif
