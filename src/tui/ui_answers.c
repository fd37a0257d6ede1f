/* ui_answers.c - the guided reflection asked as another model's questions, when the settings'
 * layout is gibbs or nmc (a layout is also a prompt set): Gibbs' six stages or the NMC reflective
 * account's four parts, then the visit date, the family code, the competency domains it evidences
 * and whether it goes to supervision and to the portfolio. Every part can be skipped; the
 * answers are stored on the entry (entry.answers, as plain mode stores them) and the export
 * prints what was asked. A sealed draft is kept every few seconds while anything is new. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "reflect/i18n.h"
#include "reflect/text.h"
#include "reflect/ui_draft.h"
#include "reflect/ui_screen.h"

#define MAX_PARTS   6		    /* Gibbs' six stages; NMC has four */
#define NFIELDS	    (MAX_PARTS + 5) /* the parts, then the details below */
#define NDETAILS    5		    /* visit date, family code, domains, supervision, portfolio */

typedef struct answers {
	entry *base; /* what is being edited: keeps id, rev, written time, responses */
	int model;   /* 1 Gibbs, 2 NMC */
	int first;   /* the first of the model's answers in entry.answers */
	int n;	     /* how many parts it has */
	editor *ed[MAX_PARTS + 2]; /* the parts, the visit date, the family code */
	strlist competencies;
	bool for_supervision;
	bool supervision_chosen; /* the person set it (else the core rule decides) */
	bool portfolio;
	uint64_t other_changes; /* counts changes outside the editors */
	int focus;
	bool date_fresh; /* the visit date is still the prefilled one: typing replaces it */
	ui_draft d; /* its own sealed draft */
} answers;

/* Which model an entry's answers come from (1 Gibbs, 2 NMC), else the settings' layout's
 * (for a new reflection only: one written as Pause / Notice / Be Curious is changed as it was
 * written); 0 for the usual steps. */
int ui_answers_model(const ui *u, const entry *e)
{
	if (e != NULL) {
		for (int i = 0; i < ENTRY_ANSWERS; i++)
			if (e->answers[i] != NULL && e->answers[i][0] != '\0')
				return i < ENTRY_NMC_FIRST ? 1 : 2;
		if (!entry_is_empty(e))
			return 0;
	}
	const char *layout = u->g && u->g->cfg ? u->g->cfg->layout : "";
	return strcmp(layout, "gibbs") == 0 ? 1 : strcmp(layout, "nmc") == 0 ? 2 : 0;
}

static int nfields(const answers *a)
{
	return a->n + NDETAILS;
}

static int date_field(const answers *a)
{
	return a->n;
}

/* What the details after the date are (a field number minus the date's). */
enum { D_DATE, D_FAMILY, D_DOMAINS, D_SUPERVISION, D_PORTFOLIO };

static int detail(const answers *a, int f)
{
	return f - date_field(a);
}

/* True for a field written in (an answer, the date, the family code). */
static bool texty(const answers *a, int f)
{
	return f < a->n + 2;
}

/* (ctx: the screen's state, as ui_draft_ops hands it) */
static uint64_t version(const void *ctx)
{
	const answers *a = ctx;
	uint64_t v = a->other_changes;
	for (int i = 0; i < a->n + 2; i++)
		v += editor_version(a->ed[i]);
	return v;
}

static bool init(answers *a, entry *e, int model)
{
	memset(a, 0, sizeof *a);
	a->base = e ? e : entry_new();
	if (!a->base)
		return false;
	a->model = model;
	a->first = model == 1 ? ENTRY_GIBBS_FIRST : ENTRY_NMC_FIRST;
	a->n = model == 1 ? ENTRY_NMC_FIRST - ENTRY_GIBBS_FIRST : ENTRY_ANSWERS - ENTRY_NMC_FIRST;
	for (int i = 0; i < a->n + 2; i++) {
		bool text = i < a->n;
		a->ed[i] = editor_new(text ? 0 : 200, text);
		if (!a->ed[i])
			return false;
	}
	entry *b = a->base;
	for (int i = 0; i < a->n; i++)
		editor_set_text(a->ed[i], b->answers[a->first + i]);
	editor_set_text(a->ed[date_field(a) + 1], b->family);
	if (b->visit_date) {
		editor_set_text(a->ed[date_field(a)], b->visit_date);
	} else if (b->id == 0) {
		char today[11];
		time_t now = time(NULL);
		struct tm tm;
		localtime_r(&now, &tm);
		strftime(today, sizeof today, "%Y-%m-%d", &tm);
		editor_set_text(a->ed[date_field(a)], today);
		a->date_fresh = true;
	}
	for (size_t i = 0; i < b->competencies.n; i++)
		strlist_add(&a->competencies, b->competencies.v[i]);
	a->for_supervision = b->for_supervision;
	a->supervision_chosen = b->id != 0 || b->for_supervision;
	a->portfolio = b->portfolio;
	for (int i = 0; i < a->n + 2; i++)
		editor_bottom(a->ed[i]);
	a->d.opened_version = version(a);
	a->d.saved_version = a->d.opened_version;
	a->d.last_save = time(NULL);
	return true;
}

