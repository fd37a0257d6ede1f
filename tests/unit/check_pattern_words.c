/* check_pattern_words.c - words and phrases worth reading (src/core/pattern/words.c). */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reflect/entry.h"
#include "reflect/pattern.h"

static const pattern_report *feed_texts(pattern *p, const char *const *texts, size_t n)
{
	const pattern_report *r = NULL;

	for (size_t i = 0; i < n; i++) {
		entry *e = entry_new();
		ck_assert_ptr_nonnull(e);
		e->id = (int64_t)(n - i);
		e->written = 1700000000 + (int64_t)(n - i) * 86400;
		ck_assert_int_eq(entry_set(&e->notice_text, texts[i]), RF_OK);
		ck_assert_int_eq(pattern_add(p, e), RF_OK);
		entry_free(&e);
	}
	ck_assert_int_eq(pattern_finish(p, &r), RF_OK);
	return r;
}

static bool listed(const pattern_report *r, const char *w)
{
	for (size_t i = 0; i < r->nwords; i++)
		if (strcmp(r->words[i].word, w) == 0)
			return true;
	return false;
}

START_TEST(stop_words_that_carry_meaning_make_phrases)
{
	/* "went still" is two stop words, "turned away" ends in one, "out of reach" has a
	 * function word inside: each is a phrase; "of the" and "the" alone are never listed. */
	static const char *const t[] = {
		"The baby went still when the door banged.",
		"She turned away from me at the sink.",
		"Toys kept out of reach on the shelf.",
		"Again the toddler went still by the window.",
		"He turned away as his mother cried.",
		"The bottle was out of reach for the twins.",
		"Rain on the bus.",
		"A long wait at the clinic.",
		"Lunch in the park.",
		"Paperwork in the office.",
	};
	pattern *p = NULL;
	const pattern_report *r;

	ck_assert_int_eq(pattern_new(NULL, &p), RF_OK);
	r = feed_texts(p, t, 10);
	ck_assert(listed(r, "went still"));
	ck_assert(listed(r, "turned away"));
	ck_assert(listed(r, "out of reach"));
	ck_assert(!listed(r, "still"));
	ck_assert(!listed(r, "the"));
	ck_assert(!listed(r, "of the"));
	/* "turned" is only ever said in "turned away": it gives way to the phrase. */
	ck_assert(!listed(r, "turned"));
	pattern_free(&p);
}
END_TEST

START_TEST(a_phrase_said_in_varied_sentences_comes_before_a_copied_sentence)
{
	/* "flat was warm" is in 4 entries, always in the same sentence; "went still" in 3, in
	 * different sentences: the recurring phrase comes first, the copied sentence after. */
	static const char *const t[] = {
		"The flat was warm and cluttered. We talked about feeds.",
		"The flat was warm and cluttered. Grandmother answered.",
		"The flat was warm and cluttered. The baby went still at the noise.",
		"The flat was warm and cluttered. Rain all day.",
		"Mother went still when I asked about him.",
		"The toddler went still, eyes on the door.",
		"Bus was late.",
		"Clinic room with toys.",
		"Short call today.",
		"Group of six parents.",
	};
	pattern *p = NULL;
	const pattern_report *r;

	ck_assert_int_eq(pattern_new(NULL, &p), RF_OK);
	r = feed_texts(p, t, 10);
	ck_assert_uint_ge(r->nwords, 2);
	ck_assert_str_eq(r->words[0].word, "went still");
	ck_assert_uint_eq(r->words[0].docs, 3);
	pattern_free(&p);
}
END_TEST

START_TEST(words_in_most_entries_are_left_out)
{
	static const char *const t[] = {
		"baby slept", "baby cried", "baby fed", "baby smiled", "baby rattle", "rattle again",
	};
	pattern *p = NULL;
	const pattern_report *r;

	ck_assert_int_eq(pattern_new(NULL, &p), RF_OK);
	r = feed_texts(p, t, 6);
	ck_assert(!listed(r, "baby"));
	ck_assert(listed(r, "rattle"));
	pattern_free(&p);
}
END_TEST

static bool hide_ana(void *ctx, const char *word)
{
	int *calls = ctx;
	(*calls)++;
	return strcmp(word, "ana") == 0 || strcmp(word, "josé") == 0;
}

START_TEST(names_the_caller_hides_are_never_shown)
{
	static const char *const t[] = {
		"Ana held the baby close.", "Ana held the baby again.", "José sang with Ana.",
		"José laughed.", "Quiet day.", "Rain.",
	};
	pattern_opts o = {0};
	pattern *p = NULL;
	const pattern_report *r;
	int calls = 0;

	o.hide_word = hide_ana;
	o.hide_ctx = &calls;
	ck_assert_int_eq(pattern_new(&o, &p), RF_OK);
	r = feed_texts(p, t, 6);
	ck_assert_int_gt(calls, 0);
	for (size_t i = 0; i < r->nwords; i++) {
		ck_assert_ptr_null(strstr(r->words[i].word, "ana"));
		ck_assert_ptr_null(strstr(r->words[i].word, "jos"));
	}
	ck_assert(listed(r, "held the baby"));
	pattern_free(&p);
}
END_TEST

