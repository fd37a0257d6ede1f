/* identifiers_view.c - the identifiers list screen (i on the home list, and from the export
 * dialog): the names and places kept out of exports, added and removed here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reflect/deid.h"
#include "reflect/i18n.h"
#include "reflect/ui_screen.h"
#include "reflect/ui_scroll.h"

/* ---- the identifiers list ---- */

static const char *const kind_keys = "cprnlo";
static const char *const kind_names[] = {"child", "parent", "carer", "name", "place", "other"};
/* The kinds as people read them (the stored kinds stay in English). */
static const char *const kind_words[] __attribute__((unused)) = {
	/* TRANSLATORS: kinds of identifier on the names-and-places list; one short word each. */
	N_("child"), N_("parent"), N_("carer"), N_("name"), N_("place"), N_("other"),
};

static const char *const ids_help[] = {
    N_("Names and places kept out of exports"),
    N_("a\tadd a name or place"),
    N_("d\tremove the selected one (asks first)"),
    N_("Down/Up, j/k\tmove"),
    N_("Esc\tback"),
    N_("What they are for"),
    N_("\tBefore an export or a share is written, every text is checked for these in every"),
    N_("\tform (each part, any case or accent, possessives, initials), for names nobody"),
    N_("\tlisted, and for emails, phone numbers, dates of birth and addresses."),
    N_("\tA redacted export shows who it was: [child F-03], [parent F-03], [name], [place]."),
    N_("\tThe list is sealed in the journal like everything else."),
};

/* One name or place on row y: its kind, then its text. */
static void draw_identifier(ui *u, void *ctx, size_t k, int y, bool chosen)
{
	const deid_list *l = ctx;
	ui_role role = chosen ? UI_SELECTED : UI_NORMAL;

	if (chosen)
		ui_fill(u, y, 0, UI_SELECTED);
	/* room for a kind in any language ("niño o niña") */
	ui_put(u, y, 2, 12, _(deid_list_kind(l, k)), chosen ? role : UI_HINT);
	ui_put_cut(u, y, 16, u->cols - 18, deid_list_text(l, k), role);
}

ui_result ui_identifiers(ui *u)
{
	deid_list *l = NULL;
	ui_scroll sc = {UI_SCROLL_LIST, 0, 0, 0, 0, 4, 1, NULL, NULL, draw_identifier};
	ui_result r = UI_DONE;
	rf_status st;

	for (;;) {
		size_t n;
		if (l == NULL && (st = deid_list_load(u->j, &l)) != RF_OK) {
			ui_notef(u, true, _("The identifiers list could not be read: %s"),
				 _(rf_status_message(st)));
			break;
		}
		n = deid_list_count(l);
		sc.ctx = l;
		sc.n = n;
		if (sc.sel >= n) /* the last one removed: the one above it */
			sc.sel = n ? n - 1 : 0;
		if (ui_begin_draw(u)) {
			char right[40];
			snprintf(right, sizeof right, _("%zu on the list"), n);
			ui_title(u, _("reflect  ·  names and places kept out of exports"), right);
			ui_wrap(u, 1, 2, 2, u->cols - 4,
				_("Children's, parents' and carers' names, and places: an export "
				  "never shows them."),
				UI_HINT);
			if (n == 0)
				ui_center(u, u->rows / 2,
					  _("The list is empty. Press a to add a name or a place."),
					  UI_NORMAL);
			sc.h = u->rows - 6;
			ui_scroll_draw(u, &sc);
			ui_status(u, _("a add · d remove · Esc back · x lock · ? help"));
			ui_end_draw(u);
		}
		ui_event ev;
		ui_key_step ks = ui_next_key(u, &ev, UI_BACK, &r);
		if (ks == UI_KEY_LEAVE)
			break;
		if (ks == UI_KEY_REDRAW)
			continue;
		if (ui_scroll_key(&sc, &ev)) {
			/* moved */
		} else if (ui_key(&ev, '?') || ui_fkey(&ev, KEY_F(1))) {
			r = ui_help(u, _("names and places"), ids_help,
				    sizeof ids_help / sizeof ids_help[0]);
			if (r != UI_DONE)
				break;
		} else if (ui_key(&ev, 'a')) {
			char *text = NULL, a = 0;
			int64_t id = 0;
			r = ui_input(u, _("Name or place:"), "", &text);
			if (r != UI_DONE || text == NULL) {
				ui_free_text(&text);
				if (r != UI_DONE)
					break;
				continue;
			}
			r = ui_ask(
			    u, _("Who or what is it?"),
			    /* TRANSLATORS: the first letter of each line is the key to press; keep
			     * c, p, r, n, l and o. */
			    _("c  a child\np  a parent\nr  a carer\nn  someone else in the family\n"
			      "l  a place\no  something else"),
			    kind_keys, &a);
			if (r != UI_DONE) {
				ui_free_text(&text);
				break;
			}
			if (a != 0) {
				const char *kind = kind_names[strchr(kind_keys, a) - kind_keys];
				st = deid_identifier_add(u->j, text, kind, &id);
				if (st == RF_ERR_EXISTS)
					ui_notef(u, false, "%s", _("That one is already on the list."));
				else if (st == RF_ERR_INVALID)
					ui_notef(u, true,
						 "%s", _("That has no letters or digits to look for."));
				else if (st != RF_OK)
					ui_notef(u, true, _("It could not be added: %s"),
						 _(rf_status_message(st)));
				else
					ui_notef(u, false, "%s", _("Added. Exports will keep it out."));
				deid_list_free(&l);
			}
			ui_free_text(&text);
		} else if (ui_key(&ev, 'd') && n > 0 && sc.sel < n) {
			char a = 0;
			r = ui_ask(u, _("Take this off the list? Exports will no longer look for it."),
				   /* TRANSLATORS: keep the keys y and n. */
				   _("y  yes, remove it\nn  no, keep it"), "yn", &a);
			if (r != UI_DONE)
				break;
			if (a == 'y') {
				st = deid_identifier_remove(u->j, deid_list_id(l, sc.sel));
				if (st != RF_OK)
					ui_notef(u, true, _("It could not be removed: %s"),
						 _(rf_status_message(st)));
				deid_list_free(&l);
			}
		}
	}
	deid_list_free(&l);
	return r;
}
