/* ui_scroll.h - the one scrolling view every screen uses (after tig's view.c: one scroll
 * state for all views, each view bringing its own draw): the widget keeps which line is at
 * the top and which is chosen, and moves them on the keys; a screen brings its lines and a
 * function that draws one of them. ui_lines is a store of wrapped lines for screens whose
 * lines are text. */
#ifndef REFLECT_UI_SCROLL_H
#define REFLECT_UI_SCROLL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "reflect/ui_screen.h"

#define UI_SCROLL_NONE ((size_t)-1)

typedef enum ui_scroll_mode {
	UI_SCROLL_PAGE, /* text to read: the keys move the text */
	UI_SCROLL_LIST, /* a list: the keys move the choice among the lines that can be chosen
			 * (Up at the first one shows the lines above it) */
	UI_SCROLL_READ, /* text with some lines to choose: the choice moves among those on the
			 * screen, else the text scrolls; none is chosen when it scrolls away */
} ui_scroll_mode;

typedef struct ui_scroll {
	ui_scroll_mode mode;
	size_t n;	/* lines */
	size_t top;	/* the first line shown */
	size_t sel;	/* the chosen line, UI_SCROLL_NONE for none */
	size_t context; /* LIST: lines kept in view above the choice (a heading) */
	int y, h;	/* the rows it draws in: y to y + h - 1 (set before drawing) */
	void *ctx;
	/* Whether line i can be chosen; NULL: every line can. */
	bool (*choosable)(void *ctx, size_t i);
	/* Draw line i on row y (chosen: it is the chosen line). */
	void (*draw)(ui *u, void *ctx, size_t i, int y, bool chosen);
} ui_scroll;

/* Keep top and the choice within the lines, and the choice in view (LIST), or none when it
 * is out of view (READ). */
void ui_scroll_fit(ui_scroll *s);
/* Fit, then draw the lines in view. */
void ui_scroll_draw(ui *u, ui_scroll *s);
/* Move on a key: Down/Up, j/k, PageDown/PageUp (and Space in PAGE and READ), Home/End,
 * g/G. True when the key was one of them. */
bool ui_scroll_key(ui_scroll *s, const ui_event *ev);
/* Choose the first line that can be chosen (LIST), from the top. */
void ui_scroll_first(ui_scroll *s);
/* How far down the view has come, in percent (100 when everything is in view). */
size_t ui_scroll_percent(const ui_scroll *s);

/* ---- lines of text ---- */

typedef struct ui_line {
	char *text;
	ui_role role;
	int indent;
	int64_t tag; /* what the line stands for (a screen's own), 0 for nothing */
} ui_line;

typedef struct ui_lines {
	ui_line *v;
	size_t n, cap;
	bool failed; /* out of memory: some lines are missing */
} ui_lines;

/* Wipe and free every line. */
void ui_lines_clear(ui_lines *l);
/* Add len bytes of s as one line. */
void ui_lines_push(ui_lines *l, const char *s, size_t len, ui_role role, int indent);
/* Add text soft-wrapped to width - indent, a line per row (its newlines kept). */
void ui_lines_wrap(ui_lines *l, const char *text, ui_role role, int indent, int width);

#endif
