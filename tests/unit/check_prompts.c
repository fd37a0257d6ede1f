/* check_prompts.c - Check tests for the prompts and vocabularies of the practice. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "reflect/prompts.h"

START_TEST(steps_follow_the_practice)
{
	ck_assert_str_eq(prompts_step_get(PROMPTS_PAUSE)->name, "Pause");
	ck_assert_str_eq(prompts_step_get(PROMPTS_NOTICE)->name, "Notice");
	ck_assert_str_eq(prompts_step_get(PROMPTS_CURIOUS)->name, "Be Curious");
	ck_assert_str_eq(prompts_step_get(PROMPTS_DETAILS)->name, "Details");
	ck_assert_ptr_null(prompts_step_get(PROMPTS_STEP_COUNT));
	const prompts_step_text *n = prompts_step_get(PROMPTS_NOTICE);
	/* actions, thoughts, emotions, values (seed 001) */
	const char *want[] = {"Actions", "Thoughts", "Emotions", "Values"};
	for (size_t i = 0; i < 4; i++) {
		bool found = false;
		for (size_t k = 0; k < n->subs.n; k++)
			found = found || strstr(n->subs.v[k], want[i]) != NULL;
		ck_assert_msg(found, "no sub-prompt for %s", want[i]);
	}
	for (int s = 0; s < PROMPTS_STEP_COUNT; s++)
		ck_assert_uint_gt(strlen(prompts_step_get((prompts_step)s)->invite), 0);
}
END_TEST

START_TEST(every_field_has_a_label_that_fits)
{
	for (int f = 0; f < PROMPTS_F_COUNT; f++) {
		ck_assert_uint_gt(strlen(prompts_label((prompts_field)f)), 0);
		ck_assert_uint_le(strlen(prompts_label((prompts_field)f)), 50);
		ck_assert_uint_le(strlen(prompts_hint((prompts_field)f)), 76);
	}
	ck_assert_str_eq(prompts_label(PROMPTS_F_COUNT), "");
	ck_assert_str_eq(prompts_hint((prompts_field)-1), "");
}
END_TEST

START_TEST(grounding_lines_are_short_and_stable)
{
	prompts_list g = prompts_grounding();
	ck_assert_uint_ge(g.n, 3);
	for (size_t i = 0; i < g.n; i++)
		ck_assert_uint_le(strlen(g.v[i]), 76);
	ck_assert_str_eq(prompts_grounding_pick(3), prompts_grounding_pick(3 + g.n));
	ck_assert_str_eq(prompts_grounding_pick(0), g.v[0]);
}
END_TEST

START_TEST(activation_words)
{
	ck_assert_str_eq(prompts_activation_word(0), prompts_activation_low());
	ck_assert_str_eq(prompts_activation_word(10), prompts_activation_high());
	ck_assert_str_eq(prompts_activation_word(11), "");
	ck_assert_str_eq(prompts_activation_word(-1), "");
}
END_TEST

/* Every word in groups is unique across groups, and fits a picker column. */
static void groups_well_formed(const prompts_group *g, size_t n, size_t max_words)
{
	for (size_t i = 0; i < n; i++) {
		ck_assert_uint_gt(g[i].words.n, 0);
		ck_assert_uint_le(g[i].words.n, max_words);
		for (size_t k = 0; k < g[i].words.n; k++) {
			ck_assert_uint_le(strlen(g[i].words.v[k]), 30);
			ck_assert_str_eq(prompts_group_of(g, n, g[i].words.v[k]), g[i].name);
			for (size_t j = 0; j < n; j++)
				for (size_t m = 0; m < g[j].words.n; m++)
					if (i != j || k != m)
						ck_assert_str_ne(g[i].words.v[k], g[j].words.v[m]);
		}
	}
}

START_TEST(emotion_vocabulary_is_grouped)
{
	size_t n;
	const prompts_group *g = prompts_emotions(&n);
	ck_assert_uint_ge(n, 4);
	ck_assert_uint_le(n, 6); /* two rows of three columns on an 80x24 screen */
	groups_well_formed(g, n, 8);
	ck_assert_str_eq(prompts_group_of(g, n, "fear"), "unsettled");
	ck_assert_str_eq(prompts_group_of(g, n, "Tenderness"), "tender");
	ck_assert_ptr_null(prompts_group_of(g, n, "a feeling of my own"));
}
END_TEST

START_TEST(themes_hold_the_reflective_lenses)
{
	size_t n;
	const prompts_group *g = prompts_themes(&n);
	groups_well_formed(g, n, 6);
	const char *lenses[] = {
	    "ghosts in the nursery", "implicit bias", "power and privilege", "culture", "self-care",
	    "vicarious trauma"};
	for (size_t i = 0; i < 6; i++)
		ck_assert_msg(prompts_group_of(g, n, lenses[i]) != NULL, "missing %s", lenses[i]);
}
END_TEST

START_TEST(the_eight_competency_domains)
{
	prompts_list c = prompts_competencies();
	ck_assert_uint_eq(c.n, 8);
	ck_assert_str_eq(c.v[0], "Theoretical Foundations");
	ck_assert_str_eq(c.v[7], "Reflection");
	ck_assert_str_eq(prompts_canonical(c, " reflection "), "Reflection");
	ck_assert_ptr_null(prompts_canonical(c, "Reflections"));
	ck_assert_ptr_null(prompts_canonical(c, NULL));
}
END_TEST

START_TEST(life_stages_from_the_workforce_programme)
{
	prompts_list l = prompts_life_stages();
	const char *want[] = {"perinatal", "0-5", "5-11", "11-19", "19-25"};
	ck_assert_uint_eq(l.n, 5);
	for (size_t i = 0; i < 5; i++)
		ck_assert_str_eq(l.v[i], want[i]);
}
END_TEST

START_TEST(visit_types_start_with_home_visit)
{
	prompts_list v = prompts_visit_types();
	ck_assert_uint_ge(v.n, 3);
	ck_assert_str_eq(v.v[0], "home visit");
	ck_assert_str_eq(prompts_canonical(v, "Home Visit"), "home visit");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("prompts");
	TCase *tc = tcase_create("vocabulary");
	tcase_add_test(tc, steps_follow_the_practice);
	tcase_add_test(tc, every_field_has_a_label_that_fits);
	tcase_add_test(tc, grounding_lines_are_short_and_stable);
	tcase_add_test(tc, activation_words);
	tcase_add_test(tc, emotion_vocabulary_is_grouped);
	tcase_add_test(tc, themes_hold_the_reflective_lenses);
	tcase_add_test(tc, the_eight_competency_domains);
	tcase_add_test(tc, life_stages_from_the_workforce_programme);
	tcase_add_test(tc, visit_types_start_with_home_visit);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
