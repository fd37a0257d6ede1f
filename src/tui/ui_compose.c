/* ui_compose.c - the guided reflection: Pause, Notice, Be Curious, Details, then a calm summary
 * and save. Every step and field can be skipped; moving back and forth keeps everything; a sealed
 * draft is saved every few seconds while anything is new. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "reflect/dates.h"
#include "reflect/i18n.h"
#include "reflect/text.h"
#include "reflect/ui_draft.h"
#include "reflect/ui_screen.h"

#define STEP_SUMMARY PROMPTS_STEP_COUNT
#define NSTEPS	     (PROMPTS_STEP_COUNT + 1)

typedef enum fkind { K_TEXT, K_LINE, K_SLIDER, K_CHECK, K_MULTI, K_ONE } fkind;

typedef struct fdef {
	prompts_field id;
	fkind kind;
	int rows; /* text rows for K_TEXT (the main text takes what is left) */
	bool main;
} fdef;

static const fdef pause_fields[] = {
    {PROMPTS_F_ACTIVATION, K_SLIDER, 1, false},
    {PROMPTS_F_BODY, K_TEXT, 2, false},
    {PROMPTS_F_PAUSE_TEXT, K_TEXT, 3, true},
};
static const fdef notice_fields[] = {
    {PROMPTS_F_NOTICE_TEXT, K_TEXT, 3, true},
    {PROMPTS_F_BETWEEN, K_TEXT, 2, false},
    {PROMPTS_F_STIRRED, K_TEXT, 2, false},
    {PROMPTS_F_EMOTIONS, K_MULTI, 1, false},
};
static const fdef curious_fields[] = {
    {PROMPTS_F_CURIOUS_TEXT, K_TEXT, 3, true},	    {PROMPTS_F_PARENT, K_TEXT, 2, false},
    {PROMPTS_F_INFANT, K_TEXT, 2, false},	    {PROMPTS_F_QUESTIONS, K_TEXT, 3, false},
    {PROMPTS_F_FOR_SUPERVISION, K_CHECK, 1, false},
};
static const fdef details_fields[] = {
    {PROMPTS_F_VISIT_DATE, K_LINE, 1, true},  {PROMPTS_F_FAMILY, K_LINE, 1, false},
    {PROMPTS_F_VISIT_TYPE, K_ONE, 1, false},  {PROMPTS_F_LIFE_STAGE, K_ONE, 1, false},
    {PROMPTS_F_THEMES, K_MULTI, 1, false},    {PROMPTS_F_COMPETENCIES, K_MULTI, 1, false},
    {PROMPTS_F_PORTFOLIO, K_CHECK, 1, false},
};

static const struct {
	const fdef *f;
	size_t n;
} steps[PROMPTS_STEP_COUNT] = {
    {pause_fields, sizeof pause_fields / sizeof pause_fields[0]},
    {notice_fields, sizeof notice_fields / sizeof notice_fields[0]},
    {curious_fields, sizeof curious_fields / sizeof curious_fields[0]},
    {details_fields, sizeof details_fields / sizeof details_fields[0]},
};

typedef struct compose {
	entry *base; /* what is being edited: keeps id, rev, written time, responses */
	editor *ed[PROMPTS_F_COUNT];
	int activation;
	bool for_supervision;
	bool supervision_chosen; /* the person set it (else the core rule decides from questions) */
	bool portfolio;
	bool digit_rating; /* the rating was set by a digit typed first in Pause's empty text */
	bool date_fresh;   /* the visit date is still the prefilled one: typing replaces it */
	strlist emotions, themes, competencies, visit_type, life_stage;
	int step;
	size_t focus[NSTEPS];
	uint64_t other_changes; /* counts changes outside the editors */
	ui_draft d; /* its own sealed draft */
	const char *grounding;
} compose;

/* ---- state <-> entry ---- */

/* (ctx: the screen's state, as ui_draft_ops hands it) */
static uint64_t version(const void *ctx)
{
	const compose *c = ctx;
	uint64_t v = c->other_changes;
	for (int i = 0; i < PROMPTS_F_COUNT; i++)
		if (c->ed[i])
			v += editor_version(c->ed[i]);
	return v;
}

static void copy_list(strlist *to, const strlist *from)
{
	strlist_clear(to);
	for (size_t i = 0; i < from->n; i++)
		strlist_add(to, from->v[i]);
}

