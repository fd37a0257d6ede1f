/* ui_home.c - the home list: reflections newest first (date, family, first words, themes),
 * search and filters, and the way to everything else; and offering a saved draft back. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "reflect/dates.h"
#include "reflect/i18n.h"
#include "reflect/query.h"
#include "reflect/text.h"
#include "reflect/ui_screen.h"
#include "reflect/ui_scroll.h"
#include "reflect/unread.h"

typedef struct hrow {
	int64_t id;
	char day[48]; /* as people read it: "Wed 2 Dec" */
	char *family;
	char *themes;
	char *words; /* first words, read when the row is first shown */
	bool words_read;
	bool flagged, portfolio;
	bool concern; /* marked as a safety concern */
	bool unread; /* a response or message came that was not read since */
} hrow;

typedef struct home {
	hrow *v;
	size_t n, cap;
	size_t total;
	ui_scroll sc; /* LIST over v: which row is chosen, which is at the top */
	query q;
	char *qtext;
	bool failed;
	bool partial; /* only the first screen is loaded so far */
	size_t drafts; /* how many drafts wait */
	int64_t *unread; /* entries holding a message not read yet (unread.h) */
	size_t nunread;
	size_t unread_shown; /* of them, in the list */
	char drafts_text[64];
} home;

static void rows_clear(home *h)
{
	for (size_t i = 0; i < h->n; i++) {
		ui_free_text(&h->v[i].family);
		ui_free_text(&h->v[i].themes);
		ui_free_text(&h->v[i].words);
	}
	free(h->v);
	h->v = NULL;
	h->n = h->cap = 0;
}

/* The words of l as a person reads them, joined with commas. */
static char *joined(const strlist *l)
{
	size_t len = 1;
	for (size_t i = 0; i < l->n; i++)
		len += strlen(prompts_word_shown(l->v[i])) + 2;
	char *s = calloc(len, 1);
	if (!s)
		return NULL;
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			strcat(s, ", ");
		strcat(s, prompts_word_shown(l->v[i]));
	}
	return s;
}

static int collect(const entry *e, void *ctx)
{
	home *h = ctx;
	if (h->n == h->cap) {
		size_t nc = h->cap ? h->cap * 2 : 256;
		hrow *nv = realloc(h->v, nc * sizeof *nv);
		if (!nv) {
			h->failed = true;
			return 1;
		}
		h->v = nv;
		h->cap = nc;
	}
	hrow *r = &h->v[h->n];
	memset(r, 0, sizeof *r);
	r->id = e->id;
	char iso[11];
	entry_day(e, iso);
	dates_human_day_short(iso, time(NULL), r->day, sizeof r->day);
	r->family = e->family ? strdup(e->family) : NULL;
	r->themes = joined(&e->themes);
	r->flagged = e->for_supervision;
	r->portfolio = e->portfolio;
	r->concern = e->safety_concern;
	for (size_t i = 0; i < h->nunread && !r->unread; i++)
		r->unread = h->unread[i] == e->id;
	h->unread_shown += r->unread;
	h->n++;
	return 0;
}

/* Which entries hold a message not read yet (before the rows are collected). */
static void load_unread(ui *u, home *h)
{
	free(h->unread);
	h->unread = NULL;
	h->nunread = h->unread_shown = 0;
	if (unread_list(u->j, &h->unread, &h->nunread) != RF_OK)
		h->nunread = 0;
}

