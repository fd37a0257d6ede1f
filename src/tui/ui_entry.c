/* ui_entry.c - one entry on screen: every step, the details and any supervisor responses;
 * from here it can be changed (e) or deleted (d, after asking). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reflect/dates.h"
#include "reflect/i18n.h"
#include "reflect/ui_screen.h"
#include "reflect/ui_scroll.h"
#include "reflect/unread.h"

typedef ui_lines view;

/* Add s wrapped to width at indent (nothing for an empty text). */
static void para(view *w, const char *s, ui_role role, int indent, int width)
{
	if (s && *s)
		ui_lines_wrap(w, s, role, indent, width);
}

static void blank(view *w)
{
	ui_lines_push(w, "", 0, UI_NORMAL, 0);
}

/* A labelled text: the label, then the text indented (nothing when the text is empty). */
static void field(view *w, const char *label, const char *text, int width)
{
	if (!text || !*text)
		return;
	para(w, label, UI_LABEL, 2, width);
	para(w, text, UI_NORMAL, 4, width);
}

static void list_line(view *w, const char *label, const strlist *l, ui_role role, int width)
{
	if (!l->n)
		return;
	size_t len = strlen(label) + 3;
	for (size_t i = 0; i < l->n; i++)
		len += strlen(prompts_word_shown(l->v[i])) + 2;
	char *s = malloc(len);
	if (!s) {
		w->failed = true;
		return;
	}
	snprintf(s, len, "%s: ", label);
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			strcat(s, ", ");
		strcat(s, prompts_word_shown(l->v[i]));
	}
	para(w, s, role, 2, width);
	ui_free_text(&s);
}

static void build(view *w, const entry *e, int width)
{
	char line[400], iso_day[11], day[80];
	entry_day(e, iso_day);
	dates_human_day(iso_day, day, sizeof day);
	snprintf(line, sizeof line, "%s%s%s%s%s%s%s", day, e->family ? "  ·  " : "",
		 e->family ? e->family : "", e->visit_type ? "  ·  " : "",
		 e->visit_type ? prompts_word_shown(e->visit_type) : "", e->life_stage ? "  ·  " : "",
		 e->life_stage ? prompts_word_shown(e->life_stage) : "");
	para(w, line, UI_HEADING, 0, width);
	char when[80];
	dates_human_time(e->written, when, sizeof when);
	snprintf(line, sizeof line, _("written %s%s%s"), when,
		 e->for_supervision ? _("  · for supervision") : "", e->portfolio ? _("  · portfolio") : "");
	para(w, line, UI_HINT, 0, width);
	if (e->safety_concern)
		para(w, _("(!) MARKED AS A SAFETY CONCERN: it goes to supervision first"), UI_WARN, 0,
		     width);
	blank(w);

	para(w, _(prompts_step_get(PROMPTS_PAUSE)->name), UI_HEADING, 0, width);
	if (e->activation >= 0) {
		snprintf(line, sizeof line, _("Activation: %d of 10, %s"), e->activation,
			 _(prompts_activation_word(e->activation)));
		para(w, line, UI_LABEL, 2, width);
	}
	field(w, _(prompts_label(PROMPTS_F_BODY)), e->pause_body, width);
	field(w, _(prompts_label(PROMPTS_F_PAUSE_TEXT)), e->pause_text, width);
	blank(w);

	for (int i = 0; i < ENTRY_ANSWERS; i++) {
		if (e->answers[i] == NULL || *e->answers[i] == '\0')
			continue;
		para(w, _(prompts_answer_heading(i)), UI_HEADING, 0, width);
		field(w, _(prompts_answer_question(i)), e->answers[i], width);
		blank(w);
	}

	para(w, _(prompts_step_get(PROMPTS_NOTICE)->name), UI_HEADING, 0, width);
	field(w, _(prompts_label(PROMPTS_F_NOTICE_TEXT)), e->notice_text, width);
	field(w, _(prompts_label(PROMPTS_F_BETWEEN)), e->notice_between, width);
	field(w, _(prompts_label(PROMPTS_F_STIRRED)), e->notice_stirred, width);
	list_line(w, _(prompts_label(PROMPTS_F_EMOTIONS)), &e->emotions, UI_CHOSEN, width);
	blank(w);

	para(w, _(prompts_step_get(PROMPTS_CURIOUS)->name), UI_HEADING, 0, width);
	field(w, _(prompts_label(PROMPTS_F_CURIOUS_TEXT)), e->curious_text, width);
	field(w, _(prompts_label(PROMPTS_F_PARENT)), e->curious_parent, width);
	field(w, _(prompts_label(PROMPTS_F_INFANT)), e->curious_infant, width);
	if (e->questions.n) {
		para(w, _(prompts_label(PROMPTS_F_QUESTIONS)), UI_LABEL, 2, width);
		for (size_t i = 0; i < e->questions.n; i++) {
			snprintf(line, sizeof line, "- %s", e->questions.v[i]);
			para(w, line, UI_NORMAL, 4, width);
		}
	}
	blank(w);

	list_line(w, _("Themes"), &e->themes, UI_NORMAL, width);
	list_line(w, _(prompts_label(PROMPTS_F_COMPETENCIES)), &e->competencies, UI_NORMAL, width);

	if (e->nresponses) {
		blank(w);
		para(w, _("Responses from supervision"), UI_HEADING, 0, width);
		for (size_t i = 0; i < e->nresponses; i++) {
			dates_human_iso(e->responses[i].at, when, sizeof when);
			snprintf(line, sizeof line, "%s, %s",
				 e->responses[i].from ? e->responses[i].from : "", when);
			para(w, line, UI_LABEL, 2, width);
			para(w, e->responses[i].text, UI_NORMAL, 4, width);
		}
	}
	sodium_memzero(line, sizeof line);
}

