/* ui_term.c - the bottom of the full-screen front end: the terminal (curses started and
 * stopped, colours, keys), events (keys, resizing, idle locking, signals) and the frame of a
 * drawing. It calls no screen: the screens and the life cycle above them (ui.c) call it. */
#include "reflect/ui_term.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <time.h>

#include "reflect/i18n.h"

static volatile sig_atomic_t quit_signal;

static void on_quit(int sig)
{
	quit_signal = sig;
}

void ui_term_catch_signals(ui_signals *saved)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_quit;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &saved->sigint);
	sigaction(SIGTERM, &sa, &saved->sigterm);
	sigaction(SIGHUP, &sa, &saved->sighup);
}

void ui_term_restore_signals(const ui_signals *saved)
{
	sigaction(SIGINT, &saved->sigint, NULL);
	sigaction(SIGTERM, &saved->sigterm, NULL);
	sigaction(SIGHUP, &saved->sighup, NULL);
}

int ui_term_quit_signal(void)
{
	return quit_signal;
}

/* ---- events ---- */

static void draw_too_small(ui *u)
{
	char line[120];
	erase();
	curs_set(0);
	snprintf(line, sizeof line, _("It is %d x %d now; reflect needs at least %d x %d."), u->cols,
		 u->rows, UI_MIN_COLS, UI_MIN_ROWS);
	int y = u->rows / 2 - 1;
	if (y < 0)
		y = 0;
	ui_center(u, y, _("Please make the window larger."), UI_HEADING);
	if (y + 1 < u->rows)
		ui_center(u, y + 1, line, UI_HINT);
	if (y + 2 < u->rows)
		ui_center(u, y + 2, _("Nothing is lost meanwhile."), UI_HINT);
	if (y + 4 < u->rows)
		ui_center(u, y + 4, _("For a small window: reflect --plain asks line by line."),
			  UI_HINT);
	refresh();
}

static void update_size(ui *u)
{
	getmaxyx(stdscr, u->rows, u->cols);
	u->too_small = u->cols < UI_MIN_COLS || u->rows < UI_MIN_ROWS;
}

bool ui_begin_draw(ui *u)
{
	if (u->too_small) {
		draw_too_small(u);
		return false;
	}
	erase();
	u->cur_show = false;
	return true;
}

void ui_end_draw(ui *u)
{
	if (u->cur_show) {
		move(u->cur_y, u->cur_x);
		curs_set(1);
	} else {
		curs_set(0);
	}
	refresh();
}

void ui_lock_now(ui *u)
{
	u->lock_request = true;
}

ui_event ui_next(ui *u)
{
	ui_event ev = {0};
	for (;;) {
		if (quit_signal) {
			ev.type = UI_EV_QUIT;
			return ev;
		}
		if (u->lock_request) {
			u->lock_request = false;
			if (u->j) {
				ev.type = UI_EV_LOCK;
				return ev;
			}
		}
		if (u->j && u->g->lock_after > 0 &&
		    time(NULL) - u->last_input >= u->g->lock_after) {
			ev.type = UI_EV_LOCK;
			return ev;
		}
		wint_t wc = 0;
		timeout(400);
		int r = get_wch(&wc);
		if (r == ERR) {
			ev.type = UI_EV_TICK;
			return ev;
		}
		if (r == KEY_CODE_YES && wc == KEY_RESIZE) {
			bool was_small = u->too_small;
			update_size(u);
			if (u->too_small) {
				draw_too_small(u);
				continue;
			}
			(void)was_small;
			clearok(curscr, TRUE);
			ev.type = UI_EV_RESIZE;
			return ev;
		}
		u->last_input = time(NULL);
		if (r == OK && wc == 24 && u->j) { /* Ctrl-X locks from anywhere */
			ev.type = UI_EV_LOCK;
			return ev;
		}
		if (u->too_small)
			continue; /* keys wait until the window is large enough again */
		u->note[0] = '\0';
		if (r == KEY_CODE_YES) {
			ev.type = UI_EV_KEY;
			ev.fn = true;
			ev.ch = (uint32_t)wc;
			return ev;
		}
		if (wc == 27) {
			wint_t w2 = 0;
			timeout(30);
			int r2 = get_wch(&w2);
			if (r2 == OK && (w2 == '[' || w2 == 'O')) {
				/* a key sequence this terminal's description does not know: swallow it
				 * rather than type it */
				wint_t w3 = 0;
				int n = 0;
				while (n++ < 16 && get_wch(&w3) == OK && !(w3 >= 0x40 && w3 <= 0x7E))
					;
				continue;
			}
			if (r2 == OK) {
				ev.alt = true;
				wc = w2;
			} else if (r2 == KEY_CODE_YES) {
				/* Esc then a function key: treat as the key */
				ev.type = UI_EV_KEY;
				ev.fn = true;
				ev.ch = (uint32_t)w2;
				return ev;
			}
		}
		ev.type = UI_EV_KEY;
		ev.ch = (uint32_t)wc;
		return ev;
	}
}

