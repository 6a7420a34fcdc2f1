#include <stddef.h>
#include <string.h>

#include "parsers/parser.h"
#include "parsers/formats.h"

/* Adding a format is one file and one row here. */
static const struct parser *const parsers[] = {
	&parser_squid,
	&parser_windows,
	&parser_squid_combined,
	&parser_bind,
	&parser_unbound,
	&parser_zeek,
	&parser_zeek_json,
	&parser_iptables,
	&parser_fortigate,
	&parser_paloalto,
	&parser_dhcpd,
};

#define NPARSERS	(sizeof(parsers) / sizeof(parsers[0]))

const struct parser *
parser_lookup(const char *name)
{
	size_t	 i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < NPARSERS; i++)
		if (strcmp(parsers[i]->name, name) == 0)
			return parsers[i];
	return NULL;
}

const struct parser *const *
parser_table(size_t *n)
{
	if (n != NULL)
		*n = NPARSERS;
	return parsers;
}
