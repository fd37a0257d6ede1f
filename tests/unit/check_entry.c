/* check_entry.c - the entry model: JSON round trips, validation, dates, filters. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "reflect/entry.h"
#include "reflect/text.h"

#include <utf8proc.h>

static const char *FULL =
	"{\"id\": 3, \"written_at\": \"2026-11-20T16:05:00Z\", \"visit_date\": \"2026-11-20\","
	" \"family\": \"F-12\", \"visit_type\": \"home visit\", \"life_stage\": \"perinatal\","
	" \"pause\": {\"text\": \"arriving\", \"body\": \"tight chest\", \"activation\": 6},"
	" \"notice\": {\"text\": \"La mamá sonrió\", \"between\": \"eyes met\","
	"   \"stirred\": \"my own mother\", \"emotions\": [\"fear\", \"tenderness\"]},"
	" \"curious\": {\"text\": \"宝宝 slept\", \"parent\": \"was she tired?\","
	"   \"infant\": \"was he safe?\", \"questions\": [\"What was the baby telling us?\"]},"
	" \"themes\": [\"ghosts in the nursery\"], \"competencies\": [\"Reflection\"],"
	" \"for_supervision\": true, \"portfolio\": true,"
	" \"responses\": [{\"from\": \"Ana\", \"at\": \"2026-11-21T10:00:00Z\", \"text\": \"Thank you\"}]}";

START_TEST(every_field_round_trips_through_json)
{
	entry *e = NULL, *back = NULL;
	char *json, *again;

	ck_assert_int_eq(entry_from_json(FULL, strlen(FULL), &e, NULL), RF_OK);
	ck_assert_str_eq(e->family, "F-12");
	ck_assert_int_eq(e->activation, 6);
	ck_assert_str_eq(e->notice_text, "La mamá sonrió");
	ck_assert_str_eq(e->curious_text, "宝宝 slept");
	ck_assert_uint_eq(e->emotions.n, 2);
	ck_assert_uint_eq(e->nresponses, 1);
	ck_assert_str_eq(e->responses[0].from, "Ana");
	ck_assert(e->for_supervision && e->portfolio);
	ck_assert_int_eq(e->written, 1795190700);
	json = entry_to_json(e, ENTRY_JSON_ID);
	ck_assert_int_eq(entry_from_json(json, strlen(json), &back, NULL), RF_OK);
	again = entry_to_json(back, ENTRY_JSON_ID);
	ck_assert_str_eq(json, again);
	entry_free_text(&json);
	entry_free_text(&again);
	entry_free(&e);
	entry_free(&back);
	ck_assert_ptr_null(e);
}
END_TEST

START_TEST(meta_and_body_halves_merge_into_the_whole)
{
	entry *e = NULL, *m = entry_new();
	char *meta, *body, *whole, *merged;

	ck_assert_int_eq(entry_from_json(FULL, strlen(FULL), &e, NULL), RF_OK);
	meta = entry_to_json(e, ENTRY_JSON_META);
	body = entry_to_json(e, ENTRY_JSON_BODY);
	ck_assert_ptr_null(strstr(meta, "sonri"));
	ck_assert_ptr_null(strstr(body, "F-12"));
	ck_assert_int_eq(entry_merge_json(m, meta, strlen(meta), NULL), RF_OK);
	ck_assert_int_eq(entry_merge_json(m, body, strlen(body), NULL), RF_OK);
	whole = entry_to_json(e, 0);
	merged = entry_to_json(m, 0);
	ck_assert_str_eq(whole, merged);
	entry_free_text(&meta);
	entry_free_text(&body);
	entry_free_text(&whole);
	entry_free_text(&merged);
	entry_free(&e);
	entry_free(&m);
}
END_TEST

START_TEST(bad_json_says_where)
{
	entry *e = NULL;
	rf_detail d = {0};

	ck_assert_int_eq(entry_from_json("{\n  \"family\": \"F-1\",\n  oops\n}", 30, &e, &d), RF_ERR_PARSE);
	ck_assert_ptr_null(e);
	ck_assert_int_eq(d.line, 3);
	ck_assert_int_gt(d.column, 0);
}
END_TEST

START_TEST(wrong_types_and_ranges_are_refused)
{
	static const char *bad[] = {
		"{\"pause\": {\"activation\": 11}}", "{\"pause\": {\"activation\": \"six\"}}",
		"{\"themes\": [1, 2]}",              "{\"visit_date\": \"2026-02-30\"}",
		"{\"written_at\": \"yesterday\"}",   "{\"for_supervision\": \"yes\"}",
		"[1, 2]",                            "{\"notice\": []}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		entry *e = NULL;
		rf_detail d = {0};
		ck_assert_msg(entry_from_json(bad[i], strlen(bad[i]), &e, &d) != RF_OK, "%s", bad[i]);
		ck_assert_ptr_null(e);
		ck_assert_msg(d.text[0] != '\0', "no reason for %s", bad[i]);
	}
}
END_TEST

START_TEST(every_field_is_optional)
{
	entry *e = NULL;

	ck_assert_int_eq(entry_from_json("{}", 2, &e, NULL), RF_OK);
	ck_assert(entry_is_empty(e));
	ck_assert_int_eq(e->activation, ENTRY_NO_ACTIVATION);
	entry_free(&e);
}
END_TEST

START_TEST(documents_of_entries)
{
	entry **v = NULL;
	size_t n = 0;
	rf_detail d = {0};
	const char *doc = "{\"reflect\": 1, \"entries\": [{\"family\": \"A\"}, {\"family\": \"B\"}]}";
	const char *bad = "[{\"family\": \"A\"}, {\"pause\": {\"activation\": 99}}]";

	ck_assert_int_eq(entry_list_from_json(doc, strlen(doc), &v, &n, NULL), RF_OK);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(v[1]->family, "B");
	entry_list_free(&v, n);
	ck_assert_int_eq(entry_list_from_json("[]", 2, &v, &n, NULL), RF_OK);
	ck_assert_uint_eq(n, 0);
	entry_list_free(&v, n);
	ck_assert_int_eq(entry_list_from_json(bad, strlen(bad), &v, &n, &d), RF_ERR_PARSE);
	ck_assert_ptr_null(v);
	ck_assert_ptr_nonnull(strstr(d.text, "entry 2"));
}
END_TEST

START_TEST(times_and_dates)
{
	int64_t t;

	ck_assert_int_eq(entry_parse_time("2026-11-20T16:05:00Z", &t), RF_OK);
	ck_assert_int_eq(t, 1795190700);
	ck_assert_int_eq(entry_parse_time("2026-11-20T17:05:00+01:00", &t), RF_OK);
	ck_assert_int_eq(t, 1795190700);
	ck_assert_int_eq(entry_parse_time("2026-11-20 16:05", &t), RF_OK);
	ck_assert_int_eq(t, 1795190700);
	ck_assert_int_eq(entry_parse_time("2026-11-20", &t), RF_OK);
	ck_assert_int_ne(entry_parse_time("2026-13-01", &t), RF_OK);
	ck_assert(entry_valid_date("2024-02-29"));
	ck_assert(!entry_valid_date("2023-02-29"));
	ck_assert(!entry_valid_date("2023-2-9"));
}
END_TEST

START_TEST(filters_match_labels_dates_and_words)
{
	entry *e = NULL;
	entry_filter f = {0};

	ck_assert_int_eq(entry_from_json(FULL, strlen(FULL), &e, NULL), RF_OK);
	ck_assert(entry_matches(e, NULL));
	f.theme = "Ghosts in the Nursery";
	ck_assert(entry_matches(e, &f));
	f.theme = "culture";
	ck_assert(!entry_matches(e, &f));
	f = (entry_filter){.emotion = "FEAR", .family = "f-12", .flagged = true, .portfolio = true};
	ck_assert(entry_matches(e, &f));
	f = (entry_filter){.since = "2026-11-20", .until = "2026-11-20"};
	ck_assert(entry_matches(e, &f));
	f = (entry_filter){.since = "2026-11-21"};
	ck_assert(!entry_matches(e, &f));
	f = (entry_filter){.search = "mama sonrio"};
	ck_assert(entry_filter_needs_body(&f));
	ck_assert(entry_matches(e, &f));
	f = (entry_filter){.search = "宝宝"};
	ck_assert(entry_matches(e, &f));
	f = (entry_filter){.search = "telling us"};
	ck_assert(entry_matches(e, &f));
	f = (entry_filter){.search = "absent words"};
	ck_assert(!entry_matches(e, &f));
	entry_free(&e);
}
END_TEST

START_TEST(text_folding_widths_and_excerpts)
{
	char *f = text_fold("La MAMÁ sonrió");
	char *x;

	ck_assert_str_eq(f, "la mama sonrio");
	free(f);
	ck_assert(text_contains_folded("Aabbe wuu dhoolla caddeeyay", "dhoolla"));
	ck_assert_int_eq(text_width("宝宝"), 4);
	ck_assert_int_eq(text_width("mamá"), 4);
	x = text_excerpt("one two\nthree four five six seven", 12);
	ck_assert_str_eq(x, "one two thr…");
	free(x);
	ck_assert(text_valid_utf8("宝宝", 6));
	ck_assert(!text_valid_utf8("\xff\xfe", 2));
}
END_TEST

/* Text made only of ASCII folds without utf8proc (quicker), exactly as utf8proc folds it. */
START_TEST(ascii_text_folds_as_utf8proc_folds_it)
{
	char in[128 * 3 + 1];
	size_t n = 0;
	utf8proc_uint8_t *want = NULL;
	char *got;

	for (int c = 1; c < 128; c++) {
		in[n++] = 'A';
		in[n++] = (char)c;
		in[n++] = 'z';
	}
	in[n] = '\0';
	ck_assert_int_ge(utf8proc_map((const utf8proc_uint8_t *)in, 0, &want,
				      UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPAT |
					  UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
					  UTF8PROC_STRIPMARK | UTF8PROC_IGNORE),
			 0);
	got = text_fold(in);
	ck_assert_ptr_nonnull(got);
	ck_assert_str_eq(got, (const char *)want);
	free(got);
	free(want);
	got = text_fold("Ghosts In The NURSERY");
	ck_assert_str_eq(got, "ghosts in the nursery");
	free(got);
}
END_TEST

