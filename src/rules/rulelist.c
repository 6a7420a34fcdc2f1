/*
 * detectd -l: the loaded rules, filtered, with where each is written and
 * what disables or suppresses it.  See rulelist.h for the format.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/timeutil.h"
#include "rules/rule.h"
#include "rules/rulelist.h"
#include "rules/ruleset.h"
#include "rules/suppress.h"

#define RULELIST_STATE	512

static int
rulelist_eq(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcasecmp(a, b) == 0;
}

static int
rulelist_in(const char *text, const char *part)
{
	return text != NULL && strcasestr(text, part) != NULL;
}

static int
rulelist_tag(const struct rule *r, const char *f)
{
	size_t	 i;

	for (i = 0; i < r->ntechniques; i++)
		if (rulelist_eq(r->techniques[i], f))
			return 1;
	if (r->uuid != NULL && strcasecmp(f, "sigma") == 0)
		return 1;
	return rulelist_eq(viewpoint_name(r->viewpoint), f) ||
	    rulelist_eq(stage_key(r->stage), f) ||
	    rulelist_eq(r->analyzer, f) || rulelist_eq(r->status, f) ||
	    rulelist_eq(r->level, f);
}

static int
rulelist_wanted(const struct rule *r, char *const *filters, size_t n)
{
	size_t	 i;

	if (n == 0)
		return 1;
	for (i = 0; i < n; i++)
		if (rulelist_eq(r->id, filters[i]) ||
		    rulelist_eq(r->uuid, filters[i]) ||
		    rulelist_tag(r, filters[i]) ||
		    rulelist_in(r->name, filters[i]) ||
		    rulelist_in(r->description, filters[i]))
			return 1;
	return 0;
}

static int
rulelist_names(const struct suppress_entry_info *in, const char *id)
{
	size_t	 i;

	for (i = 0; i < in->nrules; i++)
		if (strcmp(in->rules[i], id) == 0)
			return 1;
	return 0;
}

/* One suppression that names the rule, appended to buf. */
static void
rulelist_suppressed(const struct suppress_entry_info *in, char *buf,
    size_t size)
{
	char	 when[TIME_RFC3339_LEN], part[300];
	size_t	 len = strlen(buf);

	if (len + 1 >= size)
		return;
	when[0] = part[0] = '\0';
	if (in->until_ms != 0)
		(void)time_format_rfc3339(in->until_ms, when, sizeof(when));
	if (!in->whole)
		snprintf(part, sizeof(part), " in part (%s:%d)", in->file,
		    in->line);
	snprintf(buf + len, size - len, "%ssuppressed%s%s%s%s",
	    len > 0 ? "; " : "", part, when[0] != '\0' ? " until " : "",
	    when, in->expired ? " (expired)" : "");
}

static void
rulelist_state(const struct ruleset *rs, const struct rule *r, char *buf,
    size_t size)
{
	struct suppress_entry_info	 in;
	size_t				 i;

	buf[0] = '\0';
	if (!r->enabled) {
		snprintf(buf, size, "disabled");
		return;
	}
	for (i = 0; suppress_info(rs->suppress, i, &in) == 0; i++)
		if (rulelist_names(&in, r->id))
			rulelist_suppressed(&in, buf, size);
	if (buf[0] == '\0')
		snprintf(buf, size, "enabled");
}

size_t
rulelist_print(FILE *fp, const struct ruleset *rs, char *const *filters,
    size_t nfilters)
{
	const struct rule	*r;
	char			 state[RULELIST_STATE];
	size_t			 i, n = 0;

	fprintf(fp, "id\tuuid\tanalyzer\tsource\tstate\tname\n");
	for (i = 0; i < rs->nrules; i++) {
		r = rs->rules[i];
		if (!rulelist_wanted(r, filters, nfilters))
			continue;
		rulelist_state(rs, r, state, sizeof(state));
		fprintf(fp, "%s\t%s\t%s\t%s:%d\t%s\t%s\n", r->id,
		    r->uuid != NULL ? r->uuid : "-", r->analyzer,
		    r->file != NULL ? r->file : "-", r->line, state,
		    r->name != NULL ? r->name : "");
		n++;
	}
	return n;
}
