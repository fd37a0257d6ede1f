/* ui_term.h - the terminal under the screens (src/tui/ui_term.c): what the life cycle (ui.c)
 * needs to begin and end a sitting. The events and the frame of a drawing every screen uses
 * are in ui_screen.h and live in ui_term.c too. */
#ifndef REFLECT_UI_TERM_H
#define REFLECT_UI_TERM_H

#include <signal.h>
#include <stdbool.h>

#include "reflect/ui_screen.h"

/* Start curses; false (nothing changed on the terminal) when TERM names no known terminal. */
bool ui_term_start(ui *u);
/* Give the terminal back as it was. Nothing when it was not started. */
void ui_term_stop(ui *u);

/* SIGINT, SIGTERM and SIGHUP as they were before a sitting. */
typedef struct ui_signals {
	struct sigaction sigint, sigterm, sighup;
} ui_signals;

/* From now on those signals end the sitting at the next event (the draft is kept); the old
 * handlers go to *saved. */
void ui_term_catch_signals(ui_signals *saved);
void ui_term_restore_signals(const ui_signals *saved);
/* The signal that asked reflect to end, 0 when none did. */
int ui_term_quit_signal(void);

#endif
