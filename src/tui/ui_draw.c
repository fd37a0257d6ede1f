/* ui_draw.c - drawing helpers (UTF-8 text by display width, bars, wrapping) and the small
 * dialogs every screen uses: help, questions, one-line input. */
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "reflect/i18n.h"
#include "reflect/ui_screen.h"

attr_t ui_attr(const ui *u, ui_role role)
{
	if (u->color) {
		switch (role) {
		case UI_TITLE:
			return COLOR_PAIR(2);
		case UI_HEADING:
			return COLOR_PAIR(1) | A_BOLD;
		case UI_LABEL:
			return A_BOLD;
		case UI_FOCUS:
			return COLOR_PAIR(1) | A_BOLD;
		case UI_HINT:
			return A_DIM;
		case UI_SELECTED:
			return COLOR_PAIR(2);
		case UI_CHOSEN:
			return COLOR_PAIR(3) | A_BOLD;
		case UI_WARN:
			return COLOR_PAIR(4) | A_BOLD;
		default:
			return A_NORMAL;
		}
	}
	switch (role) {
	case UI_TITLE:
	case UI_SELECTED:
		return A_REVERSE;
	case UI_HEADING:
	case UI_LABEL:
	case UI_CHOSEN:
	case UI_WARN:
		return A_BOLD;
	case UI_FOCUS:
		return A_BOLD | A_UNDERLINE;
	case UI_HINT:
		return A_DIM;
	default:
		return A_NORMAL;
	}
}

int ui_put(ui *u, int y, int x, int maxw, const char *s, ui_role role)
{
	if (!s || y < 0 || y >= u->rows || x >= u->cols)
		return 0;
	if (maxw > u->cols - x)
		maxw = u->cols - x;
	if (maxw <= 0)
		return 0;
	wchar_t buf[512];
	size_t n = 0;
	int used = 0;
	mbstate_t ms;
	memset(&ms, 0, sizeof ms);
	size_t len = strlen(s);
	size_t i = 0;
	while (i < len && n < sizeof buf / sizeof buf[0] - 1) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, s + i, len - i, &ms);
		if (k == (size_t)-1 || k == (size_t)-2) {
			memset(&ms, 0, sizeof ms);
			wc = 0xFFFD;
			k = 1;
		} else if (k == 0) {
			break;
		}
		i += k;
		if (wc < 0x20 || wc == 0x7F)
			wc = ' ';
		int w = editor_cp_width((uint32_t)wc);
		if (used + w > maxw)
			break;
		if (w == 0 && n == 0)
			continue; /* a combining mark with nothing to sit on */
		buf[n++] = wc;
		used += w;
	}
	buf[n] = 0;
	attr_t a = ui_attr(u, role);
	attron(a);
	mvaddnwstr(y, x, buf, (int)n);
	attroff(a);
	sodium_memzero(buf, sizeof buf);
	return used;
}

int ui_put_cut(ui *u, int y, int x, int maxw, const char *s, ui_role role)
{
	if (!s)
		return 0;
	if (editor_str_width(s, strlen(s)) <= maxw || maxw < 2)
		return ui_put(u, y, x, maxw, s, role);
	int w = ui_put(u, y, x, maxw - 1, s, role);
	return w + ui_put(u, y, x + w, 1, "…", role);
}

void ui_fill(ui *u, int y, int x, ui_role role)
{
	if (y < 0 || y >= u->rows)
		return;
	attr_t a = ui_attr(u, role);
	attron(a);
	for (int c = x; c < u->cols; c++)
		mvaddch(y, c, ' ');
	attroff(a);
}

void ui_center(ui *u, int y, const char *s, ui_role role)
{
	int w = editor_str_width(s, strlen(s));
	int x = (u->cols - w) / 2;
	ui_put(u, y, x < 0 ? 0 : x, u->cols, s, role);
}

int ui_wrap(ui *u, int y, int x, int h, int w, const char *s, ui_role role)
{
	if (!s || h <= 0 || w <= 0)
		return 0;
	editor *ed = editor_new(strlen(s) + 1, true);
	if (!ed)
		return 0;
	int used = 0;
	if (editor_set_text(ed, s) == RF_OK) {
		editor_set_width(ed, w);
		size_t rows = editor_rows(ed);
		for (size_t r = 0; r < rows && used < h; r++) {
			size_t st, len;
			editor_row(ed, r, &st, &len);
			char *line = malloc(len + 1);
			if (!line)
				break;
			memcpy(line, editor_text(ed) + st, len);
			line[len] = '\0';
			ui_put(u, y + used, x, w, line, role);
			sodium_memzero(line, len);
			free(line);
			used++;
		}
	}
	editor_free(&ed);
	return used;
}

