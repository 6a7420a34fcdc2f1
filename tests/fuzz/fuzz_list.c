/*
 * Fuzz target of the indicator lists: the first byte picks the format
 * (byte % 5) and the list type (byte / 5 % 7), the rest is the file.
 * Every line of the input is then matched against the list it built, so
 * that the match-time normalisation gets the same bytes as the loader.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "conf/conf.h"
#include "rules/list.h"

#define FUZZ_LIST_MAXLINES	256

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_list_match(const struct list *l, const char *p, size_t len)
{
	const struct indicator	*ind;
	const char		*nl;
	struct slice		 s;
	int			 n;

	for (n = 0; n < FUZZ_LIST_MAXLINES && len > 0; n++) {
		nl = memchr(p, '\n', len);
		s.p = p;
		s.len = nl != NULL ? (size_t)(nl - p) : len;
		if ((ind = list_match(l, s)) != NULL &&
		    strlen(ind->value) == 0)
			__builtin_trap();
		if (nl == NULL)
			break;
		len -= nl + 1 - p;
		p = nl + 1;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cerrors	 errs = { 0 };
	struct list	*l;
	const char	*buf = (const char *)data + 1;

	if (size < 1)
		return 0;
	l = list_load_mem("fuzz", "fuzz", buf, size - 1, data[0] % LF_MAX,
	    data[0] / LF_MAX % LT_MAX, 0, &errs, &errs);
	if (l != NULL) {
		fuzz_list_match(l, buf, size - 1);
		list_free(l);
	}
	cerrors_clear(&errs);
	return 0;
}
