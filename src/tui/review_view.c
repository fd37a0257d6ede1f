/* review_view.c - the review pane: patterns across reflections (a pattern_report), each of
 * which drills down to the entries behind it. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "reflect/dates.h"
#include "reflect/deid.h"
#include "reflect/i18n.h"
#include "reflect/pattern.h"
#include "reflect/query.h"
#include "reflect/supervision.h"
#include "reflect/text.h"
#include "reflect/ui_screen.h"
#include "reflect/ui_scroll.h"

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
	int more;               /* "n more": 1 + the list it opens (0 for other rows) */
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
	int width;         /* the columns rows may take: headings wrap at a word, never cut */
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

static void wrapped(rview *w, const char *s, int indent, int width, ui_role role,
		    const pattern_ids *ids);

/* A section's heading: on as many rows as it needs, broken between words (a long one in
 * another language is never cut mid-word). */
static void heading(rview *w, const char *title)
{
	if (w->n > 0)
		add(w, UI_NORMAL, 0, false, "%s", "");
	w->nsections++;
	if (w->width > 0)
		wrapped(w, title, 0, w->width, UI_HEADING, NULL);
	else
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

/* Sections whose lists can be long: their first few are shown, then "n more" (Enter shows
 * the rest). */
enum { MORE_PAIRS, MORE_ASSOCS, MORE_FAMILIES, MORE_VTYPES, MORE_SHIFTS, MORE_FEELINGS,
       MORE_THEMES, MORE_WORDS, MORE_QUESTIONS, NMORE };

/* The "n more" row of list `which`, when n items are left out of sight. */
static void more_row(rview *w, int which, size_t n)
{
	rrow *row;

	if (n == 0)
		return;
	row = add(w, UI_HINT, 2, true, ngettext("%zu more \xe2\x80\xa6 (Enter)", "%zu more \xe2\x80\xa6 (Enter)", n), n);
	if (row)
		row->more = which + 1;
}

static void label_rows(rview *w, const pattern_label *l, size_t n, size_t shown, int namew,
		       int barw, const char *fmt_title)
{
	char name[512], b[512];

	for (size_t i = 0; i < n && i < shown; i++) {
		rrow *row;
		cell(name, sizeof(name), prompts_word_shown(l[i].name), namew);
		bar(b, sizeof(b), l[i].count, l[0].count, barw);
		row = add(w, UI_NORMAL, 2, true, "%s %5u  %s", name, l[i].count, b);
		if (row)
			row->ids = l[i].ids;
		titled(w, row, fmt_title, prompts_word_shown(l[i].name));
	}
	sodium_memzero(name, sizeof(name));
}

/* After a revisit row: when it opens fewer than it counts, say so ("the newest 10 open"). */
static void newest(rview *w, size_t total, size_t shown)
{
	if (shown < total && w->n > 0) {
		char *old = w->v[w->n - 1].text;
		char more[128];
		size_t len;
		snprintf(more, sizeof(more), _(" (Enter opens the newest %zu)"), shown);
		len = strlen(old) + strlen(more) + 1;
		w->v[w->n - 1].text = malloc(len);
		if (w->v[w->n - 1].text == NULL) {
			w->v[w->n - 1].text = old;
			w->failed = true;
			return;
		}
		snprintf(w->v[w->n - 1].text, len, "%s%s", old, more);
		ui_free_text(&old);
	}
}

static void build(rview *w, const pattern_report *r, int width, const bool *open)
{
	char name[512], spark[2048], s[1024], words[256];
	int namew = width / 2 - 4;
	int barw;

	w->width = width;
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
			char axis[512];
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
				rrow *row = add(w, UI_NORMAL, 2, true, "%-16s%s", _("entries/week"), spark);
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
				add(w, UI_NORMAL, 2, false, "%-16s%s", _("activation"),
				    rated ? spark : _("no ratings in these weeks"));
			}
			pattern_week_axis(r, from, show, axis, sizeof(axis));
			add(w, UI_HINT, 2, false, "%-16s%s", _("0 to 10"), axis);
			add(w, UI_HINT, 2, false, _("the tallest bar of entries: %u in a week; Left/Right choose a week"), most);
			w->caption_row = w->n - 1;
		}
		free(vol);
		free(act);
	}

	heading(w, _("Often together, beyond chance (strongest first)"));
	{
		size_t np = open[MORE_PAIRS] ? r->npairs : PATTERN_FIRST_PAIRS;
		size_t na = open[MORE_ASSOCS] ? r->nassocs : PATTERN_FIRST_ASSOCS;
		for (size_t i = 0; i < r->npairs && i < np; i++) {
			rrow *row;
			pattern_pair_name(&r->pairs[i], name, sizeof(name));
			pattern_pair_words(&r->pairs[i], words, sizeof(words));
			row = add(w, UI_NORMAL, 2, true, "%s: %s", name, words);
			if (row)
				row->ids = r->pairs[i].ids;
			titled(w, row, "%s", name);
		}
		more_row(w, MORE_PAIRS, r->npairs > np ? r->npairs - np : 0);
		for (size_t i = 0; i < r->nassocs && i < na; i++) {
			rrow *row;
			pattern_assoc_name(&r->assocs[i], name, sizeof(name));
			pattern_assoc_words(&r->assocs[i], words, sizeof(words));
			row = add(w, UI_NORMAL, 2, true, "%s: %s", name, words);
			if (row)
				row->ids = r->assocs[i].ids;
			titled(w, row, "%s", name);
		}
		more_row(w, MORE_ASSOCS, r->nassocs > na ? r->nassocs - na : 0);
		if (r->npairs + r->nassocs == 0)
			add(w, UI_HINT, 2, false, "%s",
			    _("nothing goes together more than chance would give, yet"));
	}

	heading(w, _("Activation by family and kind of visit"));
	for (int fam = 1; fam >= 0; fam--) {
		const pattern_act_group *g = fam ? r->act_families : r->act_vtypes;
		size_t n = fam ? r->nact_families : r->nact_vtypes, from = 0;
		int which = fam ? MORE_FAMILIES : MORE_VTYPES;
		size_t shown = open[which] ? n : 4;
		if (pattern_activation_sentence(r, fam, s, sizeof(s))) {
			wrapped(w, s, 2, width, UI_NORMAL, g[0].ids);
			from = 1;
		} else if (n > 0) {
			pattern_activation_none(r, fam, s, sizeof(s));
			add(w, UI_HINT, 2, false, "%s", s);
		}
		for (size_t i = from; i < n && i < from + shown; i++) {
			rrow *row;
			pattern_group_words(&g[i], s, sizeof(s));
			row = add(w, UI_NORMAL, 4, true, "%s", s);
			if (row)
				row->ids = g[i].ids;
			titled(w, row, "%s", s);
		}
		more_row(w, which, n > from + shown ? n - from - shown : 0);
	}
	if (r->nact_families + r->nact_vtypes == 0)
		add(w, UI_HINT, 2, false, "%s", _("no family or kind of visit has three ratings yet"));

	heading(w, _("What shifted"));
	{
		char d1[32], d2[32], d3[32], d4[32];
		size_t shown = 0, worth = 0, limit = open[MORE_SHIFTS] ? SIZE_MAX : 6;
		pattern_human_day(r->recent.since, d1, sizeof(d1));
		pattern_human_day(r->recent.until, d2, sizeof(d2));
		pattern_human_day(r->earlier.since, d3, sizeof(d3));
		pattern_human_day(r->earlier.until, d4, sizeof(d4));
		char n1[48], n2[48];
		pattern_entries_words(r->recent.entries, n1, sizeof(n1));
		pattern_entries_words(r->earlier.entries, n2, sizeof(n2));
		if (*r->earlier.since)
			add(w, UI_HINT, 2, false, _("%s to %s (%s) against %s to %s (%s)"), d1, d2, n1,
			    d3, d4, n2);
		else
			add(w, UI_HINT, 2, false, _("%s to %s (%s) against the time before (%s)"), d1,
			    d2, n1, n2);
		if (r->recent.entries > 0 && r->earlier.entries > 0) {
			if (pattern_shift_activation(r, s, sizeof(s)))
				add(w, UI_NORMAL, 2, false, "%s", s);
			for (size_t i = 0; i < r->nshifts; i++)
				if (r->shifts[i].change <= -0.03 || r->shifts[i].change >= 0.03)
					worth++;
			/* The largest changes, of at least 3 points in the share of entries. */
			for (size_t i = 0; i < r->nshifts && shown < limit; i++) {
				const pattern_shift *sh = &r->shifts[i];
				rrow *row;
				if (sh->change > -0.03 && sh->change < 0.03)
					continue;
				row = add(w, UI_NORMAL, 2, true,
					  sh->change > 0 ? _("more %s: in %u of %zu entries lately, %u of %zu before")
							 : _("less %s: in %u of %zu entries lately, %u of %zu before"),
					  prompts_word_shown(sh->name), sh->recent, r->recent.entries,
					  sh->earlier, r->earlier.entries);
				if (row)
					row->ids = sh->ids;
				titled(w, row, _("%s, then and now"), prompts_word_shown(sh->name));
				shown++;
			}
			more_row(w, MORE_SHIFTS, worth - shown);
		}
		if (shown == 0)
			add(w, UI_HINT, 2, false, "%s", _("nothing to compare yet, or nothing stands out"));
	}

	heading(w, _("Self-care"));
	wrapped(w, r->self_care.why ? r->self_care.why : "", 2, width,
		UI_NORMAL, /* calm, even when it asks for care */
		pattern_ids_count(r->self_care.ids) ? r->self_care.ids : NULL);

	heading(w, _("Open questions for supervision"));
	{
		size_t shown = open[MORE_QUESTIONS] ? r->nquestions : 10;
		for (size_t i = 0; i < r->nquestions && i < shown; i++) {
			char day[32];
			char *q = text_excerpt(r->questions[i].text, width - 16);
			rrow *row;
			pattern_human_day(r->questions[i].day, day, sizeof(day));
			row = add(w, UI_NORMAL, 2, true, "%-8s %s", day, q ? q : "");
			ui_free_text(&q);
			if (row)
				row->entry = r->questions[i].entry;
		}
		more_row(w, MORE_QUESTIONS, r->nquestions > shown ? r->nquestions - shown : 0);
		if (r->nquestions == 0)
			add(w, UI_HINT, 2, false, "%s", _("none waiting"));
	}

	heading(w, _("Words and phrases worth reading"));
	{
		size_t shown = open[MORE_WORDS] ? r->nwords : PATTERN_FIRST_WORDS;
		for (size_t i = 0; i < r->nwords && i < shown; i++) {
			rrow *row;
			cell(name, sizeof(name), r->words[i].word, namew);
			row = add(w, UI_NORMAL, 2, true, ngettext("%s in %u entry",
				 "%s in %u entries", r->words[i].docs), name, r->words[i].docs);
			if (row)
				row->ids = r->words[i].ids;
			titled(w, row, _("Coming back: \u201c%s\u201d"), r->words[i].word);
		}
		more_row(w, MORE_WORDS, r->nwords > shown ? r->nwords - shown : 0);
		if (r->nwords == 0)
			add(w, UI_HINT, 2, false, "%s", _("nothing recurs yet"));
	}

	heading(w, _("Feelings (entries naming each)"));
	{
		size_t shown = open[MORE_FEELINGS] ? r->nemotions : PATTERN_FIRST_LABELS;
		label_rows(w, r->emotions, r->nemotions, shown, namew, barw, _("Feeling: %s"));
		more_row(w, MORE_FEELINGS, r->nemotions > shown ? r->nemotions - shown : 0);
		if (r->nemotions == 0)
			add(w, UI_HINT, 2, false, "%s", _("none named yet"));
	}

	heading(w, _("Themes (entries naming each)"));
	{
		size_t shown = open[MORE_THEMES] ? r->nthemes : PATTERN_FIRST_LABELS;
		label_rows(w, r->themes, r->nthemes, shown, namew, barw, _("Theme: %s"));
		more_row(w, MORE_THEMES, r->nthemes > shown ? r->nthemes - shown : 0);
		if (r->nthemes == 0)
			add(w, UI_HINT, 2, false, "%s", _("none named yet"));
	}

	heading(w, _("Practice over time"));
	wrapped(w, pattern_practice_question(), 2, width, UI_HINT, NULL);
	for (size_t i = 0; i < r->npractice; i++) {
		const pattern_practice_month *m = &r->practice[i];
		char month[64];
		pattern_month_words(m->month, month, sizeof(month));
		bar(spark, sizeof(spark), m->mean, 10, barw);
		add(w, UI_NORMAL, 4, false, ngettext("%-9s %4.1f  %s  (%u answer)",
			 "%-9s %4.1f  %s  (%u answers)", m->n), month, m->mean, spark, m->n);
	}
	if (r->npractice == 0)
		wrapped(w, _("no answers yet; home offers the question once a month (p answers it there)"),
			2, width, UI_HINT, NULL);

	if (r->revisit.entry != 0) {
		const pattern_revisit *v = &r->revisit;
		heading(w, _("Holding past moments in mind: earlier reflections like the newest"));
		if (v->family.name) {
			rrow *row = add(w, UI_NORMAL, 2, pattern_ids_count(v->family.ids) > 0,
					ngettext("family %s: %zu earlier entry",
			 "family %s: %zu earlier entries", v->family.total), v->family.name,
					v->family.total);
			newest(w, v->family.total, pattern_ids_count(v->family.ids));
			if (row)
				row->ids = v->family.ids;
			titled(w, row, _("Earlier with family %s"), v->family.name);
		}
		for (size_t i = 0; i < v->nemotions; i++) {
			size_t n = v->emotions[i].total;
			rrow *row = add(w, UI_NORMAL, 2, n > 0, ngettext("%s: %zu earlier entry",
			 "%s: %zu earlier entries", n),
					prompts_word_shown(v->emotions[i].name), n);
			newest(w, n, pattern_ids_count(v->emotions[i].ids));
			if (row)
				row->ids = v->emotions[i].ids;
			titled(w, row, _("Earlier with %s"), prompts_word_shown(v->emotions[i].name));
		}
		if (v->family.name == NULL && v->nemotions == 0)
			add(w, UI_HINT, 2, false, "%s",
			    _("the newest names no family or feelings to look back by"));
	}
	sodium_memzero(name, sizeof(name));
	sodium_memzero(s, sizeof(s));
}

