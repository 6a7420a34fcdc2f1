/*
 * The JSON scanner on arbitrary bytes: walk every member, enter every
 * object and array, decode every value, as the JSON parsers do.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "event/logevent.h"
#include "parsers/jscan.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_walk(struct jscan *js, struct logevent *ev, int depth)
{
	struct jscan	 sub;
	struct slice	 key, s;
	struct jvalue	 v;
	int64_t		 i;
	double		 d;

	while (jscan_next(js, &key, &v) == 1) {
		if (key.len > 0 && key.p[key.len - 1] == '\0')
			ev->status = 0;
		s = jscan_string(&v, ev);
		/* Touch the decoded bytes, so ASan checks the slice. */
		if (s.len > 0 && s.p[s.len - 1] == '\0')
			ev->status = 0;
		(void)jscan_int(&v, &i);
		(void)jscan_double(&v, &d);
		if (depth < JSCAN_MAXDEPTH && jscan_enter(&sub, &v) == 0)
			fuzz_walk(&sub, ev, depth + 1);
	}
	(void)jscan_done(js);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct logevent	 ev;
	struct jscan	 js;

	memset(&ev, 0, sizeof(ev));
	logevent_reset(&ev);
	if (logevent_reserve(&ev, size + 64) == -1)
		return 0;
	jscan_init(&js, (const char *)data, size);
	fuzz_walk(&js, &ev, 0);
	logevent_free(&ev);
	return 0;
}
