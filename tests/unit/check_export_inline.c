/* check_export_inline.c - labels and codes inside a Markdown line (the entry's heading, the line
 * under it, lists of feelings and themes): every character that could start markup is escaped
 * with a backslash and line breaks and tabs become spaces, as written one run at a time; '!'
 * and '"' in plain prose as cmark writes them. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "reflect/entry.h"
#include "reflect/export.h"

static char *render_md(const entry *e)
{
	export_options o = {.format = EXPORT_MD, .layout = EXPORT_PNC};
	export_writer *w = NULL;
	const char *b;
	size_t len = 0;
	char *out;

	ck_assert_int_eq(export_begin(&o, NULL, &w), RF_OK);
	ck_assert_int_eq(export_entry(w, e), RF_OK);
	ck_assert_int_eq(export_finish(w), RF_OK);
	b = export_buffer(w, &len);
	out = strdup(b);
	export_writer_free(&w);
	return out;
}

START_TEST(markup_in_a_line_is_escaped_and_breaks_are_spaces)
{
	entry *e = entry_new();
	char *out;

	e->written = 1795190700;
	entry_set(&e->visit_date, "2026-11-20");
	entry_set(&e->visit_type, "home\tvisit <b>&amp; #1 `x` \\ back");
	entry_set(&e->family, "F-2*_[x]");
	entry_set(&e->pause_text, "Hello! \"quoted\" wow!! (yes)");
	strlist_add(&e->emotions, "jo*y");
	strlist_add(&e->emotions, "a\tb");
	strlist_add(&e->emotions, "c\nd");
	strlist_add(&e->themes, "x#y");
	strlist_add(&e->themes, "a\\b");
	out = render_md(e);
	ck_assert_ptr_nonnull(strstr(out, " \xe2\x80\x94 home visit \\<b\\>\\&amp; \\#1 \\`x\\` \\\\ back\n"));
	ck_assert_ptr_nonnull(strstr(out, "family F-2\\*\\_\\[x\\]"));
	ck_assert_ptr_nonnull(strstr(out, "jo\\*y, a b, c d\n"));
	ck_assert_ptr_nonnull(strstr(out, "x\\#y, a\\\\b\n"));
	ck_assert_ptr_nonnull(strstr(out, "Hello\\! \"quoted\" wow\\!\\! (yes)\n"));
	free(out);
	entry_free(&e);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("export_inline");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, markup_in_a_line_is_escaped_and_breaks_are_spaces);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
