/*
 * Tests of the deceptive file name test (src/rules/fname.c) that
 * "FIELD is deceptive" runs: each kind of deception, in ASCII, in
 * Japanese and percent-escaped; the names it must leave alone
 * (versions, installers, archives of software, ordinary documents);
 * lists of names; Content-Disposition values; and names cut at any
 * byte, which must never read past their end.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "rules/fname.h"
#include "testmain.h"

#define RLO	"\xe2\x80\xae"

static const struct {
	const char	*in;
	enum fname_kind	 kind;
	const char	*name;		/* the name reported; NULL: in */
} names[] = {
	/* a document extension before an executable one */
	{ "invoice.pdf.exe", FNAME_DOUBLE_EXT, NULL },
	{ "\xe8\xa6\x8b\xe7\xa9\x8d\xe3\x82\x82\xe3\x82\x8a\xe7\x94\xa8"
	  "\xe5\x86\x99\xe7\x9c\x9f.xlsxs.exe", FNAME_DOUBLE_EXT, NULL },
	{ "C:\\Users\\yamada\\Downloads\\\xe8\xab\x8b\xe6\xb1\x82\xe6\x9b\xb8"
	  ".docx.scr", FNAME_DOUBLE_EXT,
	  "\xe8\xab\x8b\xe6\xb1\x82\xe6\x9b\xb8.docx.scr" },
	{ "Report.PDF.EXE", FNAME_DOUBLE_EXT, NULL },
	{ "photo.jpg.js", FNAME_DOUBLE_EXT, NULL },
	{ "minutes.dcox.exe", FNAME_DOUBLE_EXT, NULL },
	{ "minutes.doc_.exe", FNAME_DOUBLE_EXT, NULL },
	{ "budget.xlx.exe", FNAME_DOUBLE_EXT, NULL },
	{ "report.pdfxx.exe", FNAME_DOUBLE_EXT, NULL },
	{ "report.pdfxxx.exe", FNAME_NONE, NULL },
	{ "quote.pdf.exe.", FNAME_DOUBLE_EXT, NULL },
	{ "quote.pdf .lnk", FNAME_DOUBLE_EXT, NULL },
	{ "/dl/%E8%A6%8B%E7%A9%8D.xlsx.exe", FNAME_DOUBLE_EXT,
	  "\xe8\xa6\x8b\xe7\xa9\x8d.xlsx.exe" },
	{ "scan\xef\xbc\x8epdf\xef\xbc\x8e" "exe", FNAME_DOUBLE_EXT, NULL },
	/* bidirectional controls */
	{ "report" RLO "fdp.exe", FNAME_BIDI, "report[U+202E]fdp.exe" },
	{ "/files/invoice%E2%80%AEcod.scr", FNAME_BIDI,
	  "invoice[U+202E]cod.scr" },
	{ "a\xe2\x81\xa6" "b.txt", FNAME_BIDI, "a[U+2066]b.txt" },
	{ "a\xe2\x80\x8f" "b", FNAME_BIDI, "a[U+200F]b" },
	{ "\xd8\x9c" "x.pdf", FNAME_BIDI, "[U+061C]x.pdf" },
	{ "\xe8\xa6\x8b" RLO "xslx.exe", FNAME_BIDI,
	  "\xe8\xa6\x8b[U+202E]xslx.exe" },
	/* runs of spaces or dots before the real extension */
	{ "invoice.pdf                  .exe", FNAME_PADDING, NULL },
	{ "invoice.pdf.......exe", FNAME_PADDING, NULL },
	{ "setup   .exe", FNAME_PADDING, NULL },
	{ "\xe8\xa6\x8b\xe7\xa9\x8d\xe3\x80\x80\xe3\x80\x80\xe3\x80\x80.exe",
	  FNAME_PADDING, NULL },
	/* archives named as documents, executables inside them */
	{ "invoice.pdf.zip", FNAME_ARCHIVE_DOC, NULL },
	{ "scan.docx.iso", FNAME_ARCHIVE_DOC, NULL },
	{ "invoice.pdf.zip,invoice.exe", FNAME_ARCHIVED_EXE, "invoice.exe" },
	{ "orders.zip|orders.pdf.exe", FNAME_ARCHIVED_EXE, "orders.pdf.exe" },
	{ "orders.zip,orders.pdf.exe", FNAME_ARCHIVED_EXE, "orders.pdf.exe" },
	/* Content-Disposition */
	{ "attachment; filename=\"invoice.pdf.exe\"", FNAME_DOUBLE_EXT,
	  "invoice.pdf.exe" },
	{ "attachment; filename*=UTF-8''%E8%A6%8B%E7%A9%8D.xlsxs.exe",
	  FNAME_DOUBLE_EXT, "\xe8\xa6\x8b\xe7\xa9\x8d.xlsxs.exe" },
	{ "attachment; filename=report.pdf; size=10", FNAME_NONE, NULL },
	/* filename* wins, wherever it stands, with any language tag. */
	{ "attachment; filename=\"report.pdf\"; "
	  "filename*=utf-8'ja-JP'%E8%A6%8B.pdf.exe", FNAME_DOUBLE_EXT,
	  "\xe8\xa6\x8b.pdf.exe" },
	/* an NTFS stream after the name (Sysmon 15) is not the name */
	{ "C:\\Users\\a\\Downloads\\\xe8\xa6\x8b.xlsxs.exe:Zone.Identifier",
	  FNAME_DOUBLE_EXT, "\xe8\xa6\x8b.xlsxs.exe" },
	{ "C:\\Users\\a\\report.pdf:x.exe:$DATA", FNAME_NONE, NULL },
	/* names left alone */
	{ "setup.exe", FNAME_NONE, NULL },
	{ "Firefox Setup 120.0.1.exe", FNAME_NONE, NULL },
	{ "vs_community.2022.exe", FNAME_NONE, NULL },
	{ "chrome.x86.exe", FNAME_NONE, NULL },
	{ "python-3.12.1-amd64.exe", FNAME_NONE, NULL },
	{ "node.x64.msi", FNAME_NONE, NULL },
	{ "data.dat.exe", FNAME_NONE, NULL },
	{ "jquery.min.js", FNAME_NONE, NULL },
	{ "invoice.pdf", FNAME_NONE, NULL },
	{ "\xe8\xa6\x8b\xe7\xa9\x8d\xe3\x82\x82\xe3\x82\x8a.xlsx", FNAME_NONE,
	  NULL },
	{ "driver.zip", FNAME_NONE, NULL },
	{ "tools.zip,setup.exe", FNAME_NONE, NULL },
	{ "C:\\Windows\\System32\\svchost.exe", FNAME_NONE, NULL },
	{ "C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE",
	  FNAME_NONE, NULL },
	{ "archive.tar.gz", FNAME_NONE, NULL },
	/* ASCII names that only their decoding or cutting makes so */
	{ "report.pdf%2eexe", FNAME_DOUBLE_EXT, "report.pdf.exe" },
	{ "invoice.pdf.exe:Zone.Identifier", FNAME_DOUBLE_EXT,
	  "invoice.pdf.exe" },
	{ "invoice.pdf.exe|readme", FNAME_DOUBLE_EXT, "invoice.pdf.exe" },
	{ "notes.txt,invoice.PDF.exe", FNAME_DOUBLE_EXT, "invoice.PDF.exe" },
	{ "a..exe", FNAME_NONE, NULL },
	{ "", FNAME_NONE, NULL },
	{ ".exe", FNAME_NONE, NULL },
	{ "pdf.exe", FNAME_NONE, NULL },
};

