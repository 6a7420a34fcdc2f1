/*
 * The deceptive file name test on arbitrary bytes: the verdict's name
 * must be valid UTF-8 and NUL-terminated within its buffer, and the
 * kind one of the kinds, whatever the input.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "rules/fname.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fname_verdict	 v;
	char			 copy[sizeof(v.name)];
	int			 r;

	r = fname_deceptive((const char *)data, size, &v);
	if (memchr(v.name, '\0', sizeof(v.name)) == NULL ||
	    (r != 0) != (v.kind != FNAME_NONE) ||
	    v.kind > FNAME_ARCHIVED_EXE)
		__builtin_trap();
	/* Valid UTF-8 copies unchanged. */
	fname_copy(copy, sizeof(copy), v.name);
	if (strcmp(copy, v.name) != 0)
		__builtin_trap();
	(void)fname_kind_text(v.kind);
	return 0;
}
