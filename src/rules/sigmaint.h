/*
 * What the parts of the Sigma loader share and nothing else uses: the
 * error a rule is skipped with, and the context in which one rule's
 * detection compiles for one group of targets.
 *
 *	sigma.c		the statement, files, documents, rule metadata
 *	sigmadet.c	detection: selections and the condition
 *	sigmaval.c	one field test: modifiers and values
 *	sigmasrc.c	the logsource mapping
 */
#ifndef DETECTD_SIGMAINT_H
#define DETECTD_SIGMAINT_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

struct cerrors;
struct cond;
struct cond_env;
struct countermeasure;
struct ruleset;
struct rule;
struct list;
struct prefilter;
struct sfield;
struct sfields;
struct sigma_sources;
struct sigma_target;
struct sigma_tset;
struct stest;
struct ynode;

/* Why a rule is skipped: where, a short reason counted, a message. */
struct sigma_err {
	int		 line, col;
	const char	*reason;	/* static: the key counted */
	char		 msg[320];
};

/* Reasons counted apart (the rest are counted by their own text). */
#define SIGMA_R_UNSUPPORTED_FIELD	"field without an equivalent"
#define SIGMA_R_MODIFIER		"unknown or misused modifier"
#define SIGMA_R_REGEX			"bad regular expression"
#define SIGMA_R_CONDITION		"bad condition"
#define SIGMA_R_DETECTION		"bad detection"
#define SIGMA_R_VALUE			"bad value"
#define SIGMA_R_PLACEHOLDER		"unresolved placeholder"
#define SIGMA_R_NOMEM			"out of memory"

/* Whether e was skipped for reason. */
#define SIGMA_ERR_IS(e, r)	((e)->reason != NULL && strcmp((e)->reason, (r)) == 0)

/* Fill e at n's position (or line 1 when n is NULL); returns -1. */
int		 sigma_fail(struct sigma_err *, const struct ynode *n,
		    const char *reason, const char *fmt, ...)
		    __attribute__((__format__(__printf__, 4, 5)));
int		 sigma_vfail(struct sigma_err *, const struct ynode *n,
		    const char *reason, const char *fmt, va_list)
		    __attribute__((__format__(__printf__, 4, 0)));

/*
 * A set of targets, interned: the scope of the fields a group of
 * targets reads (sfields_get), so that each (field, set) is a prefilter
 * group of its own that the match analyzer scans only for lines one of
 * the set may be.
 */
struct sigma_tset {
	const struct sigma_target	**t;
	size_t				  n;
};

/* One group of targets whose fields read the same. */
struct sigma_cenv {
	struct prefilter		*pf;
	struct sfields			*sf;
	const struct sigma_sources	*src;
	const struct sigma_target	*t;	/* fields resolve here */
	const struct sigma_tset		*scope;	/* the group's targets */
	struct sigma			*s;
	struct list			*(*lookup)(void *, const char *);
	void				*larg;	/* lists, for expand */
	/* The first field without an equivalent, for the message. */
	const char			*missing;
	int				 native;	/* a field is the line's own */
};

/* Field name of the rule in the group's targets; NULL: no equivalent. */
struct sfield	*sigma_field(struct sigma_cenv *, const char *name);
/* The field of keyword searches (the whole line). */
struct sfield	*sigma_keywords_field(struct sigma_cenv *);

/*
 * The test "key: value" of a selection, key being "Field|mod|mod"
 * (an empty field: the whole line).  NULL with e filled.
 */
struct stest	*sigmaval_test(struct sigma_cenv *, const struct ynode *key,
		    const struct ynode *value, struct sigma_err *e);
/* Keywords: a list of values searched in the whole line. */
struct stest	*sigmaval_keywords(struct sigma_cenv *,
		    const struct ynode *values, struct sigma_err *e);

/* The detection map compiled to a condition; NULL with e filled. */
struct cond	*sigmadet_compile(struct sigma_cenv *,
		    const struct ynode *detection, struct sigma_err *e);
/*
 * The names of the fields a detection reads (fieldref values too),
 * each once, for the targets' check before compiling: fn per name.
 */
void		 sigmadet_fields(const struct ynode *detection,
		    void (*fn)(void *, const char *), void *arg);

/* The loader's state, one per rule set (sigma.h). */

/* Skip messages kept for sigma_skipped (the rest are only logged). */
#define SIGMA_KEPT	256

struct sigma_count {
	char		*reason;
	size_t		 n;
};

/* A group of targets of a rule, and the "and" its condition is. */
struct sigma_group {
	const struct sigma_target	*t;	/* fields resolve here */
	const struct sigma_tset		*scope;
	struct cond			*and;	/* a filter joins it */
};

