/*
 * Deceptive file names: names made to look like a document to the
 * person about to open them.  The test the rule language's
 * "FIELD is deceptive" runs (cond.c), on a file name, a path, a URL
 * path or a Content-Disposition value:
 *
 *	FNAME_DOUBLE_EXT   a document extension, or a misspelling of one,
 *			   before an executable one: "invoice.pdf.exe",
 *			   "見積もり用写真.xlsxs.exe"
 *	FNAME_BIDI         a bidirectional control character (U+202E
 *			   right-to-left override and its kin), which makes
 *			   "report<RLO>fdp.exe" show as "reportexe.pdf"
 *	FNAME_PADDING      a run of FNAME_PAD_MIN or more spaces or dots
 *			   before an executable extension, which pushes it
 *			   out of sight: "invoice.pdf          .exe"
 *	FNAME_ARCHIVE_DOC  an archive or disk image named as a document:
 *			   "invoice.pdf.zip", "scan.docx.iso"
 *	FNAME_ARCHIVED_EXE an executable inside an archive, one of them
 *			   named as a document, as a list of names gives it
 *			   (amavis: "invoice.zip,invoice.pdf.exe")
 *
 * The name is the last segment of a path ('/' or '\'), up to an NTFS
 * stream name (":Zone.Identifier", as Sysmon 15 gives it); %XX escapes
 * are decoded first, so that a URL path is read as the name it gives;
 * a value holding "filename=" (a Content-Disposition header) is read
 * from there; a list separated by ',' or '|' is read name by name, in
 * order.  Extensions compare without case; a full-width full stop
 * (U+FF0E) is a dot, and a no-break or ideographic space (U+00A0,
 * U+3000) a space.  Windows drops trailing dots and spaces, so
 * "invoice.exe. " has the extension exe.
 *
 * A document extension is one of a fixed list (Office, PDF, text,
 * images, audio, video, Ichitaro, Hangul); a misspelling of one is an
 * extension of three letters or more that is a document extension with
 * one or two letters added ("xlsxs"), or one edit away from one (a
 * letter changed, added, dropped, or two neighbours swapped: "dcox").
 * No allocation; names longer than FNAME_MAX bytes are read to there.
 */
#ifndef DETECTD_RULES_FNAME_H
#define DETECTD_RULES_FNAME_H

#include <stddef.h>

#define FNAME_MAX	1024
#define FNAME_PAD_MIN	3

enum fname_kind {
	FNAME_NONE = 0,
	FNAME_DOUBLE_EXT,
	FNAME_BIDI,
	FNAME_PADDING,
	FNAME_ARCHIVE_DOC,
	FNAME_ARCHIVED_EXE
};

struct fname_verdict {
	enum fname_kind	 kind;
	/* the name that is deceptive, decoded, valid UTF-8 */
	char		 name[256];
};

/* 1 if p[0..len) is deceptive (and v says how), else 0. */
int		 fname_deceptive(const char *p, size_t len,
		    struct fname_verdict *v);
/*
 * The verdict's name into buf, cut at a character boundary if it is
 * longer: a name is valid UTF-8 (bytes that are not are '?').
 */
void		 fname_copy(char *buf, size_t size, const char *name);
/* What a kind means, in a phrase: "a document extension before ...". */
const char	*fname_kind_text(enum fname_kind);

#endif