int ui_wrap_rows(const char *s, int w)
{
	if (!s || !*s)
		return 0;
	editor *ed = editor_new(strlen(s) + 1, true);
	if (!ed)
		return 1;
	int rows = 1;
	if (editor_set_text(ed, s) == RF_OK) {
		editor_set_width(ed, w);
		rows = (int)editor_rows(ed);
	}
	editor_free(&ed);
	return rows;
}

void ui_title(ui *u, const char *title, const char *right)
{
	ui_fill(u, 0, 0, UI_TITLE);
	int used = ui_put(u, 0, 1, u->cols - 2, title, UI_TITLE);
	if (right && *right) {
		int w = editor_str_width(right, strlen(right));
		int x = u->cols - w - 1;
		if (x > used + 2)
			ui_put(u, 0, x, w, right, UI_TITLE);
	}
}

void ui_status(ui *u, const char *hints)
{
	int y = u->rows - 1;
	move(y, 0);
	clrtoeol();
	if (u->note[0])
		ui_put(u, y, 1, u->cols - 2, u->note, u->note_warn ? UI_WARN : UI_HEADING);
	else
		ui_put(u, y, 1, u->cols - 2, hints, UI_STATUS);
}

void ui_notef(ui *u, bool warn, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(u->note, sizeof u->note, fmt, ap);
	va_end(ap);
	u->note_warn = warn;
}

void ui_free_text(char **s)
{
	if (!s || !*s)
		return;
	sodium_memzero(*s, strlen(*s));
	free(*s);
	*s = NULL;
}

/* ---- help ---- */

ui_result ui_help(ui *u, const char *title, const char *const *items, size_t n)
{
	size_t top = 0;
	bool at_end = true; /* the last item is on the screen, whole */
	for (;;) {
		int body = u->rows - 3;
		if (ui_begin_draw(u)) {
			char t[120];
			snprintf(t, sizeof t, _("Help: %s"), title);
			ui_title(u, "reflect", t);
			int y = 2;
			size_t i;
			at_end = true;
			for (i = top; i < n; i++, y++) {
				if (y >= u->rows - 1) {
					at_end = false;
					break;
				}
				const char *item = _(items[i]);
				const char *tab = strchr(item, '\t');
				if (!tab) {
					ui_put(u, y, 2, u->cols - 4, item, UI_HEADING);
					continue;
				}
				char keys[64];
				size_t kl = (size_t)(tab - item);
				if (kl >= sizeof keys)
					kl = sizeof keys - 1;
				memcpy(keys, item, kl);
				keys[kl] = '\0';
				ui_put(u, y, 4, 20, keys, UI_LABEL);
				int want = ui_wrap_rows(tab + 1, u->cols - 28);
				int h = ui_wrap(u, y, 26, u->rows - 1 - y, u->cols - 28, tab + 1,
						UI_NORMAL);
				if (h < want && i + 1 == n)
					at_end = false;
				if (h > 1)
					y += h - 1;
			}
			ui_status(u, top > 0 || !at_end
					 ? _("Down/Up to scroll  ·  Esc, q or ? to go back")
					 : _("Esc, q or ? to go back"));
			ui_end_draw(u);
		}
		(void)body;
		ui_event ev = ui_next(u);
		if (ev.type == UI_EV_LOCK || ev.type == UI_EV_QUIT)
			return ui_leave_for(&ev);
		if (ev.type != UI_EV_KEY)
			continue;
		if ((ui_fkey(&ev, KEY_DOWN) || ui_key(&ev, 'j') || ui_key(&ev, ' ') ||
		     ui_fkey(&ev, KEY_NPAGE)) && !at_end && top + 1 < n) {
			top++;
			continue;
		}
		if ((ui_fkey(&ev, KEY_UP) || ui_key(&ev, 'k') || ui_fkey(&ev, KEY_PPAGE)) && top > 0) {
			top--;
			continue;
		}
		if (ui_escape(&ev) || ui_key(&ev, 'q') || ui_key(&ev, '?') || ui_fkey(&ev, KEY_F(1)) ||
		    ui_key(&ev, '\r') || ui_key(&ev, '\n') || ui_fkey(&ev, KEY_ENTER))
			return UI_DONE;
	}
}

ui_backdrop ui_backdrop_push(ui *u, void (*fn)(ui *u, void *ctx), void *ctx)
{
	ui_backdrop prev = {u->backdrop, u->backdrop_ctx};
	u->backdrop = fn;
	u->backdrop_ctx = ctx;
	return prev;
}

void ui_backdrop_pop(ui *u, ui_backdrop prev)
{
	u->backdrop = prev.fn;
	u->backdrop_ctx = prev.ctx;
}

/* After a resize under a dialog: the screen beneath, or a clear screen. */
static void redraw_beneath(ui *u)
{
	if (u->backdrop)
		u->backdrop(u, u->backdrop_ctx);
	else
		erase();
}

/* ---- a question ---- */

