/* ui.h - the full-screen front end (ncursesw): the one door main.c calls. */
#ifndef REFLECT_UI_H
#define REFLECT_UI_H

#include "reflect/cli.h"

/* Run the journal's screens on the terminal: create the journal on first run (asking for a
 * passphrase twice), otherwise unlock it, then the home list, composing, entries, locking.
 * Needs a terminal on stdin and stdout. Returns an exit status (INTERFACE.md): 0 when the person
 * quit, 1 when something failed (the reason printed on stderr after the screen is restored),
 * 3 when the journal could not be unlocked. */
int ui_run(const cli_global *g);

#endif
