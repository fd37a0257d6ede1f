/* ui_pick.c - a picker over a grouped vocabulary (feelings, themes, domains, visit types): several
 * at once or one, type-to-find, and the person's own words beside the given ones. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "reflect/i18n.h"
#include "reflect/ui_screen.h"
#include "reflect/ui_scroll.h"

#define MAX_GROUPS 12

typedef struct pgroup {
	const char *name;
	const char *const *words;
	size_t n;
} pgroup;

typedef struct picker {
	pgroup g[MAX_GROUPS];
	size_t ng;
	strlist own; /* own words, shown as the last group */
	strlist *chosen;
	bool multi;
	bool own_words;
	size_t cg, ci; /* cursor: group, item */
	int ncols, colw;
	char find[64];
	time_t find_at;
	const char *title;
	ui_scroll sc; /* LIST over the grid's lines (see line_of), the chosen word's line chosen */
} picker;

static ssize_t index_of(const strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcasecmp(l->v[i], s) == 0)
			return (ssize_t)i;
	return -1;
}

static void remove_at(strlist *l, size_t i)
{
	sodium_memzero(l->v[i], strlen(l->v[i]));
	free(l->v[i]);
	memmove(l->v + i, l->v + i + 1, (l->n - i - 1) * sizeof *l->v);
	l->n--;
}

static bool in_vocab(const picker *p, const char *w)
{
	for (size_t g = 0; g < p->ng; g++)
		if (p->g[g].words != (const char *const *)p->own.v)
			for (size_t i = 0; i < p->g[g].n; i++)
				if (strcasecmp(p->g[g].words[i], w) == 0)
					return true;
	return false;
}

/* A word of group g as the person reads it: the vocabulary's words translated, own words as
 * they are. */
static const char *shown(const picker *p, size_t g, const char *w)
{
	if (p->own_words && g == p->ng - 1)
		return w;
	return _(w);
}

/* The own-words group always mirrors p->own (its array may move when it grows). */
static void sync_own(picker *p)
{
	if (!p->own_words)
		return;
	pgroup *o = &p->g[p->ng - 1];
	o->words = (const char *const *)p->own.v;
	o->n = p->own.n;
}

static void layout(ui *u, picker *p)
{
	int maxw = 0;
	for (size_t g = 0; g < p->ng; g++)
		for (size_t i = 0; i < p->g[g].n; i++) {
			const char *s = shown(p, g, p->g[g].words[i]);
			int w = editor_str_width(s, strlen(s));
			if (w > maxw && p->g[g].words != (const char *const *)p->own.v)
				maxw = w;
		}
	int ncols = (int)(p->ng < 4 ? p->ng : 4);
	if (ncols < 1)
		ncols = 1;
	while (ncols > 1 && (u->cols - 4) / ncols < maxw + 5)
		ncols--;
	p->ncols = ncols;
	p->colw = (u->cols - 4) / ncols;
}

/* ---- the grid as lines: band by band (a row of groups side by side), the groups' names,
 * their words line by line, a blank line ---- */

/* The lines of the band of groups from row0 on, its blank line not counted. */
static size_t band_lines(const picker *p, size_t row0)
{
	size_t h = 1;
	for (size_t g = row0; g < p->ng && g < row0 + (size_t)p->ncols; g++) {
		bool own = p->own_words && g == p->ng - 1;
		if (p->g[g].n + 1 > h)
			h = p->g[g].n + 1;
		if (own && h < 2)
			h = 2;
	}
	return h;
}

static size_t nlines(const picker *p)
{
	size_t n = 0;
	for (size_t row0 = 0; row0 < p->ng; row0 += (size_t)p->ncols)
		n += band_lines(p, row0) + 1;
	return n;
}

/* Line k: its band's first group and the line within the band (0: the names). */
static void line_of(const picker *p, size_t k, size_t *row0, size_t *off)
{
	*row0 = 0;
	for (;;) {
		size_t h = band_lines(p, *row0) + 1;
		if (k < h || *row0 + (size_t)p->ncols >= p->ng)
			break;
		k -= h;
		*row0 += (size_t)p->ncols;
	}
	*off = k;
}

