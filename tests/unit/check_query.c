/* check_query.c - Check tests for the home list's search line parser. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "reflect/dates.h"
#include "reflect/query.h"

START_TEST(plain_words_are_search_text)
{
	query q;
	ck_assert_int_eq(query_parse("  mamá   sonrió ", &q, NULL), RF_OK);
	ck_assert_str_eq(q.filter.search, "mamá sonrió");
	ck_assert(query_active(&q));
	query_clear(&q);
	ck_assert(!query_active(&q));
}
END_TEST

START_TEST(empty_query_has_no_conditions)
{
	query q;
	ck_assert_int_eq(query_parse("   ", &q, NULL), RF_OK);
	ck_assert(!query_active(&q));
	ck_assert_ptr_null(q.filter.search);
	query_clear(&q);
	ck_assert_int_eq(query_parse(NULL, &q, NULL), RF_OK);
	ck_assert(!query_active(&q));
}
END_TEST

START_TEST(keys_fill_the_filter)
{
	query q;
	ck_assert_int_eq(
	    query_parse("theme:\"ghosts in the nursery\" feeling:fear family:F-12 "
			"type:\"home visit\" since:2026-11-01 until:2026-11-30 is:flagged "
			"is:portfolio baby",
			&q, NULL),
	    RF_OK);
	ck_assert_str_eq(q.filter.theme, "ghosts in the nursery");
	ck_assert_str_eq(q.filter.emotion, "fear");
	ck_assert_str_eq(q.filter.family, "F-12");
	ck_assert_str_eq(q.filter.visit_type, "home visit");
	ck_assert_str_eq(q.filter.since, "2026-11-01");
	ck_assert_str_eq(q.filter.until, "2026-11-30");
	ck_assert(q.filter.flagged);
	ck_assert(q.filter.portfolio);
	ck_assert_str_eq(q.filter.search, "baby");
	query_clear(&q);
}
END_TEST

START_TEST(emotion_is_an_alias_and_case_does_not_matter)
{
	query q;
	ck_assert_int_eq(query_parse("Emotion:tenderness IS:supervision", &q, NULL), RF_OK);
	ck_assert_str_eq(q.filter.emotion, "tenderness");
	ck_assert(q.filter.flagged);
	ck_assert_ptr_null(q.filter.search);
	query_clear(&q);
}
END_TEST

START_TEST(unknown_keys_are_text)
{
	query q;
	ck_assert_int_eq(query_parse("note:this 10:30 \"two words\"", &q, NULL), RF_OK);
	ck_assert_str_eq(q.filter.search, "note:this 10:30 two words");
	query_clear(&q);
}
END_TEST

START_TEST(bad_input_is_refused_and_says_why)
{
	query q;
	rf_detail d = {0};
	ck_assert_int_eq(query_parse("since:someday", &q, &d), RF_ERR_PARSE);
	ck_assert_ptr_nonnull(strstr(d.text, "last week"));
	ck_assert(!query_active(&q));
	ck_assert_int_eq(query_parse("until:2026-02-30", &q, &d), RF_ERR_PARSE);
	ck_assert_int_eq(query_parse("theme:\"open", &q, &d), RF_ERR_PARSE);
	ck_assert_ptr_nonnull(strstr(d.text, "quote"));
	ck_assert_int_eq(query_parse("is:nice", &q, &d), RF_ERR_PARSE);
	ck_assert(!query_active(&q));
}
END_TEST

START_TEST(filter_matches_entries)
{
	query q;
	entry *e = entry_new();
	ck_assert_int_eq(entry_set(&e->notice_text, "La mamá sonrió"), RF_OK);
	ck_assert_int_eq(strlist_add(&e->themes, "culture"), RF_OK);
	ck_assert_int_eq(query_parse("theme:culture mama", &q, NULL), RF_OK);
	ck_assert(entry_matches(e, &q.filter));
	query_clear(&q);
	ck_assert_int_eq(query_parse("theme:\"implicit bias\"", &q, NULL), RF_OK);
	ck_assert(!entry_matches(e, &q.filter));
	query_clear(&q);
	entry_free(&e);
}
END_TEST

START_TEST(labels_match_by_prefix_and_word)
{
	query q;
	entry *e = entry_new();
	ck_assert_int_eq(strlist_add(&e->themes, "ghosts in the nursery"), RF_OK);
	ck_assert_int_eq(strlist_add(&e->emotions, "tenderness"), RF_OK);
	const char *hit[] = {"theme:ghosts", "theme:nursery", "theme:Ghost", "feeling:tender",
			     "emotion:TENDERNESS", "theme:\"in the\""};
	for (size_t i = 0; i < sizeof hit / sizeof hit[0]; i++) {
		ck_assert_int_eq(query_parse(hit[i], &q, NULL), RF_OK);
		ck_assert_msg(entry_matches(e, &q.filter), "%s should match", hit[i]);
		query_clear(&q);
	}
	const char *miss[] = {"theme:hosts", "feeling:ness", "feeling:fear", "theme:burnout"};
	for (size_t i = 0; i < sizeof miss / sizeof miss[0]; i++) {
		ck_assert_int_eq(query_parse(miss[i], &q, NULL), RF_OK);
		ck_assert_msg(!entry_matches(e, &q.filter), "%s should not match", miss[i]);
		query_clear(&q);
	}
	entry_free(&e);
}
END_TEST

START_TEST(natural_dates_name_days)
{
	char out[11];
	time_t now = 1796212800; /* 2026-12-02 12:00 UTC */
	setenv("TZ", "UTC", 1);
	tzset();
	ck_assert(dates_parse_day("2026-11-20", now, out));
	ck_assert_str_eq(out, "2026-11-20");
	ck_assert(dates_parse_day("yesterday", now, out));
	ck_assert_str_eq(out, "2026-12-01");
	ck_assert(dates_parse_day("Today", now, out));
	ck_assert_str_eq(out, "2026-12-02");
	ck_assert(dates_parse_day("2w", now, out));
	ck_assert_str_eq(out, "2026-11-18");
	ck_assert(dates_parse_day("last week", now, out));
	ck_assert_str_eq(out, "2026-11-25");
	ck_assert(dates_parse_day("3 days ago", now, out));
	ck_assert_str_eq(out, "2026-11-29");
	ck_assert(dates_parse_day("1m", now, out));
	ck_assert_str_eq(out, "2026-11-02");
	ck_assert(!dates_parse_day("someday", now, out));
	ck_assert(!dates_parse_day("2026-02-30", now, out));
	ck_assert(!dates_parse_day("2 fortnights", now, out));
	char shown[80];
	dates_human_time(1796190376, shown, sizeof shown); /* 2026-12-02T05:46:16Z */
	ck_assert_str_eq(shown, "Wed 2 Dec 2026, 05:46");
	dates_human_iso("2026-12-02T05:46:16Z", shown, sizeof shown);
	ck_assert_str_eq(shown, "Wed 2 Dec 2026, 05:46");
	dates_human_day("2026-10-01", shown, sizeof shown);
	ck_assert_str_eq(shown, "Thu 1 Oct 2026");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("query");
	TCase *tc = tcase_create("parse");
	tcase_add_test(tc, plain_words_are_search_text);
	tcase_add_test(tc, empty_query_has_no_conditions);
	tcase_add_test(tc, keys_fill_the_filter);
	tcase_add_test(tc, emotion_is_an_alias_and_case_does_not_matter);
	tcase_add_test(tc, unknown_keys_are_text);
	tcase_add_test(tc, bad_input_is_refused_and_says_why);
	tcase_add_test(tc, filter_matches_entries);
	tcase_add_test(tc, labels_match_by_prefix_and_word);
	tcase_add_test(tc, natural_dates_name_days);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