/* What a filter needs of a loaded rule. */
struct sigma_rinfo {
	struct rule		*r;		/* the rule set's */
	char			*product, *category, *service;
	const struct sigma_sources *src;
	struct sigma_group	*g;
	size_t			 ng;
};

struct sigma_filter {
	char			*file;
	struct ynode		*doc;
};

struct sigma {
	struct sfields		*sf;
	struct sigma_sources	**srcs;		/* one per statement */
	size_t			 nsrcs;
	struct sigma_count	*counts;
	size_t			 ncounts;
	struct sigma_rinfo	*ri;
	size_t			 nri, capri;
	struct sigma_filter	*filters;
	size_t			 nfilters;
	const struct rule	**ids;		/* every rule, by id */
	size_t			 idcap, nids;
	size_t			 files, loaded, skipped, applied;
	size_t			 native;	/* rules reading native fields */
	char			*kept[SIGMA_KEPT];	/* first skips */
	size_t			 nkept;
	struct sigma_tset	**tsets;	/* scopes, interned */
	size_t			 ntsets;
};

/* The interned set of targets t[0..n) (order kept); NULL on ENOMEM. */
const struct sigma_tset *sigma_tset(struct sigma *,
		    const struct sigma_target *const *t, size_t n);

/* The options of one sigma statement. */
#define SIGMA_STAGES	7	/* stages 1..6; 0 unused */

struct sigma_opts {
	int			 status;	/* minimum rank, sigma.c */
	int			 level;		/* minimum rank */
	int			 deprecated, unsupported;
	char			*license;
	char			*notify[SIGMA_STAGES];
	struct countermeasure	*cms[SIGMA_STAGES];
	size_t			 ncms[SIGMA_STAGES];
	int			 cmset[SIGMA_STAGES];
	char			**logsources;	/* more mapping files */
	size_t			 nlogsources;
};

/* A logsource no mapping has, told once per statement. */
struct sigma_unmapped {
	char		*what;
	size_t		 n;
	char		*first;		/* file:line:col */
};

/* One statement's load. */
struct sigma_load {
	struct sigma			*s;
	struct ruleset			*rs;
	const struct cond_env		*env;
	const struct sigma_opts		*o;
	const struct sigma_sources	*src;
	const char			*file;
	struct sigma_unmapped		*um;
	size_t				 num;
	/* Correlations, loaded once every file of the statement is read. */
	struct sigma_filter		*corrs;
	size_t				 ncorrs;
};

/* Status and level ranks; -1 when unknown. */
int		 sigma_status_rank(const char *);
int		 sigma_level_rank(const char *);
#define SIGMA_STATUS_DEPRECATED		10
#define SIGMA_STATUS_UNSUPPORTED	11

/* Log and count a rule skipped; quiet ones are logged at debug. */
void		 sigma_skip(struct sigma_load *, const struct sigma_err *,
		    int quiet);
/* A logsource without mapping: counted, told at the end. */
void		 sigma_unmapped(struct sigma_load *, const struct ynode *doc,
		    const char *what);
/* One YAML document: a rule, a filter kept for later, or skipped. */
void		 sigma_doc(struct sigma_load *, const struct ynode *doc);
/* A filter document, kept until sigma_finish applies it. */
void		 sigma_filter_keep(struct sigma_load *, const struct ynode *doc);
/* Apply the filters kept to their rules (sigma_finish). */
int		 sigma_filters_apply(struct ruleset *, struct cerrors *);
void		 sigma_rinfo_clear(struct sigma_rinfo *);
struct sigma_rinfo *sigma_rinfo_find(struct sigma *, const char *ref);
const struct ynode *sigma_doc_check(struct sigma_load *,
		    const struct ynode *doc, struct sigma_err *, int *quiet);
struct rule	*sigma_rule_new(struct sigma_load *, const struct ynode *doc,
		    const struct ynode *idn);
/* A correlation rule (sigmacorr.c): loaded, or skipped with a reason. */
void		 sigma_corr(struct sigma_load *, const struct ynode *doc);
void		 sigma_corr_keep(struct sigma_load *, const struct ynode *doc);
void		 sigma_corrs_load(struct sigma_load *);

/* Count a skipped rule under reason. */
void		 sigma_count(struct sigma *, const char *reason);
/* The rule of that id among those loaded so far, or NULL. */
const struct rule *sigma_id_find(const struct sigma *, const char *id);
int		 sigma_id_add(struct sigma *, const struct rule *);

#endif