/* ---- computing ---- */

static void review_clear(review *rv)
{
	pattern_free(&rv->p);
	rv->r = NULL;
}

/* (Re)compute the report for the filter in rv->q. */
/* Words never listed: what the de-identification scan finds in a word on its own (names on
 * the identifiers list). */
static bool hide_listed(void *ctx, const char *word)
{
	bool found = false;

	/* a listed name (in any variant) or a word no dictionary knows: never shown */
	return deid_is_name(ctx, word) ||
	       (deid_scan_text(ctx, word, strlen(word), &found) == RF_OK && found);
}

static rf_status compute(ui *u, review *rv)
{
	pattern_opts o = {0};
	deid_list *names = NULL;
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
	/* Names on the identifiers list never show among the words. */
	st = deid_list_load(u->j, &names);
	if (st != RF_OK) {
		free(discussed);
		return st;
	}
	o.hide_word = hide_listed;
	o.hide_ctx = names;
	st = pattern_review(u->j, query_active(&rv->q) ? &rv->q.filter : NULL, &o, &rv->p,
			    &rv->r);
	deid_list_free(&names);
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
	char day[48]; /* as people read it: "Wed 2 Dec" */
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
	char iso[11];
	entry_day(e, iso);
	dates_human_day_short(iso, time(NULL), d->day, sizeof d->day);
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

static void drill_line(ui *u, void *ctx, size_t i, int y, bool chosen)
{
	drow *d = &((drow *)ctx)[i];
	ui_role role = chosen ? UI_SELECTED : UI_NORMAL;
	int fw = 10;

	if (!d->read)
		drow_read(u, d);
	if (chosen)
		ui_fill(u, y, 0, UI_SELECTED);
	ui_put(u, y, 2, 11, d->day, role);
	ui_put(u, y, 15, fw, d->family ? d->family : "", role);
	ui_put_cut(u, y, 15 + fw + 2, u->cols - 19 - fw, d->words ? d->words : "", role);
}

static ui_result drill(ui *u, const char *what, const pattern_ids *ids)
{
	int64_t *v = NULL;
	size_t n = 0;
	drow *rows = NULL;
	ui_result res = UI_DONE;
	ui_scroll sc;

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
	sc = (ui_scroll){UI_SCROLL_LIST, n, 0, 0, 0, 4, 1, rows, NULL, drill_line};
	for (bool redraw = true;; redraw = true) {
		ui_event ev;
		sc.h = u->rows - 5 < 1 ? 1 : u->rows - 5;
		ui_scroll_fit(&sc);
		if (redraw && ui_begin_draw(u)) {
			char right[40];
			snprintf(right, sizeof(right), ngettext("%zu entry", "%zu entries", n), n);
			ui_title(u, _("reflect  ·  review"), right);
			ui_put_cut(u, 2, 2, u->cols - 4, what, UI_HEADING);
			ui_scroll_draw(u, &sc);
			ui_status(u, _("Enter open · j/k move · Esc back to the review · x lock · ? help"));
			ui_end_draw(u);
		}
		ui_key_step ks = ui_next_key(u, &ev, UI_BACK_NONE, &res);
		if (ks == UI_KEY_LEAVE)
			break;
		if (ks == UI_KEY_REDRAW)
			continue;
		if (ui_escape(&ev))
			break;
		if (ui_scroll_key(&sc, &ev)) {
			/* moved */
		} else if ((ui_key(&ev, '\r') || ui_key(&ev, '\n') || ui_fkey(&ev, KEY_ENTER)) &&
			   sc.sel < n) {
			size_t sel = sc.sel;
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
	N_("Often together\tpairs that come together more than chance would give, strongest "
	   "evidence first (a one-sided Fisher exact test, kept at a false-discovery rate of 5%); "
	   "the JSON also gives the lift: how many times more often than chance"),
	N_("n more\tEnter shows the rest of a list"),
	N_("Words\tphrases and words that recur in different sentences, scored against the whole "
	   "journal; words in most entries are left out"),
	N_("Self-care\tweekly middle ratings of activation over three weeks, and feelings of "
	   "depletion that rose"),
};

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

/* What a row of the pane is drawn with. */
typedef struct rdraw {
	const rview *w;
	const pattern_report *r;
	size_t week;   /* the week chosen on the sparkline */
	bool on_weeks; /* the sparkline is the chosen row */
} rdraw;

static bool row_item(void *ctx, size_t i)
{
	return ((const rdraw *)ctx)->w->v[i].item;
}

static void row_draw(ui *u, void *ctx, size_t at, int y, bool s)
{
	const rdraw *c = ctx;
	const rview *wv = c->w;
	const rrow *r = &wv->v[at];
	size_t week = c->week;

	if (s && !r->weeks)
		ui_fill(u, y, 0, UI_SELECTED);
	if (c->on_weeks && at == wv->caption_row) {
		/* The caption tells about the week chosen on the sparkline. */
		const pattern_week *k = &c->r->weeks[week];
		char cap[200], day[32];
		pattern_human_day(k->monday, day, sizeof(day));
		if (k->n > 0)
			snprintf(cap, sizeof(cap),
				 ngettext("week of %s: %u entry, activation %.1f on average",
					  "week of %s: %u entries, activation %.1f on average",
					  k->entries),
				 day, k->entries, k->mean);
		else
			snprintf(cap, sizeof(cap),
				 ngettext("week of %s: %u entry", "week of %s: %u entries", k->entries),
				 day, k->entries);
		ui_put_cut(u, y, 2 + r->indent, u->cols - 4 - r->indent, cap, UI_HINT);
		return;
	}
	ui_put(u, y, 2 + r->indent, u->cols - 4 - r->indent, r->text,
	       s && !r->weeks ? UI_SELECTED : r->role);
	if (s && r->weeks) {
		/* The chosen week's bar, marked. */
		char one[8];
		const char *p = r->text;
		size_t skip = (size_t)wv->spark_x + (week - wv->week_from);
		int len;
		for (size_t col = 0; col < skip && *p; col++) {
			p++;
			while ((*p & 0xc0) == 0x80)
				p++;
		}
		len = 1;
		while ((p[len] & 0xc0) == 0x80)
			len++;
		snprintf(one, sizeof(one), "%.*s", len, *p ? p : " ");
		ui_put(u, y, 2 + r->indent + (int)skip, 1, one, UI_SELECTED);
	}
}

ui_result ui_review(ui *u)
{
	review rv;
	rview w;
	size_t week = SIZE_MAX;
	rdraw dc = {&w, NULL, 0, false};
	ui_scroll sc = {UI_SCROLL_LIST, 0, 0, 0, 2, 2, 1, &dc, row_item, row_draw};
	int built_for = -1;
	bool open[NMORE] = {false};
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
			size_t old = sc.sel;
			view_clear(&w);
			build(&w, rv.r, width, open);
			if (w.failed) {
				ui_notef(u, true, "%s", _(rf_status_message(RF_ERR_NOMEM)));
				break;
			}
			sc.n = w.n;
			if (old >= w.n || !w.v[old].item)
				ui_scroll_first(&sc);
			built_for = width;
		}
		sc.n = w.n;
		sc.h = body < 1 ? 1 : body;
		ui_scroll_fit(&sc);
		if (ui_begin_draw(u)) {
			char title[200], right[80];
			snprintf(title, sizeof(title), _("reflect  ·  review%s%s"),
				 rv.qtext ? "  ·  " : "", rv.qtext ? rv.qtext : "");
			snprintf(right, sizeof(right), _("%zu of %zu"), rv.r->entries, rv.journal_entries);
			ui_title(u, title, right);
			sodium_memzero(title, sizeof(title));
			bool on_weeks = w.n > 0 && sc.sel < w.n && w.v[sc.sel].weeks;
			if (week == SIZE_MAX || week >= rv.r->nweeks || week < w.week_from)
				week = rv.r->nweeks ? rv.r->nweeks - 1 : 0;
			dc = (rdraw){&w, rv.r, week, on_weeks};
			ui_scroll_draw(u, &sc);
			ui_status(u, on_weeks ? _("Left/Right a week · Enter its reflections · Tab section · "
						  "/ filter · Esc back · ? help")
					      : _("Enter the reflections behind it · Tab section · / filter · "
						  "Esc back · ? help"));
			ui_end_draw(u);
		}
		ui_key_step ks = ui_next_key(u, &ev, UI_BACK_NONE, &res);
		if (ks == UI_KEY_LEAVE)
			break;
		if (ev.type == UI_EV_RESIZE)
			built_for = -1; /* rebuild, keeping the selection */
		if (ks != UI_KEY_HANDLE)
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
			sc.sel = sc.top = 0;
			week = SIZE_MAX;
		} else if (ui_scroll_key(&sc, &ev)) {
			/* moved */
		} else if ((ui_fkey(&ev, KEY_LEFT) || ui_key(&ev, 'h')) && sc.sel < w.n && w.v[sc.sel].weeks) {
			if (week > w.week_from)
				week--;
		} else if ((ui_fkey(&ev, KEY_RIGHT) || ui_key(&ev, 'l')) && sc.sel < w.n && w.v[sc.sel].weeks) {
			if (week + 1 < rv.r->nweeks)
				week++;
		} else if (ui_key(&ev, '\t') && sc.sel < w.n) {
			next_section(&w, &sc.sel, 1);
		} else if (ui_fkey(&ev, KEY_BTAB) && sc.sel < w.n) {
			next_section(&w, &sc.sel, -1);
		} else if (ui_key(&ev, '\r') || ui_key(&ev, '\n') || ui_fkey(&ev, KEY_ENTER)) {
			const rrow *r = sc.sel < w.n ? &w.v[sc.sel] : NULL;
			size_t before = rv.journal_entries, now = before;
			if (r == NULL || !r->item)
				continue;
			if (r->weeks) {
				const pattern_week *k = &rv.r->weeks[week];
				char t[80], day[32];
				if (k->entries == 0)
					continue;
				pattern_human_day(k->monday, day, sizeof(day));
				snprintf(t, sizeof(t), _("The week of %s"), day);
				res = drill(u, t, k->ids);
			} else if (r->more > 0) {
				/* "n more": the whole list, the selection staying where it was. */
				open[r->more - 1] = true;
				built_for = -1;
				continue;
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
				sc.sel = sc.top = 0;
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
			sc.sel = sc.top = 0;
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

/* ---- the practice check-in ---- */

bool ui_practice_offer(ui *u)
{
	bool due = false;
	size_t n = 0;

	/* Once there are reflections enough to look back on. */
	if (journal_count(u->j, &n) != RF_OK || n < 10)
		return false;
	if (pattern_practice_due(u->j, (int64_t)time(NULL), &due) != RF_OK || !due)
		return false;
	/* Offered: it rests for a month from now, answered or not. */
	if (pattern_practice_record(u->j, -1, (int64_t)time(NULL)) != RF_OK)
		return false;
	ui_notef(u, false, "%s",
		 _("Once a month: how much are ACEs, trauma-informed care or resilience part of your "
		   "practice? p to answer (0 to 10), or let it be."));
	return true;
}

ui_result ui_practice_answer(ui *u)
{
	for (;;) {
		char *text = NULL, *end = NULL;
		long v;
		ui_result res = ui_input(u, _("0 to 10, Esc to let it be:"), "", &text);
		if (res != UI_DONE)
			return res;
		if (text == NULL)
			return UI_DONE;
		v = strtol(text, &end, 10);
		if (end == text || *end != '\0' || v < 0 || v > 10) {
			ui_free_text(&text);
			ui_notef(u, true, "%s", _("The answer is a number from 0 to 10."));
			continue;
		}
		ui_free_text(&text);
		if (pattern_practice_record(u->j, (int)v, (int64_t)time(NULL)) != RF_OK) {
			ui_notef(u, true, "%s", _("The answer could not be kept; nothing else changed."));
			return UI_DONE;
		}
		ui_notef(u, false, _("Kept: %ld out of 10. The review shows its course over the months."),
			 v);
		return UI_DONE;
	}
}
