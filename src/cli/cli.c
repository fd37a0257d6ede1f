/* cli.c - what every command shares: messages, exit statuses, passphrases, unlocking, filters. */
#include "reflect/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "reflect/crypto.h"
#include "reflect/i18n.h"
#include "reflect/prompts.h"
#include "reflect/text.h"

#define MAX_PASSPHRASE 1024

/* What the journal (journal.c) reports as damage in fixed words, listed so that the catalogue
 * holds them: cli_unlock shows them translated. */
static const char *const damage_words[] __attribute__((unused)) = {
	N_("the record of which entries exist does not authenticate"),
	N_("entries or records were deleted, added or rolled back outside reflect"),
	N_("does not authenticate: altered, damaged or moved from another row"),
	N_("the saved draft does not authenticate"),
	N_("a saved draft does not authenticate"),
	N_("the record of which entries exist is missing"),
	N_("entries or records were deleted, added, changed or rolled back outside reflect"),
	N_("the journal was already damaged when it was upgraded"),
	N_("the same row is in the journal more than once"),
	N_("the journal's tables or indexes were changed outside reflect"),
};

char *cli_safe(const char *s)
{
	return text_safe(s, true);
}

char *cli_safe_text(const char *s)
{
	return text_safe(s, false);
}

void cli_put(FILE *out, const char *s, bool one_line)
{
	char *v = text_safe(s, one_line);

	if (v != NULL)
		fputs(v, out);
	free(v);
}

/* A "yes" in English or in the language in force (rpmatch, or the first letter of "yes"). */
static bool is_yes(const char *line)
{
	/* TRANSLATORS: the word for yes; its first letter answers yes to a [y/N] question. */
	const char *yes = _("yes");

	int k = mblen(yes, MB_CUR_MAX);

	if (line[0] == 'y' || line[0] == 'Y' || rpmatch(line) == 1)
		return true;
	if (k < 1)
		k = 1;
	return line[0] != '\0' && line[0] != '\n' && strncasecmp(line, yes, (size_t)k) == 0;
}

int cli_exit_for(rf_status st)
{
	switch (st) {
	case RF_OK:
		return EXIT_DONE;
	case RF_ERR_PASSPHRASE:
		return EXIT_PASSPHRASE;
	case RF_ERR_DAMAGED:
	case RF_ERR_REJECTED:
		return EXIT_DAMAGED;
	default:
		return EXIT_FAILED;
	}
}

int cli_fail(rf_status st, const char *fmt, ...)
{
	va_list ap;

	fputs("reflect: ", stderr);
	if (fmt != NULL) {
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		if (st != RF_OK)
			fputs(": ", stderr);
	}
	if (st != RF_OK)
		fputs(_(rf_status_message(st)), stderr);
	fputc('\n', stderr);
	return cli_exit_for(st);
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
	const cli_command *c = cmd ? cli_find(cmd) : NULL;
	va_list ap;

	fputs("reflect: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (c != NULL)
		fprintf(stderr, _("usage: %s\n"), c->usage);
	if (c != NULL)
		fprintf(stderr, _("See 'reflect help %s'.\n"), c->name);
	else
		fputs(_("See 'reflect help'.\n"), stderr);
	return EXIT_USAGE;
}

static char *read_line_fd(int fd, size_t *len)
{
	char *buf = rcrypto_secret_new(MAX_PASSPHRASE);
	size_t n = 0;

	if (buf == NULL)
		return NULL;
	while (n < MAX_PASSPHRASE) {
		char c;
		ssize_t r = read(fd, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0 || c == '\n')
			break;
		buf[n++] = c;
	}
	while (n > 0 && buf[n - 1] == '\r')
		n--;
	buf[n] = '\0';
	*len = n;
	return buf;
}

static char *ask_tty(const char *prompt)
{
	struct termios old, quiet;
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
	char *p;
	size_t len = 0;

	if (fd < 0)
		return NULL;
	if (write(fd, prompt, strlen(prompt)) < 0) {
		close(fd);
		return NULL;
	}
	if (tcgetattr(fd, &old) == 0) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		quiet.c_lflag |= ECHONL;
		tcsetattr(fd, TCSAFLUSH, &quiet);
	}
	p = read_line_fd(fd, &len);
	tcsetattr(fd, TCSAFLUSH, &old);
	close(fd);
	return p;
}

