/*
 * Deceptive file names (fname.h): the name decoded once into a buffer
 * on the stack, then read piece by piece from its extensions backwards.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/hex.h"
#include "rules/fname.h"

/* The longest of fname_docs: a misspelling is at most two longer. */
#define FNAME_DOC_LONGEST	4

static const char *const fname_docs[] = {
	"pdf", "doc", "docx", "docm", "dotx", "xls", "xlsx", "xlsm", "xlsb",
	"ppt", "pptx", "pptm", "pps", "ppsx", "rtf", "txt", "csv", "odt",
	"ods", "odp", "xps", "jtd", "hwp", "jpg", "jpeg", "png", "gif", "bmp",
	"tif", "tiff", "mp3", "mp4", "wav", "avi", "mov", "wmv", NULL
};

static const char *const fname_execs[] = {
	"exe", "scr", "com", "pif", "bat", "cmd", "cpl", "msi", "msp", "hta",
	"js", "jse", "vbs", "vbe", "wsf", "wsh", "ps1", "psm1", "lnk", "jar",
	"dll", "reg", "chm", "msc", "sct", "application", "gadget", NULL
};

static const char *const fname_archives[] = {
	"zip", "rar", "7z", "iso", "img", "cab", "gz", "tgz", "tar", "lzh",
	"arj", "ace", "vhd", "vhdx", "bz2", "xz", NULL
};

/* What one name of a list is. */
struct fname_piece {
	enum fname_kind	 kind;
	int		 exec;		/* its extension is executable */
	int		 archive;	/* an archive or disk image */
};

static int
fname_in(const char *const *t, const char *e, size_t n)
{
	if (n == 0)
		return 0;
	/* The first letter before the length: most differ there. */
	for (; *t != NULL; t++)
		if ((*t)[0] == e[0] && strlen(*t) == n && memcmp(*t, e, n) == 0)
			return 1;
	return 0;
}

/* a and b (lengths na, nb) are one edit apart, swaps of neighbours too. */
static int
fname_one_edit(const char *a, size_t na, const char *b, size_t nb)
{
	size_t	 i = 0, j;

	if (na > nb + 1 || nb > na + 1)
		return 0;
	while (i < na && i < nb && a[i] == b[i])
		i++;
	if (na == nb) {
		if (i == na)
			return 1;
		if (i + 1 < na && a[i] == b[i + 1] && a[i + 1] == b[i] &&
		    memcmp(a + i + 2, b + i + 2, na - i - 2) == 0)
			return 1;
		return memcmp(a + i + 1, b + i + 1, na - i - 1) == 0;
	}
	if (na > nb)
		return memcmp(a + i + 1, b + i, nb - i) == 0;
	for (j = i; j < na; j++)
		if (a[j] != b[j + 1])
			return 0;
	return 1;
}

/* A document extension, or a misspelling of one (see fname.h). */
static int
fname_doclike(const char *e, size_t n)
{
	const char *const	*t;
	size_t			 k;

	if (n == 0)
		return 0;
	if (fname_in(fname_docs, e, n))
		return 1;
	if (n < 3 || n > FNAME_DOC_LONGEST + 2)
		return 0;
	for (t = fname_docs; *t != NULL; t++) {
		k = strlen(*t);
		if (n > k && n <= k + 2 && memcmp(e, *t, k) == 0)
			return 1;
		if (fname_one_edit(e, n, *t, k))
			return 1;
	}
	return 0;
}

/*
 * The UTF-8 bidirectional controls: LRM, RLM (U+200E, U+200F), LRE to
 * RLO (U+202A..U+202E), LRI to PDI (U+2066..U+2069) and ALM (U+061C).
 * Their length at s, and *cp the code point; 0 for another character.
 */
static size_t
fname_bidi(const unsigned char *s, size_t n, unsigned *cp)
{
	if (n >= 3 && s[0] == 0xe2 && s[1] == 0x80 &&
	    (s[2] == 0x8e || s[2] == 0x8f || (s[2] >= 0xaa && s[2] <= 0xae))) {
		*cp = 0x2000 + (s[2] & 0x3f);
		return 3;
	}
	if (n >= 3 && s[0] == 0xe2 && s[1] == 0x81 && s[2] >= 0xa6 &&
	    s[2] <= 0xa9) {
		*cp = 0x2040 + (s[2] & 0x3f);
		return 3;
	}
	if (n >= 2 && s[0] == 0xd8 && s[1] == 0x9c) {
		*cp = 0x61c;
		return 2;
	}
	return 0;
}

/*
 * A wide full stop (U+FF0E) as '.', a no-break or ideographic space
 * (U+00A0, U+3000) as ' ', an ASCII letter in lower case: the byte
 * into *c, and the length read at s.
 */
