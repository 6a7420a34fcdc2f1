/*
 * The Zeek TSV parser on arbitrary bytes, the way the collector hands
 * over a file: one state, each '\n'-separated line in turn.  The first
 * byte picks a header to feed first (conn, dns, http, ssl) so that the
 * fuzzer spends its time on data lines, or none, so that it works on
 * headers too.
 */
#define FUZZ_PARSER	"zeek"
#define FUZZ_OWN_ENTRY
#include "fuzz_parser.h"

#define META	"#separator \\x09\n#set_separator\t,\n" \
		"#empty_field\t(empty)\n#unset_field\t-\n"

static const char *const headers[] = {
	META "#path\tconn\n#fields\tts\tuid\tid.orig_h\tid.orig_p\t"
	    "id.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\t"
	    "resp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\t"
	    "history\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\t"
	    "tunnel_parents\tlabel\tdetailedlabel\n",
	META "#path\tdns\n#fields\tts\tuid\tid.orig_h\tid.orig_p\t"
	    "id.resp_h\tid.resp_p\tproto\ttrans_id\trtt\tquery\tqclass\t"
	    "qclass_name\tqtype\tqtype_name\trcode\trcode_name\tAA\tTC\tRD\t"
	    "RA\tZ\tanswers\tTTLs\trejected\n",
	META "#path\thttp\n#fields\tts\tuid\tid.orig_h\tid.orig_p\t"
	    "id.resp_h\tid.resp_p\ttrans_depth\tmethod\thost\turi\treferrer\t"
	    "version\tuser_agent\torigin\trequest_body_len\t"
	    "response_body_len\tstatus_code\tstatus_msg\tinfo_code\t"
	    "info_msg\ttags\tusername\tpassword\tproxied\torig_fuids\t"
	    "orig_filenames\torig_mime_types\tresp_fuids\tresp_filenames\t"
	    "resp_mime_types\n",
	META "#path\tssl\n#fields\tts\tuid\tid.orig_h\tid.orig_p\t"
	    "id.resp_h\tid.resp_p\tversion\tcipher\tcurve\tserver_name\n",
};

#define NHEADERS	(sizeof(headers) / sizeof(headers[0]))

static void
fuzz_lines(const struct parser *p, void *st, struct logevent *ev,
    const char *s, size_t size)
{
	const char	*end = s + size, *nl;

	while (s < end) {
		nl = memchr(s, '\n', (size_t)(end - s));
		if (nl == NULL)
			nl = end;
		fuzz_line(p, st, ev, s, (size_t)(nl - s));
		s = nl + 1;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct parser	*p = parser_lookup(FUZZ_PARSER);
	const char		*s = (const char *)data;
	struct logevent		 ev;
	void			*st;

	if (size == 0)
		return 0;
	if ((st = p->state_new(0)) == NULL)
		fuzz_fail("no state", 0);
	memset(&ev, 0, sizeof(ev));
	if ((unsigned char)s[0] < NHEADERS)
		fuzz_lines(p, st, &ev, headers[(unsigned char)s[0]],
		    strlen(headers[(unsigned char)s[0]]));
	fuzz_lines(p, st, &ev, s + 1, size - 1);
	p->state_free(st);
	logevent_free(&ev);
	return 0;
}
