/*
 * The literal extraction of the regex prefilter on arbitrary patterns:
 * whenever PCRE2 matches a pattern on a text, the prefilter must have
 * said that it may.  The input is "pattern\ntext".
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH	8
#include <pcre2.h>

#include "event/logevent.h"
#include "rules/prefilter.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct prefilter	*pf;
	pcre2_code		*re;
	pcre2_match_data	*md;
	pcre2_match_context	*mctx;
	const char		*nl;
	char			*pat;
	struct slice		 text;
	PCRE2_SIZE		 off;
	uint32_t		 id;
	int			 err, key, rc;

	if ((nl = memchr(data, '\n', size)) == NULL || size > 4096)
		return 0;
	if ((pat = strndup((const char *)data, nl - (const char *)data)) ==
	    NULL)
		return 0;
	text.p = nl + 1;
	text.len = size - (size_t)(nl + 1 - (const char *)data);
	re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
	    PCRE2_NEVER_UTF, &err, &off, NULL);
	if (re == NULL || (pf = prefilter_new()) == NULL) {
		pcre2_code_free(re);
		free(pat);
		return 0;
	}
	md = pcre2_match_data_create(1, NULL);
	mctx = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(mctx, 10000);
	if (prefilter_add(pf, &key, pat, &id) == 0 &&
	    prefilter_build(pf) == 0) {
		prefilter_begin(pf);
		rc = pcre2_match(re, (PCRE2_SPTR)text.p, text.len, 0, 0, md,
		    mctx);
		if (rc >= 0 && !prefilter_may(pf, id, text))
			__builtin_trap();
	}
	pcre2_match_context_free(mctx);
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	prefilter_free(pf);
	free(pat);
	return 0;
}