char *cli_read_passphrase(const char *file, const char *prompt, bool confirm)
{
	char *p, *again;
	size_t len = 0;

	if (file != NULL) {
		int fd = open(file, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			fprintf(stderr, _("reflect: cannot read the passphrase file %s: %s\n"), file,
				strerror(errno));
			return NULL;
		}
		struct stat sb;
		if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && (sb.st_mode & 077) != 0) {
			char *safe = text_safe(file, true);
			fprintf(stderr,
				_("reflect: warning: the passphrase file %s can be read by others on this "
				  "computer; make it yours alone with 'chmod 600 %s'\n"),
				safe ? safe : "", safe ? safe : "");
			free(safe);
		}
		p = read_line_fd(fd, &len);
		close(fd);
		if (p != NULL && len == 0) {
			char *safe = text_safe(file, true);
			fprintf(stderr, _("reflect: the passphrase file %s is empty\n"), safe ? safe : "");
			free(safe);
			rcrypto_secret_free(&p);
		}
		/* a new passphrase is held to the same rule as one typed at the terminal */
		if (p != NULL && confirm && strlen(p) < 8) {
			fputs(_("reflect: the new passphrase in the file is shorter than 8 characters; "
				"choose a longer one (a few words you will remember work well). Nothing "
				"was changed.\n"),
			      stderr);
			rcrypto_secret_free(&p);
		}
		return p;
	}
	if (!isatty(STDIN_FILENO) && !isatty(STDERR_FILENO)) {
		fputs(_("reflect: a passphrase is needed and there is no terminal to ask on; give "
			"--passphrase-file FILE or set REFLECT_PASSPHRASE_FILE\n"),
		      stderr);
		return NULL;
	}
	for (;;) {
		p = ask_tty(prompt);
		if (p == NULL) {
			fputs(_("reflect: could not read a passphrase from the terminal\n"), stderr);
			return NULL;
		}
		if (!confirm)
			return p;
		if (strlen(p) < 8) {
			fputs(_("Please choose a passphrase of at least 8 characters; a few words "
				"you will remember work well.\n"),
			      stderr);
			rcrypto_secret_free(&p);
			continue;
		}
		again = ask_tty(_("Type it once more: "));
		if (again != NULL && strcmp(p, again) == 0) {
			rcrypto_secret_free(&again);
			return p;
		}
		rcrypto_secret_free(&again);
		rcrypto_secret_free(&p);
		fputs(_("The two did not match. Let's try again.\n"), stderr);
	}
}

int cli_unlock(const cli_global *g, journal **out)
{
	char *pass;
	rf_status st;
	int tries = g->passphrase_file ? 1 : 3;

	*out = NULL;
	if (!journal_exists(g->journal_path)) {
		fprintf(stderr, _("reflect: there is no journal at %s yet; create one with 'reflect init'\n"),
			g->journal_path);
		return EXIT_FAILED;
	}
	for (int i = 0; i < tries; i++) {
		pass = cli_read_passphrase(g->passphrase_file, _("Passphrase: "), false);
		if (pass == NULL)
			return EXIT_FAILED;
		st = journal_open(g->journal_path, pass, strlen(pass), out);
		rcrypto_secret_free(&pass);
		if (st == RF_OK)
			break;
		if (st != RF_ERR_PASSPHRASE || i + 1 == tries) {
			if (st == RF_ERR_PASSPHRASE)
				fputs(_("reflect: that passphrase does not open this journal. Nothing was "
					"changed; check it and try again.\n"),
				      stderr);
			else
				cli_fail(st, _("cannot open %s"), g->journal_path);
			return cli_exit_for(st);
		}
		fputs(_("That passphrase does not open this journal. Try again.\n"), stderr);
	}
	if (*out != NULL) {
		size_t n;
		const journal_damage *d = journal_damage_list(*out, &n);
		for (size_t i = 0; i < n; i++)
			fprintf(stderr, _("reflect: warning: %s\n"), _(d[i].what));
		if (n > 0)
			fputs(_("reflect: what is intact still works; run 'reflect check' for details\n"),
			      stderr);
	}
	return EXIT_DONE;
}

bool cli_name_refused(const char *cmd, const char *name)
{
	switch (text_name_check(name)) {
	case TEXT_NAME_OK:
		return false;
	case TEXT_NAME_BIDI:
		cli_usage(cmd, "%s",
			  _("a name may not hold characters that reverse the direction of text"));
		return true;
	case TEXT_NAME_INVISIBLE:
		cli_usage(cmd, "%s", _("a name may not hold invisible (zero-width) characters"));
		return true;
	case TEXT_NAME_MIXED:
		cli_usage(cmd, "%s",
			  _("a name may not mix letters of different scripts that look alike (as "
			    "a Cyrillic a in a Latin name); type it in one script"));
		return true;
	default:
		cli_usage(cmd, "%s", _("a name is text on one line, without control characters"));
		return true;
	}
}

bool cli_records_may_be_hidden(journal *j)
{
	size_t n = 0;
	const journal_damage *d = journal_damage_list(j, &n);

	for (size_t i = 0; i < n; i++)
		if (strcmp(d[i].table, "journal") == 0 || strcmp(d[i].table, "items") == 0)
			return true;
	return false;
}

