/*
 * A zero-allocation JSON scanner for one line of JSON (Winlogbeat, NXLog,
 * Zeek JSON).  It walks the members of one object (or the elements of one
 * array) in order and hands out raw slices of the text; nested objects
 * and arrays are stepped over whole, and entered with jscan_enter() only
 * when the caller wants them.  Nothing is copied unless a string has
 * escapes and the caller asks for its value.
 *
 *	jscan_init(&js, line, len);
 *	while ((r = jscan_next(&js, &key, &v)) == 1)
 *		...;
 *	if (r == -1 || !jscan_done(&js))
 *		malformed;
 */
#ifndef DETECTD_PARSERS_JSCAN_H
#define DETECTD_PARSERS_JSCAN_H

#include <stddef.h>
#include <stdint.h>

#include "event/logevent.h"

/* Deeper nesting than this, inside a stepped-over value, is malformed. */
#define JSCAN_MAXDEPTH	64

struct jscan {
	const char	*p;	/* next byte to read */
	const char	*end;
	/* 0 not opened yet, 1 inside, 2 closed, -1 malformed */
	int		 depth;
	char		 close;	/* '}' or ']': what ends this container */
	size_t		 n;	/* members read so far */
};

enum jtype {
	JS_STRING,
	JS_NUMBER,
	JS_TRUE,
	JS_FALSE,
	JS_NULL,
	JS_OBJECT,
	JS_ARRAY
};

struct jvalue {
	enum jtype	 type;
	/*
	 * JS_STRING: the bytes between the quotes, escapes not decoded;
	 * JS_OBJECT, JS_ARRAY: the whole value with its brackets;
	 * otherwise the token itself.
	 */
	struct slice	 raw;
	int		 escaped;	/* a JS_STRING holds a backslash */
};

/* 1 if p[0..len) holds only white space (blank lines are skipped). */
int		 jscan_blank(const char *p, size_t len);
/* Start on p[0..len): an object or an array, white space around it. */
void		 jscan_init(struct jscan *, const char *p, size_t len);
/*
 * Next member of the object: 1 found (key holds the raw name, escapes
 * not decoded), 0 end of the object, -1 malformed (and every later call
 * returns -1 too).  In an array, key is empty and val is the element.
 */
int		 jscan_next(struct jscan *, struct slice *key,
		    struct jvalue *val);
/* 1 once the container is closed with only white space after it. */
int		 jscan_done(const struct jscan *);
/* Iterate a JS_OBJECT or JS_ARRAY value: 0, or -1 for another type. */
int		 jscan_enter(struct jscan *sub, const struct jvalue *);
/* 1 if the raw key equals the NUL-terminated name. */
int		 jscan_key_is(struct slice key, const char *name);
/*
 * The value as text.  A JS_STRING with escapes is decoded into ev's
 * arena (\uXXXX to UTF-8, surrogate pairs joined, a lone surrogate
 * becomes U+FFFD); an invalid escape, or an arena out of room, gives an
 * empty slice.  Other strings and values give their raw text; null an
 * empty slice.
 */
struct slice	 jscan_string(const struct jvalue *, struct logevent *ev);
/*
 * The value as text into a caller's buffer, for lookups on a const
 * event (logevent_native): a string decoded into buf when it has
 * escapes (an invalid escape gives an empty value), an array as its
 * elements' text joined with ',' in buf, a number, true or false as
 * written; null and objects give {NULL, 0}.  An empty value has p set.
 * When buf has fewer than v->raw.len bytes and the value needs it,
 * {NULL, v->raw.len}: the text never outgrows the raw value.
 */
struct slice	 jscan_text(const struct jvalue *, char *buf, size_t size);
/*
 * The member named name[0..nlen) of the object p[0..len): a key equal
 * to the whole name, or for "a.b" the member b of an object a (at any
 * depth up to JSCAN_FIND_DEPTH dots), so that a dotted name finds
 * {"id.orig_h": ...} and {"id": {"orig_h": ...}} alike.  The first
 * match wins; keys are compared as written, escapes not decoded.
 * 1 found (in *out), 0 not there, or the text is not an object.
 */
#define JSCAN_FIND_DEPTH	8
int		 jscan_find(const char *p, size_t len, const char *name,
		    size_t nlen, struct jvalue *out);
/*
 * A native lookup (logevent_native) on the object line: the member
 * jscan_find finds, as jscan_text gives it; {NULL, 0} if none.
 */
struct slice	 jscan_native(struct slice line, const char *name,
		    size_t nlen, char *buf, size_t size);
/*
 * A JSON line as a search of the message reads it (logevent message):
 * the line with the escapes of its strings decoded into buf; the line
 * itself when it has none, or when an escape is not valid.  {NULL, n}
 * when buf is smaller than the n bytes of the line.
 */
struct slice	 jscan_message(const struct logevent *, char *buf,
		    size_t size);
/*
 * An integer: a JSON number without fraction or exponent, or an
 * unescaped string holding one.  0, or -1 if not one or out of range.
 */
int		 jscan_int(const struct jvalue *, int64_t *);
/* A number, or a string holding one, as a double: 0 or -1. */
int		 jscan_double(const struct jvalue *, double *);

#endif
