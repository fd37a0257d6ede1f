/* check_config.c - the settings file: defaults, values, origins, bad lines. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reflect/config.h"
#include "support/testutil.h"

static const char *write_file(const char *text)
{
	const char *p = tu_path("config");
	FILE *f = fopen(p, "w");

	fputs(text, f);
	fclose(f);
	return p;
}

START_TEST(a_missing_file_gives_the_defaults)
{
	config c;

	ck_assert_int_eq(config_load(tu_path("none"), &c, NULL), RF_OK);
	ck_assert(!c.found);
	ck_assert_int_eq(c.lock_after, 600);
	ck_assert_int_eq(c.kdf, RCRYPTO_MODERATE);
	ck_assert_str_eq(c.layout, "pnc");
	ck_assert(c.colour);
	ck_assert_int_eq(c.lock_after_from, CONFIG_DEFAULT);
	config_free(&c);
	tu_cleanup();
}
END_TEST

START_TEST(settings_are_read_with_comments_and_spaces)
{
	config c;
	const char *p = write_file("# my settings\n lock_after=120 \nkdf = sensitive # slow\n\n"
				   "layout = gibbs\nprompts = /etc/reflect/es.txt\ncolour = none\n");

	ck_assert_int_eq(config_load(p, &c, NULL), RF_OK);
	ck_assert(c.found);
	ck_assert_int_eq(c.lock_after, 120);
	ck_assert_int_eq(c.lock_after_from, CONFIG_FILE);
	ck_assert_int_eq(c.kdf, RCRYPTO_SENSITIVE);
	ck_assert_str_eq(c.layout, "gibbs");
	ck_assert_str_eq(c.prompts, "/etc/reflect/es.txt");
	ck_assert(!c.colour);
	config_free(&c);
	tu_cleanup();
}
END_TEST

START_TEST(a_relative_prompt_set_is_beside_the_settings_file)
{
	config c;
	char want[4096];
	const char *p = write_file("prompts = sets/es.txt\n");

	ck_assert_int_eq(config_load(p, &c, NULL), RF_OK);
	snprintf(want, sizeof want, "%s/sets/es.txt", tu_dir());
	ck_assert_str_eq(c.prompts, want);
	config_free(&c);
	setenv("HOME", "/home/someone", 1);
	p = write_file("prompts = ~/prompts.txt\n");
	ck_assert_int_eq(config_load(p, &c, NULL), RF_OK);
	ck_assert_str_eq(c.prompts, "/home/someone/prompts.txt");
	config_free(&c);
	tu_cleanup();
}
END_TEST

START_TEST(a_bad_line_is_named_and_the_good_ones_still_count)
{
	config c;
	rf_detail d = {0};
	const char *p = write_file("lock_after = 60\nkdf = weak\nlayout = nmc\nnonsense\n");

	ck_assert_int_eq(config_load(p, &c, &d), RF_ERR_PARSE);
	ck_assert_int_eq(d.line, 2);
	ck_assert_ptr_nonnull(strstr(d.text, "kdf"));
	ck_assert_int_eq(c.lock_after, 60);
	ck_assert_int_eq(c.kdf, RCRYPTO_MODERATE);
	ck_assert_str_eq(c.layout, "nmc");
	config_free(&c);
	tu_cleanup();
}
END_TEST

int main(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("config");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, a_missing_file_gives_the_defaults);
	tcase_add_test(tc, settings_are_read_with_comments_and_spaces);
	tcase_add_test(tc, a_bad_line_is_named_and_the_good_ones_still_count);
	tcase_add_test(tc, a_relative_prompt_set_is_beside_the_settings_file);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
