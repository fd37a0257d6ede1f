/* check_pattern_planted.c - tests/fixtures/planted.jsonl (made by make_planted.py): patterns
 * planted among noise must each come first in their section of the review. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reflect/entry.h"
#include "reflect/pattern.h"

#ifndef PLANTED
#define PLANTED "tests/fixtures/planted.jsonl"
#endif

static pattern *p;
static const pattern_report *r;

static void setup(void)
{
	FILE *f = fopen(PLANTED, "r");
	char *line = NULL, **v = NULL;
	size_t cap = 0, n = 0;
	ssize_t len;

	ck_assert_msg(f != NULL, "cannot open %s (run from the top of the tree)", PLANTED);
	while ((len = getline(&line, &cap, f)) > 0) {
		v = realloc(v, (n + 1) * sizeof(*v));
		v[n++] = strdup(line);
	}
	free(line);
	fclose(f);
	ck_assert_uint_ge(n, 50);
	ck_assert_int_eq(pattern_new(NULL, &p), RF_OK);
	/* Newest first, as the journal gives them; ids in the order they were written. */
	for (size_t i = n; i > 0; i--) {
		entry *e = NULL;
		ck_assert_int_eq(entry_from_json(v[i - 1], strlen(v[i - 1]), &e, NULL), RF_OK);
		e->id = (int64_t)i;
		ck_assert_int_eq(pattern_add(p, e), RF_OK);
		entry_free(&e);
		free(v[i - 1]);
	}
	free(v);
	ck_assert_int_eq(pattern_finish(p, &r), RF_OK);
}

static void teardown(void)
{
	pattern_free(&p);
}

START_TEST(fear_with_removal_is_the_first_pair)
{
	char s[256];

	ck_assert_uint_ge(r->npairs, 1);
	ck_assert_str_eq(r->pairs[0].a, "fear");
	ck_assert_str_eq(r->pairs[0].b, "removal");
	ck_assert_uint_eq(r->pairs[0].count, 13);
	ck_assert(r->pairs[0].q <= 0.05);
	pattern_pair_words(&r->pairs[0], s, sizeof(s));
	ck_assert_str_eq(s, "almost always together (13 of 13)");
}
END_TEST

START_TEST(the_weekly_family_at_eight_stirs_most)
{
	char s[512];

	ck_assert_uint_ge(r->nact_families, 2);
	ck_assert_str_eq(r->act_families[0].name, "F-31");
	ck_assert_uint_eq(r->act_families[0].n, 13);
	ck_assert(pattern_activation_sentence(r, true, s, sizeof(s)));
	ck_assert_ptr_nonnull(strstr(s, "Visits with F-31 stir you most"));
}
END_TEST

START_TEST(went_still_is_the_first_phrase)
{
	ck_assert_uint_ge(r->nwords, 1);
	ck_assert_str_eq(r->words[0].word, "went still");
}
END_TEST

START_TEST(a_plateau_holds_through_a_calm_day_and_depletion_is_seen)
{
	bool numb = false, disc = false, burn = false;

	ck_assert(r->self_care.signal);
	ck_assert(r->self_care.sustained);
	for (size_t i = 0; i < r->self_care.ndepletion; i++) {
		numb |= strcmp(r->self_care.depletion[i], "numb") == 0;
		disc |= strcmp(r->self_care.depletion[i], "discouraged") == 0;
		burn |= strcmp(r->self_care.depletion[i], "burning out") == 0;
	}
	ck_assert(numb && disc && burn);
	/* Activation rose from the earlier period to the recent one. */
	ck_assert(r->recent.act_mean > r->earlier.act_mean + 1.0);
}
END_TEST

START_TEST(the_first_shift_is_a_planted_one)
{
	/* The biggest shifts worth naming include the feelings of depletion. */
	bool seen = false;
	for (size_t i = 0; i < r->nshifts && i < 4; i++)
		seen |= strcmp(r->shifts[i].name, "numb") == 0 ||
			strcmp(r->shifts[i].name, "discouraged") == 0;
	ck_assert(seen);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pattern_planted");
	TCase *t = tcase_create("planted");
	SRunner *sr;
	int failed;

	setenv("TZ", "UTC", 1);
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, fear_with_removal_is_the_first_pair);
	tcase_add_test(t, the_weekly_family_at_eight_stirs_most);
	tcase_add_test(t, went_still_is_the_first_phrase);
	tcase_add_test(t, a_plateau_holds_through_a_calm_day_and_depletion_is_seen);
	tcase_add_test(t, the_first_shift_is_a_planted_one);
	suite_add_tcase(s, t);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
