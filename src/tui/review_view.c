/* review_view.c - the review pane: patterns across reflections (a pattern_report), each of
 * which drills down to the entries behind it. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "reflect/i18n.h"
#include "reflect/pattern.h"
#include "reflect/query.h"
#include "reflect/supervision.h"
#include "reflect/text.h"
#include "reflect/ui_screen.h"

/* One line of the pane. Items (with ids or an entry) can be selected and opened. */
typedef struct rrow {
	char *text;
	ui_role role;
	int indent;
	bool item;
	char *title;            /* what the drill-down is headed with (owned; items only) */
	const pattern_ids *ids; /* the entries behind it */
	int64_t entry;          /* or one entry to open (a question) */
	int section;
	bool weeks;             /* the sparkline of weeks: Left/Right choose one */
} rrow;

typedef struct rview {
	rrow *v;
	size_t n, cap;
	int nsections;
	bool failed;
	size_t week_from;  /* the first week the sparklines show */
	size_t weeks_row;  /* the row of the sparkline of entries, and of its caption */
	size_t caption_row;
	int spark_x;       /* where the bars begin, in columns from the row's text */
} rview;

/* The review being shown: the computation (which owns the report) and its filter. */
typedef struct review {
	pattern *p;
	const pattern_report *r;
	query q;
	char *qtext; /* the filter as typed, for the title */
	size_t journal_entries;
} review;

static void view_clear(rview *w)
{
	for (size_t i = 0; i < w->n; i++) {
		ui_free_text(&w->v[i].text);
		ui_free_text(&w->v[i].title);
	}
	free(w->v);
	memset(w, 0, sizeof(*w));
}

