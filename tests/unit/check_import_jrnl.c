/* check_import_jrnl.c - jrnl's plain-text journal and JSON export read into entries. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "reflect/import_jrnl.h"

static const char *PLAIN =
	"[2024-01-05 09:30] First visit went gently. @sleep and #Feeding\n"
	"The baby watched her mother's face.\n"
	"\n"
	"More body, with an email@example.org that is no tag.\n"
	"\n"
	"[2024-01-06 10:00] Starred one *\n"
	"[not a date] stays in the body\n"
	"\n"
	"[2024-01-07 09:00:00 PM] jrnl's default time format, no body\n";

START_TEST(plain_journal_entries_split_on_date_lines)
{
	entry **v = NULL;
	size_t n = 0;

	ck_assert_int_eq(import_jrnl_text(PLAIN, strlen(PLAIN), &v, &n, NULL), RF_OK);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(v[0]->notice_text, "First visit went gently. @sleep and #Feeding\n"
					    "The baby watched her mother's face.\n\n"
					    "More body, with an email@example.org that is no tag.");
	ck_assert_uint_eq(v[0]->themes.n, 2);
	ck_assert_str_eq(v[0]->themes.v[0], "sleep");
	ck_assert_str_eq(v[0]->themes.v[1], "feeding");
	ck_assert_int_eq(v[0]->written, 1704447000); /* local time, pinned to UTC in main */
	ck_assert(!v[0]->for_supervision);
	ck_assert_str_eq(v[1]->notice_text, "Starred one\n[not a date] stays in the body");
	ck_assert(v[1]->for_supervision);
	ck_assert_int_eq(v[2]->written, 1704661200);
	ck_assert_str_eq(v[2]->notice_text, "jrnl's default time format, no body");
	entry_list_free(&v, n);
}
END_TEST

START_TEST(text_that_is_not_a_jrnl_journal_is_refused_with_a_line)
{
	const char *bad = "hello\n[2024-01-05 09:30] x\n";
	entry **v = NULL;
	size_t n = 0;
	rf_detail d = {0};

	ck_assert_int_eq(import_jrnl_text(bad, strlen(bad), &v, &n, &d), RF_ERR_PARSE);
	ck_assert_int_eq(d.line, 1);
	ck_assert_ptr_null(v);
	ck_assert_int_eq(import_jrnl_text("", 0, &v, &n, &d), RF_ERR_PARSE);
	ck_assert_int_eq(import_jrnl_text("[2024-02-30 09:30] no such day\n", 31, &v, &n, &d),
			 RF_ERR_PARSE);
}
END_TEST

START_TEST(json_export_maps_title_body_tags_and_star)
{
	const char *js = "{\"tags\": {\"@sleep\": 1}, \"entries\": [{\"title\": \"A title.\","
			 " \"body\": \"The body.\", \"date\": \"2024-01-05\", \"time\": \"09:30\","
			 " \"tags\": [\"@sleep\"], \"starred\": true},"
			 " {\"title\": \"No body\", \"body\": \"\", \"date\": \"2024-01-06\","
			 " \"time\": \"10:00\", \"tags\": [], \"starred\": false}]}";
	entry **v = NULL;
	size_t n = 0;
	rf_detail d = {0};

	ck_assert_int_eq(import_jrnl_json(js, strlen(js), &v, &n, &d), RF_OK);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(v[0]->notice_text, "A title.\nThe body.");
	ck_assert_uint_eq(v[0]->themes.n, 1);
	ck_assert_str_eq(v[0]->themes.v[0], "sleep");
	ck_assert(v[0]->for_supervision);
	ck_assert_int_eq(v[0]->written, 1704447000);
	ck_assert_str_eq(v[1]->notice_text, "No body");
	ck_assert_uint_eq(v[1]->themes.n, 0);
	entry_list_free(&v, n);
	ck_assert_int_eq(import_jrnl_json("{\"entries\": [{\"title\": \"x\"}]}", 28, &v, &n, &d),
			 RF_ERR_PARSE);
	ck_assert_int_eq(import_jrnl_json("[1,", 3, &v, &n, &d), RF_ERR_PARSE);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("import_jrnl");
	TCase *tc = tcase_create("import_jrnl");
	SRunner *sr;
	int failed;

	/* jrnl's times are local: pin the zone so the expected seconds hold anywhere. */
	setenv("TZ", "UTC", 1);
	tzset();
	tcase_add_test(tc, plain_journal_entries_split_on_date_lines);
	tcase_add_test(tc, text_that_is_not_a_jrnl_journal_is_refused_with_a_line);
	tcase_add_test(tc, json_export_maps_title_body_tags_and_star);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
