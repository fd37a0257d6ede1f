/* check_editor.c - Check tests for the editor model: UTF-8, graphemes, motions, wrap, scroll. */
#include <check.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "reflect/editor.h"

static editor *ed;

static void setup(void)
{
	ed = editor_new(0, true);
	ck_assert_ptr_nonnull(ed);
}

static void teardown(void)
{
	editor_free(&ed);
	ck_assert_ptr_null(ed);
}

static void put(const char *s)
{
	ck_assert_int_eq(editor_insert(ed, s, strlen(s)), RF_OK);
}

START_TEST(insert_and_text)
{
	put("La mamá sonrió");
	ck_assert_str_eq(editor_text(ed), "La mamá sonrió");
	ck_assert_uint_eq(editor_cursor(ed), strlen("La mamá sonrió"));
	editor_home(ed);
	put("¡");
	ck_assert_str_eq(editor_text(ed), "¡La mamá sonrió");
	ck_assert_uint_eq(editor_cursor(ed), strlen("¡"));
}
END_TEST

START_TEST(insert_char_by_code_point)
{
	ck_assert_int_eq(editor_insert_char(ed, 0x5B9D), RF_OK); /* 宝 */
	ck_assert_int_eq(editor_insert_char(ed, 0x5B9D), RF_OK);
	ck_assert_int_eq(editor_insert_char(ed, ' '), RF_OK);
	ck_assert_int_eq(editor_insert_char(ed, 0x1F642), RF_OK); /* 🙂 */
	ck_assert_str_eq(editor_text(ed), "宝宝 🙂");
}
END_TEST

START_TEST(cleaning_pasted_text)
{
	const char in[] = "one\r\ntwo\rthree\tfour\x01\x7f\xff end";
	ck_assert_int_eq(editor_insert(ed, in, sizeof in - 1), RF_OK);
	ck_assert_str_eq(editor_text(ed), "one\ntwo\nthree    four\xEF\xBF\xBD end");
}
END_TEST

START_TEST(one_line_input_turns_newlines_to_spaces)
{
	editor *one = editor_new(0, false);
	ck_assert_int_eq(editor_insert(one, "F-12\nmore", 9), RF_OK);
	ck_assert_str_eq(editor_text(one), "F-12 more");
	editor_free(&one);
}
END_TEST

START_TEST(backspace_removes_a_whole_character)
{
	/* e + combining acute accent is one character on screen */
	put("cafe\xCC\x81");
	ck_assert(editor_backspace(ed));
	ck_assert_str_eq(editor_text(ed), "caf");
	put("é宝");
	ck_assert(editor_backspace(ed));
	ck_assert_str_eq(editor_text(ed), "café");
	ck_assert(editor_backspace(ed));
	ck_assert_str_eq(editor_text(ed), "caf");
}
END_TEST

START_TEST(emoji_sequences_move_as_one)
{
	/* woman + ZWJ + girl, and a thumbs up with a skin tone */
	const char *family = "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7";
	const char *thumb = "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD";
	put("a");
	put(family);
	put(thumb);
	put("b");
	editor_home(ed);
	editor_right(ed);
	ck_assert_uint_eq(editor_cursor(ed), 1);
	editor_right(ed);
	ck_assert_uint_eq(editor_cursor(ed), 1 + strlen(family));
	editor_right(ed);
	ck_assert_uint_eq(editor_cursor(ed), 1 + strlen(family) + strlen(thumb));
	editor_left(ed);
	ck_assert(editor_backspace(ed));
	ck_assert_uint_eq(editor_len(ed), 1 + strlen(thumb) + 1);
	ck_assert(editor_delete(ed));
	ck_assert_str_eq(editor_text(ed), "ab");
}
END_TEST

START_TEST(delete_at_ends_does_nothing)
{
	ck_assert(!editor_backspace(ed));
	ck_assert(!editor_delete(ed));
	put("x");
	ck_assert(!editor_delete(ed));
	editor_top(ed);
	ck_assert(!editor_backspace(ed));
	ck_assert_str_eq(editor_text(ed), "x");
}
END_TEST