static size_t
fname_fold(const unsigned char *s, size_t n, char *c)
{
	if (n >= 3 && s[0] == 0xef && s[1] == 0xbc && s[2] == 0x8e) {
		*c = '.';
		return 3;
	}
	if (n >= 3 && s[0] == 0xe3 && s[1] == 0x80 && s[2] == 0x80) {
		*c = ' ';
		return 3;
	}
	if (n >= 2 && s[0] == 0xc2 && s[1] == 0xa0) {
		*c = ' ';
		return 2;
	}
	*c = (char)(s[0] >= 'A' && s[0] <= 'Z' ? s[0] | 0x20 : s[0]);
	return 1;
}

/*
 * One name into low (folded, controls left out) and show (as given,
 * controls written "[U+XXXX]", other bytes below 0x20 as '?'); 1 if it
 * has a bidirectional control.
 */
static int
fname_norm(const unsigned char *s, size_t n, char *low, size_t *nlow,
    char *show, size_t size)
{
	size_t		 i = 0, k, o = 0, w = 0;
	unsigned	 cp;
	int		 bidi = 0;

	while (i < n && o < FNAME_MAX) {
		if ((k = fname_bidi(s + i, n - i, &cp)) > 0) {
			bidi = 1;
			if (w + 9 < size)
				w += (size_t)snprintf(show + w, size - w,
				    "[U+%04X]", cp);
			i += k;
			continue;
		}
		k = fname_fold(s + i, n - i, &low[o++]);
		for (; k > 0; k--, i++)
			if (w + 1 < size)
				show[w++] = s[i] < 0x20 ? '?' : (char)s[i];
	}
	show[w] = '\0';
	*nlow = o;
	return bidi;
}

/*
 * What the extensions of the folded name low[0..n) make it: pc's exec
 * and archive, and the kind they give (FNAME_NONE if none).
 */
static enum fname_kind
fname_exts(const char *low, size_t n, struct fname_piece *pc)
{
	size_t	 dot, pad = 0, end, start;

	while (n > 0 && (low[n - 1] == ' ' || low[n - 1] == '.'))
		n--;
	for (dot = n; dot > 0 && low[dot - 1] != '.'; dot--)
		;
	if (dot == 0)
		return FNAME_NONE;
	pc->exec = fname_in(fname_execs, low + dot, n - dot);
	pc->archive = fname_in(fname_archives, low + dot, n - dot);
	if (!pc->exec && !pc->archive)
		return FNAME_NONE;
	for (end = dot - 1; end > 0 && (low[end - 1] == ' ' ||
	    low[end - 1] == '.'); end--)
		pad++;
	for (start = end; start > 0 && low[start - 1] != '.' &&
	    low[start - 1] != '/' && low[start - 1] != '\\'; start--)
		;
	if (pc->exec && pad >= FNAME_PAD_MIN)
		return FNAME_PADDING;
	if (start > 0 && fname_doclike(low + start, end - start))
		return pc->exec ? FNAME_DOUBLE_EXT : FNAME_ARCHIVE_DOC;
	return FNAME_NONE;
}

/*
 * Where the name starts: after "filename*=" and its charset'language'
 * (RFC 8187, which browsers prefer wherever it stands), else after
 * "filename=" and its quotes, if any.
 */
static size_t
fname_start(const char *s, size_t n, size_t *end)
{
	const char	*f = memmem(s, n, "filename*=", 10), *q;
	size_t		 i, e = n, pe;

	if (f != NULL) {
		i = (size_t)(f - s) + 10;
		for (pe = i; pe < n && s[pe] != ';'; pe++)
			;
		if ((q = memchr(s + i, '\'', pe - i)) != NULL &&
		    (q = memchr(q + 1, '\'', pe - (size_t)(q + 1 - s))) != NULL)
			i = (size_t)(q + 1 - s);
	} else if ((f = memmem(s, n, "filename=", 9)) != NULL)
		i = (size_t)(f - s) + 9;
	else
		return 0;
	if (i < n && s[i] == '"') {
		i++;
		for (e = i; e < n && s[e] != '"'; e++)
			;
	} else
		for (e = i; e < n && s[e] != ';'; e++)
			;
	*end = e;
	return i;
}

static int
fname_rank(enum fname_kind k)
{
	static const int rank[] = { 0, 2, 4, 3, 1, 5 };

	return rank[k];
}

/* One name of the list: what it is, and its name to show if it is. */
static void
fname_piece(const char *s, size_t n, struct fname_piece *pc, char *show,
    size_t size)
{
	char		 low[FNAME_MAX];
	const char	*colon;
	size_t		 i, nlow;
	enum fname_kind	 k;

	for (i = n; i > 0 && s[i - 1] != '/' && s[i - 1] != '\\'; i--)
		;
	/* An NTFS stream ("x.pdf.exe:Zone.Identifier", Sysmon 15). */
	if ((colon = memchr(s + i, ':', n - i)) != NULL)
		n = (size_t)(colon - s);
	memset(pc, 0, sizeof(*pc));
	if (fname_norm((const unsigned char *)s + i, n - i, low, &nlow, show,
	    size))
		pc->kind = FNAME_BIDI;
	k = fname_exts(low, nlow, pc);
	if (fname_rank(k) > fname_rank(pc->kind))
		pc->kind = k;
}

