/*
 * Where a Sigma value test reads its value: a logevent field (through
 * its field_def), the extension of the URL path, a field the line
 * names itself (logevent_native: Windows event data keys, Zeek
 * columns), or the whole message (keyword searches), with the escapes
 * of a JSON line decoded.
 *
 * A rule set interns its fields in one registry, by field and scope, so
 * that every test of the same field in the same scope shares one
 * prefilter group (its key is the struct sfield) and one buffer.  The
 * registry owns the fields; they live as long as the rule set.  Reading
 * a value allocates only to grow the field's buffer to a longer value
 * than any before: numbers are written into it, native values decoded
 * into it.
 */
#ifndef DETECTD_SFIELD_H
#define DETECTD_SFIELD_H

#include <stddef.h>
#include <stdint.h>

#include "event/logevent.h"

enum sfield_kind {
	SF_FIELD,	/* a logevent field */
	SF_URLEXT,	/* extension of url.path, lowercased */
	SF_NATIVE,	/* the line's own name */
	SF_RAW		/* the whole message (logevent_message) */
};

/*
 * A field's scratch: the buffer numbers are written and native values
 * decoded into, grown to the longest value met (never more than a
 * line), and the value last read, kept for the event it was read from
 * (logevent gen): every rule testing the field in that event reads it
 * without decoding it again.
 */
struct sfield_scratch {
	char			*p;
	size_t			 size;
	const struct logevent	*ev;
	uint64_t		 gen;		/* 0: nothing kept */
	struct slice		 v;
};

struct sfield {
	enum sfield_kind	 kind;
	const struct field_def	*fd;		/* SF_FIELD */
	char			*name;		/* native name, or a label */
	size_t			 len;
	const void		*scope;		/* who reads it, see below */
	struct sfield_scratch	*buf;
};

struct sfields;

struct sfields	*sfields_new(void);
void		 sfields_free(struct sfields *);
/*
 * The interned field; NULL when out of memory.  native is the line's
 * name of an SF_NATIVE field.  The same field of two scopes (the Sigma
 * loader's scope is the log source that reads it) is two sfields, so
 * that the values tested in one log source's lines form a prefilter
 * group of their own: a Squid line scans the URL for the proxy rules'
 * literals, not for the web server rules' too.
 */
struct sfield	*sfields_get(struct sfields *, enum sfield_kind,
		    const struct field_def *, const char *native,
		    const void *scope);
size_t		 sfields_count(const struct sfields *);

/*
 * The value as text: empty with p NULL when absent; a native field
 * present but empty has p non-NULL.  Numbers of -1 are absent.
 */
struct slice	 sfield_str(const struct sfield *, const struct logevent *);
/* Whether the field is there at all (exists, null). */
int		 sfield_present(const struct sfield *, const struct logevent *);
/* A numeric field's value, or a text value read as a number: 0, or -1. */
int		 sfield_num(const struct sfield *, const struct logevent *,
		    double *);
/* Whether the field holds numbers (== on it compares integers). */
int		 sfield_isint(const struct sfield *);
int64_t		 sfield_int(const struct sfield *, const struct logevent *);
/* The field's name in messages: "process.command_line", "User", "line". */
const char	*sfield_name(const struct sfield *);
/* For the prefilter: the value of the field whose key is k. */
struct slice	 sfield_key_value(const void *k, const struct logevent *);
/* The scope of the field whose key is k (NULL: none). */
const void	*sfield_key_scope(const void *k);

#endif
