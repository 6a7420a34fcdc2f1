/*
 * The vocabulary of the defence model (analysis viewpoints, levels,
 * attack stages, countermeasures) and the rule destructor.  Each
 * vocabulary is one static table, so the names in rule files, alerts, the
 * schema and the man pages come from one place.
 */
#include <stdlib.h>
#include <string.h>

#include "rules/cond.h"
#include "rules/rule.h"

struct viewpoint_row {
	const char	*name;
	const char	*analyzer;
	const char	*label;
};

static const struct viewpoint_row viewpoints[VP_MAX] = {
	[VP_KNOWN_ATTACK] = { "known-attack", "match",
	    "matches a known attack" },
	[VP_NOT_NORMAL] = { "not-normal-business", "match",
	    "departs from normal business" },
	[VP_SIMILAR] = { "similar-to-attack", "statistical",
	    "resembles a known attack pattern" },
	[VP_DEVIATION] = { "deviation-from-normal", "statistical",
	    "deviates from the endpoint's normal" },
	[VP_COMPOSITE] = { "composite", "composite",
	    "combination of findings" },
};

/* Indexed by enum level; row 0 is unused (levels start at 1). */
static const char *const levels[] = {
	NULL, "low", "medium", "high", "critical"
};
#define LEVEL_MAX	((int)(sizeof(levels) / sizeof(levels[0])) - 1)

struct stage_row {
	const char	*key;
	const char	*name;
	const char	*number;
};

/* Indexed by stage number; row 0 is unused (stages start at 1). */
static const struct stage_row stages[] = {
	{ NULL, NULL, NULL },
	{ "recon", "reconnaissance", "1" },
	{ "intrusion", "initial intrusion", "2" },
	{ "foothold", "foothold", "3" },
	{ "lateral", "lateral spread", "4" },
	{ "c2", "active C2 communication", "5" },
	{ "objective", "objective executed", "6" },
};
#define STAGE_MAX	((int)(sizeof(stages) / sizeof(stages[0])) - 1)

static const char *const cm_targets[CM_MAX] = {
	[CM_ACCOUNT] = "account",
	[CM_ENDPOINT] = "endpoint",
	[CM_SEGMENT] = "segment",
	[CM_SERVICE] = "service",
};

struct cm_action_row {
	enum cm_target	 target;
	const char	*action;
	const char	*description;
};

static const struct cm_action_row cm_actions[] = {
	{ CM_ACCOUNT, "notify-user",
	    "Notify the user of the account and ask what they were doing" },
	{ CM_ACCOUNT, "reset-password",
	    "Reset the password of the account and revoke its sessions" },
	{ CM_ACCOUNT, "disable-account",
	    "Disable the account until the investigation clears it" },
	{ CM_ENDPOINT, "isolate",
	    "Isolate the endpoint from the network (EDR containment or "
	    "switch port)" },
	{ CM_ENDPOINT, "block-destination-url",
	    "Block the destination URL at the proxy" },
	{ CM_ENDPOINT, "block-destination-ip",
	    "Block the destination IP address at the firewall" },
	{ CM_ENDPOINT, "block-destination-port",
	    "Block the destination port at the firewall" },
	{ CM_ENDPOINT, "disconnect",
	    "Disconnect the endpoint from the network (unplug the cable or "
	    "turn off its wireless)" },
	{ CM_SEGMENT, "dns-sinkhole",
	    "Answer queries for the domain with a sinkhole address at the "
	    "internal DNS servers" },
	{ CM_SEGMENT, "block-domain",
	    "Block the domain for the whole segment at the proxy and DNS" },
	{ CM_SEGMENT, "block-url",
	    "Block the URL for the whole segment at the proxy" },
	{ CM_SEGMENT, "cut-segment",
	    "Cut the network segment of the endpoint off from the rest of "
	    "the network" },
	{ CM_SERVICE, "partial-stop",
	    "Stop the affected part of the service" },
	{ CM_SERVICE, "full-stop",
	    "Stop the whole service" },
};

