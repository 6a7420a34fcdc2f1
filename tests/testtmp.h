/*
 * Temporary paths for the Check suites: under $TMPDIR (tests/run-unit.sh
 * gives each run its own), never a fixed directory of the machine.
 */
#ifndef DETECTD_TESTTMP_H
#define DETECTD_TESTTMP_H

#include <stdio.h>
#include <stdlib.h>

/* "$TMPDIR/NAME.XXXXXX" into buf, for mkstemp or mkdtemp. */
static inline void
test_tmpl(char *buf, size_t size, const char *name)
{
	const char	*d = getenv("TMPDIR");

	snprintf(buf, size, "%s/%s.XXXXXX", d != NULL && *d != '\0' ? d :
	    P_tmpdir, name);
}

#endif