static bool compose_init(compose *c, entry *e)
{
	memset(c, 0, sizeof *c);
	c->base = e ? e : entry_new();
	if (!c->base)
		return false;
	for (int s = 0; s < PROMPTS_STEP_COUNT; s++)
		for (size_t i = 0; i < steps[s].n; i++) {
			const fdef *f = &steps[s].f[i];
			if (f->kind == K_TEXT || f->kind == K_LINE) {
				c->ed[f->id] =
				    editor_new(f->kind == K_LINE ? 200 : 0, f->kind == K_TEXT);
				if (!c->ed[f->id])
					return false;
			}
			if (f->main)
				c->focus[s] = i;
		}
	entry *b = c->base;
	editor_set_text(c->ed[PROMPTS_F_PAUSE_TEXT], b->pause_text);
	editor_set_text(c->ed[PROMPTS_F_BODY], b->pause_body);
	editor_set_text(c->ed[PROMPTS_F_NOTICE_TEXT], b->notice_text);
	editor_set_text(c->ed[PROMPTS_F_BETWEEN], b->notice_between);
	editor_set_text(c->ed[PROMPTS_F_STIRRED], b->notice_stirred);
	editor_set_text(c->ed[PROMPTS_F_CURIOUS_TEXT], b->curious_text);
	editor_set_text(c->ed[PROMPTS_F_PARENT], b->curious_parent);
	editor_set_text(c->ed[PROMPTS_F_INFANT], b->curious_infant);
	editor_set_text(c->ed[PROMPTS_F_FAMILY], b->family);
	/* questions, one per line */
	size_t qlen = 1;
	for (size_t i = 0; i < b->questions.n; i++)
		qlen += strlen(b->questions.v[i]) + 1;
	char *q = calloc(qlen, 1);
	if (q) {
		for (size_t i = 0; i < b->questions.n; i++) {
			if (i)
				strcat(q, "\n");
			strcat(q, b->questions.v[i]);
		}
		editor_set_text(c->ed[PROMPTS_F_QUESTIONS], q);
		ui_free_text(&q);
	}
	if (b->visit_date) {
		editor_set_text(c->ed[PROMPTS_F_VISIT_DATE], b->visit_date);
	} else if (b->id == 0) {
		char today[11];
		time_t now = time(NULL);
		struct tm tm;
		localtime_r(&now, &tm);
		strftime(today, sizeof today, "%Y-%m-%d", &tm);
		editor_set_text(c->ed[PROMPTS_F_VISIT_DATE], today);
		c->date_fresh = true;
	}
	c->activation = b->activation;
	c->for_supervision = b->for_supervision;
	c->supervision_chosen = b->id != 0 || b->for_supervision;
	c->portfolio = b->portfolio;
	copy_list(&c->emotions, &b->emotions);
	copy_list(&c->themes, &b->themes);
	copy_list(&c->competencies, &b->competencies);
	if (b->visit_type)
		strlist_add(&c->visit_type, b->visit_type);
	if (b->life_stage)
		strlist_add(&c->life_stage, b->life_stage);
	for (int i = 0; i < PROMPTS_F_COUNT; i++)
		if (c->ed[i])
			editor_bottom(c->ed[i]);
	c->step = PROMPTS_PAUSE;
	c->grounding = prompts_grounding_pick((uint64_t)time(NULL) / 3600);
	c->d.opened_version = version(c);
	c->d.saved_version = c->d.opened_version;
	c->d.last_save = time(NULL);
	return true;
}

static void compose_free(compose *c)
{
	for (int i = 0; i < PROMPTS_F_COUNT; i++)
		editor_free(&c->ed[i]);
	strlist_clear(&c->emotions);
	strlist_clear(&c->themes);
	strlist_clear(&c->competencies);
	strlist_clear(&c->visit_type);
	strlist_clear(&c->life_stage);
	entry_free(&c->base);
}

/* The text of an editor, or NULL when it holds only white space. */
static const char *text_or_null(const compose *c, prompts_field f)
{
	return editor_blank(c->ed[f]) ? NULL : editor_text(c->ed[f]);
}

/* A new entry holding what the person has written and chosen; the caller frees it. */
static entry *to_entry(const void *ctx)
{
	const compose *c = ctx;
	entry *e = entry_dup(c->base);
	if (!e)
		return NULL;
	rf_status st = RF_OK;
	st |= entry_set(&e->pause_text, text_or_null(c, PROMPTS_F_PAUSE_TEXT));
	st |= entry_set(&e->pause_body, text_or_null(c, PROMPTS_F_BODY));
	st |= entry_set(&e->notice_text, text_or_null(c, PROMPTS_F_NOTICE_TEXT));
	st |= entry_set(&e->notice_between, text_or_null(c, PROMPTS_F_BETWEEN));
	st |= entry_set(&e->notice_stirred, text_or_null(c, PROMPTS_F_STIRRED));
	st |= entry_set(&e->curious_text, text_or_null(c, PROMPTS_F_CURIOUS_TEXT));
	st |= entry_set(&e->curious_parent, text_or_null(c, PROMPTS_F_PARENT));
	st |= entry_set(&e->curious_infant, text_or_null(c, PROMPTS_F_INFANT));
	char *fam = strdup(editor_text(c->ed[PROMPTS_F_FAMILY]));
	char *date = strdup(editor_text(c->ed[PROMPTS_F_VISIT_DATE]));
	if (fam && date) {
		text_trim(fam);
		text_trim(date);
		st |= entry_set(&e->family, *fam ? fam : NULL);
		st |= entry_set(&e->visit_date, *date ? date : NULL);
	} else {
		st = RF_ERR_NOMEM;
	}
	ui_free_text(&fam);
	ui_free_text(&date);
	st |= entry_set(&e->visit_type, c->visit_type.n ? c->visit_type.v[0] : NULL);
	st |= entry_set(&e->life_stage, c->life_stage.n ? c->life_stage.v[0] : NULL);
	e->activation = c->activation;
	e->for_supervision = c->for_supervision;
	e->portfolio = c->portfolio;
	copy_list(&e->emotions, &c->emotions);
	copy_list(&e->themes, &c->themes);
	copy_list(&e->competencies, &c->competencies);
	strlist_clear(&e->questions);
	char *q = strdup(editor_text(c->ed[PROMPTS_F_QUESTIONS]));
	if (q) {
		char *save = NULL;
		for (char *line = strtok_r(q, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save)) {
			text_trim(line);
			if (*line)
				st |= strlist_add(&e->questions, line);
		}
		sodium_memzero(q, editor_len(c->ed[PROMPTS_F_QUESTIONS]));
		free(q);
	}
	e->for_supervision =
	    entry_for_supervision_rule(e, c->supervision_chosen ? c->for_supervision : -1);
	if (st != RF_OK)
		entry_free(&e);
	return e;
}