/* The line of the chosen word. */
static size_t cursor_line(const picker *p)
{
	size_t k = 0, band = p->cg - p->cg % (size_t)p->ncols;
	for (size_t row0 = 0; row0 < band; row0 += (size_t)p->ncols)
		k += band_lines(p, row0) + 1;
	return k + 1 + p->ci;
}

/* One line of the grid (the scroll widget's draw). */
static void draw_line(ui *u, void *ctx, size_t k, int y, bool chosen)
{
	const picker *p = ctx;
	size_t row0, off;

	(void)chosen; /* the chosen word is marked in its column, not the whole line */
	line_of(p, k, &row0, &off);
	for (size_t g = row0; g < p->ng && g < row0 + (size_t)p->ncols; g++) {
		int x = 2 + (int)(g - row0) * p->colw;
		bool own = p->own_words && g == p->ng - 1;
		size_t n = p->g[g].n, i = off - 1;
		if (off == 0) {
			ui_put(u, y, x, p->colw - 1, _(p->g[g].name), UI_HEADING);
			continue;
		}
		if (own && n == 0 && i == 0)
			ui_put(u, y, x, p->colw - 1, _("+ to add"), UI_HINT);
		if (i >= n)
			continue;
		const char *w = p->g[g].words[i];
		bool on = index_of(p->chosen, w) >= 0;
		char item[200];
		snprintf(item, sizeof item, "%s %s",
			 p->multi ? (on ? "[x]" : "[ ]") : (on ? "(*)" : "( )"), shown(p, g, w));
		bool cur = g == p->cg && i == p->ci;
		ui_put(u, y, x, p->colw - 1, item, cur ? UI_SELECTED : on ? UI_CHOSEN : UI_NORMAL);
	}
}

static void draw(ui *u, picker *p, const char *title)
{
	if (!ui_begin_draw(u))
		return;
	layout(u, p);
	ui_title(u, "reflect", title);
	ui_put(u, 1, 2, u->cols - 4,
	       p->multi ? _("Space chooses or lets go. Type a few letters to find a word.")
			: _("Space or Enter chooses. Type a few letters to find a word."),
	       UI_HINT);
	/* what is chosen so far */
	char line[600] = "";
	for (size_t i = 0; i < p->chosen->n; i++) {
		const char *w = prompts_word_shown(p->chosen->v[i]);
		if (strlen(line) + strlen(w) + 3 >= sizeof line)
			break;
		if (i)
			strcat(line, ", ");
		strcat(line, w);
	}
	int cw = ui_put(u, 2, 2, 20, _("Chosen:"), UI_LABEL);
	ui_put(u, 2, 3 + cw, u->cols - 5 - cw, p->chosen->n ? line : _("nothing yet"), UI_CHOSEN);
	sodium_memzero(line, sizeof line);

	/* the grid, scrolled so that the chosen word is in view with its group's name */
	p->sc.n = nlines(p);
	p->sc.y = 4;
	p->sc.h = u->rows - 5;
	p->sc.sel = cursor_line(p);
	/* its group's name above it as far as the rows allow */
	p->sc.context = 1 + p->ci;
	if (p->sc.h > 1 && p->sc.context >= (size_t)p->sc.h)
		p->sc.context = (size_t)p->sc.h - 1;
	ui_scroll_draw(u, &p->sc);
	char hints[200];
	snprintf(hints, sizeof hints, _("%s%s  ·  arrows move  ·  Enter done  ·  Esc back"),
		 p->multi ? _("Space choose") : _("Space/Enter choose"),
		 p->own_words ? _("  ·  + own words") : "");
	ui_status(u, hints);
	ui_end_draw(u);
}

static void backdrop(ui *u, void *ctx)
{
	picker *p = ctx;
	draw(u, p, p->title);
}

static void move_to(picker *p, size_t g, size_t i)
{
	if (g >= p->ng || p->g[g].n == 0)
		return;
	p->cg = g;
	p->ci = i < p->g[g].n ? i : p->g[g].n - 1;
}

