/* scroll.c - the one scrolling view of every screen (see ui_scroll.h), and lines of wrapped
 * text to scroll over. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "reflect/ui_scroll.h"

static size_t height(const ui_scroll *s)
{
	return s->h > 0 ? (size_t)s->h : 1;
}

static bool can_choose(const ui_scroll *s, size_t i)
{
	return i < s->n && (s->choosable == NULL || s->choosable(s->ctx, i));
}

void ui_scroll_fit(ui_scroll *s)
{
	size_t h = height(s);

	if (s->sel != UI_SCROLL_NONE && !can_choose(s, s->sel))
		s->sel = UI_SCROLL_NONE;
	if (s->mode == UI_SCROLL_LIST && s->sel != UI_SCROLL_NONE) {
		if (s->sel < s->top)
			s->top = s->sel;
		if (s->sel >= s->top + h)
			s->top = s->sel - h + 1;
		if (s->top > (s->sel >= s->context ? s->sel - s->context : 0))
			s->top = s->sel >= s->context ? s->sel - s->context : 0;
	}
	if (s->n <= h)
		s->top = 0;
	else if (s->top > s->n - h)
		s->top = s->n - h;
	if (s->mode == UI_SCROLL_READ && s->sel != UI_SCROLL_NONE &&
	    (s->sel < s->top || s->sel >= s->top + h))
		s->sel = UI_SCROLL_NONE;
}

void ui_scroll_draw(ui *u, ui_scroll *s)
{
	ui_scroll_fit(s);
	for (size_t i = 0; i < height(s) && s->top + i < s->n; i++)
		s->draw(u, s->ctx, s->top + i, s->y + (int)i, s->top + i == s->sel);
}

void ui_scroll_first(ui_scroll *s)
{
	s->top = 0;
	s->sel = UI_SCROLL_NONE;
	for (size_t i = 0; i < s->n; i++)
		if (can_choose(s, i)) {
			s->sel = i;
			return;
		}
}

size_t ui_scroll_percent(const ui_scroll *s)
{
	size_t h = height(s);

	return s->n <= h ? 100 : (s->top + h) * 100 / s->n;
}

/* LIST: the next (dir > 0) or previous line that can be chosen; false when there is none. */
static bool list_step(ui_scroll *s, int dir)
{
	size_t k = s->sel;

	if (k == UI_SCROLL_NONE) {
		ui_scroll_first(s);
		return s->sel != UI_SCROLL_NONE;
	}
	for (;;) {
		if (dir > 0 ? k + 1 >= s->n : k == 0)
			return false;
		k = dir > 0 ? k + 1 : k - 1;
		if (can_choose(s, k)) {
			s->sel = k;
			return true;
		}
	}
}

/* READ: Down chooses the next choosable line on the screen, else scrolls a line. */
static void read_down(ui_scroll *s)
{
	size_t h = height(s), k = s->sel == UI_SCROLL_NONE ? s->top : s->sel + 1;

	while (k < s->n && k < s->top + h && !can_choose(s, k))
		k++;
	if (k < s->n && k < s->top + h)
		s->sel = k;
	else if (s->top + h < s->n)
		s->top++;
	ui_scroll_fit(s);
}

static void read_up(ui_scroll *s)
{
	size_t k = s->sel;

	while (k != UI_SCROLL_NONE && k > s->top) {
		k--;
		if (can_choose(s, k)) {
			s->sel = k;
			return;
		}
	}
	if (s->top > 0)
		s->top--;
	else
		s->sel = UI_SCROLL_NONE;
	ui_scroll_fit(s);
}

bool ui_scroll_key(ui_scroll *s, const ui_event *ev)
{
	size_t h = height(s), page = h > 1 ? h - 1 : 1;
	bool list = s->mode == UI_SCROLL_LIST;

	if (ev->type != UI_EV_KEY)
		return false;
	if (ui_fkey(ev, KEY_DOWN) || ui_key(ev, 'j')) {
		if (list)
			list_step(s, 1);
		else if (s->mode == UI_SCROLL_READ)
			read_down(s);
		else if (s->top + h < s->n)
			s->top++;
	} else if (ui_fkey(ev, KEY_UP) || ui_key(ev, 'k')) {
		if (list) {
			if (!list_step(s, -1))
				s->top = 0; /* the headings above the first choice */
		} else if (s->mode == UI_SCROLL_READ) {
			read_up(s);
		} else if (s->top > 0) {
			s->top--;
		}
	} else if (ui_fkey(ev, KEY_NPAGE) || (!list && ui_key(ev, ' '))) {
		if (list)
			for (size_t i = 0; i < h && list_step(s, 1); i++)
				;
		else
			s->top += page;
	} else if (ui_fkey(ev, KEY_PPAGE)) {
		if (list)
			for (size_t i = 0; i < h && list_step(s, -1); i++)
				;
		else
			s->top = s->top > page ? s->top - page : 0;
	} else if (ui_fkey(ev, KEY_HOME) || ui_key(ev, 'g')) {
		if (list)
			ui_scroll_first(s);
		else
			s->top = 0;
	} else if (ui_fkey(ev, KEY_END) || ui_key(ev, 'G')) {
		if (list) {
			for (size_t i = s->n; i > 0; i--)
				if (can_choose(s, i - 1)) {
					s->sel = i - 1;
					break;
				}
		} else {
			s->top = s->n;
		}
	} else {
		return false;
	}
	ui_scroll_fit(s);
	return true;
}

/* ---- lines of text ---- */

void ui_lines_clear(ui_lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		ui_free_text(&l->v[i].text);
	free(l->v);
	memset(l, 0, sizeof *l);
}

void ui_lines_push(ui_lines *l, const char *s, size_t len, ui_role role, int indent)
{
	char *t;

	if (l->failed)
		return;
	if (l->n == l->cap) {
		size_t nc = l->cap ? l->cap * 2 : 64;
		ui_line *nv = nc > SIZE_MAX / sizeof *nv ? NULL : realloc(l->v, nc * sizeof *nv);
		if (nv == NULL) {
			l->failed = true;
			return;
		}
		l->v = nv;
		l->cap = nc;
	}
	if ((t = malloc(len + 1)) == NULL) {
		l->failed = true;
		return;
	}
	memcpy(t, s, len);
	t[len] = '\0';
	l->v[l->n++] = (ui_line){t, role, indent, 0};
}

void ui_lines_wrap(ui_lines *l, const char *text, ui_role role, int indent, int width)
{
	editor *ed;
	size_t rows;

	if (text == NULL)
		return;
	ed = editor_new(strlen(text) + 16, true);
	if (ed == NULL || editor_set_text(ed, text) != RF_OK) {
		editor_free(&ed);
		l->failed = true;
		return;
	}
	editor_set_width(ed, width - indent > 1 ? width - indent : 1);
	rows = editor_rows(ed);
	for (size_t r = 0; r < rows && !l->failed; r++) {
		size_t st, len;
		editor_row(ed, r, &st, &len);
		ui_lines_push(l, editor_text(ed) + st, len, role, indent);
	}
	editor_free(&ed);
}