/* ---- the draft, saving, leaving (ui_draft.c) ---- */

static void ops_where(const void *ctx, int *step, int *field)
{
	const compose *c = ctx;
	*step = c->step;
	*field = c->step < PROMPTS_STEP_COUNT ? (int)c->focus[c->step] : 0;
}

static void go_step(compose *c, int step);

static bool ops_date_ok(ui *u, void *ctx)
{
	compose *c = ctx;
	char date[32];
	snprintf(date, sizeof date, "%s", editor_text(c->ed[PROMPTS_F_VISIT_DATE]));
	text_trim(date);
	if (*date && !entry_valid_date(date)) {
		ui_notef(u, true, "%s", _("The visit date should look like 2026-11-20 (or be empty)."));
		go_step(c, PROMPTS_DETAILS);
		c->focus[PROMPTS_DETAILS] = 0;
		return false;
	}
	return true;
}

static void draw(ui *u, void *ctx);

static const ui_draft_ops draft_ops = {to_entry, version, ops_where, ops_date_ok, draw};

static void save_draft(ui *u, compose *c)
{
	ui_draft_keep(u, &c->d, &draft_ops, c);
}

/* ---- drawing ---- */

static const fdef *field_at(const compose *c, size_t i)
{
	return &steps[c->step].f[i];
}

static strlist *list_of(compose *c, prompts_field id)
{
	switch (id) {
	case PROMPTS_F_EMOTIONS:
		return &c->emotions;
	case PROMPTS_F_THEMES:
		return &c->themes;
	case PROMPTS_F_COMPETENCIES:
		return &c->competencies;
	case PROMPTS_F_VISIT_TYPE:
		return &c->visit_type;
	case PROMPTS_F_LIFE_STAGE:
		return &c->life_stage;
	default:
		return NULL;
	}
}

static bool *flag_of(compose *c, prompts_field id)
{
	return id == PROMPTS_F_PORTFOLIO ? &c->portfolio : &c->for_supervision;
}

/* A tick box as shown: "for supervision" follows the core rule until the person sets it. */
static bool flag_shown(compose *c, prompts_field id)
{
	if (id == PROMPTS_F_FOR_SUPERVISION && !c->supervision_chosen)
		return !editor_blank(c->ed[PROMPTS_F_QUESTIONS]);
	return *flag_of(c, id);
}

/* "a, b, c" into buf, each word as a person reads it (prompts_word_shown). */
static void join(const strlist *l, char *buf, size_t cap)
{
	buf[0] = '\0';
	for (size_t i = 0; i < l->n; i++) {
		const char *w = prompts_word_shown(l->v[i]);
		if (strlen(buf) + strlen(w) + 3 >= cap)
			break;
		if (i)
			strcat(buf, ", ");
		strcat(buf, w);
	}
}

static void draw_steps(ui *u, const compose *c)
{
	int x = 2;
	for (int s = 0; s < NSTEPS; s++) {
		char t[40];
		snprintf(t, sizeof t, "%d %s", s + 1,
			 s == STEP_SUMMARY ? _("Save") : _(prompts_step_get((prompts_step)s)->name));
		ui_role r = s == c->step ? UI_FOCUS : UI_HINT;
		x += ui_put(u, 1, x, u->cols - x, t, r);
		if (s + 1 < NSTEPS)
			x += ui_put(u, 1, x, u->cols - x, "   ", UI_HINT);
	}
}

static void draw_slider(ui *u, const compose *c, int y, int x, bool focused)
{
	int cx = x;
	cx += ui_put(u, y, cx, 10, "0 ", UI_HINT);
	for (int v = 0; v <= 10; v++) {
		bool on = v == c->activation;
		cx += ui_put(u, y, cx, 2, on ? "●" : "·",
			     on ? (focused ? UI_FOCUS : UI_CHOSEN) : UI_HINT);
		cx += ui_put(u, y, cx, 1, " ", UI_NORMAL);
	}
	cx += ui_put(u, y, cx, 4, "10", UI_HINT);
	char t[80];
	if (c->activation == ENTRY_NO_ACTIVATION)
		snprintf(t, sizeof t, "   %s%s", _("not set"), focused ? _(" (Left/Right or 0-9)") : "");
	else
		snprintf(t, sizeof t, "   %d, %s", c->activation,
			 _(prompts_activation_word(c->activation)));
	ui_put(u, y, cx, u->cols - cx - 1, t, c->activation < 0 ? UI_HINT : UI_NORMAL);
	(void)focused;
}