static void load(ui *u, home *h)
{
	int64_t keep = u->select_id;
	if (!keep && h->sc.sel < h->n)
		keep = h->v[h->sc.sel].id;
	rows_clear(h);
	h->failed = false;
	load_unread(u, h);
	/* metadata in memory once; later lists and filters need no decryption */
	(void)journal_load_index(u->j);
	const entry_filter *f = query_active(&h->q) ? &h->q.filter : NULL;
	rf_status st = journal_each(u->j, f, f && entry_filter_needs_body(f), collect, h);
	if (st != RF_OK || h->failed)
		ui_notef(u, true, _("Not every reflection could be read: %s"),
			 _(rf_status_message(h->failed ? RF_ERR_NOMEM : st)));
	if (journal_count(u->j, &h->total) != RF_OK)
		h->total = h->n;
	if (journal_draft_count(u->j, &h->drafts) != RF_OK)
		h->drafts = 0;
	snprintf(h->drafts_text, sizeof h->drafts_text,
		 ngettext("%zu draft waits (d)", "%zu drafts wait (d)", h->drafts), h->drafts);
	size_t nd = 0;
	journal_damage_list(u->j, &nd);
	if (nd)
		ui_notef(u, true, "%s",
			 _("Some of the journal is damaged and was skipped; run 'reflect check'."));
	h->sc.sel = 0;
	for (size_t i = 0; keep && i < h->n; i++)
		if (h->v[i].id == keep)
			h->sc.sel = i;
	u->select_id = 0;
	h->sc.n = h->n;
}

/* The first screen at once: only the newest rows it shows are read (cut in SQL, nothing else
 * decrypted); the rest follow right after it is drawn (load). */
static void load_first(ui *u, home *h)
{
	size_t rows = u->rows > 4 ? (size_t)u->rows : 24;

	if (query_active(&h->q) || journal_count(u->j, &h->total) != RF_OK) {
		load(u, h);
		return;
	}
	rows_clear(h);
	h->failed = false;
	load_unread(u, h);
	if (journal_each_newest(u->j, NULL, false, rows, collect, h) != RF_OK || h->failed) {
		load(u, h);
		return;
	}
	h->sc.sel = 0;
	h->partial = h->n < h->total;
	h->sc.n = h->n;
}

/* First words of the most telling text (entry_first_words, as every list shows). */
static void read_words(ui *u, hrow *r)
{
	r->words_read = true;
	entry *e = NULL;
	if (journal_get(u->j, r->id, &e) != RF_OK)
		return;
	if (*entry_first_words(e))
		r->words = text_excerpt(entry_first_words(e), 200);
	entry_free(&e);
}

/* The list's columns: date, family, first words (the rest), themes. */
enum { cw_day = 11, cw_fam = 9, cw_themes = 24, xw = 2 + cw_day + 2 + cw_fam + 1 };

/* One row of the list (the scroll widget's draw). */
static void draw_row(ui *u, void *ctx, size_t k, int yy, bool sel)
{
	home *h = ctx;
	hrow *r = &h->v[k];
	int ww = u->cols - xw - cw_themes - 6;

	if (!r->words_read)
		read_words(u, r);
	ui_role role = sel ? UI_SELECTED : UI_NORMAL;
	if (sel)
		ui_fill(u, yy, 0, UI_SELECTED);
	ui_put(u, yy, 2, cw_day, r->day, role);
	ui_put(u, yy, 2 + cw_day + 2, cw_fam, r->family ? r->family : "", role);
	int mw = 0;
	if (r->unread) { /* "· new response" after the first words */
		const char *m = _("· new response");
		mw = (int)text_width(m) + 1;
		if (mw > ww / 2)
			mw = ww / 2;
		ui_put(u, yy, xw + ww - mw + 1, mw - 1, m, sel ? role : UI_WARN);
	}
	ui_put_cut(u, yy, xw, ww - mw, r->words ? r->words : "", role);
	char mark[3] = "  ";
	if (r->flagged)
		mark[0] = 'S';
	if (r->portfolio)
		mark[1] = 'P';
	ui_put(u, yy, xw + ww + 1, 2, mark, sel ? role : UI_HINT);
	if (r->concern) /* a safety concern never looks like any other entry */
		ui_put(u, yy, xw + ww, 1, "!", sel ? role : UI_WARN);
	ui_put_cut(u, yy, u->cols - cw_themes - 2, cw_themes, r->themes ? r->themes : "",
		   sel ? role : UI_HINT);
}

