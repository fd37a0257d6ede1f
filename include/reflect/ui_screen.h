/* ui_screen.h - the frame every screen of the TUI is built on: the shared context, events, colours,
 * drawing helpers, dialogs and the text-editor view.
 *
 * A screen is a function `ui_result screen(ui *u, ...)` that draws itself, reads events with
 * ui_next until it is done, and returns to the screen that called it (in the end, home).
 * It must pass UI_LOCKED and UI_QUIT up at once (after wiping what it holds): ui_run then locks
 * (closing the journal, clearing the screen) or quits. Screens draw only on a key or UI_EV_RESIZE,
 * never on UI_EV_TICK, and redraw everything on UI_EV_RESIZE. */
#ifndef REFLECT_UI_SCREEN_H
#define REFLECT_UI_SCREEN_H

#include <curses.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "reflect/cli.h"
#include "reflect/editor.h"
#include "reflect/journal.h"
#include "reflect/prompts.h"

/* The smallest screen the TUI draws on; below it a "make the window larger" message shows. */
#define UI_MIN_COLS 80
#define UI_MIN_ROWS 24

/* What a screen gives back. */
typedef enum ui_result {
	UI_DONE,   /* finished; back to the caller */
	UI_LOCKED, /* lock now: wipe what you hold and return */
	UI_QUIT,   /* the program is ending (a signal or q): save what must be kept and return */
} ui_result;

/* The context every screen shares. */
typedef struct ui {
	const cli_global *g;
	journal *j;	   /* open while unlocked, NULL while locked */
	int rows, cols;	   /* the terminal's size */
	bool color;	   /* colours in use (a colour terminal and no NO_COLOR) */
	bool too_small;	   /* below UI_MIN_COLS x UI_MIN_ROWS */
	time_t last_input; /* for --lock-after */
	bool lock_request; /* set by ui_lock_now */
	int64_t select_id; /* the entry the home list should select next (0: keep) */
	/* where the person was when the journal locked, to return there after unlocking: the
	 * home key of that screen ('r' review, 's' supervision, 'i' identifiers, '\r' the entry
	 * resume_id), 0 for home itself */
	uint32_t resume;
	int64_t resume_id;
	char note[200];	   /* a calm one-line message for the status line, shown until a key */
	bool note_warn;
	int key_ctrl_left, key_ctrl_right, key_ctrl_del; /* terminal-specific codes, 0 if none */
	int cur_y, cur_x; /* where the terminal cursor goes at ui_end_draw */
	bool cur_show;	  /* whether it shows */
	SCREEN *scr;	  /* the curses screen (ui_run's) */
	/* how to redraw the screen under a dialog after a resize (see ui_backdrop_push) */
	void (*backdrop)(struct ui *u, void *ctx);
	void *backdrop_ctx;
} ui;

/* A screen's redraw function for dialogs over it, and the one it replaced. */
typedef struct ui_backdrop {
	void (*fn)(ui *u, void *ctx);
	void *ctx;
} ui_backdrop;

/* On entering a screen: make fn(u, ctx) what dialogs redraw under themselves after a resize;
 * returns the previous one, which the screen gives back to ui_backdrop_pop before returning
 * (ctx must live until then). */
ui_backdrop ui_backdrop_push(ui *u, void (*fn)(ui *u, void *ctx), void *ctx);
void ui_backdrop_pop(ui *u, ui_backdrop prev);

/* Events from ui_next. */
typedef enum ui_ev_type {
	UI_EV_KEY,    /* a key: see ch/fn */
	UI_EV_RESIZE, /* the screen changed size (or came back from too small): redraw all */
	UI_EV_TICK,   /* nothing happened for a moment (for autosaving); do not draw */
	UI_EV_LOCK,   /* lock now (idle time passed, or Ctrl-X) */
	UI_EV_QUIT,   /* a signal asked reflect to end */
} ui_ev_type;

typedef struct ui_event {
	ui_ev_type type;
	bool fn;     /* ch is a curses KEY_* code, not a character */
	bool alt;    /* Alt (Esc prefix) was held */
	uint32_t ch; /* the character (Unicode) or KEY_* code */
} ui_event;

/* The next event. Handles resizing (and the too-small message), idle locking and signals. */
ui_event ui_next(ui *u);

/* True when ev is the character c without Alt; ui_fkey for a curses KEY_* code. */
bool ui_key(const ui_event *ev, uint32_t c);
bool ui_fkey(const ui_event *ev, int key);
/* Control-letter: ui_ctrl(ev, 'S') for Ctrl-S. */
bool ui_ctrl(const ui_event *ev, char letter);
/* Esc pressed alone. */
bool ui_escape(const ui_event *ev);

/* Ask for a lock at the next ui_next (the 'x' key). */
void ui_lock_now(ui *u);

