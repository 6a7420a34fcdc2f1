/*
 * The "findings" format: the finding and contribution records
 * first-tier instances write (analyzers/findrec.h, analyzers/contrib.h),
 * one JSON object a line beginning {"finding":{...}} or
 * {"contribution":{...}}, read only by an instance in "tier findings"
 * (detectd.conf(5)).  This parser only tells such a record from
 * anything else, so that other lines are counted as errors of their
 * input; the findings tier decodes the record against its rule set,
 * which the parsers below the analyzers know nothing of.
 */
#include <string.h>

#include "parsers/formats.h"
#include "parsers/parser.h"

#define FINDINGS_HEAD	"{\"finding\":"
#define CONTRIB_HEAD	"{\"contribution\":"

static enum parse_result
findings_parse(void *state, const char *line, size_t len,
    struct logevent *ev, const char **err)
{
	(void)state;
	while (len > 0 && (*line == ' ' || *line == '\t')) {
		line++;
		len--;
	}
	if (len == 0)
		return PARSE_SKIP;
	if ((len < sizeof(FINDINGS_HEAD) - 1 ||
	    memcmp(line, FINDINGS_HEAD, sizeof(FINDINGS_HEAD) - 1) != 0) &&
	    (len < sizeof(CONTRIB_HEAD) - 1 ||
	    memcmp(line, CONTRIB_HEAD, sizeof(CONTRIB_HEAD) - 1) != 0)) {
		*err = "not a finding or contribution record";
		return PARSE_ERROR;
	}
	ev->format = parser_findings.name;
	return PARSE_OK;
}

const struct parser parser_findings = {
	"findings", SRC_UNKNOWN,
	"finding records of first-tier instances (tier findings only)",
	0, NULL, NULL, findings_parse
};
