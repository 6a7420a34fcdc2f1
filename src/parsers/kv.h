/*
 * Helpers shared by the firewall and DHCP parsers (iptables, FortiGate,
 * Palo Alto, dhcpd): key=value pairs, CSV fields, numbers, transport
 * names, and the syslog header these formats arrive behind.  Slices
 * point into the text given, or into the event's arena for decoded
 * values.
 */
#ifndef DETECTD_PARSERS_KV_H
#define DETECTD_PARSERS_KV_H

#include <stddef.h>
#include <stdint.h>

#include "event/logevent.h"

/* Per-file state: the file's mtime, for syslog dates without a year. */
void		*kv_state_new(int64_t mtime_ms);
void		 kv_state_free(void *);
/* The mtime given to kv_state_new: the time of lines that carry none. */
int64_t		 kv_state_mtime(const void *);

/* Unsigned decimal of 1 to 18 digits; 0, or -1 if not one. */
int		 kv_num(const char *p, size_t len, int64_t *v);
/* 0..65535, else -1. */
int32_t		 kv_port(const char *p, size_t len);
/* Without spaces (and tabs, CRs) at both ends. */
struct slice	 kv_trim(struct slice);
/* Case-insensitive substring test. */
int		 kv_contains(struct slice, const char *);

/* "tcp", "udp", "icmp" ... from a name (any case) or an IP protocol number. */
struct slice	 kv_transport(struct slice);

/*
 * Path and query of a URL as logged ("/p?q", "host/p?q" or
 * "http://host/p?q"); the scheme too when there is one.  The host is
 * returned in *host (empty when the URL is only a path).
 */
void		 kv_url(struct logevent *ev, struct slice url,
		    struct slice *host);

/*
 * One key=value pair at *pos, FortiGate style: the value is a word, or a
 * "quoted string" in which \" and \\ are escapes.  *esc is set when the
 * value has escapes (decode it with kv_unescape).  Returns 1 with *pos
 * past the pair, 0 at the end of the line.
 */
int		 kv_next(const char *p, size_t len, size_t *pos,
		    struct slice *key, struct slice *val, int *esc);
/* The value without its backslash escapes, in the event's arena. */
struct slice	 kv_unescape(struct logevent *, struct slice);
/*
 * A native lookup (logevent_native) on key=value text: the value of the
 * first key that is name[0..len), decoded into buf if it has escapes;
 * key= and key="" give an empty value with p set; {NULL, 0} when no
 * key is name, {NULL, n} when buf has fewer than the n bytes it needs.
 */
struct slice	 kv_native(struct slice line, const char *name, size_t len,
		    char *buf, size_t size);

/*
 * Split CSV into at most n fields; fields in double quotes may hold
 * commas and doubled quotes.  Quoted fields are returned without their
 * quotes, and with bit i of *dq set if field i holds a doubled quote
 * (decode it with kv_csv_unquote).  Returns the number of fields, or
 * -1 for an unterminated quote.
 */
int		 kv_csv(const char *p, size_t len, struct slice *f, size_t n,
		    uint64_t *dq);
struct slice	 kv_csv_unquote(struct logevent *, struct slice);

/*
 * Mail: a message to one recipient names a user, the local part of the
 * address ("alice" of alice@corp.example); set ev->user from
 * ev->mail_to when it holds one address, with or without <>.  A
 * message to several is given to the analyzers once for each
 * recipient by the pipeline (logevent_recipient).
 */
void		 kv_mail_user(struct logevent *);

#endif