static void draw_label(ui *u, int y, const fdef *f, bool focused, bool with_hint)
{
	ui_put(u, y, 1, 2, focused ? ">" : " ", UI_FOCUS);
	int w = ui_put(u, y, 3, u->cols - 4, _(prompts_label(f->id)), focused ? UI_FOCUS : UI_LABEL);
	const char *h = _(prompts_hint(f->id));
	if (with_hint && 5 + w + editor_str_width(h, strlen(h)) < u->cols - 1)
		ui_put(u, y, 5 + w, u->cols - 6 - w, h, UI_HINT);
}

static int text_rows_left(ui *u, const compose *c, int y0)
{
	int fixed = 0;
	for (size_t i = 0; i < steps[c->step].n; i++) {
		const fdef *f = field_at(c, i);
		if (f->main)
			fixed += 1;
		else if (f->kind == K_CHECK)
			fixed += 1;
		else
			fixed += 1 + f->rows;
	}
	int left = u->rows - 2 - y0 - fixed;
	return left < 3 ? 3 : left;
}

static void draw_text_step(ui *u, compose *c)
{
	const prompts_step_text *st = prompts_step_get((prompts_step)c->step);
	int y = 2;
	ui_put(u, y++, 3, u->cols - 4, _(st->invite), UI_HEADING);
	if (c->step == PROMPTS_PAUSE) {
		y += ui_wrap(u, y, 3, 2, u->cols - 6, _(c->grounding), UI_HINT);
	} else {
		/* the sub-prompts, side by side as far as they go */
		char subs[600] = "";
		for (size_t i = 0; i < st->subs.n; i++) {
			const char *sub = _(st->subs.v[i]);
			if (strlen(subs) + strlen(sub) + 4 >= sizeof subs)
				break;
			if (i)
				strcat(subs, "  ");
			strcat(subs, sub);
		}
		y += ui_wrap(u, y, 3, 3, u->cols - 6, subs, UI_HINT);
	}
	y++;
	int main_rows = text_rows_left(u, c, y);
	/* the text field being written in takes the room; the main text keeps three rows */
	const fdef *ff = field_at(c, c->focus[c->step]);
	int focus_extra = 0;
	if (ff->kind == K_TEXT && !ff->main && main_rows > 3) {
		focus_extra = main_rows - 3;
		main_rows = 3;
	}
	for (size_t i = 0; i < steps[c->step].n; i++) {
		const fdef *f = field_at(c, i);
		bool focused = i == c->focus[c->step];
		if (f->kind == K_CHECK) {
			bool on = flag_shown(c, f->id);
			char t[120];
			snprintf(t, sizeof t, "[%s] %s", on ? "x" : " ", _(prompts_label(f->id)));
			ui_put(u, y, 1, 2, focused ? ">" : " ", UI_FOCUS);
			int w = ui_put(u, y, 3, u->cols - 4, t, focused ? UI_FOCUS : UI_LABEL);
			ui_put(u, y, 5 + w, u->cols - 6 - w, focused ? _("Space to change") : "", UI_HINT);
			y++;
			continue;
		}
		draw_label(u, y++, f, focused, true);
		if (f->kind == K_SLIDER) {
			draw_slider(u, c, y, 5, focused);
			y++;
		} else if (f->kind == K_MULTI) {
			char buf[600];
			join(list_of(c, f->id), buf, sizeof buf);
			ui_put(u, y, 5, u->cols - 6, *buf ? buf : _("Enter to choose"), *buf ? UI_CHOSEN : UI_HINT);
			sodium_memzero(buf, sizeof buf);
			y++;
		} else {
			int h = f->main ? main_rows : f->rows + (focused ? focus_extra : 0);
			const char *hint = _(prompts_hint(f->id));
			const char *label = _(prompts_label(f->id));
			/* the hint when the label row had no room for it, in the empty field */
			bool beside = 5 + editor_str_width(label, strlen(label)) + 2 +
					  editor_str_width(hint, strlen(hint)) <
				      u->cols - 1;
			const char *ph = focused && !beside ? hint : "";
			if (f->id == PROMPTS_F_PAUSE_TEXT && focused &&
			    c->activation == ENTRY_NO_ACTIVATION)
				ph = _("Type here. A number 0-10 typed first sets the activation rating.");
			ui_edit_draw(u, c->ed[f->id], y, 5, h, u->cols - 6, focused, ph);
			y += h;
		}
	}
}

