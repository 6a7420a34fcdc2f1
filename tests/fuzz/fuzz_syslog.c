/*
 * The syslog header parser on arbitrary bytes: the whole input as one
 * line, then each '\n'-separated line, as the pipeline hands them over.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "event/logevent.h"
#include "parsers/syslog.h"

#define FUZZ_REF_MS	1773100800000LL

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_slice(struct slice s, const char *line, size_t len)
{
	if (s.len > 0 && (s.p < line || s.p + s.len > line + len))
		__builtin_trap();
	/* Read every byte, so ASan checks the slice. */
	if (s.len > 0 && s.p[s.len - 1] == '\0' && s.p[0] == '\0')
		return;
}

static void
fuzz_line(const char *line, size_t len)
{
	struct syslog_header	 h;
	size_t			 n;

	n = syslog_header_parse(line, len, FUZZ_REF_MS, &h);
	if (n > len)
		__builtin_trap();
	if (n == 0 && h.pri != -1)
		__builtin_trap();
	fuzz_slice(h.host, line, len);
	fuzz_slice(h.app, line, len);
	fuzz_slice(h.pid, line, len);
	fuzz_slice(h.msgid, line, len);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*s = (const char *)data, *end = s + size, *nl;

	fuzz_line(s, size);
	while (s < end) {
		nl = memchr(s, '\n', (size_t)(end - s));
		if (nl == NULL)
			nl = end;
		fuzz_line(s, (size_t)(nl - s));
		s = nl + 1;
	}
	return 0;
}
