/*
 * Fuzz target for the contribution record reader (analyzers/contrib.h),
 * which the findings tier runs on every line of its input: each line of
 * the input is decoded against a rule set with a propagation rule, a
 * spread rule with a condition and the match rules they take; what
 * decodes goes to a composite analyzer as the tier's would take it, and
 * must read back the same: encoded, decoded and encoded again, the two
 * encodings are equal.  Lines that decode and lines refused are counted
 * for the replay driver, which wants a corpus to give both.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "analyzers/analyzer.h"
#include "analyzers/contrib.h"
#include "conf/conf.h"
#include "rules/ruleset.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);
void	fuzz_replay_counts(unsigned long *, unsigned long *,
	    unsigned long *);

static const char fuzz_rules[] =
    "rule 1000013 {\n name \"psexec\"\n analyzer match\n"
    " viewpoint known-attack\n stage lateral\n"
    " condition process.executable ~ \"(?i)psexec\"\n}\n"
    "rule 1000005 {\n name \"c2\"\n analyzer match\n"
    " viewpoint known-attack\n stage c2\n"
    " condition destination.domain == \"bad.example\"\n}\n"
    "rule 4000011 {\n name \"account\"\n analyzer composite\n"
    " viewpoint composite\n kind spread\n sources ad\n"
    " condition winlog.event_id == 4624\n group-by user\n count 2\n"
    " window 4h\n stage lateral\n}\n"
    "rule 4000020 {\n name \"propagation\"\n analyzer composite\n"
    " viewpoint composite\n kind propagation\n"
    " step viewpoint known-attack\n count 2\n window 4h\n stage lateral\n}\n";

/* Lines that decoded, were refused, were empty. */
static unsigned long	fuzz_n[3];

void
fuzz_replay_counts(unsigned long *ok, unsigned long *refused,
    unsigned long *empty)
{
	*ok = fuzz_n[0];
	*refused = fuzz_n[1];
	*empty = fuzz_n[2];
}

static void
fuzz_emit(void *arg, const struct finding *f)
{
	(void)arg;
	(void)f;
}

static struct ruleset *
fuzz_ruleset(void)
{
	struct cerrors	 errs = { NULL, 0, 0 };
	struct ruleset	*rs = analyzer_ruleset_new("fuzz");
	struct cnode	*root, *n;

	root = conf_parse_string("fuzz.rules", fuzz_rules,
	    sizeof(fuzz_rules) - 1, &errs);
	for (n = root; n != NULL; n = n->next)
		(void)ruleset_statement(rs, n, &errs);
	conf_free(root);
	cerrors_print(&errs);
	if (errs.n > 0)
		__builtin_trap();
	cerrors_clear(&errs);
	return rs;
}

static char *
fuzz_encode(const struct contrib *k)
{
	json_t	*o;
	char	*s;

	if ((o = contrib_encode(k)) == NULL)
		__builtin_trap();
	s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return s;
}

/* What decoded reads back the same. */
static void
fuzz_round_trip(const struct contrib *k, const struct ruleset *rs)
{
	struct contrib	 again;
	const char	*err = NULL;
	char		*one, *two;

	if ((one = fuzz_encode(k)) == NULL)
		return;
	memset(&again, 0, sizeof(again));
	if (contrib_decode(&again, rs, one, strlen(one), &err) == -1)
		__builtin_trap();
	if ((two = fuzz_encode(&again)) == NULL ||
	    strcmp(one, two) != 0)
		__builtin_trap();
	free(two);
	free(one);
	contrib_clear(&again);
}

static void
fuzz_line(const char *p, size_t len, const struct ruleset *rs, void *comp)
{
	struct contrib	 k;
	const char	*err = NULL;

	if (len == 0) {
		fuzz_n[2]++;
		return;
	}
	memset(&k, 0, sizeof(k));
	if (contrib_decode(&k, rs, p, len, &err) == -1) {
		if (err == NULL)
			__builtin_trap();
		fuzz_n[1]++;
	} else {
		fuzz_n[0]++;
		analyzer_composite.contribution(comp, &k);
		fuzz_round_trip(&k, rs);
	}
	contrib_clear(&k);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ruleset	*rs;
	struct emitter		 em = { fuzz_emit, NULL };
	struct analyzer_env	 env;
	const char		*p = (const char *)data, *nl;
	void			*comp;

	if (rs == NULL)
		rs = fuzz_ruleset();
	memset(&env, 0, sizeof(env));
	env.replay = 1;
	env.tier = ANALYZER_TIER_CROSS;
	if ((comp = analyzer_composite.new(rs, &em, &env)) == NULL)
		return 0;
	while (size > 0) {
		nl = memchr(p, '\n', size);
		fuzz_line(p, nl != NULL ? (size_t)(nl - p) : size, rs, comp);
		if (nl == NULL)
			break;
		size -= (size_t)(nl - p) + 1;
		p = nl + 1;
	}
	analyzer_composite.free(comp);
	return 0;
}