static void draw_details(ui *u, compose *c)
{
	const prompts_step_text *st = prompts_step_get(PROMPTS_DETAILS);
	int y = 2;
	ui_put(u, y++, 3, u->cols - 4, _(st->invite), UI_HEADING);
	if (st->subs.n)
		ui_put(u, y, 3, u->cols - 4, _(st->subs.v[0]), UI_HINT);
	y++;
	y++;
	const int lx = 3, vx = 25;
	for (size_t i = 0; i < steps[PROMPTS_DETAILS].n; i++) {
		const fdef *f = field_at(c, i);
		bool focused = i == c->focus[c->step];
		ui_put(u, y, 1, 2, focused ? ">" : " ", UI_FOCUS);
		if (f->kind == K_CHECK) {
			char t[120];
			snprintf(t, sizeof t, "[%s] %s", flag_shown(c, f->id) ? "x" : " ",
				 _(prompts_label(f->id)));
			ui_put(u, y, lx, u->cols - 4, t, focused ? UI_FOCUS : UI_LABEL);
			y += 2;
			continue;
		}
		ui_put(u, y, lx, vx - lx - 1, _(prompts_label(f->id)), focused ? UI_FOCUS : UI_LABEL);
		int rows = 1;
		if (f->kind == K_LINE) {
			ui_edit_draw(u, c->ed[f->id], y, vx, 1, u->cols - vx - 2, focused,
				     _(prompts_hint(f->id)));
		} else {
			char buf[600];
			strlist *l = list_of(c, f->id);
			join(l, buf, sizeof buf);
			const char *empty = f->kind == K_ONE ? _("Enter to choose, Left/Right to step")
							     : _("Enter to choose");
			rows = ui_wrap(u, y, vx, 2, u->cols - vx - 2, *buf ? buf : empty,
				       *buf ? UI_CHOSEN : UI_HINT);
			if (rows < 1)
				rows = 1;
			sodium_memzero(buf, sizeof buf);
		}
		y += rows + 1;
	}
	const fdef *f = field_at(c, c->focus[c->step]);
	char date[32];
	snprintf(date, sizeof date, "%s", editor_text(c->ed[PROMPTS_F_VISIT_DATE]));
	text_trim(date);
	if (*date && !entry_valid_date(date) && (strlen(date) >= 10 || f->id != PROMPTS_F_VISIT_DATE))
		ui_put(u, u->rows - 2, 3, u->cols - 4,
		       _("That visit date is not a date: write it like 2026-11-20, or leave it empty."),
		       UI_WARN);
	else if (f->kind != K_LINE)
		ui_put(u, u->rows - 2, 3, u->cols - 4, _(prompts_hint(f->id)), UI_HINT);
}

/* The first words of a text for the summary. */
static void first_words(const char *s, int cols, char *out, size_t cap)
{
	out[0] = '\0';
	if (!s || !*s)
		return;
	char *ex = text_excerpt(s, cols);
	if (ex) {
		snprintf(out, cap, "%s", ex);
		ui_free_text(&ex);
	}
}

