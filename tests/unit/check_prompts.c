/* check_prompts.c - Check tests for the prompts and vocabularies of the practice. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

static const char org_set[] = "# Programa Primeros Pasos\n"
			      "name = Primeros Pasos\n"
			      "grounding = Respira. Estás aquí.\n"
			      "\n"
			      "[Pause]\n"
			      "title = Pausa\n"
			      "invite = Detente un momento.\n"
			      "question = ¿Cómo llego hoy?\n"
			      "hint = Lo que haya.\n"
			      "prompt = Sin prisa.\n"
			      "[notice]\n"
			      "prompt = ¿Qué vi?\n"
			      "prompt = ¿Qué sentí?\n"
			      "emotions = pesadas: tristeza, duelo ,cansancio\n"
			      "emotions = tiernas: ternura\n"
			      "[curious]\n"
			      "question = 宝宝在告诉我们什么？\n"
			      "[details]\n"
			      "themes = lentes: cultura, apego\n"
			      "visit_types = visita domiciliaria, grupo\n";

START_TEST(a_prompt_set_replaces_what_it_names)
{
	prompts_set *set = NULL;
	rf_detail d = {0};
	size_t n;

	ck_assert_int_eq(prompts_set_parse(org_set, strlen(org_set), &set, &d), RF_OK);
	ck_assert_str_eq(prompts_set_name(set), "Primeros Pasos");
	prompts_use(set);
	ck_assert_ptr_eq(prompts_in_use(), set);
	ck_assert_str_eq(prompts_step_get(PROMPTS_PAUSE)->name, "Pausa");
	ck_assert_str_eq(prompts_step_get(PROMPTS_PAUSE)->invite, "Detente un momento.");
	ck_assert_uint_eq(prompts_step_get(PROMPTS_PAUSE)->subs.n, 1);
	ck_assert_str_eq(prompts_label(PROMPTS_F_PAUSE_TEXT), "¿Cómo llego hoy?");
	ck_assert_str_eq(prompts_hint(PROMPTS_F_PAUSE_TEXT), "Lo que haya.");
	ck_assert_str_eq(prompts_label(PROMPTS_F_CURIOUS_TEXT), "宝宝在告诉我们什么？");
	ck_assert_uint_eq(prompts_step_get(PROMPTS_NOTICE)->subs.n, 2);
	ck_assert_str_eq(prompts_step_get(PROMPTS_NOTICE)->subs.v[1], "¿Qué sentí?");
	/* what the set leaves out stays built in */
	ck_assert_str_eq(prompts_step_get(PROMPTS_NOTICE)->name, "Notice");
	ck_assert_str_eq(prompts_label(PROMPTS_F_BODY), "What is my body saying?");
	ck_assert_str_eq(prompts_step_get(PROMPTS_CURIOUS)->subs.v[1],
			 "What might I do, or not do, next time?");
	ck_assert_str_eq(prompts_grounding_pick(7), "Respira. Estás aquí.");
	const prompts_group *g = prompts_emotions(&n);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(g[0].name, "pesadas");
	ck_assert_uint_eq(g[0].words.n, 3);
	ck_assert_str_eq(g[0].words.v[1], "duelo");
	ck_assert_str_eq(g[0].words.v[2], "cansancio");
	ck_assert_str_eq(prompts_group_of(g, n, "ternura"), "tiernas");
	g = prompts_themes(&n);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(g[0].words.v[1], "apego");
	ck_assert_uint_eq(prompts_visit_types().n, 2);
	ck_assert_uint_eq(prompts_competencies().n, 8);
	prompts_use(NULL);
	ck_assert_ptr_null(prompts_in_use());
	ck_assert_str_eq(prompts_step_get(PROMPTS_PAUSE)->name, "Pause");
	ck_assert_str_eq(prompts_label(PROMPTS_F_PAUSE_TEXT), "How am I arriving?");
	prompts_emotions(&n);
	ck_assert_uint_eq(n, 6);
}
END_TEST