START_TEST(a_safety_concern_round_trips)
{
	entry *e = NULL, *back = entry_new(), *dup;
	unsigned char *packed = NULL;
	size_t len = 0;
	char *js;

	ck_assert_int_eq(entry_from_json("{\"notice\":{\"text\":\"Am I burning out?\"},"
					 "\"safety_concern\":true}",
					 strlen("{\"notice\":{\"text\":\"Am I burning out?\"},"
						"\"safety_concern\":true}"),
					 &e, NULL),
			 RF_OK);
	ck_assert(e->safety_concern);
	js = entry_to_json(e, 0);
	ck_assert_ptr_nonnull(strstr(js, "\"safety_concern\""));
	entry_free_text(&js);
	ck_assert_int_eq(entry_pack(e, ENTRY_PACK_META, &packed, &len), RF_OK);
	ck_assert_int_eq(entry_unpack(back, packed, len), RF_OK);
	ck_assert(back->safety_concern);
	ck_assert(!back->for_supervision && !back->portfolio);
	dup = entry_dup(e);
	ck_assert(dup->safety_concern);
	/* not written when not set: older documents stay as they were */
	e->safety_concern = false;
	js = entry_to_json(e, 0);
	ck_assert_ptr_null(strstr(js, "safety_concern"));
	entry_free_text(&js);
	entry_free_packed(&packed, len);
	entry_free(&e);
	entry_free(&back);
	entry_free(&dup);
}
END_TEST