static void draw(ui *u, home *h)
{
	if (!ui_begin_draw(u))
		return;
	char right[160];
	int at;
	if (query_active(&h->q))
		at = snprintf(right, sizeof right, _("%zu of %zu"), h->n, h->total);
	else
		at = snprintf(right, sizeof right,
			      ngettext("%zu reflection", "%zu reflections",
				       h->partial ? h->total : h->n),
			      h->partial ? h->total : h->n);
	/* while only the first screen is loaded, every entry noted unread counts */
	size_t unread = h->partial ? h->nunread : h->unread_shown;
	if (unread > 0 && at > 0 && (size_t)at < sizeof right) {
		char fresh[80];
		snprintf(fresh, sizeof fresh,
			 ngettext("%zu with a new response", "%zu with new responses", unread), unread);
		at += snprintf(right + at, sizeof right - (size_t)at, " · %s", fresh);
	}
	if (h->drafts > 0 && at > 0 && (size_t)at < sizeof right)
		snprintf(right + at, sizeof right - (size_t)at, " · %s",
			 h->drafts_text);
	ui_title(u, _("reflect  ·  your reflections"), right);
	int y = 1;
	if (query_active(&h->q)) {
		int w = ui_put(u, y, 2, 20, _("Search:"), UI_LABEL);
		ui_put(u, y, 3 + w, u->cols - 5 - w, h->qtext ? h->qtext : "", UI_CHOSEN);
		y++;
	}
	int list_top = y + 1;
	int body = u->rows - 1 - list_top;
	int ww = u->cols - xw - cw_themes - 6;
	if (h->n == 0) {
		if (query_active(&h->q)) {
			ui_center(u, u->rows / 2 - 1, _("Nothing matches this search."), UI_NORMAL);
			ui_center(u, u->rows / 2, _("Press / to change it, or Esc to show everything."),
				  UI_HINT);
		} else {
			ui_center(u, u->rows / 2 - 1, _("No reflections yet."), UI_NORMAL);
			ui_center(u, u->rows / 2, _("Press n to begin one. Take your time."), UI_HINT);
		}
	} else {
		ui_put(u, y, 2, cw_day, _("Date"), UI_HINT);
		ui_put(u, y, 2 + cw_day + 2, cw_fam, _("Family"), UI_HINT);
		ui_put(u, y, xw, ww, _("First words"), UI_HINT);
		ui_put(u, y, u->cols - cw_themes - 2, cw_themes, _("Themes"), UI_HINT);
		h->sc.n = h->n;
		h->sc.y = list_top;
		h->sc.h = body;
		ui_scroll_draw(u, &h->sc);
	}
	/* Other screens hook in here and in the key switch below, as r review and s supervision
	 * do; their hints join this line (it has room for 78 columns; the rest is in ? help). */
	ui_status(
	    u, query_active(&h->q)
		   ? _("n new · Esc show all · r review · s supervision · e export · ? help")
		   : _("n new · / search · r review · s supervision · e export · ? help · q quit"));
	ui_end_draw(u);
}

static const char *const home_help[] = {
	N_("Your reflections"),
	N_("n\ta new reflection"),
	N_("d\tthe drafts waiting: carry on with one, or let it go"),
	N_("Enter\tread the selected reflection"),
	N_("Down/Up, j/k\tmove; PageDown/PageUp, g/G by page, to the ends"),
	N_("/\tsearch and filter"),
	N_("r\tthe review: what keeps coming back, what shifts, what is carried"),
	N_("s\tsupervision: hours, what is marked, shared and answered"),
	N_("e\texport these reflections: Markdown, HTML, JSON or text, a portfolio"),
	N_("i\tnames and places kept out of exports"),
	N_("Esc\tshow everything again after a search"),
	N_("x, Ctrl-X\tlock now (also after --lock-after seconds idle)"),
	N_("?\tthis help"),
	N_("q\tquit (everything is already saved, sealed)"),
	N_("Searching"),
	N_("words\treflections holding these words (accents and case do not matter)"),
	N_("theme:culture\ta theme; quote several words: theme:\"implicit bias\"; the start of "
	   "a word is enough: theme:ghosts"),
	N_("feeling:fear\ta feeling (also emotion:); feeling:tender finds tenderness"),
	N_("family:F-12\ta family code"),
	N_("type:\"home visit\"\ta visit type"),
	N_("since:2026-11-01\tfrom a date on (until: up to one); also since:yesterday, "
	   "since:\"last week\", since:2w, since:3d"),
	N_("is:flagged\tmarked for supervision (is:portfolio for the portfolio)"),
	N_("In the list"),
	N_("S, P\tmarked for supervision, kept for the portfolio"),
	N_("!\tmarked as a safety concern (! on the entry marks or unmarks it)"),
	N_("new response\ta response or a group message came since you last opened the entry"),
};