START_TEST(accents_are_kept_in_display_and_ignored_in_matching)
{
	static const char *const t[] = {"La niña lloró.", "NIÑA dormida.", "La nina comió.", "Sol."};
	pattern *p = NULL;
	const pattern_report *r;

	ck_assert_int_eq(pattern_new(NULL, &p), RF_OK);
	r = feed_texts(p, t, 4);
	/* niña in 3 of 4: more than half, left out; so ask with a background entry instead. */
	pattern_free(&p);
	ck_assert_int_eq(pattern_new(NULL, &p), RF_OK);
	{
		static const char *const u[] = {"La niña lloró.", "NIÑA dormida.", "Sol.", "Mar.",
						"Luz."};
		r = feed_texts(p, u, 5);
	}
	ck_assert_uint_ge(r->nwords, 1);
	ck_assert_str_eq(r->words[0].word, "niña");
	ck_assert_uint_eq(r->words[0].docs, 2);
	pattern_free(&p);
}
END_TEST

START_TEST(a_word_capitalised_within_sentences_is_a_possible_name)
{
	/* Ruby is a word of the dictionary, but here only ever written with a capital within a
	 * sentence: a name, never shown, alone or in a phrase. Mother is written with a capital
	 * only where a sentence begins: that says nothing, it is shown. */
	static const char *const t[] = {"We met Ruby at the door.", "Later Ruby sang softly.",
					"Mother laughed.", "Mother sighed.", "Quiet day.", "Rain."};
	pattern *p = NULL;
	const pattern_report *r;

	ck_assert_int_eq(pattern_new(NULL, &p), RF_OK);
	r = feed_texts(p, t, 6);
	ck_assert(listed(r, "mother"));
	for (size_t i = 0; i < r->nwords; i++)
		ck_assert_msg(strstr(r->words[i].word, "ruby") == NULL, "shown: %s", r->words[i].word);
	pattern_free(&p);
}
END_TEST

START_TEST(phrases_are_shown_as_written)
{
	/* A stop word inside a phrase keeps its accents ("también"), and a clitic joins its
	 * word ("father's name", not "father s name"). */
	static const char *const t[] = {"Hoy llegó también mamá.", "Ayer llegó también mamá.",
					"I asked the father's name.", "She said the father's name.",
					"Quiet day.", "Rain.", "We sat by the abuela.", "Rain again.",
					"Later the abuelá sang.", "Sun."};
	pattern *p = NULL;
	const pattern_report *r;

	ck_assert_int_eq(pattern_new(NULL, &p), RF_OK);
	r = feed_texts(p, t, 10);
	ck_assert(listed(r, "llegó también mamá"));
	ck_assert(listed(r, "father's name"));
	/* Written first without its accent (the newest entry is read first: "abuelá" is in
	 * the older), then with it: shown with it. */
	ck_assert(listed(r, "abuelá"));
	pattern_free(&p);
}
END_TEST

START_TEST(a_longer_phrase_gives_way_to_the_phrase_it_repeats)
{
	/* "turned away" in six entries, three of them "the baby turned away": the recurring
	 * phrase is listed, not the one sentence it was most often said in. */
	static const char *const t[] = {"The baby turned away from me.", "Then the baby turned away again.",
					"Later the baby turned away to sleep.", "Mother turned away to the window.",
					"He turned away quickly.", "She turned away and cried.", "Quiet day.",
					"Rain.", "Sun.", "Wind.", "Snow.", "Fog.", "Hail.", "Mist."};
	pattern *p = NULL;
	const pattern_report *r;

	ck_assert_int_eq(pattern_new(NULL, &p), RF_OK);
	r = feed_texts(p, t, 14);
	ck_assert(listed(r, "turned away"));
	ck_assert(!listed(r, "baby turned away"));
	ck_assert_str_eq(r->words[0].word, "turned away");
	pattern_free(&p);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pattern_words");
	TCase *t = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(t, stop_words_that_carry_meaning_make_phrases);
	tcase_add_test(t, a_phrase_said_in_varied_sentences_comes_before_a_copied_sentence);
	tcase_add_test(t, words_in_most_entries_are_left_out);
	tcase_add_test(t, names_the_caller_hides_are_never_shown);
	tcase_add_test(t, accents_are_kept_in_display_and_ignored_in_matching);
	tcase_add_test(t, a_word_capitalised_within_sentences_is_a_possible_name);
	tcase_add_test(t, phrases_are_shown_as_written);
	tcase_add_test(t, a_longer_phrase_gives_way_to_the_phrase_it_repeats);
	suite_add_tcase(s, t);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