bool ui_key(const ui_event *ev, uint32_t c)
{
	return ev->type == UI_EV_KEY && !ev->fn && !ev->alt && ev->ch == c;
}

bool ui_fkey(const ui_event *ev, int key)
{
	return ev->type == UI_EV_KEY && ev->fn && ev->ch == (uint32_t)key;
}

bool ui_ctrl(const ui_event *ev, char letter)
{
	return ev->type == UI_EV_KEY && !ev->fn && !ev->alt && ev->ch == (uint32_t)(letter & 0x1f);
}

bool ui_escape(const ui_event *ev)
{
	return ev->type == UI_EV_KEY && !ev->fn && !ev->alt && ev->ch == 27;
}

ui_result ui_leave_for(const ui_event *ev)
{
	if (ev->type == UI_EV_LOCK)
		return UI_LOCKED;
	if (ev->type == UI_EV_QUIT)
		return UI_QUIT;
	return UI_DONE;
}

/* The keys that leave a screen, as ui_next_key is asked for them. */
static bool back_key(const ui_event *ev, int back, ui_result *r)
{
	if ((back & UI_BACK) && (ui_escape(ev) || ui_key(ev, 'q') ||
				 ((back & UI_BACK_LEFT) == UI_BACK_LEFT && ui_fkey(ev, KEY_LEFT)))) {
		*r = UI_DONE;
		return true;
	}
	if ((back & UI_BACK) && ui_key(ev, 'x')) {
		*r = UI_LOCKED;
		return true;
	}
	return false;
}

ui_key_step ui_next_key(ui *u, ui_event *ev, int back, ui_result *r)
{
	do
		*ev = ui_next(u);
	while (ev->type == UI_EV_TICK);
	if (ev->type == UI_EV_LOCK || ev->type == UI_EV_QUIT) {
		*r = ui_leave_for(ev);
		return UI_KEY_LEAVE;
	}
	if (ev->type != UI_EV_KEY)
		return UI_KEY_REDRAW;
	return back_key(ev, back, r) ? UI_KEY_LEAVE : UI_KEY_HANDLE;
}

/* ---- terminal ---- */

static int key_code(const char *capname)
{
	char *s = tigetstr(capname);
	if (s == NULL || s == (char *)-1)
		return 0;
	int k = key_defined(s);
	return k > 0 ? k : 0;
}

static void colours(ui *u)
{
	const char *nc = getenv("NO_COLOR");
	u->color = false;
	if ((nc && *nc) || !has_colors() || (u->g->cfg && !u->g->cfg->colour))
		return;
	if (start_color() != OK)
		return;
	use_default_colors();
	u->color = true;
	init_pair(1, COLOR_CYAN, -1);	       /* title, focus */
	init_pair(2, COLOR_BLACK, COLOR_CYAN); /* selected row */
	init_pair(3, COLOR_GREEN, -1);	       /* chosen */
	init_pair(4, COLOR_YELLOW, -1);	       /* warn */
	init_pair(5, COLOR_BLUE, -1);	       /* heading */
}

bool ui_term_start(ui *u)
{
	u->scr = newterm(NULL, stdout, stdin);
	if (!u->scr)
		return false;
	set_term(u->scr);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	colours(u);
	u->key_ctrl_left = key_code("kLFT5");
	u->key_ctrl_right = key_code("kRIT5");
	u->key_ctrl_del = key_code("kDC5");
	update_size(u);
	u->last_input = time(NULL);
	return true;
}

void ui_term_stop(ui *u)
{
	if (!u->scr)
		return;
	if (!isendwin()) {
		erase();
		refresh();
		endwin();
	}
	delscreen(u->scr);
	u->scr = NULL;
}

