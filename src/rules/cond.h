/*
 * Rule conditions: a boolean expression over the fields of a logevent.
 *
 *	expr    := term { "or" term }
 *	term    := factor { "and" factor }
 *	factor  := "not" factor | "(" expr ")" | test
 *	test    := FIELD "in" "list" NAME
 *	         | FIELD ("==" | "!=") VALUE
 *	         | FIELD ("<" | "<=" | ">" | ">=") NUMBER
 *	         | FIELD ("~" | "!~") STRING        (PCRE2 regex)
 *	         | FIELD "is" ["not"] ("ip" | "set")
 *	         | FIELD "contains" STRING
 *
 * == and != ignore ASCII case on destination.domain, dns.question.name,
 * source.address, user.name, http.request.method and url.scheme, and are
 * exact elsewhere; ~ and contains are always exact (write (?i) in the
 * pattern).  A regex that reaches its match or depth limit is no match.
 */
#ifndef DETECTD_COND_H
#define DETECTD_COND_H

#include <stddef.h>

#include "logevent.h"
#include "rules/conf.h"

struct cond;
struct list;
struct finding;

/* How a condition finds lists by name while it is being parsed. */
typedef struct list *(*cond_list_lookup)(void *arg, const char *name);

/*
 * Parse the tokens toks[0..ntoks) as an expression.  Every error goes to
 * errs as file:line:column; returns NULL on error.
 */
struct cond	*cond_parse(const struct ctok *toks, size_t ntoks,
		    cond_list_lookup lookup, void *arg, struct cerrors *errs);
void		 cond_free(struct cond *);

/*
 * Evaluate.  On a match through an indicator list, hit (if not NULL) is
 * filled with the indicator and the field it matched.
 */
struct indicator_hit;
int		 cond_eval(const struct cond *, const struct logevent *,
		    struct indicator_hit *hit);

#endif