static const char *const entry_help[] = {
	N_("Reading an entry"),
	N_("Up/Down, j/k\tscroll"),
	N_("PageUp/PageDown\tscroll by a page"),
	N_("c\tchange this reflection"),
	N_("e\texport this reflection (Markdown, HTML, PDF, ...)"),
	N_("d\tdelete it (asks first)"),
	N_("r\tanswer in the entry's thread (a reply to your supervisor)"),
	N_("!\tmark as a safety concern (it goes to supervision first), or unmark"),
	N_("Esc, q\tback to the list"),
	N_("x\tlock now"),
	N_("?\tthis help"),
};

/* What the entry screen draws from. */
typedef struct eview {
	const entry *e;
	view w;
	ui_scroll sc;
	int built_for;
} eview;

static void draw_line(ui *u, void *ctx, size_t i, int y, bool chosen)
{
	const ui_line *l = &((eview *)ctx)->w.v[i];

	(void)chosen;
	ui_put(u, y, 2 + l->indent, u->cols - 4 - l->indent, l->text, l->role);
}

static void draw(ui *u, eview *v)
{
	int width = u->cols - 4;
	if (v->built_for != width) {
		ui_lines_clear(&v->w);
		build(&v->w, v->e, width);
		v->built_for = width;
	}
	v->sc.n = v->w.n;
	v->sc.y = 2;
	v->sc.h = u->rows - 3;
	ui_scroll_fit(&v->sc);
	if (!ui_begin_draw(u))
		return;
	char right[40];
	snprintf(right, sizeof right, "%zu%%", ui_scroll_percent(&v->sc));
	ui_title(u, _("reflect  ·  a reflection"), right);
	ui_scroll_draw(u, &v->sc);
	ui_status(u, _("c change · e export · r answer · ! concern · d delete · Esc back · ? help"));
	ui_end_draw(u);
}

static void backdrop(ui *u, void *ctx)
{
	draw(u, ctx);
}

ui_result ui_entry_view(ui *u, int64_t id)
{
	entry *e = NULL;
	ui_result r = UI_DONE;
	rf_status st = journal_get(u->j, id, &e);
	if (st != RF_OK) {
		ui_notef(u, true, _("That entry could not be read: %s"), _(rf_status_message(st)));
		return UI_DONE;
	}
	/* read now: no longer marked on the home list as holding a new response */
	(void)unread_clear(u->j, id);
	eview v;
	memset(&v, 0, sizeof v);
	v.e = e;
	v.built_for = -1;
	v.sc = (ui_scroll){UI_SCROLL_PAGE, 0, 0, UI_SCROLL_NONE, 0, 2, 1, &v, NULL, draw_line};
	ui_backdrop prev = ui_backdrop_push(u, backdrop, &v);
	for (;;) {
		draw(u, &v);
		ui_event ev;
		ui_key_step ks = ui_next_key(u, &ev, UI_BACK_LEFT, &r);
		if (ks == UI_KEY_LEAVE)
			break;
		if (ks == UI_KEY_REDRAW)
			continue;
		if (ui_scroll_key(&v.sc, &ev)) {
			/* moved */
		} else if (ui_key(&ev, '?') || ui_fkey(&ev, KEY_F(1))) {
			r = ui_help(u, _("an entry"), entry_help, sizeof entry_help / sizeof entry_help[0]);
			if (r != UI_DONE)
				break;
		} else if (ui_key(&ev, 'r')) {
			entry *fresh = NULL;
			r = ui_reply(u, id);
			if (r != UI_DONE)
				break;
			if (journal_get(u->j, id, &fresh) == RF_OK) { /* the thread with the reply */
				entry_free(&e);
				e = fresh;
				v.e = e;
				v.built_for = -1;
				v.sc.top = (size_t)-1 / 2;
			}
		} else if (ui_key(&ev, '!')) {
			e->safety_concern = !e->safety_concern;
			if (e->safety_concern)
				e->for_supervision = true; /* a concern is brought to supervision */
			st = journal_update(u->j, e);
			if (st != RF_OK) {
				e->safety_concern = !e->safety_concern;
				ui_notef(u, true, _("That could not be saved: %s"),
					 _(rf_status_message(st)));
			} else { /* a concern travels at once when a folder is set */
				ui_sync_after(u, e->safety_concern
							 ? _("Marked as a safety concern: it goes to "
							     "supervision first.")
							 : _("No longer marked as a safety concern."));
			}
			v.built_for = -1;
		} else if (ui_key(&ev, 'e')) {
			r = ui_export_entry(u, id);
			if (r != UI_DONE)
				break;
		} else if (ui_key(&ev, 'c')) {
			ui_lines_clear(&v.w);
			entry *take = e;
			e = NULL;
			v.e =
			    NULL; /* the compose screen owns it now; nothing here draws it again */
			r = ui_compose(u, take);
			u->select_id = id;
			break;
		} else if (ui_key(&ev, 'd')) {
			char a = 0;
			r = ui_ask(u, _("Delete this reflection for good? It cannot be brought back."),
				   _("y  yes, delete it\nn  no, keep it"), N_("yn"), &a);
			if (r != UI_DONE)
				break;
			if (a == 'y') {
				st = journal_delete(u->j, id);
				if (st == RF_OK) {
					ui_notef(u, false, "%s", _("The reflection was deleted."));
					u->select_id = 0;
				} else {
					ui_notef(u, true, _("It could not be deleted: %s"), _(rf_status_message(st)));
				}
				break;
			}
		}
	}
	ui_backdrop_pop(u, prev);
	ui_lines_clear(&v.w);
	entry_free(&e);
	return r;
}