START_TEST(newline_is_one_character)
{
	put("ab\ncd");
	editor_home(ed);
	ck_assert_uint_eq(editor_cursor(ed), 3);
	ck_assert(editor_backspace(ed));
	ck_assert_str_eq(editor_text(ed), "abcd");
	ck_assert_uint_eq(editor_cursor(ed), 2);
}
END_TEST

START_TEST(word_motions)
{
	put("Aabbe wuu, dhoolla caddeeyay");
	editor_word_left(ed);
	ck_assert_uint_eq(editor_cursor(ed), strlen("Aabbe wuu, dhoolla "));
	editor_word_left(ed);
	ck_assert_uint_eq(editor_cursor(ed), strlen("Aabbe wuu, "));
	editor_word_left(ed);
	ck_assert_uint_eq(editor_cursor(ed), strlen("Aabbe "));
	editor_word_right(ed);
	ck_assert_uint_eq(editor_cursor(ed), strlen("Aabbe wuu"));
	editor_word_right(ed);
	ck_assert_uint_eq(editor_cursor(ed), strlen("Aabbe wuu, dhoolla"));
	ck_assert(editor_delete_word_back(ed));
	ck_assert_str_eq(editor_text(ed), "Aabbe wuu,  caddeeyay");
}
END_TEST

START_TEST(word_motions_over_accents)
{
	put("La mamá sonrió");
	editor_word_left(ed);
	editor_word_left(ed);
	ck_assert_uint_eq(editor_cursor(ed), 3);
	editor_word_right(ed);
	ck_assert_uint_eq(editor_cursor(ed), strlen("La mamá"));
}
END_TEST

START_TEST(home_and_end_are_per_line)
{
	put("first line\nsecond");
	editor_home(ed);
	ck_assert_uint_eq(editor_cursor(ed), 11);
	editor_end(ed);
	ck_assert_uint_eq(editor_cursor(ed), editor_len(ed));
	editor_top(ed);
	editor_end(ed);
	ck_assert_uint_eq(editor_cursor(ed), 10);
	editor_bottom(ed);
	ck_assert_uint_eq(editor_cursor(ed), editor_len(ed));
}
END_TEST

static void row_is(size_t r, const char *want)
{
	size_t s, n;
	editor_row(ed, r, &s, &n);
	char got[256];
	ck_assert_uint_lt(n, sizeof got);
	memcpy(got, editor_text(ed) + s, n);
	got[n] = '\0';
	ck_assert_str_eq(got, want);
}

START_TEST(soft_wrap_at_spaces)
{
	editor_set_width(ed, 10);
	put("the baby turned toward her voice");
	ck_assert_uint_eq(editor_rows(ed), 4);
	row_is(0, "the baby ");
	row_is(1, "turned ");
	row_is(2, "toward her ");
	row_is(3, "voice");
}
END_TEST

START_TEST(soft_wrap_long_word_breaks_between_characters)
{
	editor_set_width(ed, 4);
	put("abcdefghij");
	ck_assert_uint_eq(editor_rows(ed), 3);
	row_is(0, "abcd");
	row_is(1, "efgh");
	row_is(2, "ij");
}
END_TEST

START_TEST(wide_characters_take_two_columns)
{
	ck_assert_int_eq(editor_str_width("宝宝 slept", strlen("宝宝 slept")), 10);
	ck_assert_int_eq(editor_str_width("mamá", strlen("mamá")), 4);
	ck_assert_int_eq(editor_str_width("e\xCC\x81", 3), 1);
	editor_set_width(ed, 5);
	put("宝宝宝宝宝");
	/* five wide characters: two per row of five columns, never split */
	ck_assert_uint_eq(editor_rows(ed), 3);
	row_is(0, "宝宝");
	row_is(1, "宝宝");
	row_is(2, "宝");
	size_t r;
	int c;
	editor_cursor_pos(ed, &r, &c);
	ck_assert_uint_eq(r, 2);
	ck_assert_int_eq(c, 2);
}
END_TEST

