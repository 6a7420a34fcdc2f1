/*
 * The identity state file reader (state-dir/identity) on arbitrary
 * bytes: it never fails on input, and what it accepts reads back the
 * same: written out, read into a fresh table and written again, the
 * two writings are byte for byte equal.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers/identity.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The table as text, in a new buffer (*len bytes). */
static char *
fuzz_dump(const struct identity *id, size_t *len)
{
	char	*buf = NULL;
	FILE	*fp;

	if ((fp = open_memstream(&buf, len)) == NULL)
		return NULL;
	if (identity_write(id, fp) == -1)
		__builtin_trap();
	fclose(fp);
	return buf;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct identity	*a, *b;
	char		*copy, *one, *two;
	size_t		 bad, n1, n2;
	FILE		*fp;

	/* fmemopen wants a buffer of its own. */
	if ((copy = malloc(size + 1)) == NULL)
		return 0;
	memcpy(copy, data, size);
	if ((a = identity_new(64)) == NULL ||
	    (fp = fmemopen(copy, size, "r")) == NULL) {
		identity_free(a);
		free(copy);
		return 0;
	}
	(void)identity_read(a, fp, &bad);
	fclose(fp);
	if ((one = fuzz_dump(a, &n1)) != NULL &&
	    (b = identity_new(64)) != NULL) {
		if ((fp = fmemopen(one, n1, "r")) != NULL) {
			if (identity_read(b, fp, &bad) == -1 || bad != 0)
				__builtin_trap();
			fclose(fp);
			two = fuzz_dump(b, &n2);
			if (two != NULL && (n1 != n2 ||
			    memcmp(one, two, n1) != 0))
				__builtin_trap();
			free(two);
		}
		identity_free(b);
	}
	free(one);
	identity_free(a);
	free(copy);
	return 0;
}