#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
static rrow *add(rview *w, ui_role role, int indent, bool item, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	rrow *r;

	if (w->failed)
		return NULL;
	if (w->n == w->cap) {
		size_t ncap = w->cap ? w->cap * 2 : 64;
		rrow *nv = ncap > SIZE_MAX / sizeof(*nv) ? NULL : realloc(w->v, ncap * sizeof(*nv));
		if (nv == NULL) {
			w->failed = true;
			return NULL;
		}
		w->v = nv;
		w->cap = ncap;
	}
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	r = &w->v[w->n];
	memset(r, 0, sizeof(*r));
	r->text = strdup(buf);
	sodium_memzero(buf, sizeof(buf));
	if (r->text == NULL) {
		w->failed = true;
		return NULL;
	}
	r->role = role;
	r->indent = indent;
	r->item = item;
	r->section = w->nsections - 1;
	w->n++;
	return r;
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void titled(rview *w, rrow *r, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	if (r == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	r->title = strdup(buf);
	sodium_memzero(buf, sizeof(buf));
	if (r->title == NULL)
		w->failed = true;
}

static void heading(rview *w, const char *title)
{
	if (w->n > 0)
		add(w, UI_NORMAL, 0, false, "%s", "");
	w->nsections++;
	add(w, UI_HEADING, 0, false, "%s", title);
}

/* Words of s wrapped into rows of at most width columns. */
static void wrapped(rview *w, const char *s, int indent, int width, ui_role role,
		    const pattern_ids *ids)
{
	char line[1024];
	size_t ll = 0;
	const char *p = s;
	bool first = true;

	while (*p) {
		const char *e = p;
		char word[256];
		size_t n;
		while (*e && *e != ' ')
			e++;
		n = (size_t)(e - p) < sizeof(word) - 1 ? (size_t)(e - p) : sizeof(word) - 1;
		memcpy(word, p, n);
		word[n] = '\0';
		line[ll] = '\0';
		if (ll > 0 && text_width(line) + 1 + text_width(word) > width - indent) {
			rrow *r = add(w, role, indent, first && ids != NULL, "%s", line);
			if (r && first) {
				r->ids = ids;
				titled(w, r, "%s", _("The reflections behind this"));
			}
			first = false;
			ll = 0;
		}
		if (ll > 0 && ll + 1 < sizeof(line))
			line[ll++] = ' ';
		if (ll + n < sizeof(line)) {
			memcpy(line + ll, word, n);
			ll += n;
		}
		p = *e ? e + 1 : e;
	}
	line[ll] = '\0';
	if (ll > 0) {
		rrow *r = add(w, role, indent, first && ids != NULL, "%s", line);
		if (r && first && ids != NULL) {
			r->ids = ids;
			titled(w, r, "%s", _("The reflections behind this"));
		}
	}
	sodium_memzero(line, sizeof(line));
}

/* A bar of n eighths-blocks' worth, scaled from value/max to cols columns, into out. */
static void bar(char *out, size_t cap, double value, double max, int cols)
{
	static const char *const part[] = {"", "\xe2\x96\x8f", "\xe2\x96\x8e",
					   "\xe2\x96\x8d", "\xe2\x96\x8c", "\xe2\x96\x8b",
					   "\xe2\x96\x8a", "\xe2\x96\x89"};
	long eighths = max > 0 && cols > 0 ? (long)(value / max * cols * 8 + 0.5) : 0;
	size_t o = 0;

	out[0] = '\0';
	if (eighths < 1 && value > 0)
		eighths = 1;
	for (long i = 0; i < eighths / 8 && o + 4 < cap; i++) {
		memcpy(out + o, "\xe2\x96\x88", 3);
		o += 3;
	}
	if (eighths % 8 && o + 4 < cap) {
		memcpy(out + o, part[eighths % 8], 3);
		o += 3;
	}
	out[o] = '\0';
}

/* A name cut or padded to cols columns, into out. */
static void cell(char *out, size_t cap, const char *s, int cols)
{
	char *cut = text_excerpt(s, cols);
	int w;

	if (cut == NULL) {
		snprintf(out, cap, "%*s", cols, "");
		return;
	}
	w = text_width(cut);
	snprintf(out, cap, "%s%*s", cut, cols > w ? cols - w : 0, "");
	ui_free_text(&cut);
}

static void build(rview *w, const pattern_report *r, int width)
{
	char name[512], spark[2048], b[512];
	int namew = width / 2 - 4;
	int barw;

	if (namew < 16)
		namew = 16;
	if (namew > 40)
		namew = 40;
	/* What room is left beside a name and its count goes to a bar. */
	barw = width - 2 - namew - 8;
	if (barw > 30)
		barw = 30;
	if (r->entries == 0) {
		w->nsections++;
		add(w, UI_NORMAL, 0, false, "%s", _("No reflections here to look across yet."));
		add(w, UI_HINT, 0, false, "%s",
		    _("Patterns appear as reflections gather. Press / to change the filter."));
		return;
	}

	heading(w, _("Over time"));
	{
		size_t show = (size_t)(width - 22), from;
		double *vol, *act;
		unsigned most = 0;
		if (show > r->nweeks)
			show = r->nweeks;
		from = r->nweeks - show;
		vol = calloc(show ? show : 1, sizeof(*vol));
		act = calloc(show ? show : 1, sizeof(*act));
		if (vol == NULL || act == NULL) {
			w->failed = true;
		} else {
			for (size_t i = 0; i < show; i++)
				if (r->weeks[from + i].entries > most)
					most = r->weeks[from + i].entries;
			for (size_t i = 0; i < show; i++) {
				const pattern_week *k = &r->weeks[from + i];
				vol[i] = k->entries ? (double)k->entries : -1.0;
				act[i] = k->n ? k->mean : -1.0;
			}
			pattern_sparkline(vol, show, most, spark, sizeof(spark));
			{
				rrow *row = add(w, UI_NORMAL, 2, true, _("entries / week  %s"), spark);
				if (row) {
					row->weeks = true;
					w->weeks_row = w->n - 1;
					w->week_from = from;
					w->spark_x = 16;
				}
			}
			pattern_sparkline(act, show, 10, spark, sizeof(spark));
			{
				bool rated = false;
				for (size_t i = 0; i < show; i++)
					rated |= act[i] >= 0;
				add(w, UI_NORMAL, 2, false, _("activation      %s"),
				    rated ? spark : _("no ratings in these weeks"));
			}
			add(w, UI_HINT, 2, false, _("%zu weeks, %s to %s; most in a week: %u"), show,
			    r->weeks[from].week, r->weeks[r->nweeks - 1].week, most);
			w->caption_row = w->n - 1;
		}
		free(vol);
		free(act);
	}

	heading(w, _("Feelings"));
	for (size_t i = 0; i < r->nemotions; i++) {
		rrow *row;
		cell(name, sizeof(name), prompts_word_shown(r->emotions[i].name), namew);
		bar(b, sizeof(b), r->emotions[i].count, r->emotions[0].count, barw);
		row = add(w, UI_NORMAL, 2, true, "%s %5u  %s", name, r->emotions[i].count, b);
		if (row)
			row->ids = r->emotions[i].ids;
		titled(w, row, _("Feeling: %s"), prompts_word_shown(r->emotions[i].name));
	}
	if (r->nemotions == 0)
		add(w, UI_HINT, 2, false, "%s", _("none named yet"));

	heading(w, _("Themes"));
	for (size_t i = 0; i < r->nthemes; i++) {
		rrow *row;
		cell(name, sizeof(name), prompts_word_shown(r->themes[i].name), namew);
		bar(b, sizeof(b), r->themes[i].count, r->themes[0].count, barw);
		row = add(w, UI_NORMAL, 2, true, "%s %5u  %s", name, r->themes[i].count, b);
		if (row)
			row->ids = r->themes[i].ids;
		titled(w, row, _("Theme: %s"), prompts_word_shown(r->themes[i].name));
	}
	if (r->nthemes == 0)
		add(w, UI_HINT, 2, false, "%s", _("none named yet"));

	heading(w, _("What shifted"));
	add(w, UI_HINT, 2, false, _("%s to %s (%zu) against %s%s%s (%zu)"), r->recent.since,
	    r->recent.until, r->recent.entries, *r->earlier.since ? r->earlier.since : _("before"),
	    *r->earlier.since ? _(" to ") : "", *r->earlier.since ? r->earlier.until : "",
	    r->earlier.entries);
	{
		size_t shown = 0;
		/* The largest changes, of at least 3 points in the share of entries. */
		if (r->recent.entries > 0 && r->earlier.entries > 0)
			for (size_t i = 0; i < r->nshifts && shown < 8; i++) {
				const pattern_shift *s = &r->shifts[i];
				rrow *row;
				if (s->change > -0.03 && s->change < 0.03)
					continue;
				cell(name, sizeof(name), s->name, namew - 5);
				row = add(w, UI_NORMAL, 2, true, _("%s %s %3.0f%% of entries, was %3.0f%%"),
					  s->change > 0 ? _("more") : _("less"), name,
					  s->recent_share * 100, s->earlier_share * 100);
				if (row)
					row->ids = s->ids;
				titled(w, row, _("%s, then and now"), s->name);
				shown++;
			}
		if (shown == 0)
			add(w, UI_HINT, 2, false, "%s", _("nothing to compare yet, or nothing stands out"));
	}

	heading(w, _("Often together, more than chance"));
	for (size_t i = 0; i < r->npairs; i++) {
		rrow *row;
		char both[600];
		snprintf(both, sizeof(both), "%s + %s", prompts_word_shown(r->pairs[i].a),
			 prompts_word_shown(r->pairs[i].b));
		cell(name, sizeof(name), both, width - 30);
		row = add(w, UI_NORMAL, 2, true, _("%s %4u, lift %.1f"), name, r->pairs[i].count,
			  r->pairs[i].lift);
		if (row)
			row->ids = r->pairs[i].ids;
		titled(w, row, "%s", both);
	}
	for (size_t i = 0; i < r->nassocs; i++) {
		rrow *row;
		char both[600];
		snprintf(both, sizeof(both),
			 r->assocs[i].with == PATTERN_WITH_FAMILY ? _("%s with family %s")
								  : _("%s with visit type %s"),
			 prompts_word_shown(r->assocs[i].label),
			 prompts_word_shown(r->assocs[i].value));
		cell(name, sizeof(name), both, width - 30);
		row = add(w, UI_NORMAL, 2, true, _("%s %4u, lift %.1f"), name, r->assocs[i].count,
			  r->assocs[i].lift);
		if (row)
			row->ids = r->assocs[i].ids;
		titled(w, row, "%s", both);
	}
	if (r->npairs + r->nassocs == 0)
		add(w, UI_HINT, 2, false, "%s", _("nothing yet"));

	heading(w, _("Words and phrases that keep coming back"));
	for (size_t i = 0; i < r->nwords; i++) {
		rrow *row;
		cell(name, sizeof(name), r->words[i].word, namew);
		row = add(w, UI_NORMAL, 2, true, ngettext("%s in %u entry",
			 "%s in %u entries", r->words[i].docs), name, r->words[i].docs);
		if (row)
			row->ids = r->words[i].ids;
		titled(w, row, _("Coming back: \u201c%s\u201d"), r->words[i].word);
	}
	if (r->nwords == 0)
		add(w, UI_HINT, 2, false, "%s", _("nothing recurs yet"));

	heading(w, _("Open questions for supervision"));
	for (size_t i = 0; i < r->nquestions; i++) {
		char *q = text_excerpt(r->questions[i].text, width - 16);
		rrow *row = add(w, UI_NORMAL, 2, true, "%s  %s", r->questions[i].day, q ? q : "");
		ui_free_text(&q);
		if (row)
			row->entry = r->questions[i].entry;
	}
	if (r->nquestions == 0)
		add(w, UI_HINT, 2, false, "%s", _("none waiting"));

	heading(w, _("Self-care"));
	wrapped(w, r->self_care.why ? r->self_care.why : "", 2, width,
		UI_NORMAL, /* calm, even when it asks for care */
		pattern_ids_count(r->self_care.ids) ? r->self_care.ids : NULL);

	if (r->revisit.entry != 0) {
		const pattern_revisit *v = &r->revisit;
		heading(w, _("Holding past moments in mind: earlier reflections like the newest"));
		if (v->family.name) {
			rrow *row = add(w, UI_NORMAL, 2, pattern_ids_count(v->family.ids) > 0,
					ngettext("family %s: %zu earlier entry",
			 "family %s: %zu earlier entries", pattern_ids_count(v->family.ids)), v->family.name,
					pattern_ids_count(v->family.ids));
			if (row)
				row->ids = v->family.ids;
			titled(w, row, _("Earlier with family %s"), v->family.name);
		}
		for (size_t i = 0; i < v->nemotions; i++) {
			size_t n = pattern_ids_count(v->emotions[i].ids);
			rrow *row = add(w, UI_NORMAL, 2, n > 0, ngettext("%s: %zu earlier entry",
			 "%s: %zu earlier entries", n),
					prompts_word_shown(v->emotions[i].name), n);
			if (row)
				row->ids = v->emotions[i].ids;
			titled(w, row, _("Earlier with %s"), prompts_word_shown(v->emotions[i].name));
		}
		if (v->family.name == NULL && v->nemotions == 0)
			add(w, UI_HINT, 2, false, "%s",
			    _("the newest names no family or feelings to look back by"));
	}
	sodium_memzero(name, sizeof(name));
}

/* ---- computing ---- */

static void review_clear(review *rv)
{
	pattern_free(&rv->p);
	rv->r = NULL;
}

/* (Re)compute the report for the filter in rv->q. */
static rf_status compute(ui *u, review *rv)
{
	pattern_opts o = {0};
	int64_t *discussed = NULL;
	size_t ndiscussed = 0;
	rf_status st;

	if (ui_begin_draw(u)) {
		ui_title(u, _("reflect  ·  review"), "");
		ui_center(u, u->rows / 2, _("Looking across your reflections…"), UI_HINT);
		ui_end_draw(u);
	}
	review_clear(rv);
	/* Questions of entries discussed in a logged supervision session are not open. */
	st = supervision_discussed(u->j, &discussed, &ndiscussed);
	if (st != RF_OK)
		return st;
	o.discussed_ids = discussed;
	o.ndiscussed = ndiscussed;
	st = pattern_review(u->j, query_active(&rv->q) ? &rv->q.filter : NULL, &o, &rv->p,
			    &rv->r);
	free(discussed);
	if (st == RF_OK)
		st = journal_count(u->j, &rv->journal_entries);
	if (st != RF_OK)
		review_clear(rv);
	return st;
}

/* ---- drill-down: the entries behind an item ---- */

typedef struct drow {
	int64_t id;
	bool read;
	char day[11];
	char *family;
	char *words;
} drow;

static void drow_read(ui *u, drow *d)
{
	entry *e = NULL;
	const char *t;

	d->read = true;
	if (journal_get(u->j, d->id, &e) != RF_OK) {
		d->words = strdup(_("(no longer in the journal)"));
		return;
	}
	entry_day(e, d->day);
	d->family = e->family ? strdup(e->family) : NULL;
	t = entry_first_words(e);
	d->words = text_excerpt(t, 200);
	entry_free(&e);
}

static const char *const drill_help[] = {
	N_("The reflections behind a pattern"),
	N_("Enter\tread the selected reflection"),
	N_("Down/Up, j/k\tmove; PageDown/PageUp by page"),
	N_("Esc\tback to the review"),
	N_("x, Ctrl-X\tlock now"),
};

static ui_result drill(ui *u, const char *what, const pattern_ids *ids)
{
	int64_t *v = NULL;
	size_t n = 0, sel = 0, top = 0;
	drow *rows = NULL;
	ui_result res = UI_DONE;

	if (pattern_ids_get(ids, &v, &n) != RF_OK || n == 0) {
		free(v);
		return UI_DONE;
	}
	rows = calloc(n, sizeof(*rows));
	if (rows == NULL) {
		free(v);
		ui_notef(u, true, "%s", _(rf_status_message(RF_ERR_NOMEM)));
		return UI_DONE;
	}
	for (size_t i = 0; i < n; i++)
		rows[i].id = v[i];
	free(v);
	for (bool redraw = true;; redraw = true) {
		int body = u->rows - 5;
		ui_event ev;
		if (body < 1)
			body = 1;
		if (sel < top)
			top = sel;
		if (sel >= top + (size_t)body)
			top = sel - (size_t)body + 1;
		if (redraw && ui_begin_draw(u)) {
			char right[40];
			snprintf(right, sizeof(right), ngettext("%zu entry", "%zu entries", n), n);
			ui_title(u, _("reflect  ·  review"), right);
			ui_put_cut(u, 2, 2, u->cols - 4, what, UI_HEADING);
			for (int i = 0; i < body && top + (size_t)i < n; i++) {
				drow *d = &rows[top + (size_t)i];
				bool s = top + (size_t)i == sel;
				ui_role role = s ? UI_SELECTED : UI_NORMAL;
				int y = 4 + i, fw = 10;
				if (!d->read)
					drow_read(u, d);
				if (s)
					ui_fill(u, y, 0, UI_SELECTED);
				ui_put(u, y, 2, 10, d->day, role);
				ui_put(u, y, 14, fw, d->family ? d->family : "", role);
				ui_put_cut(u, y, 14 + fw + 2, u->cols - 18 - fw, d->words ? d->words : "",
					   role);
			}
			ui_status(u, _("Enter open · j/k move · Esc back to the review · x lock · ? help"));
			ui_end_draw(u);
		}
		do
			ev = ui_next(u);
		while (ev.type == UI_EV_TICK);
		if (ev.type == UI_EV_LOCK || ev.type == UI_EV_QUIT) {
			res = ui_leave_for(&ev);
			break;
		}
		if (ev.type != UI_EV_KEY)
			continue;
		if (ui_escape(&ev))
			break;
		if (ui_fkey(&ev, KEY_DOWN) || ui_key(&ev, 'j')) {
			if (sel + 1 < n)
				sel++;
		} else if (ui_fkey(&ev, KEY_UP) || ui_key(&ev, 'k')) {
			if (sel > 0)
				sel--;
		} else if (ui_fkey(&ev, KEY_NPAGE)) {
			sel = sel + (size_t)body < n ? sel + (size_t)body : n - 1;
		} else if (ui_fkey(&ev, KEY_PPAGE)) {
			sel = sel > (size_t)body ? sel - (size_t)body : 0;
		} else if (ui_fkey(&ev, KEY_HOME) || ui_key(&ev, 'g')) {
			sel = 0;
		} else if (ui_fkey(&ev, KEY_END) || ui_key(&ev, 'G')) {
			sel = n - 1;
		} else if (ui_key(&ev, '\r') || ui_key(&ev, '\n') || ui_fkey(&ev, KEY_ENTER)) {
			res = ui_entry_view(u, rows[sel].id);
			if (res != UI_DONE)
				break;
			/* It may have been changed or deleted: read its line again. */
			ui_free_text(&rows[sel].family);
			ui_free_text(&rows[sel].words);
			rows[sel].read = false;
		} else if (ui_key(&ev, 'x') || ui_ctrl(&ev, 'X')) {
			ui_lock_now(u);
		} else if (ui_key(&ev, '?')) {
			res = ui_help(u, _("the reflections behind a pattern"), drill_help, sizeof(drill_help) / sizeof(drill_help[0]));
			if (res != UI_DONE)
				break;
		}
	}
	for (size_t i = 0; i < n; i++) {
		ui_free_text(&rows[i].family);
		ui_free_text(&rows[i].words);
	}
	free(rows);
	return res;
}

/* ---- the pane ---- */

static const char *const review_help[] = {
	N_("Looking across your reflections"),
	N_("Down/Up, j/k\tmove between patterns"),
	N_("Tab, Shift-Tab\tthe next or previous section"),
	N_("Left/Right, h/l\ton the weeks, choose a week"),
	N_("Enter\tthe reflections behind the selected pattern"),
	N_("/\tlook across some reflections only (theme:, feeling:, family:, type:, since:, until:)"),
	N_("Esc\tback (first clears a filter)"),
	N_("x, Ctrl-X\tlock now"),
	N_("What it shows"),
	N_("lift\thow much more often two things come together than chance would give"),
	N_("words\tscored against the whole journal: what recurs here more than elsewhere"),
};

static void move_to_item(const rview *w, size_t *sel, int dir)
{
	size_t i = *sel;

	for (;;) {
		if (dir > 0 ? i + 1 >= w->n : i == 0)
			return;
		i = dir > 0 ? i + 1 : i - 1;
		if (w->v[i].item) {
			*sel = i;
			return;
		}
	}
}

static void first_item(const rview *w, size_t *sel)
{
	for (size_t i = 0; i < w->n; i++)
		if (w->v[i].item) {
			*sel = i;
			return;
		}
	*sel = 0;
}

static void next_section(const rview *w, size_t *sel, int dir)
{
	int cur = w->n ? w->v[*sel].section : 0;

	if (dir > 0) {
		for (size_t i = *sel; i < w->n; i++)
			if (w->v[i].section > cur && w->v[i].item) {
				*sel = i;
				return;
			}
	} else {
		int target = -1;
		for (size_t i = *sel; i > 0; i--)
			if (w->v[i - 1].item && w->v[i - 1].section < cur) {
				target = w->v[i - 1].section;
				break;
			}
		if (target < 0)
			return;
		for (size_t i = 0; i < w->n; i++)
			if (w->v[i].item && w->v[i].section == target) {
				*sel = i;
				return;
			}
	}
}

ui_result ui_review(ui *u)
{
	review rv;
	rview w;
	size_t sel = 0, top = 0, week = SIZE_MAX;
	int built_for = -1;
	ui_result res = UI_DONE;
	rf_status st;

	memset(&rv, 0, sizeof(rv));
	memset(&w, 0, sizeof(w));
	st = compute(u, &rv);
	if (st != RF_OK) {
		ui_notef(u, true, _("The review could not be made: %s"), _(rf_status_message(st)));
		return UI_DONE;
	}
	for (;;) {
		int width = u->cols - 4, body = u->rows - 3;
		ui_event ev;
		if (built_for != width) {
			size_t old = sel;
			view_clear(&w);
			build(&w, rv.r, width);
			if (w.failed) {
				ui_notef(u, true, "%s", _(rf_status_message(RF_ERR_NOMEM)));
				break;
			}
			if (old >= w.n || !w.v[old].item)
				first_item(&w, &sel);
			built_for = width;
		}
		if (body < 1)
			body = 1;
		if (sel < top)
			top = sel;
		if (sel >= top + (size_t)body)
			top = sel - (size_t)body + 1;
		/* Two rows above the selection stay in view (a section's heading). */
		if (top > (sel >= 2 ? sel - 2 : 0))
			top = sel >= 2 ? sel - 2 : 0;
		if (ui_begin_draw(u)) {
			char title[200], right[80];
			snprintf(title, sizeof(title), _("reflect  ·  review%s%s"),
				 rv.qtext ? "  ·  " : "", rv.qtext ? rv.qtext : "");
			snprintf(right, sizeof(right), _("%zu of %zu"), rv.r->entries, rv.journal_entries);
			ui_title(u, title, right);
			sodium_memzero(title, sizeof(title));
			bool on_weeks = w.n > 0 && w.v[sel].weeks;
			if (week == SIZE_MAX || week >= rv.r->nweeks || week < w.week_from)
				week = rv.r->nweeks ? rv.r->nweeks - 1 : 0;
			for (int i = 0; i < body && top + (size_t)i < w.n; i++) {
				size_t at = top + (size_t)i;
				const rrow *r = &w.v[at];
				bool s = r->item && at == sel;
				if (s && !r->weeks)
					ui_fill(u, 2 + i, 0, UI_SELECTED);
				if (on_weeks && at == w.caption_row) {
					/* The caption tells about the week chosen on the sparkline. */
					const pattern_week *k = &rv.r->weeks[week];
					char cap[200];
					if (k->n > 0)
						snprintf(cap, sizeof(cap),
							 ngettext("week of %s (%s): %u entry, activation %.1f (spread %.1f)",
			 "week of %s (%s): %u entries, activation %.1f (spread %.1f)", k->entries),
							 k->monday, k->week, k->entries, k->mean, k->sd);
					else
						snprintf(cap, sizeof(cap),
							 ngettext("week of %s (%s): %u entry",
			 "week of %s (%s): %u entries", k->entries),
							 k->monday, k->week, k->entries);
					ui_put_cut(u, 2 + i, 2 + r->indent, u->cols - 4 - r->indent, cap,
						   UI_HINT);
					continue;
				}
				ui_put(u, 2 + i, 2 + r->indent, u->cols - 4 - r->indent, r->text,
				       s && !r->weeks ? UI_SELECTED : r->role);
				if (s && r->weeks) {
					/* The chosen week's bar, marked. */
					char one[8];
					const char *p = r->text;
					size_t skip = (size_t)w.spark_x + (week - w.week_from);
					int len;
					for (size_t c = 0; c < skip && *p; c++) {
						p++;
						while ((*p & 0xc0) == 0x80)
							p++;
					}
					len = 1;
					while ((p[len] & 0xc0) == 0x80)
						len++;
					snprintf(one, sizeof(one), "%.*s", len, *p ? p : " ");
					ui_put(u, 2 + i, 2 + r->indent + (int)skip, 1, one, UI_SELECTED);
				}
			}
			ui_status(u, on_weeks ? _("Left/Right a week · Enter its reflections · Tab section · "
						  "/ filter · Esc back · ? help")
					      : _("Enter the reflections behind it · Tab section · / filter · "
						  "Esc back · ? help"));
			ui_end_draw(u);
		}
		do
			ev = ui_next(u);
		while (ev.type == UI_EV_TICK);
		if (ev.type == UI_EV_LOCK || ev.type == UI_EV_QUIT) {
			res = ui_leave_for(&ev);
			break;
		}
		if (ev.type == UI_EV_RESIZE)
			built_for = -1; /* rebuild, keeping the selection */
		if (ev.type != UI_EV_KEY)
			continue;
		if (ui_escape(&ev)) {
			if (!query_active(&rv.q))
				break;
			query_clear(&rv.q);
			ui_free_text(&rv.qtext);
			if ((st = compute(u, &rv)) != RF_OK) {
				ui_notef(u, true, _("The review could not be made: %s"),
					 _(rf_status_message(st)));
				break;
			}
			built_for = -1;
			sel = top = 0;
			week = SIZE_MAX;
		} else if (ui_fkey(&ev, KEY_DOWN) || ui_key(&ev, 'j')) {
			move_to_item(&w, &sel, 1);
		} else if (ui_fkey(&ev, KEY_UP) || ui_key(&ev, 'k')) {
			move_to_item(&w, &sel, -1);
		} else if ((ui_fkey(&ev, KEY_LEFT) || ui_key(&ev, 'h')) && w.n && w.v[sel].weeks) {
			if (week > w.week_from)
				week--;
		} else if ((ui_fkey(&ev, KEY_RIGHT) || ui_key(&ev, 'l')) && w.n && w.v[sel].weeks) {
			if (week + 1 < rv.r->nweeks)
				week++;
		} else if (ui_key(&ev, '\t')) {
			next_section(&w, &sel, 1);
		} else if (ui_fkey(&ev, KEY_BTAB)) {
			next_section(&w, &sel, -1);
		} else if (ui_fkey(&ev, KEY_NPAGE)) {
			for (int i = 0; i < body; i++)
				move_to_item(&w, &sel, 1);
		} else if (ui_fkey(&ev, KEY_PPAGE)) {
			for (int i = 0; i < body; i++)
				move_to_item(&w, &sel, -1);
		} else if (ui_fkey(&ev, KEY_HOME) || ui_key(&ev, 'g')) {
			first_item(&w, &sel);
			top = 0;
		} else if (ui_fkey(&ev, KEY_END) || ui_key(&ev, 'G')) {
			for (size_t i = w.n; i > 0; i--)
				if (w.v[i - 1].item) {
					sel = i - 1;
					break;
				}
		} else if (ui_key(&ev, '\r') || ui_key(&ev, '\n') || ui_fkey(&ev, KEY_ENTER)) {
			const rrow *r = w.n ? &w.v[sel] : NULL;
			size_t before = rv.journal_entries, now = before;
			if (r == NULL || !r->item)
				continue;
			if (r->weeks) {
				const pattern_week *k = &rv.r->weeks[week];
				char t[80];
				if (k->entries == 0)
					continue;
				snprintf(t, sizeof(t), _("The week of %s (%s)"), k->monday, k->week);
				res = drill(u, t, k->ids);
			} else if (r->entry != 0)
				res = ui_entry_view(u, r->entry);
			else if (r->ids != NULL)
				res = drill(u, r->title ? r->title : r->text, r->ids);
			if (res != UI_DONE)
				break;
			/* An entry deleted from there changes the patterns: look again. */
			if (journal_count(u->j, &now) == RF_OK && now != before) {
				if ((st = compute(u, &rv)) != RF_OK) {
					ui_notef(u, true, _("The review could not be made: %s"),
						 _(rf_status_message(st)));
					break;
				}
				built_for = -1;
				sel = top = 0;
				week = SIZE_MAX;
			}
		} else if (ui_key(&ev, '/')) {
			char *text = NULL;
			query nq;
			rf_detail d = {0};
			res = ui_input(u, _("Look across:"), rv.qtext ? rv.qtext : "", &text);
			if (res != UI_DONE)
				break;
			if (text == NULL)
				continue;
			if (query_parse(text, &nq, &d) != RF_OK) {
				ui_notef(u, true, _("That filter could not be read: %s"), d.text);
				ui_free_text(&text);
				continue;
			}
			query_clear(&rv.q);
			rv.q = nq;
			ui_free_text(&rv.qtext);
			rv.qtext = query_active(&rv.q) ? text : NULL;
			if (rv.qtext == NULL)
				ui_free_text(&text);
			if ((st = compute(u, &rv)) != RF_OK) {
				ui_notef(u, true, _("The review could not be made: %s"),
					 _(rf_status_message(st)));
				break;
			}
			built_for = -1;
			sel = top = 0;
			week = SIZE_MAX;
		} else if (ui_key(&ev, 'x') || ui_ctrl(&ev, 'X')) {
			ui_lock_now(u);
		} else if (ui_key(&ev, '?')) {
			res = ui_help(u, _("the review"), review_help,
				      sizeof(review_help) / sizeof(review_help[0]));
			if (res != UI_DONE)
				break;
		}
	}
	view_clear(&w);
	review_clear(&rv);
	query_clear(&rv.q);
	ui_free_text(&rv.qtext);
	return res;
}