bool cli_report_damage(journal *j)
{
	size_t n, entries = 0;
	const journal_damage *d = journal_damage_list(j, &n);

	for (size_t i = 0; i < n; i++)
		if (strcmp(d[i].table, "entries") == 0)
			entries++;
	if (entries > 0)
		fprintf(stderr,
			ngettext("reflect: skipped %zu damaged entry (it does not authenticate); "
				 "everything else is shown. Run 'reflect check' for details.\n",
				 "reflect: skipped %zu damaged entries (they do not authenticate); "
				 "everything else is shown. Run 'reflect check' for details.\n",
				 entries),
			entries);
	return n > 0;
}

const struct option cli_filter_options[] = {
	{"since", required_argument, NULL, CLI_OPT_SINCE},
	{"until", required_argument, NULL, CLI_OPT_UNTIL},
	{"theme", required_argument, NULL, CLI_OPT_THEME},
	{"emotion", required_argument, NULL, CLI_OPT_EMOTION},
	{"family", required_argument, NULL, CLI_OPT_FAMILY},
	{"visit-type", required_argument, NULL, CLI_OPT_VISIT_TYPE},
	{"search", required_argument, NULL, CLI_OPT_SEARCH},
	{"flagged", no_argument, NULL, CLI_OPT_FLAGGED},
	{"portfolio", no_argument, NULL, CLI_OPT_PORTFOLIO},
	{"shared", no_argument, NULL, CLI_OPT_SHARED},
	{"from", required_argument, NULL, CLI_OPT_FROM},
	{NULL, 0, NULL, 0},
};

bool cli_filter_option(int opt, const char *arg, entry_filter *f)
{
	switch (opt) {
	case CLI_OPT_SINCE:
		f->since = arg;
		return true;
	case CLI_OPT_UNTIL:
		f->until = arg;
		return true;
	case CLI_OPT_THEME:
		f->theme = prompts_key_of(arg);
		return true;
	case CLI_OPT_EMOTION:
		f->emotion = prompts_key_of(arg);
		return true;
	case CLI_OPT_FAMILY:
		f->family = arg;
		return true;
	case CLI_OPT_VISIT_TYPE:
		f->visit_type = arg;
		return true;
	case CLI_OPT_SEARCH:
		f->search = arg;
		return true;
	case CLI_OPT_FLAGGED:
		f->flagged = true;
		return true;
	case CLI_OPT_PORTFOLIO:
		f->portfolio = true;
		return true;
	default:
		return false;
	}
}

bool cli_filter_valid(const char *cmd, const entry_filter *f)
{
	if (f->since && !entry_valid_date(f->since)) {
		cli_usage(cmd, _("--since takes a date like 2026-11-20, not '%s'"), f->since);
		return false;
	}
	if (f->until && !entry_valid_date(f->until)) {
		cli_usage(cmd, _("--until takes a date like 2026-11-20, not '%s'"), f->until);
		return false;
	}
	return true;
}

rf_status cli_read_all(const char *path, size_t max, unsigned char **out, size_t *len)
{
	int fd = STDIN_FILENO;
	unsigned char *buf = NULL, *nb;
	size_t n = 0, cap = 0;
	rf_status st = RF_OK;

	*out = NULL;
	*len = 0;
	if (path != NULL && strcmp(path, "-") != 0) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return errno == ENOENT ? RF_ERR_NOT_FOUND : RF_ERR_IO;
	}
	for (;;) {
		ssize_t r;
		if (n + 1 >= cap) {
			size_t ncap = cap ? cap * 2 : 65536;
			if (ncap > max + 1)
				ncap = max + 1;
			if (n + 1 >= ncap) {
				st = RF_ERR_TOO_BIG;
				break;
			}
			nb = malloc(ncap);
			if (nb == NULL) {
				st = RF_ERR_NOMEM;
				break;
			}
			if (buf != NULL) {
				memcpy(nb, buf, n);
				rcrypto_plain_free(&buf, cap);
			}
			buf = nb;
			cap = ncap;
		}
		r = read(fd, buf + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			st = RF_ERR_IO;
			break;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (fd != STDIN_FILENO)
		close(fd);
	if (st != RF_OK) {
		rcrypto_plain_free(&buf, cap);
		return st;
	}
	if (buf == NULL) {
		buf = malloc(1);
		if (buf == NULL)
			return RF_ERR_NOMEM;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return RF_OK;
}

bool cli_confirm(const char *question)
{
	char line[16];

	if (!isatty(STDIN_FILENO))
		return false;
	/* TRANSLATORS: the answers to a yes/no question; the capital one is the default (no). */
	fprintf(stderr, "%s %s ", question, _("[y/N]"));
	fflush(stderr);
	if (fgets(line, sizeof line, stdin) == NULL)
		return false;
	return is_yes(line);
}

bool cli_parse_id(const char *s, int64_t *id)
{
	char *end = NULL;
	long long v;

	if (s == NULL || *s == '\0')
		return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || v <= 0 || errno != 0)
		return false;
	*id = (int64_t)v;
	return true;
}