static void draw_summary(ui *u, compose *c)
{
	int y = 2;
	ui_put(u, y++, 3, u->cols - 4, _("Before you save: here is your reflection."), UI_HEADING);
	y++;
	entry *e = to_entry(c);
	if (!e)
		return;
	char line[800], a[300], b[300];
	/* the step names' column, as wide as the longest name in the language in force */
	int lw = 10;
	for (int s = 0; s < PROMPTS_STEP_COUNT; s++) {
		const char *n = _(prompts_step_get((prompts_step)s)->name);
		int nw = editor_str_width(n, strlen(n));
		if (nw > lw)
			lw = nw;
	}
	if (lw > 24)
		lw = 24;
	const int vx = 3 + lw + 2;
	int w = u->cols - vx - 2;
	/* Pause */
	first_words(e->pause_text ? e->pause_text : e->pause_body, e->activation >= 0 ? w - 30 : w,
		    a, sizeof a);
	if (e->activation >= 0)
		snprintf(line, sizeof line, _("activation %d (%s)%s%s"), e->activation,
			 _(prompts_activation_word(e->activation)), *a ? "  ·  " : "", a);
	else
		snprintf(line, sizeof line, "%s", *a ? a : _("(skipped)"));
	ui_put(u, y, 3, lw, _(prompts_step_get(PROMPTS_PAUSE)->name), UI_LABEL);
	ui_put_cut(u, y++, vx, u->cols - vx - 1, line, *a || e->activation >= 0 ? UI_NORMAL : UI_HINT);
	/* Notice */
	first_words(e->notice_text ? e->notice_text : e->notice_between, w, a, sizeof a);
	join(&e->emotions, b, sizeof b);
	ui_put(u, y, 3, lw, _(prompts_step_get(PROMPTS_NOTICE)->name), UI_LABEL);
	ui_put(u, y++, vx, u->cols - vx - 1, *a ? a : _("(skipped)"), *a ? UI_NORMAL : UI_HINT);
	if (*b) {
		snprintf(line, sizeof line, _("feelings: %s"), b);
		ui_put_cut(u, y++, vx, u->cols - vx - 1, line, UI_CHOSEN);
	}
	/* Be Curious */
	first_words(e->curious_text ? e->curious_text : e->curious_parent, w, a, sizeof a);
	ui_put(u, y, 3, lw, _(prompts_step_get(PROMPTS_CURIOUS)->name), UI_LABEL);
	ui_put(u, y++, vx, u->cols - vx - 1, *a ? a : _("(skipped)"), *a ? UI_NORMAL : UI_HINT);
	if (e->questions.n || e->for_supervision) {
		snprintf(line, sizeof line,
			 ngettext("%zu question for supervision%s", "%zu questions for supervision%s",
				  e->questions.n),
			 e->questions.n, e->for_supervision ? _("  ·  bring to supervision") : "");
		ui_put_cut(u, y++, vx, u->cols - vx - 1, line, UI_NORMAL);
	}
	/* Details */
	char vday[64] = "";
	if (e->visit_date)
		dates_human_day(e->visit_date, vday, sizeof vday);
	snprintf(line, sizeof line, "%s  ·  %s  ·  %s  ·  %s",
		 e->visit_date ? vday : _("no date"),
		 e->family ? e->family : _("no family code"),
		 e->visit_type ? prompts_word_shown(e->visit_type) : _("no visit type"),
		 e->life_stage ? prompts_word_shown(e->life_stage) : _("no life stage"));
	ui_put(u, y, 3, lw, _(prompts_step_get(PROMPTS_DETAILS)->name), UI_LABEL);
	y += ui_wrap(u, y, vx, 2, u->cols - vx - 1, line, UI_NORMAL);
	join(&e->themes, b, sizeof b);
	if (*b) {
		snprintf(line, sizeof line, _("themes: %s"), b);
		y += ui_wrap(u, y, vx, 2, u->cols - vx - 1, line, UI_NORMAL);
	}
	join(&e->competencies, b, sizeof b);
	if (*b || e->portfolio) {
		if (*b)
			snprintf(line, sizeof line, _("domains: %s"), b);
		else
			line[0] = '\0';
		if (e->portfolio) {
			size_t ll = strlen(line);
			snprintf(line + ll, sizeof line - ll, "%s%s", *b ? "  ·  " : "", _("portfolio"));
		}
		y += ui_wrap(u, y, vx, 2, u->cols - vx - 1, line, UI_NORMAL);
	}
	y++;
	ui_put(u, y++, 3, u->cols - 4,
	       _("Enter or Ctrl-S saves it, sealed. Ctrl-P goes back to change anything."), UI_NORMAL);
	y++;
	ui_put(u, y, 3, u->cols - 4,
	       _("Thank you for taking this time, for the family and for yourself."), UI_HINT);
	sodium_memzero(line, sizeof line);
	sodium_memzero(a, sizeof a);
	sodium_memzero(b, sizeof b);
	entry_free(&e);
}

static void draw(ui *u, void *ctx)
{
	compose *c = ctx;
	if (!ui_begin_draw(u))
		return;
	ui_draft_title(u, &c->d, version(c), c->base->id != 0);
	draw_steps(u, c);
	if (c->step == STEP_SUMMARY)
		draw_summary(u, c);
	else if (c->step == PROMPTS_DETAILS)
		draw_details(u, c);
	else
		draw_text_step(u, c);
	ui_status(u, c->step == STEP_SUMMARY
			     ? _("Enter save · Ctrl-P back · Esc leave · Ctrl-X lock · F1 help")
			     : _("Tab field · ^N next step · ^P back · ^S save · Esc leave · ^X lock · F1 help"));
	ui_end_draw(u);
}

/* ---- actions ---- */

static void go_step(compose *c, int step)
{
	if (step < 0 || step >= NSTEPS)
		return;
	c->step = step;
	if (step < PROMPTS_STEP_COUNT)
		for (size_t i = 0; i < steps[step].n; i++)
			if (steps[step].f[i].main)
				c->focus[step] = i;
}

static void go_field(compose *c, int delta)
{
	if (c->step == STEP_SUMMARY)
		return;
	size_t n = steps[c->step].n;
	c->focus[c->step] = (c->focus[c->step] + n + (size_t)(delta % (int)n + (int)n)) % n;
}

static const char *const compose_help[] = {
	N_("Moving through a reflection"),
	N_("Ctrl-N\tnext step (Pause, Notice, Be Curious, Details, Save)"),
	N_("Ctrl-P\tprevious step; nothing is lost"),
	N_("Tab, Shift-Tab\tnext or previous field in this step"),
	N_("Ctrl-S\tsave from anywhere"),
	N_("Esc\tleave (asks first: save, keep as draft, or let go)"),
	N_("Ctrl-X\tlock now (the draft is kept, sealed)"),
	N_("F1\tthis help (also ? outside text)"),
	N_("Writing"),
	N_("Enter\ta new line (in text); next field (in a one-line field)"),
	N_("arrows, Home, End\tmove; PageUp/PageDown in long text"),
	N_("Ctrl-Left/Right\tby word (also Alt-B, Alt-F)"),
	N_("Backspace, Delete\tone character; Ctrl-W the word before"),
	N_("Ctrl-O\twrite this field in your own editor ($VISUAL or $EDITOR)"),
	N_("Choosing"),
	N_("Left/Right or 0-9\tactivation; Backspace clears it"),
	N_("Space\ttick a box"),
	N_("Enter\topen a list of feelings, themes or domains"),
	N_("Every step and every field can be skipped."),
};

