/*
 * Tests of importance and priority (src/alert/importance.c): the levels
 * from a finding's rule and what it touched, critical servers and VIP
 * users, and the files that list them (consulted, not only loaded).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzers/finding.h"
#include "alert/importance.h"
#include "event/logevent.h"
#include "rules/rule.h"

struct lcase {
	int		 imp, pri;	/* the rule's; 0 = unset */
	const char	*vp;		/* viewpoint */
	const char	*src, *dst, *user;
	double		 score;
	int		 want_imp, want_pri;
	unsigned	 raised;
};

static const struct lcase cases[] = {
	/* The rule's levels; unset: medium, priority as importance. */
	{ 0, 0, "known-attack", "10.9.0.1", "198.51.100.1", "", 0,
	    LVL_MEDIUM, LVL_MEDIUM, 0 },
	{ LVL_HIGH, 0, "known-attack", "10.9.0.1", "", "", 0,
	    LVL_HIGH, LVL_HIGH, 0 },
	{ LVL_LOW, LVL_HIGH, "known-attack", "10.9.0.1", "", "", 0,
	    LVL_LOW, LVL_HIGH, 0 },
	/* A critical server as the endpoint or as the destination. */
	{ LVL_MEDIUM, 0, "known-attack", "10.1.0.7", "", "", 0,
	    LVL_HIGH, LVL_HIGH, IMP_RAISED_SERVER },
	{ LVL_MEDIUM, 0, "known-attack", "10.9.0.1", "10.1.0.200", "", 0,
	    LVL_HIGH, LVL_HIGH, IMP_RAISED_SERVER },
	/* Two critical servers: one kind of asset, one level. */
	{ LVL_MEDIUM, 0, "known-attack", "10.1.0.7", "192.0.2.5", "", 0,
	    LVL_HIGH, LVL_HIGH, IMP_RAISED_SERVER },
	/* A VIP user, written with a domain. */
	{ LVL_LOW, 0, "known-attack", "10.9.0.1", "", "CORP\\ceo", 0,
	    LVL_MEDIUM, LVL_MEDIUM, IMP_RAISED_USER },
	/* Both: two levels; stops at critical. */
	{ LVL_MEDIUM, 0, "known-attack", "10.1.0.7", "", "ceo", 0,
	    LVL_CRITICAL, LVL_CRITICAL, IMP_RAISED_SERVER | IMP_RAISED_USER },
	{ LVL_HIGH, 0, "known-attack", "10.1.0.7", "", "ceo", 0,
	    LVL_CRITICAL, LVL_CRITICAL, IMP_RAISED_SERVER | IMP_RAISED_USER },
	/* A strong statistical score raises the priority only. */
	{ LVL_MEDIUM, 0, "similar-to-attack", "10.9.0.1", "", "", 0.95,
	    LVL_MEDIUM, LVL_HIGH, IMP_RAISED_SCORE },
	{ LVL_MEDIUM, 0, "deviation-from-normal", "10.9.0.1", "", "", 0.89,
	    LVL_MEDIUM, LVL_MEDIUM, 0 },
	/* A match's score says nothing more. */
	{ LVL_MEDIUM, 0, "known-attack", "10.9.0.1", "", "", 1.0,
	    LVL_MEDIUM, LVL_MEDIUM, 0 },
	{ LVL_LOW, 0, "similar-to-attack", "10.1.0.9", "", "", 1.0,
	    LVL_MEDIUM, LVL_HIGH, IMP_RAISED_SERVER | IMP_RAISED_SCORE },
};

/* The ladder of statistical evidence (detectd.rules(5)). */
struct ladcase {
	int		 imp, pri;
	const char	*vp;
	double		 score;
	unsigned	 flags;		/* FINDING_* */
	int		 want_imp, want_pri;
	unsigned	 moved;
};