/* The line a bad set is reported at, and that nothing is returned. */
static int bad_line(const char *text)
{
	prompts_set *set = NULL;
	rf_detail d = {0};

	ck_assert_int_eq(prompts_set_parse(text, strlen(text), &set, &d), RF_ERR_PARSE);
	ck_assert_ptr_null(set);
	ck_assert_uint_gt(strlen(d.text), 0);
	return d.line;
}

START_TEST(a_bad_prompt_set_names_its_line)
{
	ck_assert_int_eq(bad_line("[pause]\ninvite = ok\ncolour = red\n"), 3);
	ck_assert_int_eq(bad_line("invite = before any section\n"), 1);
	ck_assert_int_eq(bad_line("[pause]\n[feelings]\n"), 2);
	ck_assert_int_eq(bad_line("\n\nemotions = no colon here\n"), 3);
	ck_assert_int_eq(bad_line("emotions = : a, b\n"), 1);
	ck_assert_int_eq(bad_line("emotions = heavy:  , \n"), 1);
	ck_assert_int_eq(bad_line("[notice]\nprompt\n"), 2);
	ck_assert_int_eq(bad_line("[notice]\nprompt =\n"), 2);
	ck_assert_int_eq(bad_line("[details]\nquestion = no\n"), 2);
	ck_assert_int_eq(bad_line("# only a comment\n\n"), 0);
	ck_assert_int_eq(bad_line("name = bad \xff byte\n"), 0);
	char many[2048] = "";
	for (int i = 0; i < 11; i++)
		strcat(many, "emotions = g: a\n");
	ck_assert_int_eq(bad_line(many), 11);
	ck_assert_ptr_null(prompts_in_use());
}
END_TEST

START_TEST(a_prompt_set_file_is_read_and_a_missing_one_reported)
{
	prompts_set *set = NULL;
	rf_detail d = {0};
	char path[] = "/tmp/reflect-prompts-XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	/* a byte-order mark and Windows line ends are fine */
	const char *text = "\xEF\xBB\xBF[pause]\r\ninvite = Respira.\r\n";
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	ck_assert_int_eq(prompts_set_load(path, &set, &d), RF_OK);
	ck_assert_str_eq(prompts_set_name(set), strrchr(path, '/') + 1);
	prompts_use(set);
	ck_assert_str_eq(prompts_step_get(PROMPTS_PAUSE)->invite, "Respira.");
	prompts_use(NULL);
	unlink(path);
	ck_assert_int_eq(prompts_set_load(path, &set, &d), RF_ERR_NOT_FOUND);
	ck_assert_ptr_null(set);
}
END_TEST

START_TEST(words_are_stored_in_their_vocabulary_form)
{
	/* without a catalogue the shown word is the English one */
	ck_assert_str_eq(prompts_key_of(" Fear "), "fear");
	ck_assert_str_eq(prompts_key_of("Home Visit"), "home visit");
	ck_assert_str_eq(prompts_key_of("Ghosts in the Nursery"), "ghosts in the nursery");
	const char *own = "a feeling of my own";
	ck_assert_ptr_eq(prompts_key_of(own), own);
	ck_assert_ptr_null(prompts_key_of(NULL));
	ck_assert_str_eq(prompts_word_shown("TENDERNESS"), "TENDERNESS"); /* no catalogue */
	ck_assert_str_eq(prompts_word_shown("0-5"), "0-5");
	ck_assert_ptr_eq(prompts_word_shown(own), own);
	ck_assert_str_eq(prompts_word_shown(NULL), "");
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
	tcase_add_test(tc, a_prompt_set_replaces_what_it_names);
	tcase_add_test(tc, a_bad_prompt_set_names_its_line);
	tcase_add_test(tc, a_prompt_set_file_is_read_and_a_missing_one_reported);
	tcase_add_test(tc, words_are_stored_in_their_vocabulary_form);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