START_TEST(duplicate_labels_are_kept_once_and_copies_are_deep)
{
	entry *e = entry_new(), *c;

	ck_assert_int_eq(strlist_add(&e->themes, "culture"), RF_OK);
	ck_assert_int_eq(strlist_add(&e->themes, "culture"), RF_OK);
	ck_assert_int_eq(strlist_add(&e->themes, ""), RF_OK);
	ck_assert_uint_eq(e->themes.n, 1);
	entry_set(&e->notice_text, "words");
	c = entry_dup(e);
	entry_set(&e->notice_text, "changed");
	ck_assert_str_eq(c->notice_text, "words");
	ck_assert_uint_eq(c->themes.n, 1);
	entry_free(&e);
	entry_free(&c);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("entry");
	TCase *tc = tcase_create("entry");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, every_field_round_trips_through_json);
	tcase_add_test(tc, meta_and_body_halves_merge_into_the_whole);
	tcase_add_test(tc, bad_json_says_where);
	tcase_add_test(tc, wrong_types_and_ranges_are_refused);
	tcase_add_test(tc, every_field_is_optional);
	tcase_add_test(tc, documents_of_entries);
	tcase_add_test(tc, times_and_dates);
	tcase_add_test(tc, filters_match_labels_dates_and_words);
	tcase_add_test(tc, text_folding_widths_and_excerpts);
	tcase_add_test(tc, ascii_text_folds_as_utf8proc_folds_it);
	tcase_add_test(tc, duplicate_labels_are_kept_once_and_copies_are_deep);
	tcase_add_test(tc, a_safety_concern_round_trips);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