/* Whether the ASCII name s[0..n) ends in an executable or archive. */
static int
fname_ext_risky(const char *s, size_t n)
{
	char	 e[16];
	size_t	 i, dot;

	for (i = n; i > 0 && s[i - 1] != '/' && s[i - 1] != '\\'; i--)
		;
	s += i;
	n -= i;
	for (i = 0; i < n && s[i] != ':'; i++)
		;
	for (n = i; n > 0 && (s[n - 1] == ' ' || s[n - 1] == '.'); n--)
		;
	for (dot = n; dot > 0 && s[dot - 1] != '.'; dot--)
		;
	if (dot == 0 || n - dot >= sizeof(e))
		return 0;
	for (i = dot; i < n; i++)
		e[i - dot] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] | 0x20 :
		    s[i]);
	return fname_in(fname_execs, e, n - dot) ||
	    fname_in(fname_archives, e, n - dot);
}

/*
 * Most values are plain ASCII paths whose names end in neither an
 * executable nor an archive extension: then no piece can be deceptive
 * (no escape to decode, no bidirectional control or wide stop, no
 * "filename=", nothing cut at FNAME_MAX), and the copies fname_piece
 * makes are not needed to say so.  1 when the value needs them.
 */
static int
fname_maybe(const char *p, size_t len)
{
	const char	*f, *end;
	size_t		 i, start = 0;
	unsigned char	 c;

	if (len > FNAME_MAX)
		return 1;
	if (len == 0)
		return 0;
	end = p + len;
	for (f = p; (f = memchr(f, 'f', (size_t)(end - f))) != NULL; f++)
		if (end - f >= 8 && memcmp(f, "filename", 8) == 0)
			return 1;
	/* One pass: an escape or a wide byte, or a risky piece, is enough. */
	for (i = 0; i <= len; i++) {
		if (i < len) {
			c = (unsigned char)p[i];
			if (c == '%' || c >= 0x80)
				return 1;
			if (c != ',' && c != '|')
				continue;
		}
		if (fname_ext_risky(p + start, i - start))
			return 1;
		start = i + 1;
	}
	return 0;
}

int
fname_deceptive(const char *p, size_t len, struct fname_verdict *v)
{
	char			 buf[FNAME_MAX], show[sizeof(v->name)];
	struct fname_piece	 pc;
	size_t			 n, i, j, end;
	int			 arch = 0, archdoc = 0;

	v->kind = FNAME_NONE;
	v->name[0] = '\0';
	if (!fname_maybe(p, len))
		return 0;
	n = hex_unescape_pct(p, len, buf, FNAME_MAX);
	end = n;
	i = fname_start(buf, n, &end);
	for (; i < end; i = j + 1) {
		for (j = i; j < end && buf[j] != ',' && buf[j] != '|'; j++)
			;
		fname_piece(buf + i, j - i, &pc, show, sizeof(show));
		if (pc.exec && arch && (archdoc || pc.kind != FNAME_NONE))
			pc.kind = FNAME_ARCHIVED_EXE;
		if (pc.archive) {
			arch = 1;
			archdoc |= pc.kind == FNAME_ARCHIVE_DOC;
		}
		if (fname_rank(pc.kind) > fname_rank(v->kind)) {
			v->kind = pc.kind;
			fname_copy(v->name, sizeof(v->name), show);
		}
	}
	return v->kind != FNAME_NONE;
}

/* The length of the valid UTF-8 character at s, or 0. */
static size_t
fname_utf8(const unsigned char *s, size_t n)
{
	size_t	 k, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		k = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		k = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		k = 4;
	else
		return 0;
	if (n < k)
		return 0;
	for (i = 1; i < k; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	/* Overlong three- and four-byte forms, surrogates, past U+10FFFF. */
	if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0) ||
	    (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] >= 0x90))
		return 0;
	return k;
}

void
fname_copy(char *buf, size_t size, const char *name)
{
	const unsigned char	*s = (const unsigned char *)name;
	size_t			 n = strlen(name), i = 0, o = 0, k;

	if (size == 0)
		return;
	while (i < n) {
		if ((k = fname_utf8(s + i, n - i)) == 0) {
			if (o + 1 >= size)
				break;
			buf[o++] = '?';
			i++;
			continue;
		}
		if (o + k >= size)
			break;
		memcpy(buf + o, s + i, k);
		o += k;
		i += k;
	}
	buf[o] = '\0';
}

const char *
fname_kind_text(enum fname_kind k)
{
	switch (k) {
	case FNAME_DOUBLE_EXT:
		return "a document extension before an executable one";
	case FNAME_BIDI:
		return "a bidirectional control character that reorders the "
		    "name as shown";
	case FNAME_PADDING:
		return "a run of spaces or dots hiding the executable extension";
	case FNAME_ARCHIVE_DOC:
		return "an archive or disk image named as a document";
	case FNAME_ARCHIVED_EXE:
		return "an executable inside an archive named as a document";
	default:
		return "no deception";
	}
}
