/* ui.c - the TUI's life cycle: terminal set-up, events (keys, resize, idle lock, signals),
 * creating and unlocking the journal, locking, and the loop back to home. */
#include "reflect/i18n.h"
#include "reflect/ui.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <unistd.h>

#include "reflect/crypto.h"
#include "reflect/ui_screen.h"

#define PASS_MAX       1024
#define MIN_PASS_CHARS 8

static volatile sig_atomic_t quit_signal;

static void on_quit(int sig)
{
	quit_signal = sig;
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

/* Start curses; false (nothing changed on the terminal) when TERM names no known terminal. */
static bool term_start(ui *u)
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

static void term_stop(ui *u)
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

/* ---- passphrases ---- */

typedef struct secret {
	char *s;
	size_t len;
} secret;

static bool secret_new(secret *p)
{
	p->s = sodium_malloc(PASS_MAX + 1);
	p->len = 0;
	if (p->s)
		sodium_memzero(p->s, PASS_MAX + 1);
	return p->s != NULL;
}

static void secret_free(secret *p)
{
	if (p->s) {
		sodium_memzero(p->s, PASS_MAX + 1);
		sodium_free(p->s);
	}
	p->s = NULL;
	p->len = 0;
}

/* The first line of the passphrase file. */
static bool secret_from_file(secret *p, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	size_t n = 0;
	while (n < PASS_MAX) {
		char c;
		ssize_t r = read(fd, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0 || c == '\n')
			break;
		p->s[n++] = c;
	}
	close(fd);
	if (n > 0 && p->s[n - 1] == '\r')
		n--;
	p->s[n] = '\0';
	p->len = n;
	return true;
}

static size_t utf8_chars(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

/* The passphrase box: msgs of explanation, a prompt, and hidden typing into p. */
static ui_result ask_secret(ui *u, const char *title, const char *const *msgs, size_t nmsgs,
			    const char *prompt, const char *problem, secret *p)
{
	p->len = 0;
	sodium_memzero(p->s, PASS_MAX + 1);
	bool redraw = true;
	for (;;) {
		if (redraw && ui_begin_draw(u)) {
			ui_title(u, "reflect", title);
			int w = 64;
			int x = (u->cols - w) / 2;
			int y = u->rows / 2 - (int)nmsgs - 3;
			if (y < 2)
				y = 2;
			for (size_t i = 0; i < nmsgs; i++)
				y += ui_wrap(u, y, x, 3, w, _(msgs[i]), i == 0 ? UI_HEADING : UI_NORMAL);
			y++;
			if (problem && *problem) {
				y += ui_wrap(u, y, x, 2, w, problem, UI_WARN);
				y++;
			}
			int pw = ui_put(u, y, x, w, prompt, UI_LABEL);
			char dots[64];
			size_t n = utf8_chars(p->s, p->len);
			/* show that typing arrives, not how long the passphrase is */
			snprintf(dots, sizeof dots, "%s", n == 0 ? "" : _("(typing is hidden)"));
			ui_put(u, y, x + pw + 1, w - pw - 1, dots, UI_HINT);
			ui_put(u, y + 2, x, w, _("Enter to go on, Esc to leave."), UI_HINT);
			u->cur_y = y;
			u->cur_x = x + pw + 1;
			u->cur_show = true;
			ui_status(u, _("Enter go on  ·  Backspace  ·  Ctrl-U clear  ·  Esc leave"));
			ui_end_draw(u);
		}
		redraw = false;
		ui_event ev = ui_next(u);
		if (ev.type == UI_EV_QUIT)
			return UI_QUIT;
		if (ev.type == UI_EV_RESIZE) {
			redraw = true;
			continue;
		}
		if (ev.type != UI_EV_KEY)
			continue;
		if (ui_escape(&ev))
			return UI_QUIT;
		if (ui_key(&ev, '\r') || ui_key(&ev, '\n') || ui_fkey(&ev, KEY_ENTER))
			return UI_DONE;
		if (ui_fkey(&ev, KEY_BACKSPACE) || ui_key(&ev, 127) || ui_key(&ev, 8)) {
			while (p->len > 0) {
				p->len--;
				unsigned char c = (unsigned char)p->s[p->len];
				p->s[p->len] = '\0';
				if ((c & 0xC0) != 0x80)
					break;
			}
			redraw = true;
			continue;
		}
		if (ui_ctrl(&ev, 'U')) {
			sodium_memzero(p->s, PASS_MAX + 1);
			p->len = 0;
			redraw = true;
			continue;
		}
		if (ev.fn || ev.alt || ev.ch < 0x20 || ev.ch == 127)
			continue;
		char mb[8];
		mbstate_t ms;
		memset(&ms, 0, sizeof ms);
		size_t k = wcrtomb(mb, (wchar_t)ev.ch, &ms);
		if (k != (size_t)-1 && p->len + k <= PASS_MAX) {
			memcpy(p->s + p->len, mb, k);
			p->len += k;
			redraw = p->len == k; /* only the first character changes the screen */
		}
		sodium_memzero(mb, sizeof mb);
	}
}

/* First run: explain, ask twice, create. */
static ui_result create_screen(ui *u, int *rc, char *err, size_t errlen)
{
	secret a = {0}, b = {0};
	ui_result r = UI_QUIT;
	const char *problem = NULL;
	if (!secret_new(&a) || !secret_new(&b)) {
		snprintf(err, errlen, "%s", _(rf_status_message(RF_ERR_NOMEM)));
		*rc = EXIT_FAILED;
		goto out;
	}
	if (u->g->passphrase_file) {
		if (!secret_from_file(&a, u->g->passphrase_file) || a.len == 0) {
			snprintf(err, errlen, _("could not read a passphrase from %s"),
				 u->g->passphrase_file);
			*rc = EXIT_FAILED;
			goto out;
		}
	} else {
		static const char *const intro[] = {
			N_("Welcome. This is a private place for your reflections."),
			N_("Everything you write here is sealed with a passphrase. Without it no one can "
			   "read your journal, not even you: a forgotten passphrase cannot be recovered."),
			N_("Choose one you will remember, at least 8 characters; a few unusual words "
			   "work well."),
		};
		static const char *const again[] = {
			N_("Once more, to be sure."),
			N_("Type the same passphrase again."),
		};
		for (;;) {
			r = ask_secret(u, _("a new journal"), intro, 3, _("New passphrase:"), problem, &a);
			if (r != UI_DONE)
				goto out;
			if (utf8_chars(a.s, a.len) < MIN_PASS_CHARS) {
				problem = _("That is shorter than 8 characters. A longer one keeps your "
					    "reflections safer.");
				continue;
			}
			r = ask_secret(u, _("a new journal"), again, 2, _("Again:"), NULL, &b);
			if (r != UI_DONE)
				goto out;
			if (a.len == b.len && sodium_memcmp(a.s, b.s, a.len) == 0)
				break;
			problem = _("Those two did not match. Let's try again.");
		}
	}
	if (ui_begin_draw(u)) {
		ui_title(u, "reflect", _("a new journal"));
		ui_center(u, u->rows / 2, _("Sealing your journal. This takes a moment..."), UI_HINT);
		ui_end_draw(u);
	}
	rcrypto_level level = u->g->cfg ? u->g->cfg->kdf : RCRYPTO_MODERATE;
	rf_status st = journal_create(u->g->journal_path, a.s, a.len, level, &u->j);
	if (st != RF_OK) {
		snprintf(err, errlen, _("could not create the journal at %s: %s"), u->g->journal_path,
			 _(rf_status_message(st)));
		*rc = EXIT_FAILED;
		r = UI_QUIT;
		goto out;
	}
	ui_notef(u, false, "%s", _("Your journal is ready. Press n to begin a reflection."));
	r = UI_DONE;
out:
	secret_free(&a);
	secret_free(&b);
	return r;
}

/* Unlock: from the passphrase file the first time (when given), else typed, as often as needed. */
static ui_result unlock_screen(ui *u, bool first, int *rc, char *err, size_t errlen)
{
	secret p = {0};
	ui_result r = UI_QUIT;
	const char *problem = NULL;
	bool from_file = first && u->g->passphrase_file;
	if (!secret_new(&p)) {
		snprintf(err, errlen, "%s", _(rf_status_message(RF_ERR_NOMEM)));
		*rc = EXIT_FAILED;
		goto out;
	}
	static const char *const open_lines[] = {
		N_("Welcome back."),
		N_("Type your passphrase to open your journal."),
	};
	static const char *const locked_lines[] = {
		N_("Your journal is locked."),
		N_("Type your passphrase to open it again."),
	};
	for (;;) {
		if (from_file) {
			from_file = false;
			if (!secret_from_file(&p, u->g->passphrase_file)) {
				problem = _("The passphrase file could not be read; type the passphrase.");
				continue;
			}
		} else {
			r = ask_secret(u, first ? _("unlock") : _("locked"),
				       first ? open_lines : locked_lines, 2, _("Passphrase:"), problem, &p);
			if (r != UI_DONE)
				goto out;
		}
		if (ui_begin_draw(u)) {
			ui_title(u, "reflect", _("unlock"));
			ui_center(u, u->rows / 2, _("Opening..."), UI_HINT);
			ui_end_draw(u);
		}
		rf_status st = journal_open(u->g->journal_path, p.s, p.len, &u->j);
		sodium_memzero(p.s, PASS_MAX + 1);
		p.len = 0;
		if (st == RF_OK)
			break;
		if (st == RF_ERR_PASSPHRASE) {
			problem = _("That passphrase does not open this journal. Please try again.");
			continue;
		}
		if (st == RF_ERR_BUSY) {
			problem = _(rf_status_message(st));
			continue;
		}
		snprintf(err, errlen, "%s: %s", u->g->journal_path, _(rf_status_message(st)));
		*rc = cli_exit_for(st);
		r = UI_QUIT;
		goto out;
	}
	u->last_input = time(NULL);
	r = UI_DONE;
out:
	secret_free(&p);
	return r;
}

/* Lock: close the journal (its keys and cached texts are wiped) and clear the screen. */
static void lock(ui *u)
{
	journal_close(&u->j);
	u->note[0] = '\0';
	u->select_id = 0;
	clear();
	refresh();
}

/* The organisation's prompt set from the settings, if any; a problem goes into problem. */
static void load_prompts(const cli_global *g, char *problem, size_t cap)
{
	prompts_set *set = NULL;
	rf_detail d = {0};
	rf_status st;

	if (g->cfg == NULL || g->cfg->prompts == NULL)
		return;
	st = prompts_set_load(g->cfg->prompts, &set, &d);
	if (st == RF_OK)
		prompts_use(set);
	else if (d.line > 0)
		snprintf(problem, cap, _("The prompt set, line %d: %s. The built-in prompts are used."),
			 d.line, d.text);
	else
		snprintf(problem, cap, _("The prompt set cannot be read (%s). The built-in prompts are used."),
			 *d.text ? d.text : _(rf_status_message(st)));
}

int ui_run(const cli_global *g)
{
	ui u;
	int rc = EXIT_DONE;
	char err[512] = "";
	struct sigaction sa, old_int, old_term, old_hup;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs(_("reflect: the journal's screens need a terminal; use 'reflect --plain', or a "
			"command (see 'reflect help')\n"),
		      stderr);
		return EXIT_USAGE;
	}
	memset(&u, 0, sizeof u);
	u.g = g;
	ui_sweep_shm();

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_quit;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);

	char prompts_problem[sizeof u.note] = "";
	load_prompts(g, prompts_problem, sizeof prompts_problem);
	if (!term_start(&u)) {
		const char *term = getenv("TERM");
		fprintf(stderr,
			_("reflect: cannot draw on this terminal (TERM=%s); use 'reflect --plain'\n"),
			term ? term : "");
		rc = EXIT_FAILED;
		goto out;
	}
	bool first = !journal_exists(g->journal_path);
	ui_result r = first ? create_screen(&u, &rc, err, sizeof err)
			    : unlock_screen(&u, true, &rc, err, sizeof err);
	if (r == UI_DONE && prompts_problem[0])
		ui_notef(&u, true, "%s", prompts_problem);
	bool after_unlock = true;
	while (r == UI_DONE && u.j) {
		bool opened = false;
		if (after_unlock) { /* one unlock per sitting: what came in is there at once */
			after_unlock = false;
			r = ui_after_unlock(&u);
			if (r != UI_DONE && r != UI_LOCKED)
				break;
			if (r == UI_LOCKED)
				goto locked;
		}
		r = ui_offer_draft(&u, &opened);
		if (r == UI_DONE)
			r = ui_home(&u);
		if (r == UI_LOCKED) {
		locked:
			lock(&u);
			r = unlock_screen(&u, false, &rc, err, sizeof err);
			after_unlock = true;
			continue;
		}
		break;
	}
	lock(&u);
	term_stop(&u);
out:
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	if (err[0])
		fprintf(stderr, "reflect: %s\n", err);
	if (quit_signal && rc == EXIT_DONE)
		rc = 128 + quit_signal;
	return rc;
}
