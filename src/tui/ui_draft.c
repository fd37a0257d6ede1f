/* ui_draft.c - a reflection's own sealed draft and the ways of leaving a writing screen,
 * shared by the guided steps and a reflective model's questions (ui_draft.h). */
#include "reflect/ui_draft.h"

#include "reflect/i18n.h"
#include "reflect/journal.h"

void ui_draft_title(ui *u, const ui_draft *d, uint64_t version, bool changing)
{
	const char *state = "";

	if (d->failed)
		state = _("draft NOT saved");
	else if (version == d->saved_version && version != d->opened_version)
		state = _("draft sealed");
	else if (version != d->saved_version)
		state = _("writing...");
	ui_title(u, changing ? _("reflect  ·  changing a reflection") : _("reflect  ·  a new reflection"),
		 state);
}

void ui_draft_drop(ui *u, ui_draft *d)
{
	if (u->j && d->id != 0 && journal_draft_delete(u->j, d->id) == RF_OK)
		d->id = 0;
}

void ui_draft_keep(ui *u, ui_draft *d, const ui_draft_ops *ops, void *ctx)
{
	if (!u->j)
		return;
	entry *e = ops->to_entry(ctx);
	rf_status st = RF_ERR_NOMEM;
	if (e) {
		if (entry_is_empty(e) && e->id == 0) {
			st = RF_OK;
			ui_draft_drop(u, d);
		} else {
			int step = 0, field = 0;
			ops->where(ctx, &step, &field);
			st = journal_draft_put(u->j, &d->id, e, step, field);
			if (st == RF_ERR_NOT_FOUND) {
				/* let go elsewhere meanwhile: keep the words as a new draft */
				d->id = 0;
				st = journal_draft_put(u->j, &d->id, e, step, field);
			}
		}
		entry_free(&e);
	}
	d->last_save = time(NULL);
	d->failed = st != RF_OK;
	if (st == RF_OK)
		d->saved_version = ops->version(ctx);
	else
		ui_notef(u, true, _("The draft could not be saved: %s"), _(rf_status_message(st)));
}

ui_result ui_draft_save(ui *u, ui_draft *d, const ui_draft_ops *ops, void *ctx, bool *saved)
{
	*saved = false;
	if (!ops->date_ok(u, ctx))
		return UI_DONE;
	entry *e = ops->to_entry(ctx);
	if (!e) {
		ui_notef(u, true, "%s", _(rf_status_message(RF_ERR_NOMEM)));
		return UI_DONE;
	}
	if (entry_is_empty(e)) {
		ui_notef(u, true, "%s", _("There is nothing to save yet. Write a little, or Esc to leave."));
		entry_free(&e);
		return UI_DONE;
	}
	rf_status st = e->id ? journal_update(u->j, e) : journal_add(u->j, e);
	if (st == RF_ERR_NOT_FOUND && e->id) {
		/* the entry being changed was deleted meanwhile: keep the words as a new one */
		e->id = 0;
		st = journal_add(u->j, e);
	}
	if (st != RF_OK) {
		ui_notef(u, true, _("It could not be saved: %s. Your draft is kept."), _(rf_status_message(st)));
		entry_free(&e);
		ui_draft_keep(u, d, ops, ctx);
		return UI_DONE;
	}
	ui_draft_drop(u, d);
	u->select_id = e->id;
	/* what is marked for supervision goes at once when an exchange folder is set */
	ui_sync_after(u, _("Saved and sealed. Thank you for taking this time."));
	entry_free(&e);
	*saved = true;
	return UI_DONE;
}

/* Esc: leave as it was when nothing is new, else ask what becomes of the words. */
static ui_draft_step leave_asked(ui *u, ui_draft *d, const ui_draft_ops *ops, void *ctx,
				 ui_result *r)
{
	char a = 0;
	bool saved;

	if (ops->version(ctx) == d->opened_version)
		return UI_DRAFT_LEAVE; /* nothing new: a draft that was there stays */
	/* TRANSLATORS: the keys of the three answers below (save, keep, let go), letter
	 * for letter; they must match the letters at the start of the answers. */
	*r = ui_ask(u, _("Leave this reflection?"),
		    _("s  save it to your journal\nk  keep it as a sealed draft for later\n"
		      "d  let it go\nEsc  stay and go on"),
		    N_("skd"), &a);
	if (*r != UI_DONE) {
		ui_draft_keep(u, d, ops, ctx);
		return UI_DRAFT_LEAVE;
	}
	if (a == 's') {
		*r = ui_draft_save(u, d, ops, ctx, &saved);
		return saved || *r != UI_DONE ? UI_DRAFT_LEAVE : UI_DRAFT_STAY;
	}
	if (a == 'k') {
		ui_draft_keep(u, d, ops, ctx);
		ui_notef(u, false, "%s", _("Kept as a sealed draft. Press d to carry on with it."));
		return UI_DRAFT_LEAVE;
	}
	if (a == 'd') {
		ui_draft_drop(u, d);
		ui_notef(u, false, "%s", _("Let go. Nothing of it was kept."));
		return UI_DRAFT_LEAVE;
	}
	return UI_DRAFT_STAY;
}

ui_draft_step ui_draft_event(ui *u, ui_draft *d, const ui_draft_ops *ops, void *ctx,
			     const ui_event *ev, ui_result *r, bool *redraw)
{
	if (ev->type == UI_EV_LOCK || ev->type == UI_EV_QUIT) {
		if (ops->version(ctx) != d->saved_version)
			ui_draft_keep(u, d, ops, ctx);
		*r = ui_leave_for(ev);
		return UI_DRAFT_LEAVE;
	}
	if (ev->type == UI_EV_TICK) {
		*redraw = false;
		if (ops->version(ctx) != d->saved_version &&
		    time(NULL) - d->last_save >= UI_DRAFT_EVERY) {
			ui_draft_keep(u, d, ops, ctx);
			*redraw = !u->too_small;
		}
		return UI_DRAFT_STAY;
	}
	if (ev->type == UI_EV_RESIZE)
		return UI_DRAFT_STAY;
	if (ui_escape(ev))
		return leave_asked(u, d, ops, ctx, r);
	if (ui_ctrl(ev, 'S')) {
		bool saved;
		*r = ui_draft_save(u, d, ops, ctx, &saved);
		return saved || *r != UI_DONE ? UI_DRAFT_LEAVE : UI_DRAFT_STAY;
	}
	return UI_DRAFT_NOT_MINE;
}

ui_draft_step ui_draft_next(ui *u, ui_draft *d, const ui_draft_ops *ops, void *ctx, ui_event *ev,
			    ui_result *r, bool *redraw)
{
	for (;;) {
		ui_draft_step ds;
		if (*redraw)
			ops->draw(u, ctx);
		*redraw = true;
		*ev = ui_next(u);
		ds = ui_draft_event(u, d, ops, ctx, ev, r, redraw);
		if (ds != UI_DRAFT_STAY)
			return ds;
	}
}
