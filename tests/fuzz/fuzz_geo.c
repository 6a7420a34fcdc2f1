/*
 * The country database reader on arbitrary bytes, then a lookup of
 * every line as an address, so that ranges and prefixes are exercised.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "event/logevent.h"
#include "conf/conf.h"
#include "rules/geo.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cerrors	 errs = { 0 };
	struct geo	*g;
	const char	*p = (const char *)data, *end = p + size, *nl, *c;
	char		 cc[3];

	g = geo_load_mem("fuzz", p, size, &errs);
	cerrors_clear(&errs);
	if (g == NULL)
		return 0;
	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', end - p)) == NULL)
			nl = end;
		c = memchr(p, ',', nl - p);
		if (geo_country(g, (struct slice){ p, (size_t)((c != NULL ?
		    c : nl) - p) }, cc) == 0 && strlen(cc) != 2)
			__builtin_trap();
	}
	geo_free(g);
	return 0;
}
