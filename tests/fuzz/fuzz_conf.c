/*
 * Fuzz target of the configuration lexer and parser.  Inputs that name
 * "include" are skipped: they would make the parser read whatever files
 * of the machine the input names (slow, and not the code under test);
 * the include logic has its own unit tests in check_conf.c.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "conf/conf.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cerrors	 errs = { 0 };
	struct cnode	*root;

	if (memmem(data, size, "include", 7) != NULL)
		return 0;
	root = conf_parse_string("fuzz", (const char *)data, size, &errs);
	conf_free(root);
	cerrors_clear(&errs);
	return 0;
}
