/* ui_draft.h - what the two writing screens (the guided steps, ui_compose.c, and a reflective
 * model's questions, ui_answers.c) share: a reflection's own sealed draft, kept as the person
 * writes, saving to the journal, and the ways of leaving (lock, quit, Esc: save, keep, let
 * go). Each screen brings its words through ui_draft_ops. */
#ifndef REFLECT_UI_DRAFT_H
#define REFLECT_UI_DRAFT_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "reflect/entry.h"
#include "reflect/ui_screen.h"

/* Seconds between draft saves while something is new. */
#define UI_DRAFT_EVERY 2

typedef struct ui_draft {
	int64_t id;              /* this reflection's own sealed draft, 0 until first kept */
	uint64_t opened_version; /* the words' version when the screen opened */
	uint64_t saved_version;  /* ... when they were last kept */
	time_t last_save;
	bool failed;             /* the last keeping failed (the title says so) */
} ui_draft;

typedef struct ui_draft_ops {
	/* The words as an entry (NULL when out of memory); the caller frees it. */
	entry *(*to_entry)(const void *ctx);
	/* A number that changes with every change of the words. */
	uint64_t (*version)(const void *ctx);
	/* Where the person is (a draft reopens there). */
	void (*where)(const void *ctx, int *step, int *field);
	/* False (having said why and moved to it) when the visit date is not a date. */
	bool (*date_ok)(ui *u, void *ctx);
	/* Draw the screen. */
	void (*draw)(ui *u, void *ctx);
} ui_draft_ops;

/* The title of a writing screen (a new reflection, or changing one) with the draft's state:
 * writing, sealed, or NOT saved. version is the words' version now. */
void ui_draft_title(ui *u, const ui_draft *d, uint64_t version, bool changing);
/* Keep the draft now (or let it go when nothing is written); says so when it failed. Every
 * reflection keeps its own: none replaces another. */
void ui_draft_keep(ui *u, ui_draft *d, const ui_draft_ops *ops, void *ctx);
/* Let this reflection's own draft go (no other draft is touched). */
void ui_draft_drop(ui *u, ui_draft *d);
/* Save the words to the journal (the entry being changed, or a new one: also when that one
 * was deleted meanwhile), let the draft go and sync when an exchange folder is set. *saved
 * when it was; a failure keeps the draft and says so. */
ui_result ui_draft_save(ui *u, ui_draft *d, const ui_draft_ops *ops, void *ctx, bool *saved);

typedef enum ui_draft_step {
	UI_DRAFT_NOT_MINE, /* not an event of leaving or of time: the screen handles it */
	UI_DRAFT_STAY,     /* handled; go on (redraw as *redraw says) */
	UI_DRAFT_LEAVE,    /* handled; the screen ends with *r */
} ui_draft_step;

/* The events every writing screen treats alike: a lock or quit (what changed is kept), the
 * timer (kept every UI_DRAFT_EVERY seconds while something is new), a resize, Ctrl-S (saved;
 * the screen ends when it was) and Esc (asked: save, keep as a draft, let go, or stay). */
ui_draft_step ui_draft_event(ui *u, ui_draft *d, const ui_draft_ops *ops, void *ctx,
			     const ui_event *ev, ui_result *r, bool *redraw);

/* The loop of a writing screen, up to the next key it handles itself: draw (when *redraw),
 * wait, and deal with the events above. UI_DRAFT_LEAVE: the screen ends with *r; otherwise
 * (UI_DRAFT_NOT_MINE) *ev is the screen's to handle. *redraw is set again each time round. */
ui_draft_step ui_draft_next(ui *u, ui_draft *d, const ui_draft_ops *ops, void *ctx, ui_event *ev,
			    ui_result *r, bool *redraw);

#endif