START_TEST(test_names)
{
	struct fname_verdict	 v;
	const char		*in = names[_i].in;
	int			 r;

	r = fname_deceptive(in, strlen(in), &v);
	ck_assert_msg(v.kind == names[_i].kind, "\"%s\": kind %d, want %d",
	    in, v.kind, names[_i].kind);
	ck_assert_int_eq(r, names[_i].kind != FNAME_NONE);
	if (r)
		ck_assert_str_eq(v.name, names[_i].name != NULL ?
		    names[_i].name : in);
	else
		ck_assert_str_eq(v.name, "");
	ck_assert_ptr_nonnull(fname_kind_text(v.kind));
}
END_TEST

/* Every prefix of every name, from a heap copy without a NUL. */
START_TEST(test_cut)
{
	struct fname_verdict	 v;
	const char		*in = names[_i].in;
	size_t			 len = strlen(in), k;
	char			*p;

	for (k = 0; k <= len; k++) {
		ck_assert_ptr_nonnull(p = malloc(k ? k : 1));
		memcpy(p, in, k);
		(void)fname_deceptive(p, k, &v);
		ck_assert_uint_lt(strlen(v.name), sizeof(v.name));
		free(p);
	}
}
END_TEST

/* A long name: read to FNAME_MAX, the name shown cut whole. */
START_TEST(test_long)
{
	struct fname_verdict	 v;
	char			*p;
	size_t			 n = 3 * FNAME_MAX, i;

	ck_assert_ptr_nonnull(p = malloc(n));
	for (i = 0; i + 3 <= 600; i += 3)
		memcpy(p + i, "\xe8\xa6\x8b", 3);
	memcpy(p + 600, ".pdf.exe", 8);
	memset(p + 608, 'a', n - 608);
	ck_assert_int_eq(fname_deceptive(p, 608, &v), 1);
	ck_assert_int_eq(v.kind, FNAME_DOUBLE_EXT);
	/* 255 bytes at most, and no character cut in two. */
	ck_assert_uint_eq(strlen(v.name), 255);
	ck_assert_int_eq(fname_deceptive(p, n, &v), 0);
	/* ASCII, deceptive only as far as it is read. */
	memset(p, 'a', n);
	memcpy(p + FNAME_MAX - 15, "invoice.pdf.exe.txt", 19);
	ck_assert_int_eq(fname_deceptive(p, FNAME_MAX + 4, &v), 1);
	ck_assert_int_eq(v.kind, FNAME_DOUBLE_EXT);
	free(p);
}
END_TEST

/* Copies are valid UTF-8, cut at a character boundary. */
START_TEST(test_copy)
{
	char	 buf[8];

	fname_copy(buf, sizeof(buf), "ab\xe8\xa6\x8b\xe7\xa9\x8d");
	ck_assert_str_eq(buf, "ab\xe8\xa6\x8b");
	fname_copy(buf, sizeof(buf), "a\xff\xe8\xa6");
	ck_assert_str_eq(buf, "a???");
	fname_copy(buf, sizeof(buf), "\xed\xa0\x80x");
	ck_assert_str_eq(buf, "???x");
	fname_copy(buf, 1, "abc");
	ck_assert_str_eq(buf, "");
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("fname");
	TCase	*tc = tcase_create("fname");

	tcase_add_loop_test(tc, test_names, 0, TEST_NITEMS(names));
	tcase_add_loop_test(tc, test_cut, 0, TEST_NITEMS(names));
	tcase_add_test(tc, test_long);
	tcase_add_test(tc, test_copy);
	suite_add_tcase(s, tc);
	return test_main(s);
}