/* Map an event type that must end a screen to its result: LOCK -> UI_LOCKED, QUIT -> UI_QUIT;
 * UI_DONE for any other event. */
ui_result ui_leave_for(const ui_event *ev);

/* What a screen does with the next event (ui_next_key). */
typedef enum ui_key_step {
	UI_KEY_HANDLE, /* a key: the screen handles it */
	UI_KEY_REDRAW, /* not a key (a resize): draw again */
	UI_KEY_LEAVE,  /* a lock or a quit: the screen ends with the result given */
} ui_key_step;

/* Which keys leave a screen (ui_next_key): none, or Esc and q (back: *r UI_DONE) and x (lock:
 * *r UI_LOCKED), and with UI_BACK_LEFT also the Left arrow (back). */
enum { UI_BACK_NONE = 0, UI_BACK = 1, UI_BACK_LEFT = 3 };

/* The next event of a screen that does nothing on the timer: what to do with it, the result
 * in *r when the screen is to end (a lock, a quit, or one of the back keys asked for). */
ui_key_step ui_next_key(ui *u, ui_event *ev, int back, ui_result *r);

/* ---- colours and drawing ---- */

typedef enum ui_role {
	UI_NORMAL,
	UI_TITLE,    /* the bar at the top */
	UI_HEADING,  /* a section heading */
	UI_LABEL,    /* a field's label */
	UI_FOCUS,    /* the label of the field the cursor is in */
	UI_HINT,     /* quiet help text */
	UI_SELECTED, /* the selected row of a list */
	UI_CHOSEN,   /* a chosen word in a picker */
	UI_WARN,     /* something to read before going on */
	UI_STATUS,   /* the key hints at the bottom */
} ui_role;

/* Start drawing a screen: clears it and hides the cursor. False (with the "make the window
 * larger" message drawn) when the terminal is too small: draw nothing else then. */
bool ui_begin_draw(ui *u);

/* Finish drawing: put the cursor where a focused editor left it (or hide it), refresh. */
void ui_end_draw(ui *u);

/* The attributes of a role (colour or, without colour, bold/dim/reverse/underline). */
attr_t ui_attr(const ui *u, ui_role role);

/* Draw s (UTF-8) at y,x in at most maxw columns (cut at a character), newlines as spaces.
 * Returns the columns used. */
int ui_put(ui *u, int y, int x, int maxw, const char *s, ui_role role);

/* Like ui_put, but a text that does not fit ends in "…". */
int ui_put_cut(ui *u, int y, int x, int maxw, const char *s, ui_role role);

/* Fill row y from x to the right edge with spaces of a role. */
void ui_fill(ui *u, int y, int x, ui_role role);

/* Draw s centred on row y. */
void ui_center(ui *u, int y, const char *s, ui_role role);

/* Draw s soft-wrapped into the box y,x,h,w; returns the rows used (at most h). */
int ui_wrap(ui *u, int y, int x, int h, int w, const char *s, ui_role role);

/* The rows s takes soft-wrapped at width w. */
int ui_wrap_rows(const char *s, int w);

/* The top bar (title on the left, right text on the right) and the bottom status line (the
 * note, if any, else the key hints). */
void ui_title(ui *u, const char *title, const char *right);
void ui_status(ui *u, const char *hints);