/* ---- drafts waiting ---- */

typedef struct waiting {
	journal_draft_info in[9];
	entry *e[9];
	size_t n;
	size_t more; /* beyond the nine shown */
} waiting;

static int collect_draft(const journal_draft_info *in, const entry *e, void *ctx)
{
	waiting *w = ctx;
	if (w->n >= 9) {
		w->more++;
		return 0;
	}
	entry *d = entry_dup(e);
	if (d) {
		w->in[w->n] = *in;
		w->e[w->n++] = d;
	}
	return 0;
}

static void waiting_free(waiting *w)
{
	for (size_t i = 0; i < w->n; i++)
		entry_free(&w->e[i]);
	w->n = 0;
}

/* Which draft this is, in words: "a new reflection started Wed 2 Dec 2026, 09:14: first words"
 * or "changes to entry #3 (started ...): first words"; the first words by the home list's rule,
 * the most telling. */
static void draft_words(const journal_draft_info *in, const entry *d, char *out, size_t cap)
{
	char when[64] = "-";
	if (in->started > 0)
		dates_human_time(in->started, when, sizeof when);
	const char *txt = entry_first_words(d);
	char *ex = txt && *txt ? text_excerpt(txt, 30) : NULL;
	if (d->id)
		snprintf(out, cap, _("changes to entry #%lld (started %s)%s%s"), (long long)d->id, when,
			 ex ? ": " : "", ex ? ex : "");
	else
		snprintf(out, cap, _("a new reflection started %s%s%s"), when, ex ? ": " : "",
			 ex ? ex : "");
	ui_free_text(&ex);
}

/* Ask about one waiting draft; Enter opens it, d lets it go (after a yes). */
static ui_result offer(ui *u, const journal_draft_info *in, entry *d, bool *opened)
{
	*opened = false;
	char q[400], which[300];
	draft_words(in, d, which, sizeof which);
	snprintf(q, sizeof q, _("A reflection you had not finished is waiting, sealed: %s."), which);
	sodium_memzero(which, sizeof which);
	char a = 0;
	ui_result r = ui_ask(u, q, _("Enter  carry on with it\nd  let it go\nEsc  later (it stays)"),
			     "\rd", &a);
	sodium_memzero(q, sizeof q);
	if (r != UI_DONE)
		return r;
	if (a == '\r') {
		*opened = true;
		return UI_DONE;
	}
	if (a == 'd') {
		char b = 0;
		/* TRANSLATORS: the keys for yes and no, matching the answers' first letters. */
		r = ui_ask(u, _("Let this draft go for good?"), _("y  yes, let it go\nn  no, keep it"),
			   N_("yn"), &b);
		if (r != UI_DONE)
			return r;
		if (b == 'y') {
			rf_status st = journal_draft_delete(u->j, in->id);
			if (st == RF_OK)
				ui_notef(u, false, "%s", _("Let go. Nothing of it was kept."));
			else
				ui_notef(u, true, _("The draft could not be let go: %s"),
					 _(rf_status_message(st)));
		}
	}
	return UI_DONE;
}