static void step(picker *p, int dg, int di)
{
	if (di > 0) {
		if (p->ci + 1 < p->g[p->cg].n) {
			p->ci++;
			return;
		}
		for (size_t g = p->cg + (size_t)p->ncols; g < p->ng; g += (size_t)p->ncols)
			if (p->g[g].n) {
				move_to(p, g, 0);
				return;
			}
		return;
	}
	if (di < 0) {
		if (p->ci > 0) {
			p->ci--;
			return;
		}
		for (long g = (long)p->cg - p->ncols; g >= 0; g -= p->ncols)
			if (p->g[g].n) {
				move_to(p, (size_t)g, p->g[g].n - 1);
				return;
			}
		return;
	}
	long g = (long)p->cg;
	for (;;) {
		g += dg;
		if (g < 0 || (size_t)g >= p->ng)
			return;
		if (p->g[g].n) {
			move_to(p, (size_t)g, p->ci);
			return;
		}
	}
}

static void find_next(picker *p)
{
	size_t fl = strlen(p->find);
	for (size_t g = 0; g < p->ng; g++)
		for (size_t i = 0; i < p->g[g].n; i++)
			if (strncasecmp(shown(p, g, p->g[g].words[i]), p->find, fl) == 0 ||
			    strncasecmp(p->g[g].words[i], p->find, fl) == 0) {
				move_to(p, g, i);
				return;
			}
}

static void toggle(picker *p, const char *w)
{
	ssize_t k = index_of(p->chosen, w);
	if (k >= 0) {
		remove_at(p->chosen, (size_t)k);
		return;
	}
	if (!p->multi)
		strlist_clear(p->chosen);
	strlist_add(p->chosen, w);
}

/* The vocabulary's word that t is (in English or as shown), else t. */
static const char *key_of(const picker *p, const char *t)
{
	for (size_t g = 0; g < p->ng; g++)
		if (!(p->own_words && g == p->ng - 1))
			for (size_t i = 0; i < p->g[g].n; i++)
				if (strcasecmp(p->g[g].words[i], t) == 0 ||
				    strcasecmp(_(p->g[g].words[i]), t) == 0)
					return p->g[g].words[i];
	const char *k = prompts_key_of(t);
	return in_vocab(p, k) ? k : t;
}

/* Own words: several, separated by commas (one in single mode). */
static void add_own(picker *p, const char *text)
{
	char *copy = strdup(text);
	if (!copy)
		return;
	char *save = NULL;
	for (char *t = strtok_r(copy, p->multi ? "," : "", &save); t;
	     t = strtok_r(NULL, p->multi ? "," : "", &save)) {
		while (*t == ' ')
			t++;
		size_t n = strlen(t);
		while (n > 0 && t[n - 1] == ' ')
			t[--n] = '\0';
		if (!*t)
			continue;
		t = (char *)key_of(p, t); /* a word of the vocabulary, typed in any language */
		if (!in_vocab(p, t) && index_of(&p->own, t) < 0)
			strlist_add(&p->own, t);
		if (!p->multi)
			strlist_clear(p->chosen);
		if (index_of(p->chosen, t) < 0)
			strlist_add(p->chosen, t);
	}
	sodium_memzero(copy, strlen(text));
	free(copy);
	sync_own(p);
}