static void release(answers *a)
{
	for (int i = 0; i < MAX_PARTS + 2; i++)
		editor_free(&a->ed[i]);
	strlist_clear(&a->competencies);
	entry_free(&a->base);
}

/* A one-line field's text, trimmed, or NULL when empty. Caller frees with ui_free_text. */
static char *line_of(const answers *a, int f)
{
	char *s = strdup(editor_text(a->ed[f]));
	if (s && *text_trim(s) == '\0')
		ui_free_text(&s);
	return s;
}

/* A new entry holding what the person has written; the caller frees it. */
static entry *to_entry(const void *ctx)
{
	const answers *a = ctx;
	entry *e = entry_dup(a->base);
	if (!e)
		return NULL;
	rf_status st = RF_OK;
	for (int i = 0; i < a->n; i++)
		st |= entry_set(&e->answers[a->first + i],
				editor_blank(a->ed[i]) ? NULL : editor_text(a->ed[i]));
	char *date = line_of(a, date_field(a));
	char *fam = line_of(a, date_field(a) + 1);
	st |= entry_set(&e->visit_date, date);
	st |= entry_set(&e->family, fam);
	ui_free_text(&date);
	ui_free_text(&fam);
	strlist_clear(&e->competencies);
	for (size_t i = 0; i < a->competencies.n; i++)
		st |= strlist_add(&e->competencies, a->competencies.v[i]);
	e->portfolio = a->portfolio;
	e->for_supervision =
	    entry_for_supervision_rule(e, a->supervision_chosen ? a->for_supervision : -1);
	if (st != RF_OK)
		entry_free(&e);
	return e;
}

/* ---- the draft, saving, leaving (ui_draft.c) ---- */

static void ops_where(const void *ctx, int *step, int *field)
{
	*step = 0;
	*field = ((const answers *)ctx)->focus;
}

static bool ops_date_ok(ui *u, void *ctx)
{
	answers *a = ctx;
	char *date = line_of(a, date_field(a));
	bool bad = date && !entry_valid_date(date);
	ui_free_text(&date);
	if (bad) {
		ui_notef(u, true, "%s", _("The visit date should look like 2026-11-20 (or be empty)."));
		a->focus = date_field(a);
	}
	return !bad;
}

static void draw(ui *u, void *ctx);

static const ui_draft_ops draft_ops = {to_entry, version, ops_where, ops_date_ok, draw};

static void save_draft(ui *u, answers *a)
{
	ui_draft_keep(u, &a->d, &draft_ops, a);
}

/* ---- drawing ---- */

static const prompts_field detail_field[NDETAILS] = {
    PROMPTS_F_VISIT_DATE, PROMPTS_F_FAMILY, PROMPTS_F_COMPETENCIES, PROMPTS_F_FOR_SUPERVISION,
    PROMPTS_F_PORTFOLIO,
};

static const char *label_of(const answers *a, int f)
{
	if (f < a->n)
		return _(prompts_answer_heading(a->first + f));
	return _(prompts_label(detail_field[detail(a, f)]));
}

/* A tick box as shown: "for supervision" follows the core rule until the person sets it. */
static bool *flag_of(answers *a, int f)
{
	return detail(a, f) == D_PORTFOLIO ? &a->portfolio : &a->for_supervision;
}