/* Offer the drafts: one at once, several as a numbered list to choose from. */
static ui_result offer_drafts(ui *u, bool *opened)
{
	*opened = false;
	waiting w = {0};
	ui_result r = UI_DONE;
	if (journal_draft_each(u->j, collect_draft, &w) != RF_OK || w.n == 0) {
		waiting_free(&w);
		return UI_DONE;
	}
	size_t pick = 0;
	if (w.n > 1) {
		char q[200], opts[9 * 320 + 100] = "", keys[10] = "";
		size_t at = 0;
		snprintf(q, sizeof q,
			 ngettext("%zu reflection you had not finished is waiting, sealed. Which one?",
				  "%zu reflections you had not finished are waiting, sealed. Which one?",
				  w.n + w.more),
			 w.n + w.more);
		for (size_t i = 0; i < w.n; i++) {
			char which[300];
			draft_words(&w.in[i], w.e[i], which, sizeof which);
			at += (size_t)snprintf(opts + at, sizeof opts - at, "%zu  %s\n", i + 1, which);
			sodium_memzero(which, sizeof which);
			keys[i] = (char)('1' + i);
		}
		snprintf(opts + at, sizeof opts - at, "%s", _("Esc  later (they stay)"));
		char a = 0;
		r = ui_ask(u, q, opts, keys, &a);
		sodium_memzero(opts, sizeof opts);
		if (r != UI_DONE || a == 0) {
			waiting_free(&w);
			return r;
		}
		pick = (size_t)(a - '1');
	}
	r = offer(u, &w.in[pick], w.e[pick], opened);
	if (r == UI_DONE && *opened) {
		entry *take = w.e[pick];
		w.e[pick] = NULL;
		r = ui_compose_draft(u, take, w.in[pick].id, w.in[pick].step, w.in[pick].field);
	}
	for (size_t i = 0; i < w.n; i++)
		entry_free(&w.e[i]);
	return r;
}

ui_result ui_offer_draft(ui *u, bool *opened)
{
	*opened = false;
	size_t n = 0;
	if (journal_draft_count(u->j, &n) != RF_OK || n == 0)
		return UI_DONE;
	if (ui_begin_draw(u)) {
		ui_title(u, _("reflect  ·  your reflections"), "");
		ui_end_draw(u);
	}
	return offer_drafts(u, opened);
}

/* n: a new reflection (drafts waiting stay; d opens them). */
static ui_result start_new(ui *u)
{
	return ui_compose(u, NULL);
}

static void backdrop(ui *u, void *ctx)
{
	draw(u, ctx);
}