/* On Pause's empty main text, a digit typed first sets the 0-10 rating ("1" then "0" is 10)
 * and Backspace takes it back; any other key writes as usual. True when the key was used. */
static bool digit_first(compose *c, editor *ed, const ui_event *ev)
{
	bool digit = !ev->fn && !ev->alt && ev->ch >= '0' && ev->ch <= '9';

	if (editor_len(ed) != 0) {
		c->digit_rating = false;
		return false;
	}
	if (digit && (c->activation == ENTRY_NO_ACTIVATION || c->digit_rating)) {
		int a = c->digit_rating && c->activation == 1 && ev->ch == '0' ? 10 : (int)(ev->ch - '0');
		if (a != c->activation) {
			c->activation = a;
			c->other_changes++;
		}
		c->digit_rating = true;
		return true;
	}
	if (c->digit_rating && (ui_fkey(ev, KEY_BACKSPACE) || ui_key(ev, 127) || ui_key(ev, 8))) {
		c->activation = ENTRY_NO_ACTIVATION;
		c->digit_rating = false;
		c->other_changes++;
		return true;
	}
	c->digit_rating = false;
	return false;
}

/* The prefilled visit date goes when the person types a character over it. */
static void date_key(compose *c, editor *ed, const ui_event *ev)
{
	if (!c->date_fresh)
		return;
	c->date_fresh = false;
	if (!ev->fn && !ev->alt && ev->ch >= ' ' && ev->ch != 127)
		editor_set_text(ed, "");
}

/* Keys on a field that is not text. Returns true when handled. */
static bool other_field_key(ui *u, compose *c, const fdef *f, const ui_event *ev, ui_result *r)
{
	bool enter = ui_key(ev, '\r') || ui_key(ev, '\n') || ui_fkey(ev, KEY_ENTER);
	if (f->kind == K_SLIDER) {
		int a = c->activation;
		if (ui_fkey(ev, KEY_LEFT) || ui_key(ev, 'h') || ui_key(ev, '-'))
			a = a <= 0 ? 0 : a - 1;
		else if (ui_fkey(ev, KEY_RIGHT) || ui_key(ev, 'l') || ui_key(ev, '+'))
			a = a < 0 ? 0 : (a >= 10 ? 10 : a + 1);
		else if (ui_fkey(ev, KEY_HOME))
			a = 0;
		else if (ui_fkey(ev, KEY_END))
			a = 10;
		else if (!ev->fn && !ev->alt && ev->ch >= '0' && ev->ch <= '9')
			a = (a == 1 && ev->ch == '0') ? 10 : (int)(ev->ch - '0');
		else if (ui_fkey(ev, KEY_BACKSPACE) || ui_fkey(ev, KEY_DC) || ui_key(ev, 127))
			a = ENTRY_NO_ACTIVATION;
		else if (enter) {
			go_field(c, 1);
			return true;
		} else
			return false;
		if (a != c->activation) {
			c->activation = a;
			c->other_changes++;
		}
		return true;
	}
	if (f->kind == K_CHECK) {
		if (ui_key(ev, ' ') || enter) {
			bool *b = flag_of(c, f->id);
			*b = !flag_shown(c, f->id);
			if (f->id == PROMPTS_F_FOR_SUPERVISION)
				c->supervision_chosen = true;
			c->other_changes++;
			return true;
		}
		return false;
	}
	if (f->kind == K_MULTI || f->kind == K_ONE) {
		strlist *l = list_of(c, f->id);
		prompts_group one = {prompts_label(f->id), "", {NULL, 0}};
		const prompts_group *g = &one;
		size_t ng = 1;
		bool own = true;
		if (f->id == PROMPTS_F_EMOTIONS)
			g = prompts_emotions(&ng);
		else if (f->id == PROMPTS_F_THEMES)
			g = prompts_themes(&ng);
		else if (f->id == PROMPTS_F_COMPETENCIES) {
			one.words = prompts_competencies();
			own = false;
		} else if (f->id == PROMPTS_F_VISIT_TYPE)
			one.words = prompts_visit_types();
		else {
			one.words = prompts_life_stages();
			own = false;
		}
		if (f->kind == K_ONE && (ui_fkey(ev, KEY_LEFT) || ui_fkey(ev, KEY_RIGHT))) {
			/* step through the choices, with "none" between the ends */
			prompts_list w = one.words;
			long k = -1;
			for (size_t i = 0; l->n && i < w.n; i++)
				if (strcmp(w.v[i], l->v[0]) == 0)
					k = (long)i;
			k += ui_fkey(ev, KEY_RIGHT) ? 1 : -1;
			if (k < -1)
				k = (long)w.n - 1;
			if (k >= (long)w.n)
				k = -1;
			strlist_clear(l);
			if (k >= 0)
				strlist_add(l, w.v[k]);
			c->other_changes++;
			return true;
		}
		if (ui_fkey(ev, KEY_BACKSPACE) || ui_fkey(ev, KEY_DC) || ui_key(ev, 127)) {
			if (l->n) {
				strlist_clear(l);
				c->other_changes++;
			}
			return true;
		}
		if (enter || ui_key(ev, ' ')) {
			*r = ui_pick(u, _(prompts_label(f->id)), g, ng, l, f->kind == K_MULTI, own);
			c->other_changes++; /* the picker may have changed the list */
			return true;
		}
		return false;
	}
	return false;
}

