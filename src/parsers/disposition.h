/*
 * Content-Disposition in proxy logs: the name a download is saved
 * under, which is often not the last segment of its URL
 * ("/get?id=5" with "attachment; filename=invoice.pdf.exe").  Proxies
 * log the reply header when told to, after their usual fields:
 *
 *   Squid, log_mime_hdrs on: two bracketed fields, the request and the
 *	reply headers, with %, [, ], \ and bytes outside 32..126 escaped
 *	as %XX (CR LF between headers as %0D%0A):
 *	[Host: a.example%0D%0A] [HTTP/1.1 200 OK%0D%0AContent-Disposition: attachment; filename="x.pdf.exe"%0D%0A]
 *   Squid, a logformat ending in %{Content-Disposition}<h: one more
 *	field in its pass-through URL encoding (spaces, quotes and bytes
 *	outside ASCII as %XX, % itself as it is):
 *	attachment;%20filename=%22x.pdf.exe%22
 *   The same with the quoted encoding (%"{Content-Disposition}<h), or
 *	another proxy's extended format that quotes its fields:
 *	"attachment; filename=\"x.pdf.exe\""
 *
 * A field is taken for a disposition when it starts with a disposition
 * type ("attachment" or "inline") followed by ';', the end of the
 * value, or the escape of a space or ';'.  The name is RFC 6266's:
 * filename* (RFC 8187: charset'language'%XX, UTF-8 or ISO-8859-1)
 * wherever it stands, else filename (a token or a quoted string),
 * since browsers save under filename* when both are given.
 */
#ifndef DETECTD_PARSERS_DISPOSITION_H
#define DETECTD_PARSERS_DISPOSITION_H

#include <stddef.h>

#include "event/logevent.h"

/* Names longer than this (decoded) are cut here. */
#define DISPOSITION_NAME_MAX	1024

/*
 * Look in p[0..len), the text a proxy line has after the fields its
 * parser reads, for a Content-Disposition as above; if one names a
 * file, set ev->file_name to that name, decoded into the arena (never
 * longer than it is in the line).  Nothing happens otherwise.
 */
void	disposition_scan(struct logevent *ev, const char *p, size_t len);

/*
 * The file name of the Content-Disposition value v[0..n), already
 * free of the log's escaping, into out (DISPOSITION_NAME_MAX bytes);
 * its length, 0 when the value names no file.
 */
size_t	disposition_name(const char *v, size_t n, char *out);

#endif