ui_result ui_home(ui *u)
{
	home h;
	memset(&h, 0, sizeof h);
	h.sc = (ui_scroll){UI_SCROLL_LIST, 0, 0, 0, 0, 0, 0, &h, NULL, draw_row};
	ui_result r = UI_DONE;
	ui_backdrop prev = ui_backdrop_push(u, backdrop, &h);
	if (u->resume == '\r' && u->resume_id)
		u->select_id = u->resume_id;
	if (u->select_id)
		load(u, &h);
	else
		load_first(u, &h);
	/* The practice check-in, offered at most once a month (p answers it). */
	bool practice = ui_practice_offer(u);
	bool redraw = true;
	/* back where the person was when the journal locked: that screen's key again */
	uint32_t pending = u->resume == '\r' && (!h.n || h.v[h.sc.sel].id != u->resume_id)
			       ? 0
			       : u->resume;
	uint32_t from = 0; /* the screen open now, if it locks */
	u->resume = 0;
	u->resume_id = 0;
	for (;;) {
		ui_event ev = {UI_EV_KEY, false, false, pending};
		from = 0;
		if (pending) {
			pending = 0;
		} else {
			if (redraw)
				draw(u, &h);
			redraw = true;
			if (h.partial) {
				/* The first screen is up: now the rest, keeping the selection. */
				h.partial = false;
				load(u, &h);
				continue;
			}
			ev = ui_next(u);
		}
		if (ev.type == UI_EV_KEY && !ev.fn && !ev.alt &&
		    (ev.ch == 'r' || ev.ch == 's' || ev.ch == 'i' || ev.ch == '\r' || ev.ch == '\n'))
			from = ev.ch == '\n' ? '\r' : ev.ch;
		if (ev.type == UI_EV_LOCK || ev.type == UI_EV_QUIT) {
			r = ui_leave_for(&ev);
			break;
		}
		if (ev.type == UI_EV_TICK) {
			redraw = false;
			continue;
		}
		if (ev.type != UI_EV_KEY)
			continue;
		if (ui_key(&ev, 'q'))
			break;
		else if (ui_key(&ev, 'x')) {
			r = UI_LOCKED;
			break;
		} else if (h.n && ui_scroll_key(&h.sc, &ev)) {
			/* moved */
		} else if ((ui_key(&ev, '\r') || ui_key(&ev, '\n') || ui_fkey(&ev, KEY_ENTER)) &&
			   h.sc.sel < h.n) {
			r = ui_entry_view(u, h.v[h.sc.sel].id);
			if (r != UI_DONE)
				break;
			load(u, &h);
		} else if (ui_key(&ev, 'p') && practice) {
			practice = false;
			r = ui_practice_answer(u);
			if (r != UI_DONE)
				break;
		} else if (ui_key(&ev, 'r')) {
			r = ui_review(u);
			if (r != UI_DONE)
				break;
			load(u, &h);
		} else if (ui_key(&ev, 'n')) {
			r = start_new(u);
			if (r != UI_DONE)
				break;
			load(u, &h);
		} else if (ui_key(&ev, 'd')) {
			bool opened = false;
			if (h.drafts == 0) {
				ui_notef(u, false, "%s", _("No drafts are waiting."));
			} else {
				r = offer_drafts(u, &opened);
				if (r != UI_DONE)
					break;
			}
			load(u, &h);
		} else if (ui_key(&ev, '/')) {
			char *text = NULL;
			r = ui_input_hint(u, _("Search:"),
					  _("words  theme:ghosts  feeling:tender  family:F-12  "
					    "since:yesterday  since:2w  is:flagged"),
					  h.qtext ? h.qtext : "", &text);
			if (r != UI_DONE)
				break;
			if (text) {
				query nq;
				rf_detail d = {0};
				if (query_parse(text, &nq, &d) == RF_OK) {
					query_clear(&h.q);
					h.q = nq;
					ui_free_text(&h.qtext);
					h.qtext = text;
					text = NULL;
					h.sc.sel = 0;
					load(u, &h);
				} else {
					ui_notef(u, true, _("That search could not be read: %s"), d.text);
				}
				ui_free_text(&text);
			}
		} else if (ui_key(&ev, 'e')) {
			r = ui_export(u, query_active(&h.q) ? h.qtext : NULL);
			if (r != UI_DONE)
				break;
		} else if (ui_key(&ev, 'i')) {
			r = ui_identifiers(u);
			if (r != UI_DONE)
				break;
		} else if (ui_escape(&ev) && query_active(&h.q)) {
			query_clear(&h.q);
			ui_free_text(&h.qtext);
			load(u, &h);
			/* Screens built elsewhere join here, as 'r' and 's' do: e.g. 'e' (export);
			 * add their keys to the status line above and to home_help. */
		} else if (ui_key(&ev, 's')) {
			r = ui_supervision(u);
			if (r != UI_DONE)
				break;
			load(u, &h);
		} else if (ui_key(&ev, '?') || ui_fkey(&ev, KEY_F(1))) {
			r = ui_help(u, _("your reflections"), home_help,
				    sizeof home_help / sizeof home_help[0]);
			if (r != UI_DONE)
				break;
		} else {
			redraw = false;
		}
	}
	if (r == UI_LOCKED && from) {
		u->resume = from;
		u->resume_id = from == '\r' && h.sc.sel < h.n ? h.v[h.sc.sel].id : 0;
	}
	ui_backdrop_pop(u, prev);
	rows_clear(&h);
	free(h.unread);
	query_clear(&h.q);
	ui_free_text(&h.qtext);
	return r == UI_DONE ? UI_DONE : r;
}