static void draw(ui *u, void *ctx)
{
	answers *a = ctx;
	if (!ui_begin_draw(u))
		return;
	ui_draft_title(u, &a->d, version(a), a->base->id != 0);
	int y = 2;
	ui_put(u, y++, 3, u->cols - 4,
	       a->model == 1 ? _("Gibbs' reflective cycle: six questions, in your own words.")
			     : _("The NMC reflective account: four questions, in your own words."),
	       UI_HEADING);
	ui_put(u, y++, 3, u->cols - 4,
	       _("Answer as much or as little as you like; any question can be left empty."), UI_HINT);
	y++;
	/* the width of the labels' column */
	int lw = 12;
	for (int f = 0; f < nfields(a); f++) {
		const char *l = label_of(a, f);
		int w = editor_str_width(l, strlen(l));
		if (w > lw)
			lw = w;
	}
	if (lw > 26)
		lw = 26;
	const int vx = 3 + lw + 2;
	/* the rows the focused answer's text takes: what the others leave */
	int rest = u->rows - 2 - y - (nfields(a) - 1) - 1;
	const char *fq = a->focus < a->n ? _(prompts_answer_question(a->first + a->focus)) : "";
	int qrows = a->focus < a->n ? ui_wrap_rows(fq, u->cols - 6) : 0;
	if (qrows > 3)
		qrows = 3;
	int h = rest - 1 - qrows;
	if (h < 3)
		h = 3;
	for (int f = 0; f < nfields(a); f++) {
		bool focused = f == a->focus;
		ui_put(u, y, 1, 2, focused ? ">" : " ", UI_FOCUS);
		ui_put(u, y, 3, lw, label_of(a, f), focused ? UI_FOCUS : UI_LABEL);
		if (f >= a->n && texty(a, f)) {
			ui_edit_draw(u, a->ed[f], y, vx, 1, u->cols - vx - 2, focused,
				     _(prompts_hint(detail_field[detail(a, f)])));
			y++;
			continue;
		}
		if (detail(a, f) == D_DOMAINS) {
			char buf[600] = "";
			for (size_t i = 0; i < a->competencies.n; i++) {
				const char *w = prompts_word_shown(a->competencies.v[i]);
				if (strlen(buf) + strlen(w) + 3 >= sizeof buf)
					break;
				if (i)
					strcat(buf, ", ");
				strcat(buf, w);
			}
			ui_put_cut(u, y++, vx, u->cols - vx - 1, *buf ? buf : _("Enter to choose"),
				   *buf ? UI_CHOSEN : UI_HINT);
			continue;
		}
		if (f >= a->n) {
			bool on = detail(a, f) == D_SUPERVISION && !a->supervision_chosen
				      ? entry_for_supervision_rule(a->base, -1)
				      : *flag_of(a, f);
			ui_put(u, y, vx, 4, on ? "[x]" : "[ ]", focused ? UI_FOCUS : UI_NORMAL);
			if (focused)
				ui_put(u, y, vx + 5, u->cols - vx - 6, _("Space to change"), UI_HINT);
			y++;
			continue;
		}
		const char *q = _(prompts_answer_question(a->first + f));
		if (focused) {
			y++;
			y += ui_wrap(u, y, 5, qrows, u->cols - 6, q, UI_HINT);
			ui_edit_draw(u, a->ed[f], y, 5, h, u->cols - 6, true, "");
			y += h;
			continue;
		}
		if (editor_blank(a->ed[f])) {
			ui_put_cut(u, y, vx, u->cols - vx - 1, q, UI_HINT);
		} else {
			char *ex = text_excerpt(editor_text(a->ed[f]), u->cols - vx - 1);
			if (ex) {
				ui_put_cut(u, y, vx, u->cols - vx - 1, ex, UI_NORMAL);
				ui_free_text(&ex);
			}
		}
		y++;
	}
	char date[32];
	snprintf(date, sizeof date, "%s", editor_text(a->ed[date_field(a)]));
	text_trim(date);
	if (*date && !entry_valid_date(date) && (strlen(date) >= 10 || a->focus != date_field(a)))
		ui_put(u, u->rows - 2, 3, u->cols - 4,
		       _("That visit date is not a date: write it like 2026-11-20, or leave it empty."),
		       UI_WARN);
	ui_status(u, _("Tab next question · Shift-Tab back · ^S save · Esc leave · ^X lock · F1 help"));
	ui_end_draw(u);
}

/* ---- actions ---- */

static void go(answers *a, int delta)
{
	int n = nfields(a);
	a->focus = (a->focus + delta % n + n) % n;
}

static const char *const answers_help[] = {
	N_("Answering the questions of a reflective model"),
	N_("Tab, Ctrl-N\tthe next question (the details come last: visit date, family code, "
	   "domains, supervision, portfolio)"),
	N_("Shift-Tab, Ctrl-P\tthe question before; nothing is lost"),
	N_("Ctrl-S\tsave from anywhere"),
	N_("Esc\tleave (asks first: save, keep as draft, or let go)"),
	N_("Ctrl-X\tlock now (the draft is kept, sealed)"),
	N_("Ctrl-O\twrite this answer in your own editor ($VISUAL or $EDITOR)"),
	N_("Space\ttick a box"),
	N_("Enter\topen a list of feelings, themes or domains"),
	N_("Every question can be left empty."),
	N_("The questions follow the layout in the settings (layout = gibbs or nmc)."),
};