START_TEST(wrap_follows_width_changes)
{
	put("one two three four");
	editor_set_width(ed, 80);
	ck_assert_uint_eq(editor_rows(ed), 1);
	editor_set_width(ed, 8);
	ck_assert_uint_eq(editor_rows(ed), 3);
	editor_set_width(ed, 80);
	ck_assert_uint_eq(editor_rows(ed), 1);
}
END_TEST

START_TEST(empty_lines_are_rows)
{
	put("a\n\nb\n");
	ck_assert_uint_eq(editor_rows(ed), 4);
	row_is(1, "");
	row_is(3, "");
	size_t r;
	int c;
	editor_cursor_pos(ed, &r, &c);
	ck_assert_uint_eq(r, 3);
	ck_assert_int_eq(c, 0);
}
END_TEST

START_TEST(up_and_down_keep_the_column)
{
	put("abcdef\nab\nabcdef");
	editor_up(ed);
	ck_assert_uint_eq(editor_cursor(ed), strlen("abcdef\nab"));
	editor_up(ed);
	ck_assert_uint_eq(editor_cursor(ed), 6);
	editor_down(ed);
	editor_down(ed);
	ck_assert_uint_eq(editor_cursor(ed), editor_len(ed));
	editor_down(ed);
	ck_assert_uint_eq(editor_cursor(ed), editor_len(ed));
	editor_top(ed);
	editor_up(ed);
	ck_assert_uint_eq(editor_cursor(ed), 0);
}
END_TEST

START_TEST(up_and_down_over_wide_characters)
{
	put("宝宝宝\nabcdef");
	editor_set_width(ed, 20);
	editor_home(ed);
	editor_right(ed);
	editor_right(ed);
	editor_right(ed); /* column 3 */
	editor_up(ed);
	/* column 3 falls inside the second wide character: land before it */
	ck_assert_uint_eq(editor_cursor(ed), 3);
	editor_down(ed);
	ck_assert_uint_eq(editor_cursor(ed), strlen("宝宝宝\nabc"));
}
END_TEST

START_TEST(up_and_down_through_wrapped_rows)
{
	editor_set_width(ed, 10);
	put("the baby turned toward her voice");
	editor_top(ed);
	editor_down(ed);
	size_t r;
	int c;
	editor_cursor_pos(ed, &r, &c);
	ck_assert_uint_eq(r, 1);
	ck_assert_int_eq(c, 0);
	editor_end(ed);
	editor_up(ed);
	editor_cursor_pos(ed, &r, &c);
	ck_assert_uint_eq(r, 2);
}
END_TEST

START_TEST(long_paste_and_scrolling)
{
	char *big = malloc(20001);
	for (int i = 0; i < 20000; i++)
		big[i] = (i % 50 == 49) ? '\n' : (char)('a' + i % 26);
	big[20000] = '\0';
	editor_set_width(ed, 60);
	ck_assert_int_eq(editor_insert(ed, big, 20000), RF_OK);
	ck_assert_uint_eq(editor_len(ed), 20000);
	ck_assert_uint_eq(editor_rows(ed), 401);
	size_t top = editor_scroll(ed, 10);
	ck_assert_uint_eq(top, 391);
	editor_top(ed);
	ck_assert_uint_eq(editor_scroll(ed, 10), 0);
	editor_page_down(ed, 10);
	editor_page_down(ed, 10);
	size_t r;
	int c;
	editor_cursor_pos(ed, &r, &c);
	ck_assert_uint_eq(r, 20);
	ck_assert_uint_eq(editor_scroll(ed, 10), 11);
	editor_page_up(ed, 5);
	ck_assert_uint_eq(editor_scroll(ed, 10), 11);
	editor_page_up(ed, 10);
	ck_assert_uint_eq(editor_scroll(ed, 10), 5);
	free(big);
}
END_TEST

