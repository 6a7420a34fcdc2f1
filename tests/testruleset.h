/*
 * A rule set from a parsed tree, for the Check suites: statements in
 * file order, lists first, then the checks across statements, as
 * config_load does.
 */
#ifndef DETECTD_TESTRULESET_H
#define DETECTD_TESTRULESET_H

#include <check.h>
#include <string.h>

#include "conf/conf.h"
#include "rules/ruleset.h"

/* Frees root; NULL (errs grown) when any statement was wrong. */
static inline struct ruleset *
test_ruleset(struct cnode *root, struct cerrors *errs)
{
	struct ruleset	*rs;
	struct cnode	*n;
	size_t		 nerr = errs->n;
	int		 pass;

	ck_assert_ptr_nonnull(rs = ruleset_new("test", NULL, 0));
	for (pass = 0; pass < 2; pass++)
		for (n = root; n != NULL; n = n->next)
			if ((strcmp(n->key.text, "list") == 0) == (pass == 0))
				(void)ruleset_statement(rs, n, errs);
	conf_free(root);
	if (errs->n == nerr)
		(void)ruleset_finish(rs, errs);
	if (errs->n != nerr) {
		ruleset_free(rs);
		return NULL;
	}
	return rs;
}

#endif