static const struct ladcase ladder[] = {
	/* A high statistical rule alone, weak score: medium. */
	{ LVL_HIGH, LVL_HIGH, "similar-to-attack", 0.7, 0,
	    LVL_MEDIUM, LVL_MEDIUM, IMP_LOWERED_ALONE },
	{ LVL_CRITICAL, 0, "deviation-from-normal", 0.89, 0,
	    LVL_MEDIUM, LVL_MEDIUM, IMP_LOWERED_ALONE },
	/* Very high score: the rule's levels stand, priority up. */
	{ LVL_HIGH, LVL_HIGH, "similar-to-attack", 0.9, 0,
	    LVL_HIGH, LVL_CRITICAL, IMP_RAISED_SCORE },
	/* Medium or low already: nothing to lower. */
	{ LVL_MEDIUM, LVL_LOW, "similar-to-attack", 0.5, 0,
	    LVL_MEDIUM, LVL_LOW, 0 },
	/* A popular destination: one level less, to low at most. */
	{ LVL_HIGH, LVL_HIGH, "similar-to-attack", 0.7, FINDING_POPULAR,
	    LVL_LOW, LVL_LOW, IMP_LOWERED_ALONE | IMP_LOWERED_POPULAR },
	/* ... and a strong score does not raise it again. */
	{ LVL_HIGH, LVL_HIGH, "similar-to-attack", 0.95, FINDING_POPULAR,
	    LVL_MEDIUM, LVL_MEDIUM, IMP_LOWERED_POPULAR },
	{ LVL_LOW, LVL_LOW, "similar-to-attack", 0.5, FINDING_POPULAR,
	    LVL_LOW, LVL_LOW, 0 },
	/* Never a match, nor a composite that joined findings. */
	{ LVL_HIGH, LVL_HIGH, "known-attack", 0.5, FINDING_POPULAR,
	    LVL_HIGH, LVL_HIGH, 0 },
	{ LVL_HIGH, LVL_HIGH, "composite", 0.5, 0,
	    LVL_HIGH, LVL_HIGH, 0 },
};

START_TEST(test_ladder)
{
	const struct ladcase	*c = &ladder[_i];
	struct logevent		 ev;
	struct rule		 r;
	struct finding		 f;
	enum level		 li, lp;
	unsigned		 moved;

	memset(&ev, 0, sizeof(ev));
	memset(&r, 0, sizeof(r));
	memset(&f, 0, sizeof(f));
	r.id = "1";
	r.importance = c->imp;
	r.priority = c->pri;
	r.viewpoint = viewpoint_from_name(c->vp);
	f.rule = &r;
	f.ev = &ev;
	f.score = c->score;
	f.flags = c->flags;
	moved = importance_levels(NULL, &f, &li, &lp);
	ck_assert_msg(li == (enum level)c->want_imp &&
	    lp == (enum level)c->want_pri && moved == c->moved,
	    "case %d: got %d/%d moved %#x", _i, li, lp, moved);
}
END_TEST

static struct importance *
assets(void)
{
	struct importance	*imp;
	const char		*why;

	ck_assert_ptr_nonnull(imp = importance_new());
	ck_assert_int_eq(importance_add(imp, IMP_SERVER, "10.1.0.0/24",
	    &why), 0);
	ck_assert_int_eq(importance_add(imp, IMP_SERVER, "192.0.2.5", &why),
	    0);
	ck_assert_int_eq(importance_add(imp, IMP_USER, "ceo", &why), 0);
	return imp;
}

START_TEST(test_levels)
{
	const struct lcase	*c = &cases[_i];
	struct importance	*imp = assets();
	struct logevent		 ev;
	struct rule		 r;
	struct finding		 f;
	enum level		 li, lp;
	unsigned		 raised;

	memset(&ev, 0, sizeof(ev));
	memset(&r, 0, sizeof(r));
	memset(&f, 0, sizeof(f));
	ev.src_ip = slice_cstr(c->src);
	ev.dst_ip = slice_cstr(c->dst);
	ev.user = slice_cstr(c->user);
	r.id = "1";
	r.importance = c->imp;
	r.priority = c->pri;
	r.viewpoint = viewpoint_from_name(c->vp);
	f.rule = &r;
	f.ev = &ev;
	f.score = c->score;
	raised = importance_levels(imp, &f, &li, &lp);
	ck_assert_msg(li == (enum level)c->want_imp &&
	    lp == (enum level)c->want_pri && raised == c->raised,
	    "case %d: got %d/%d raised %u", _i, li, lp, raised);
	/* No assets configured: the rule's levels (and the score). */
	raised = importance_levels(NULL, &f, &li, &lp);
	ck_assert_uint_eq(raised & (IMP_RAISED_SERVER | IMP_RAISED_USER), 0);
	importance_free(imp);
}
END_TEST

START_TEST(test_bad_entries)
{
	struct importance	*imp;
	const char		*why = NULL;

	ck_assert_ptr_nonnull(imp = importance_new());
	ck_assert_int_eq(importance_add(imp, IMP_SERVER, "not-an-ip", &why),
	    -1);
	ck_assert_ptr_nonnull(why);
	ck_assert_int_eq(importance_add(imp, IMP_SERVER, "10.0.0.0/33",
	    &why), -1);
	ck_assert_uint_eq(importance_size(imp, IMP_SERVER), 0);
	ck_assert_int_eq(importance_add(imp, IMP_SERVER, "2001:db8::/32",
	    &why), 0);
	ck_assert_uint_eq(importance_size(imp, IMP_SERVER), 1);
	ck_assert_str_eq(importance_reason(IMP_RAISED_USER), "vip-user");
	ck_assert_ptr_null(importance_reason(0x8));
	ck_assert_str_eq(importance_reason(IMP_LOWERED_POPULAR),
	    "popular-destination");
	importance_free(imp);
	importance_free(NULL);
}
END_TEST

