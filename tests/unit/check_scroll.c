/* check_scroll.c - Check tests for the one scrolling view (scroll.c): a list's choice skips
 * what cannot be chosen and keeps its heading in view, a page clamps at its ends, a text with
 * lines to choose chooses among those on the screen or else scrolls. */
#include <check.h>
#include <stdlib.h>

#include "reflect/ui_scroll.h"

static ui_event key(uint32_t ch)
{
	return (ui_event){UI_EV_KEY, false, false, ch};
}

static ui_event fkey(int k)
{
	return (ui_event){UI_EV_KEY, true, false, (uint32_t)k};
}

/* lines 0, 5, 6 and 20 can be chosen */
static bool some(void *ctx, size_t i)
{
	(void)ctx;
	return i == 0 || i == 5 || i == 6 || i == 20;
}

/* every third line from 1 */
static bool thirds(void *ctx, size_t i)
{
	(void)ctx;
	return i % 3 == 1;
}

static ui_scroll make(ui_scroll_mode mode, size_t n, int h, bool (*choosable)(void *, size_t))
{
	return (ui_scroll){mode, n, 0, UI_SCROLL_NONE, 0, 0, h, NULL, choosable, NULL};
}

START_TEST(list_skips_what_cannot_be_chosen)
{
	ui_scroll s = make(UI_SCROLL_LIST, 30, 10, some);
	ui_event down = fkey(KEY_DOWN), up = key('k'), end = key('G'), home = fkey(KEY_HOME);

	ui_scroll_first(&s);
	ck_assert_uint_eq(s.sel, 0);
	ck_assert(ui_scroll_key(&s, &down));
	ck_assert_uint_eq(s.sel, 5);
	ui_scroll_key(&s, &down);
	ui_scroll_key(&s, &down);
	ck_assert_uint_eq(s.sel, 20);
	ck_assert_uint_eq(s.top, 11); /* in view: 11 to 20 */
	ui_scroll_key(&s, &down);
	ck_assert_uint_eq(s.sel, 20); /* the last one stays */
	ui_scroll_key(&s, &up);
	ck_assert_uint_eq(s.sel, 6);
	ck_assert_uint_eq(s.top, 6);
	ui_scroll_key(&s, &home);
	ck_assert_uint_eq(s.sel, 0);
	ui_scroll_key(&s, &end);
	ck_assert_uint_eq(s.sel, 20);
}
END_TEST

START_TEST(list_keeps_its_heading_in_view)
{
	ui_scroll s = make(UI_SCROLL_LIST, 40, 10, thirds);
	ui_event down = key('j'), up = fkey(KEY_UP), pgdn = fkey(KEY_NPAGE);

	s.context = 2;
	ui_scroll_first(&s);
	ck_assert_uint_eq(s.sel, 1);
	ui_scroll_key(&s, &pgdn); /* ten choices on */
	ck_assert_uint_eq(s.sel, 31);
	for (int i = 0; i < 5; i++)
		ui_scroll_key(&s, &up);
	ck_assert_uint_eq(s.sel, 16);
	ck_assert_uint_le(s.top, 14); /* two lines above the choice */
	for (int i = 0; i < 6; i++)
		ui_scroll_key(&s, &up);
	ck_assert_uint_eq(s.sel, 1);
	ui_scroll_key(&s, &up); /* Up at the first choice shows what is above it */
	ck_assert_uint_eq(s.sel, 1);
	ck_assert_uint_eq(s.top, 0);
	ui_scroll_key(&s, &down);
	ck_assert_uint_eq(s.sel, 4);
}
END_TEST

START_TEST(page_clamps_at_its_ends)
{
	ui_scroll s = make(UI_SCROLL_PAGE, 25, 10, NULL);
	ui_event down = fkey(KEY_DOWN), space = key(' '), end = fkey(KEY_END), up = key('k'),
		 other = key('z');

	ui_scroll_key(&s, &down);
	ck_assert_uint_eq(s.top, 1);
	ui_scroll_key(&s, &space);
	ck_assert_uint_eq(s.top, 10);
	ui_scroll_key(&s, &space);
	ck_assert_uint_eq(s.top, 15); /* the last page, not past it */
	ck_assert_uint_eq(ui_scroll_percent(&s), 100);
	ui_scroll_key(&s, &down);
	ck_assert_uint_eq(s.top, 15);
	ui_scroll_key(&s, &end);
	ck_assert_uint_eq(s.top, 15);
	ui_scroll_key(&s, &up);
	ck_assert_uint_eq(s.top, 14);
	ck_assert(!ui_scroll_key(&s, &other));
	ck_assert_uint_eq(s.sel, UI_SCROLL_NONE);
	s.n = 5; /* everything in view */
	ui_scroll_fit(&s);
	ck_assert_uint_eq(s.top, 0);
	ck_assert_uint_eq(ui_scroll_percent(&s), 100);
}
END_TEST

START_TEST(read_chooses_on_screen_else_scrolls)
{
	ui_scroll s = make(UI_SCROLL_READ, 30, 4, some);
	ui_event down = fkey(KEY_DOWN), up = fkey(KEY_UP), pgdn = fkey(KEY_NPAGE);

	ui_scroll_key(&s, &down);
	ck_assert_uint_eq(s.sel, 0); /* on the screen */
	ui_scroll_key(&s, &down);
	ck_assert_uint_eq(s.top, 1); /* 5 is below: scroll, and 0 goes out of view */
	ck_assert_uint_eq(s.sel, UI_SCROLL_NONE);
	ui_scroll_key(&s, &down);
	ck_assert_uint_eq(s.top, 2); /* 5 still below the screen (1 to 4) */
	ui_scroll_key(&s, &down);
	ck_assert_uint_eq(s.top, 2);
	ck_assert_uint_eq(s.sel, 5); /* on the screen (2 to 5): chosen */
	ui_scroll_key(&s, &down);
	ck_assert_uint_eq(s.top, 3); /* 6 is below: scroll, 5 stays chosen */
	ck_assert_uint_eq(s.sel, 5);
	ui_scroll_key(&s, &down);
	ck_assert_uint_eq(s.sel, 6);
	ui_scroll_key(&s, &up);
	ck_assert_uint_eq(s.sel, 5);
	ui_scroll_key(&s, &pgdn); /* scrolled away: nothing chosen */
	ck_assert_uint_eq(s.sel, UI_SCROLL_NONE);
	ui_scroll_key(&s, &up);
	ck_assert_uint_eq(s.sel, UI_SCROLL_NONE);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("scroll");
	TCase *tc = tcase_create("scroll");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, list_skips_what_cannot_be_chosen);
	tcase_add_test(tc, list_keeps_its_heading_in_view);
	tcase_add_test(tc, page_clamps_at_its_ends);
	tcase_add_test(tc, read_chooses_on_screen_else_scrolls);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