/* Set the note for the status line (printf-style). */
void ui_notef(ui *u, bool warn, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* ---- dialogs (each draws over the current screen; the caller redraws after) ---- */

/* A help overlay: title and lines of "keys\twhat they do" (a line without a tab is a heading),
 * each marked N_() and translated here. Any key closes it. */
/* ui_input with a line of hint above the prompt (the search syntax); hint may be NULL. */
ui_result ui_input_hint(ui *u, const char *prompt, const char *hint, const char *initial,
			char **out);

ui_result ui_help(ui *u, const char *title, const char *const *items, size_t n);

/* A question with lettered answers: keys is e.g. "yn" or "skd"; Esc gives '\0'. The answer key
 * goes to *answer. question and options are shown as given (translate them); keys may be marked
 * N_(): its translation, letter for letter, gives the keys in the language in force ("yn" ->
 * "sn"), the English keys work too, and *answer is always the English key. */
ui_result ui_ask(ui *u, const char *question, const char *options, const char *keys, char *answer);

/* A one-line input at the bottom. On Enter *out is the text (malloc'ed; the caller wipes and
 * frees it with ui_free_text); on Esc *out is NULL. */
ui_result ui_input(ui *u, const char *prompt, const char *initial, char **out);

/* Wipe and free a string. */
void ui_free_text(char **s);

/* ---- the editor view ---- */

/* Draw ed in the box y,x,h,w (wrapping at w-1), placeholder (quiet) when empty and unfocused
 * or empty; when focused, leave the terminal cursor where the text cursor is. */
void ui_edit_draw(ui *u, editor *ed, int y, int x, int h, int w, bool focused,
		  const char *placeholder);

typedef enum ui_edit_outcome {
	UI_EDIT_IGNORED,  /* not an editing key */
	UI_EDIT_HANDLED,  /* handled (the text or the cursor may have changed) */
	UI_EDIT_UP_OUT,	  /* Up on the first row: the caller may move to the field above */
	UI_EDIT_DOWN_OUT, /* Down on the last row */
} ui_edit_outcome;

/* Apply an editing key to ed (shown h rows high): characters, Enter (a newline when multiline),
 * Backspace, Delete, arrows, Home/End, word motions (Ctrl-Left/Right, Alt-B/F), Ctrl-W,
 * PageUp/PageDown. Ctrl-O hands the text to $VISUAL/$EDITOR (see ui_external_edit). */
ui_edit_outcome ui_edit_key(ui *u, editor *ed, const ui_event *ev, int h);

/* Hand ed's text to $VISUAL or $EDITOR through a private 0600 file in a private directory on
 * /dev/shm, wiped and removed afterwards; refuses (with a note) when /dev/shm is missing or not
 * a memory file system, or no editor is set. */
void ui_external_edit(ui *u, editor *ed);

/* Remove stale private directories left on /dev/shm by a reflect that was killed. */
void ui_sweep_shm(void);

/* ---- screens ---- */

ui_result ui_home(ui *u);
/* Compose a reflection: a new one (e NULL) or a draft or existing entry e (taken over: the
 * screen frees it). */
ui_result ui_compose(ui *u, entry *e);
/* The same, carrying on with sealed draft draft_id (0: none yet), opened at step and field
 * (the numbers kept in the draft; field -1: the step's main field). */
ui_result ui_compose_draft(ui *u, entry *e, int64_t draft_id, int step, int field);
/* The reflection asked as another model's questions (src/tui/ui_answers.c): Gibbs (model 1) or
 * NMC (model 2), then the visit date and family code; e as for ui_compose_draft (taken over),
 * opened at the answer field (-1: the first). */
ui_result ui_compose_answers(ui *u, entry *e, int model, int64_t draft_id, int field);
/* The model e is asked in: 1 Gibbs or 2 NMC when it holds such answers, or when it is new and
 * the settings' layout is gibbs or nmc; 0 for Pause / Notice / Be Curious. */
int ui_answers_model(const ui *u, const entry *e);
/* The review pane: patterns across reflections, each opening onto the entries behind it. */
ui_result ui_review(ui *u);
/* The monthly practice check-in on home: true when it is offered now (the offer is kept as
 * made, so that it rests for a month whatever happens; a note on the status line says so). */
bool ui_practice_offer(ui *u);
/* Ask the practice question (0 to 10; Esc lets it be) and keep the answer. */
ui_result ui_practice_answer(ui *u);
/* Show one entry; from there it can be edited or deleted. */
ui_result ui_entry_view(ui *u, int64_t id);
/* Offer the saved drafts back, if there are any, saying which is which (a new reflection and
 * when it was started, or changes to an entry): Enter carries on with one. */
ui_result ui_offer_draft(ui *u, bool *opened);

/* Supervision (src/tui/supervision_view.c): hours and the log, what is marked, shared and
 * answered; a supervisor's supervisees, their shared entries and a response editor. */
ui_result ui_supervision(ui *u);
/* Answer in the thread of one's own entry (the 'r' key on an entry). */
ui_result ui_reply(ui *u, int64_t entry_id);
/* Receive and send through the exchange folder when one is set, and say what came and went
 * (quiet: say nothing when nothing happened or no folder is set). */
void ui_sync_now(ui *u, bool quiet);
/* After something was done (a save, a mark): say done (a translated sentence) and, when an
 * exchange folder is set, sync and say what came and went after it. */
void ui_sync_after(ui *u, const char *done);
/* Right after unlocking: sync, and open a supervisor's inbox when the journal holds only
 * what others shared. */
ui_result ui_after_unlock(ui *u);
/* The export dialog (export_view.c): which reflections (starting from the home list's search,
 * query_text, which may be NULL), layout, format, cover and file; a preview; identifying details
 * are asked about before anything is written. */
ui_result ui_export(ui *u, const char *query_text);
/* The export dialog for one entry (e on an entry): the same rows, starting from that entry
 * alone. */
ui_result ui_export_entry(ui *u, int64_t id);
/* The names and places kept out of exports: add, remove. */
ui_result ui_identifiers(ui *u);

/* A grouped multi- or single-choice picker over a vocabulary, with the person's own words. */
ui_result ui_pick(ui *u, const char *title, const prompts_group *groups, size_t ngroups,
		  strlist *chosen, bool multi, bool own_words);

#endif