ui_result ui_compose(ui *u, entry *e)
{
	return ui_compose_draft(u, e, 0, PROMPTS_PAUSE, -1);
}

ui_result ui_compose_draft(ui *u, entry *e, int64_t draft_id, int step, int field)
{
	compose c;
	ui_result r = UI_DONE;
	/* a layout is also a prompt set: with gibbs or nmc, that model's questions are asked */
	int model = ui_answers_model(u, e);
	if (model != 0)
		return ui_compose_answers(u, e, model, draft_id, e && draft_id ? field : -1);
	if (!compose_init(&c, e)) {
		compose_free(&c);
		ui_notef(u, true, "%s", _(rf_status_message(RF_ERR_NOMEM)));
		return UI_DONE;
	}
	c.d.id = draft_id;
	/* a draft reopens where the person was */
	if (step > 0 && step < NSTEPS)
		go_step(&c, step);
	if (c.step < PROMPTS_STEP_COUNT && field >= 0 && (size_t)field < steps[c.step].n)
		c.focus[c.step] = (size_t)field;
	ui_backdrop prev = ui_backdrop_push(u, draw, &c);
	bool redraw = true;
	for (;;) {
		ui_event ev;
		if (ui_draft_next(u, &c.d, &draft_ops, &c, &ev, &r, &redraw) == UI_DRAFT_LEAVE)
			break;
		const fdef *f = c.step == STEP_SUMMARY ? NULL : field_at(&c, c.focus[c.step]);
		bool texty = f && (f->kind == K_TEXT || f->kind == K_LINE);
		bool enter = ui_key(&ev, '\r') || ui_key(&ev, '\n') || ui_fkey(&ev, KEY_ENTER);

		if (c.step == STEP_SUMMARY && enter) {
			bool saved;
			r = ui_draft_save(u, &c.d, &draft_ops, &c, &saved);
			if (saved || r != UI_DONE)
				break;
			continue;
		}
		if (ui_ctrl(&ev, 'N')) {
			if (version(&c) != c.d.saved_version)
				save_draft(u, &c);
			go_step(&c, c.step + 1);
			continue;
		}
		if (ui_ctrl(&ev, 'P')) {
			go_step(&c, c.step - 1);
			continue;
		}
		if (ui_key(&ev, '\t')) {
			go_field(&c, 1);
			continue;
		}
		if (ui_fkey(&ev, KEY_BTAB)) {
			go_field(&c, -1);
			continue;
		}
		if (ui_fkey(&ev, KEY_F(1)) || (!texty && ui_key(&ev, '?'))) {
			r = ui_help(u, _("writing a reflection"), compose_help,
				    sizeof compose_help / sizeof compose_help[0]);
			if (r != UI_DONE) {
				save_draft(u, &c);
				break;
			}
			continue;
		}
		if (!texty && ui_key(&ev, 'x')) {
			save_draft(u, &c);
			r = UI_LOCKED;
			break;
		}
		if (c.step == STEP_SUMMARY) {
			if (ui_key(&ev, 'x')) {
				save_draft(u, &c);
				r = UI_LOCKED;
				break;
			}
			continue;
		}
		if (texty) {
			editor *ed = c.ed[f->id];
			if (f->kind == K_LINE && enter) {
				go_field(&c, 1);
				continue;
			}
			if (f->id == PROMPTS_F_PAUSE_TEXT && digit_first(&c, ed, &ev))
				continue;
			if (f->id == PROMPTS_F_VISIT_DATE)
				date_key(&c, ed, &ev);
			ui_edit_outcome o = ui_edit_key(u, ed, &ev, f->main ? 3 : f->rows);
			if (o == UI_EDIT_UP_OUT && c.focus[c.step] > 0)
				go_field(&c, -1);
			else if (o == UI_EDIT_DOWN_OUT && c.focus[c.step] + 1 < steps[c.step].n)
				go_field(&c, 1);
			continue;
		}
		if (other_field_key(u, &c, f, &ev, &r)) {
			if (r != UI_DONE) {
				save_draft(u, &c);
				break;
			}
			continue;
		}
		if (ui_fkey(&ev, KEY_UP) && c.focus[c.step] > 0)
			go_field(&c, -1);
		else if (ui_fkey(&ev, KEY_DOWN) && c.focus[c.step] + 1 < steps[c.step].n)
			go_field(&c, 1);
		else
			redraw = false;
	}
	ui_backdrop_pop(u, prev);
	compose_free(&c);
	return r;
}
