/*
 * Sigma log sources de-abstracted: the mapping file (shipped as
 * rules/sigma-logsources.conf, in the configuration language) that
 * says, for each Sigma logsource (product, category, service), which
 * lines of which detectd formats it stands for (targets: formats, event
 * ids, channels, a source kind, a condition) and how each Sigma field
 * reads in them (a logevent field, the line's own name, or nothing).
 *
 *	fieldset windows {
 *		field EventID winlog.event_id
 *		unmapped native
 *	}
 *	logsource {
 *		product windows
 *		category process_creation
 *		target sysmon-1 {
 *			format windows
 *			channel "Microsoft-Windows-Sysmon/Operational"
 *			event-id 1
 *			field Image process.executable
 *			field IntegrityLevel native IntegrityLevel
 *			field Provider_Name none
 *			fieldset windows
 *		}
 *	}
 *
 * A logsource block applies to the rules whose product, category and
 * service are exactly its own (one it does not give: the rule must not
 * give it either).  A later block for the same three replaces an
 * earlier one, and a later fieldset of a name replaces the earlier one:
 * that is how a user's file changes the shipped mapping.  A field
 * resolves through the target's own field lines, then its fieldsets in
 * order (and theirs), then "unmapped" (the target's, else the first its
 * fieldsets give): native looks the field up by its Sigma name in the
 * line, none (the default) leaves it without an equivalent.
 *
 * The tables live as long as the rule set: compiled rules point to
 * their targets.
 */
#ifndef DETECTD_SIGMASRC_H
#define DETECTD_SIGMASRC_H

#include <stddef.h>
#include <stdint.h>

#include "event/logevent.h"
#include "conf/conf.h"

struct cond_env;
struct sigma_sources;
struct sigma_target;

/* How a Sigma field reads in a target. */
enum sigmasrc_kind {
	SRCF_FIELD,	/* a logevent field: fd */
	SRCF_URLEXT,	/* url.extension */
	SRCF_NATIVE,	/* the line's own name: native */
	SRCF_NONE	/* no equivalent */
};

struct sigmasrc_field {
	enum sigmasrc_kind	 kind;
	const struct field_def	*fd;
	const char		*native;
};

struct sigma_sources *sigmasrc_new(void);
void		 sigmasrc_free(struct sigma_sources *);
/* Read a mapping file; every error goes to errs.  0, or -1. */
int		 sigmasrc_load(struct sigma_sources *, const char *path,
		    const struct cond_env *, struct cerrors *errs);
size_t		 sigmasrc_count(const struct sigma_sources *);

/*
 * The targets of a rule's logsource (any of the three may be NULL):
 * their number, with *t pointing to the array; 0 when none maps.
 */
size_t		 sigmasrc_find(const struct sigma_sources *,
		    const char *product, const char *category,
		    const char *service, struct sigma_target *const **t);
/* How name reads in target t. */
void		 sigmasrc_field(const struct sigma_sources *,
		    const struct sigma_target *, const char *name,
		    struct sigmasrc_field *);
/* Whether ev is a line of target t (a cond_new_pred predicate). */
int		 sigmasrc_match(const void *t, const struct logevent *);
const char	*sigmasrc_target_name(const struct sigma_target *);
/*
 * Whether lines of format, event id and channel (-1 and NULL: others
 * than those named) may be lines of target t.
 */
int		 sigmasrc_covers(const void *t, const char *format,
		    int32_t eid, const char *channel);
/* Its formats, and how many event ids it names (0: any). */
size_t		 sigmasrc_formats(const struct sigma_target *);
const char	*sigmasrc_format(const struct sigma_target *, size_t i);
size_t		 sigmasrc_neids(const struct sigma_target *);
/*
 * The (format, event id, channel) the lines of target t have, for the
 * match analyzer's index: fn for each, event id -1 and channel NULL
 * for any.  The target's own event ids, else eids[0..neids) when the
 * rule's condition needs one of those, else any.
 */
void		 sigmasrc_where(const struct sigma_target *,
		    const int64_t *eids, size_t neids,
		    void (*fn)(void *, const char *format, int32_t eid,
		    const char *channel), void *arg);

#endif