static void draw_box(ui *u, int y, int x, int h, int w)
{
	for (int r = y; r < y + h; r++) {
		move(r, x);
		for (int c = 0; c < w; c++)
			addch(' ');
	}
	attr_t a = ui_attr(u, UI_HEADING);
	attron(a);
	mvhline(y, x, ACS_HLINE, w);
	mvhline(y + h - 1, x, ACS_HLINE, w);
	mvvline(y, x, ACS_VLINE, h);
	mvvline(y, x + w - 1, ACS_VLINE, h);
	mvaddch(y, x, ACS_ULCORNER);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	attroff(a);
}

/* Blank the place of a dialog that is going: the next dialog or prompt never shows inside its
 * old borders (the screen beneath redraws itself on its next turn). */
static void box_gone(ui *u, int y, int x, int h, int w)
{
	for (int r = y < 0 ? 0 : y; r < y + h && r < u->rows - 1; r++)
		for (int c = x < 0 ? 0 : x; c < x + w && c < u->cols; c++)
			mvaddch(r, c, ' ');
}

ui_result ui_ask(ui *u, const char *question, const char *options, const char *keys, char *answer)
{
	ui_result res = UI_DONE;
	int by = 0, bx = 0, bh = 0, bw = 0;
	bool clear_first = false;
	const char *tkeys = _(keys);
	if (strlen(tkeys) != strlen(keys))
		tkeys = keys;
	*answer = '\0';
	for (;;) {
		if (!u->too_small) {
			if (clear_first)
				redraw_beneath(u);
			clear_first = false;
			int w = 66;
			int qh = ui_wrap_rows(question, w - 4);
			int oh = ui_wrap_rows(options, w - 4);
			int h = qh + oh + 4;
			int y = (u->rows - h) / 2;
			int x = (u->cols - w) / 2;
			by = y;
			bx = x;
			bh = h;
			bw = w;
			draw_box(u, y, x, h, w);
			ui_wrap(u, y + 1, x + 2, qh, w - 4, question, UI_LABEL);
			ui_wrap(u, y + 2 + qh, x + 2, oh, w - 4, options, UI_NORMAL);
			curs_set(0);
			refresh();
		}
		ui_event ev = ui_next(u);
		if (ev.type == UI_EV_LOCK || ev.type == UI_EV_QUIT) {
			res = ui_leave_for(&ev);
			break;
		}
		if (ev.type == UI_EV_RESIZE) {
			clear_first = true;
			continue;
		}
		if (ev.type != UI_EV_KEY)
			continue;
		if (ui_escape(&ev))
			break;
		if (!ev.fn && !ev.alt && ev.ch < 128) {
			char c = (char)ev.ch;
			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			if (c == '\r' || c == '\n')
				c = '\r';
			/* the keys in the language in force first, then the English ones */
			const char *k = c ? strchr(tkeys, c) : NULL;
			if (k) {
				*answer = keys[k - tkeys];
				break;
			}
			if (c && strchr(keys, c)) {
				*answer = c;
				break;
			}
		}
	}
	box_gone(u, by, bx, bh, bw);
	return res;
}

/* ---- one-line input ---- */

ui_result ui_input(ui *u, const char *prompt, const char *initial, char **out)
{
	return ui_input_hint(u, prompt, NULL, initial, out);
}

ui_result ui_input_hint(ui *u, const char *prompt, const char *hint, const char *initial,
			char **out)
{
	*out = NULL;
	editor *ed = editor_new(4096, false);
	ui_result r = UI_DONE;
	if (!ed)
		return UI_DONE;
	editor_set_text(ed, initial);
	bool clear_first = false;
	for (;;) {
		if (!u->too_small) {
			if (clear_first)
				redraw_beneath(u);
			clear_first = false;
			int y = u->rows - 2;
			if (hint != NULL) {
				move(y - 1, 0);
				clrtoeol();
				ui_put(u, y - 1, 1, u->cols - 2, hint, UI_HINT);
			}
			move(y, 0);
			clrtoeol();
			int pw = ui_put(u, y, 1, 40, prompt, UI_FOCUS);
			ui_edit_draw(u, ed, y, pw + 2, 1, u->cols - pw - 3, true, "");
			ui_status(u, _("Enter done  ·  Esc cancel"));
			ui_end_draw(u);
		}
		ui_event ev = ui_next(u);
		if (ev.type == UI_EV_LOCK || ev.type == UI_EV_QUIT) {
			r = ui_leave_for(&ev);
			break;
		}
		if (ev.type == UI_EV_RESIZE) {
			clear_first = true;
			continue;
		}
		if (ev.type != UI_EV_KEY)
			continue;
		if (ui_escape(&ev))
			break;
		if (ui_key(&ev, '\r') || ui_key(&ev, '\n') || ui_fkey(&ev, KEY_ENTER)) {
			*out = strdup(editor_text(ed));
			break;
		}
		ui_edit_key(u, ed, &ev, 1);
	}
	editor_free(&ed);
	return r;
}