/* A list file of name in $TMPDIR with text; its path in path. */
static void
write_list(char *path, size_t size, const char *name, const char *text)
{
	const char	*tmp = getenv("TMPDIR");
	FILE		*f;

	snprintf(path, size, "%s/%s-%d.txt", tmp ? tmp : P_tmpdir, name,
	    (int)getpid());
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
}

/* The levels of a known-attack finding of a medium rule. */
static unsigned
levels_of(const struct importance *imp, const char *src, const char *dst,
    const char *user, enum level *li)
{
	struct logevent	 ev;
	struct rule	 r;
	struct finding	 f;
	enum level	 lp;

	memset(&ev, 0, sizeof(ev));
	memset(&r, 0, sizeof(r));
	memset(&f, 0, sizeof(f));
	ev.src_ip = slice_cstr(src);
	ev.dst_ip = slice_cstr(dst);
	ev.user = slice_cstr(user);
	r.id = "1";
	r.importance = LVL_MEDIUM;
	r.viewpoint = viewpoint_from_name("known-attack");
	f.rule = &r;
	f.ev = &ev;
	return importance_levels(imp, &f, li, &lp);
}

START_TEST(test_file)
{
	struct importance	*imp;
	struct cerrors		 errs = { NULL, 0, 0 };
	char			 path[256];

	write_list(path, sizeof(path), "vip", "# VIPs\nceo\ncfo\n");
	ck_assert_ptr_nonnull(imp = importance_new());
	ck_assert_int_eq(importance_load(imp, IMP_USER, path, &errs), 0);
	ck_assert_uint_eq(importance_size(imp, IMP_USER), 2);
	unlink(path);
	ck_assert_int_eq(importance_load(imp, IMP_USER, path, &errs), -1);
	ck_assert_uint_gt(errs.n, 0);
	cerrors_clear(&errs);
	importance_free(imp);
}
END_TEST

/*
 * What the files list raises the levels as what is written inline does:
 * every file is consulted, for the endpoint, the destination and the
 * user, and nothing else is raised.
 */
START_TEST(test_file_raises)
{
	struct importance	*imp;
	struct cerrors		 errs = { NULL, 0, 0 };
	char			 s1[256], s2[256], u[256];
	enum level		 li;

	write_list(s1, sizeof(s1), "servers1", "10.2.0.0/24\n");
	write_list(s2, sizeof(s2), "servers2", "# DCs\n10.3.0.10\n");
	write_list(u, sizeof(u), "vips", "cfo\n");
	ck_assert_ptr_nonnull(imp = importance_new());
	ck_assert_int_eq(importance_load(imp, IMP_SERVER, s1, &errs), 0);
	ck_assert_int_eq(importance_load(imp, IMP_SERVER, s2, &errs), 0);
	ck_assert_int_eq(importance_load(imp, IMP_USER, u, &errs), 0);
	unlink(s1);
	unlink(s2);
	unlink(u);
	ck_assert_uint_eq(levels_of(imp, "10.2.0.9", "", "", &li),
	    IMP_RAISED_SERVER);
	ck_assert_int_eq(li, LVL_HIGH);
	ck_assert_uint_eq(levels_of(imp, "10.9.0.1", "10.3.0.10", "", &li),
	    IMP_RAISED_SERVER);
	ck_assert_int_eq(li, LVL_HIGH);
	ck_assert_uint_eq(levels_of(imp, "10.9.0.1", "", "CORP\\cfo", &li),
	    IMP_RAISED_USER);
	ck_assert_int_eq(li, LVL_HIGH);
	ck_assert_uint_eq(levels_of(imp, "10.2.0.9", "", "cfo", &li),
	    IMP_RAISED_SERVER | IMP_RAISED_USER);
	ck_assert_int_eq(li, LVL_CRITICAL);
	ck_assert_uint_eq(levels_of(imp, "10.3.0.11", "10.2.1.1", "ceo", &li),
	    0);
	ck_assert_int_eq(li, LVL_MEDIUM);
	importance_free(imp);
}
END_TEST

static Suite *
importance_suite(void)
{
	Suite	*s = suite_create("importance");
	TCase	*tc = tcase_create("core");

	tcase_add_loop_test(tc, test_levels, 0,
	    sizeof(cases) / sizeof(cases[0]));
	tcase_add_loop_test(tc, test_ladder, 0,
	    sizeof(ladder) / sizeof(ladder[0]));
	tcase_add_test(tc, test_bad_entries);
	tcase_add_test(tc, test_file);
	tcase_add_test(tc, test_file_raises);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(importance_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