START_TEST(limit_refuses_and_keeps_text)
{
	editor *small = editor_new(8, true);
	ck_assert_int_eq(editor_insert(small, "12345678", 8), RF_OK);
	ck_assert_int_eq(editor_insert(small, "9", 1), RF_ERR_TOO_BIG);
	ck_assert_str_eq(editor_text(small), "12345678");
	ck_assert_int_eq(editor_set_text(small, "123456789"), RF_ERR_TOO_BIG);
	ck_assert_str_eq(editor_text(small), "12345678");
	editor_free(&small);
}
END_TEST

START_TEST(set_text_and_version)
{
	uint64_t v0 = editor_version(ed);
	ck_assert_int_eq(editor_set_text(ed, "宝宝 slept"), RF_OK);
	ck_assert_uint_gt(editor_version(ed), v0);
	ck_assert_uint_eq(editor_cursor(ed), editor_len(ed));
	uint64_t v1 = editor_version(ed);
	editor_left(ed);
	ck_assert_uint_eq(editor_version(ed), v1);
	ck_assert(!editor_blank(ed));
	ck_assert_int_eq(editor_set_text(ed, " \n "), RF_OK);
	ck_assert(editor_blank(ed));
	ck_assert_int_eq(editor_set_text(ed, NULL), RF_OK);
	ck_assert_str_eq(editor_text(ed), "");
}
END_TEST

START_TEST(set_cursor_snaps_to_a_character)
{
	put("mamá");
	editor_set_cursor(ed, 4); /* inside the two bytes of á */
	ck_assert_uint_eq(editor_cursor(ed), 3);
	editor_set_cursor(ed, 999);
	ck_assert_uint_eq(editor_cursor(ed), editor_len(ed));
	editor_set_text(ed, "e\xCC\x81x");
	editor_set_cursor(ed, 1); /* between e and its accent */
	ck_assert_uint_eq(editor_cursor(ed), 0);
}
END_TEST

START_TEST(cursor_after_full_row)
{
	editor_set_width(ed, 5);
	put("abcde");
	size_t r;
	int c;
	editor_cursor_pos(ed, &r, &c);
	ck_assert_uint_eq(r, 0);
	ck_assert_int_eq(c, 5);
	put("f");
	editor_cursor_pos(ed, &r, &c);
	ck_assert_uint_eq(r, 1);
	ck_assert_int_eq(c, 1);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("editor");
	TCase *tc = tcase_create("model");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, insert_and_text);
	tcase_add_test(tc, insert_char_by_code_point);
	tcase_add_test(tc, cleaning_pasted_text);
	tcase_add_test(tc, one_line_input_turns_newlines_to_spaces);
	tcase_add_test(tc, backspace_removes_a_whole_character);
	tcase_add_test(tc, emoji_sequences_move_as_one);
	tcase_add_test(tc, delete_at_ends_does_nothing);
	tcase_add_test(tc, newline_is_one_character);
	tcase_add_test(tc, word_motions);
	tcase_add_test(tc, word_motions_over_accents);
	tcase_add_test(tc, home_and_end_are_per_line);
	tcase_add_test(tc, soft_wrap_at_spaces);
	tcase_add_test(tc, soft_wrap_long_word_breaks_between_characters);
	tcase_add_test(tc, wide_characters_take_two_columns);
	tcase_add_test(tc, wrap_follows_width_changes);
	tcase_add_test(tc, empty_lines_are_rows);
	tcase_add_test(tc, up_and_down_keep_the_column);
	tcase_add_test(tc, up_and_down_over_wide_characters);
	tcase_add_test(tc, up_and_down_through_wrapped_rows);
	tcase_add_test(tc, long_paste_and_scrolling);
	tcase_add_test(tc, limit_refuses_and_keeps_text);
	tcase_add_test(tc, set_text_and_version);
	tcase_add_test(tc, set_cursor_snaps_to_a_character);
	tcase_add_test(tc, cursor_after_full_row);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "");
	SRunner *sr = srunner_create(suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
