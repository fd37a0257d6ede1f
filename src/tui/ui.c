/* ui.c - the top of the TUI, its life cycle: creating or unlocking the journal, home and the
 * screens from there, locking and unlocking again, and the end of a sitting. The terminal and
 * its events are below, in ui_term.c, which calls no screen: tui/ has no circle. */
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
#include <unistd.h>

#include "reflect/crypto.h"
#include "reflect/ui_screen.h"
#include "reflect/ui_term.h"

#define PASS_MAX       1024
#define MIN_PASS_CHARS 8

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
	ui_signals saved;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs(_("reflect: the journal's screens need a terminal; use 'reflect --plain', or a "
			"command (see 'reflect help')\n"),
		      stderr);
		return EXIT_USAGE;
	}
	memset(&u, 0, sizeof u);
	u.g = g;
	ui_sweep_shm();

	ui_term_catch_signals(&saved);

	char prompts_problem[sizeof u.note] = "";
	load_prompts(g, prompts_problem, sizeof prompts_problem);
	if (!ui_term_start(&u)) {
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
	ui_term_stop(&u);
out:
	ui_term_restore_signals(&saved);
	if (err[0])
		fprintf(stderr, "reflect: %s\n", err);
	if (ui_term_quit_signal() && rc == EXIT_DONE)
		rc = 128 + ui_term_quit_signal();
	return rc;
}