static void
rule_strv_free(char **v, size_t n)
{
	size_t	i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
rule_free(struct rule *r)
{
	size_t	i;

	if (r == NULL)
		return;
	if (r->params != NULL && r->params_free != NULL)
		r->params_free(r->params);
	free(r->id);
	free(r->name);
	free(r->description);
	free(r->analyzer);
	cond_free(r->cond);
	cond_free(r->popular);
	free(r->notify);
	free(r->phenomenon);
	free(r->reason);
	free(r->relevance);
	rule_strv_free(r->techniques, r->ntechniques);
	rule_strv_free(r->references, r->nreferences);
	if (r->cms != NULL) {
		for (i = 0; i < r->ncms; i++)
			free(r->cms[i].action);
		free(r->cms);
	}
	free(r->file);
	free(r->uuid);
	free(r->author);
	free(r->license);
	free(r->status);
	free(r->level);
	for (i = 0; i < r->nwhere; i++) {
		free(r->where[i].format);
		free(r->where[i].channel);
	}
	free(r->where);
	free(r);
}

static int
viewpoint_valid(enum viewpoint vp)
{
	return (int)vp >= 0 && vp < VP_MAX;
}

const char *
viewpoint_name(enum viewpoint vp)
{
	return viewpoint_valid(vp) ? viewpoints[vp].name : NULL;
}

const char *
viewpoint_analyzer(enum viewpoint vp)
{
	return viewpoint_valid(vp) ? viewpoints[vp].analyzer : NULL;
}

const char *
viewpoint_label(enum viewpoint vp)
{
	return viewpoint_valid(vp) ? viewpoints[vp].label : NULL;
}

int
viewpoint_from_name(const char *s)
{
	int	i;

	if (s == NULL)
		return -1;
	for (i = 0; i < VP_MAX; i++)
		if (strcmp(s, viewpoints[i].name) == 0)
			return i;
	return -1;
}

const char *
level_name(enum level l)
{
	if ((int)l < 1 || (int)l > LEVEL_MAX)
		return NULL;
	return levels[l];
}

int
level_from_name(const char *s)
{
	int	i;

	if (s == NULL)
		return -1;
	for (i = 1; i <= LEVEL_MAX; i++)
		if (strcmp(s, levels[i]) == 0)
			return i;
	return -1;
}

const char *
stage_name(int n)
{
	return n >= 1 && n <= STAGE_MAX ? stages[n].name : NULL;
}

const char *
stage_key(int n)
{
	return n >= 1 && n <= STAGE_MAX ? stages[n].key : NULL;
}

int
stage_from_name(const char *s)
{
	int	i;

	if (s == NULL)
		return -1;
	for (i = 1; i <= STAGE_MAX; i++)
		if (strcmp(s, stages[i].key) == 0 ||
		    strcmp(s, stages[i].number) == 0)
			return i;
	return -1;
}

const char *
cm_target_name(enum cm_target t)
{
	return (int)t >= 0 && t < CM_MAX ? cm_targets[t] : NULL;
}

int
cm_target_from_name(const char *s)
{
	int	i;

	if (s == NULL)
		return -1;
	for (i = 0; i < CM_MAX; i++)
		if (strcmp(s, cm_targets[i]) == 0)
			return i;
	return -1;
}

static const struct cm_action_row *
cm_action_find(enum cm_target t, const char *action)
{
	size_t	i;

	if (action == NULL)
		return NULL;
	for (i = 0; i < sizeof(cm_actions) / sizeof(cm_actions[0]); i++)
		if (cm_actions[i].target == t &&
		    strcmp(cm_actions[i].action, action) == 0)
			return &cm_actions[i];
	return NULL;
}

int
cm_action_valid(enum cm_target t, const char *action)
{
	return cm_action_find(t, action) != NULL;
}

const char *
cm_action_description(enum cm_target t, const char *action)
{
	const struct cm_action_row	*row;

	row = cm_action_find(t, action);
	return row != NULL ? row->description : NULL;
}