ui_result ui_pick(ui *u, const char *title, const prompts_group *groups, size_t ngroups,
		  strlist *chosen, bool multi, bool own_words)
{
	picker p;
	memset(&p, 0, sizeof p);
	p.sc = (ui_scroll){UI_SCROLL_LIST, 0, 0, 0, 0, 0, 0, &p, NULL, draw_line};
	p.chosen = chosen;
	p.title = title;
	p.multi = multi;
	p.own_words = own_words;
	for (size_t g = 0; g < ngroups && p.ng < MAX_GROUPS - 1; g++) {
		p.g[p.ng].name = groups[g].name;
		p.g[p.ng].words = groups[g].words.v;
		p.g[p.ng].n = groups[g].words.n;
		p.ng++;
	}
	if (own_words) {
		p.g[p.ng].name = N_("my own words");
		p.ng++;
		for (size_t i = 0; i < chosen->n; i++)
			if (!in_vocab(&p, chosen->v[i]))
				strlist_add(&p.own, chosen->v[i]);
		sync_own(&p);
	}
	/* start on the first chosen word, if any */
	if (chosen->n) {
		for (size_t g = 0; g < p.ng; g++)
			for (size_t i = 0; i < p.g[g].n; i++)
				if (strcasecmp(p.g[g].words[i], chosen->v[0]) == 0) {
					p.cg = g;
					p.ci = i;
				}
	}
	ui_result r = UI_DONE;
	ui_backdrop prev = ui_backdrop_push(u, backdrop, &p);
	for (;;) {
		draw(u, &p, title);
		ui_event ev;
		ui_key_step ks = ui_next_key(u, &ev, UI_BACK_NONE, &r);
		if (ks == UI_KEY_LEAVE)
			break;
		if (ks == UI_KEY_REDRAW)
			continue;
		bool typing = false;
		const char *cur = p.g[p.cg].n ? p.g[p.cg].words[p.ci] : NULL;
		if (ui_escape(&ev) || ui_key(&ev, '\t'))
			break;
		else if (ui_fkey(&ev, KEY_DOWN))
			step(&p, 0, 1);
		else if (ui_fkey(&ev, KEY_UP))
			step(&p, 0, -1);
		else if (ui_fkey(&ev, KEY_RIGHT))
			step(&p, 1, 0);
		else if (ui_fkey(&ev, KEY_LEFT))
			step(&p, -1, 0);
		else if (ui_key(&ev, ' ') && cur) {
			char *w = strdup(cur);
			if (w) {
				toggle(&p, w);
				free(w);
			}
			if (!multi)
				break;
		} else if (ui_key(&ev, '\r') || ui_key(&ev, '\n') || ui_fkey(&ev, KEY_ENTER)) {
			if (!multi && cur && index_of(chosen, cur) < 0)
				toggle(&p, cur);
			break;
		} else if (ui_key(&ev, '+') && own_words) {
			char *text = NULL;
			r = ui_input(u, multi ? _("Your own words (commas between):") : _("Your own words:"),
				     "", &text);
			if (text) {
				add_own(&p, text);
				ui_free_text(&text);
				move_to(&p, p.ng - 1, p.own.n ? p.own.n - 1 : 0);
			}
			if (r != UI_DONE)
				break;
			if (!multi && chosen->n)
				break;
		} else if (ui_fkey(&ev, KEY_F(1)) || ui_key(&ev, '?')) {
			static const char *const help[] = {
				N_("Choosing"),
				N_("Arrows\tmove between words and groups"),
				N_("Space\tchoose a word, or let it go"),
				N_("letters\tfind a word that starts with them"),
				N_("+\tadd your own words (commas between)"),
				N_("Enter\tdone"),
				N_("Esc\tback, keeping what is chosen"),
				N_("Ctrl-X\tlock now"),
			};
			r = ui_help(u, title, help, sizeof help / sizeof help[0]);
			if (r != UI_DONE)
				break;
		} else if ((ui_fkey(&ev, KEY_BACKSPACE) || ui_key(&ev, 127)) && p.find[0]) {
			p.find[strlen(p.find) - 1] = '\0';
			typing = true;
		} else if (!ev.fn && !ev.alt && ev.ch > ' ' && ev.ch < 127 && ev.ch != '+') {
			time_t now = time(NULL);
			if (now - p.find_at > 2)
				p.find[0] = '\0';
			size_t fl = strlen(p.find);
			if (fl + 1 < sizeof p.find) {
				p.find[fl] = (char)ev.ch;
				p.find[fl + 1] = '\0';
			}
			p.find_at = now;
			find_next(&p);
			typing = true;
		}
		if (!typing)
			p.find[0] = '\0';
	}
	ui_backdrop_pop(u, prev);
	strlist_clear(&p.own);
	return r;
}