ui_result ui_compose_answers(ui *u, entry *e, int model, int64_t draft_id, int field)
{
	answers a;
	ui_result r = UI_DONE;
	if (!init(&a, e, model)) {
		release(&a);
		ui_notef(u, true, "%s", _(rf_status_message(RF_ERR_NOMEM)));
		return UI_DONE;
	}
	a.d.id = draft_id;
	if (field >= 0 && field < nfields(&a))
		a.focus = field;
	ui_backdrop prev = ui_backdrop_push(u, draw, &a);
	bool redraw = true;
	for (;;) {
		ui_event ev;
		if (ui_draft_next(u, &a.d, &draft_ops, &a, &ev, &r, &redraw) == UI_DRAFT_LEAVE)
			break;
		bool enter = ui_key(&ev, '\r') || ui_key(&ev, '\n') || ui_fkey(&ev, KEY_ENTER);
		if (ui_key(&ev, '\t') || ui_ctrl(&ev, 'N') || (a.focus >= a.n && texty(&a, a.focus) && enter)) {
			if (version(&a) != a.d.saved_version)
				save_draft(u, &a);
			go(&a, 1);
			continue;
		}
		if (ui_fkey(&ev, KEY_BTAB) || ui_ctrl(&ev, 'P')) {
			go(&a, -1);
			continue;
		}
		if (ui_fkey(&ev, KEY_F(1))) {
			r = ui_help(u, _("writing a reflection"), answers_help,
				    sizeof answers_help / sizeof answers_help[0]);
			if (r != UI_DONE) {
				save_draft(u, &a);
				break;
			}
			continue;
		}
		if (!texty(&a, a.focus)) {
			bool choose = enter || ui_key(&ev, ' ');
			if (detail(&a, a.focus) == D_DOMAINS) {
				if (choose) {
					prompts_group g = {prompts_label(PROMPTS_F_COMPETENCIES), "",
							   prompts_competencies()};
					r = ui_pick(u, _(prompts_label(PROMPTS_F_COMPETENCIES)), &g, 1,
						    &a.competencies, true, false);
					a.other_changes++;
					if (r != UI_DONE) {
						save_draft(u, &a);
						break;
					}
				} else if ((ui_fkey(&ev, KEY_BACKSPACE) || ui_fkey(&ev, KEY_DC) ||
					    ui_key(&ev, 127)) &&
					   a.competencies.n) {
					strlist_clear(&a.competencies);
					a.other_changes++;
				} else if (ui_fkey(&ev, KEY_UP) || ui_fkey(&ev, KEY_DOWN)) {
					go(&a, ui_fkey(&ev, KEY_UP) ? -1 : 1);
				} else {
					redraw = false;
				}
			} else if (choose) {
				bool *b = flag_of(&a, a.focus);
				if (detail(&a, a.focus) == D_SUPERVISION && !a.supervision_chosen)
					*b = !entry_for_supervision_rule(a.base, -1);
				else
					*b = !*b;
				if (detail(&a, a.focus) == D_SUPERVISION)
					a.supervision_chosen = true;
				a.other_changes++;
			} else if (ui_fkey(&ev, KEY_UP) || ui_fkey(&ev, KEY_DOWN)) {
				go(&a, ui_fkey(&ev, KEY_UP) ? -1 : 1);
			} else {
				redraw = false;
			}
			continue;
		}
		editor *ed = a.ed[a.focus];
		if (a.focus == date_field(&a) && a.date_fresh) {
			a.date_fresh = false;
			if (!ev.fn && !ev.alt && ev.ch >= ' ' && ev.ch != 127)
				editor_set_text(ed, "");
		}
		ui_edit_outcome o = ui_edit_key(u, ed, &ev, a.focus < a.n ? 3 : 1);
		if (o == UI_EDIT_UP_OUT && a.focus > 0)
			go(&a, -1);
		else if (o == UI_EDIT_DOWN_OUT && a.focus + 1 < nfields(&a))
			go(&a, 1);
		else if (o == UI_EDIT_IGNORED)
			redraw = false;
	}
	ui_backdrop_pop(u, prev);
	release(&a);
	return r;
}
