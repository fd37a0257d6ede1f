/* plain.c - plain mode: the guided reflection as plain questions and answers, line by line,
 * for screen readers, serial lines and scripts. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "reflect/cli.h"
#include "reflect/crypto.h"
#include "reflect/i18n.h"
#include "reflect/prompts.h"
#include "reflect/text.h"
#include "reflect/ui.h"

#define MAX_ANSWER (1u << 20)

/* One answer: lines up to an empty line (or the end of input), joined with newlines.
 * Returns NULL at the end of input with nothing read. Caller frees with entry_free_text. */
static char *read_answer(FILE *in, bool *eof)
{
	char *line = NULL, *out = NULL;
	size_t cap = 0, len = 0;
	ssize_t n;

	while ((n = getline(&line, &cap, in)) >= 0) {
		char *grown;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n == 0)
			break;
		if (len + (size_t)n + 2 > MAX_ANSWER)
			continue;
		grown = malloc(len + (size_t)n + 2);
		if (grown == NULL)
			break;
		if (out != NULL) {
			memcpy(grown, out, len);
			grown[len++] = '\n';
			sodium_memzero(out, len);
			free(out);
		}
		memcpy(grown + len, line, (size_t)n + 1);
		len += (size_t)n;
		out = grown;
	}
	if (n < 0)
		*eof = true;
	if (line != NULL) {
		sodium_memzero(line, cap);
		free(line);
	}
	return out;
}

/* One line (a menu choice, an entry number), without its line end; NULL at the end of input.
 * Caller frees with entry_free_text. */
static char *read_line(FILE *in, bool *eof)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, in);

	if (n < 0) {
		*eof = true;
		free(line);
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	return line;
}

static void say(bool tty, const char *text)
{
	if (tty) {
		fputs(text, stdout);
		fflush(stdout);
	}
}

/* A short answer (the rating, feelings, family code, themes, yes/no): on a terminal one line
 * ended by Enter, piped the documented form (lines up to an empty line). NULL when skipped or
 * at the end of input. Caller frees with entry_free_text. */
static char *read_short(FILE *in, bool tty, bool *eof)
{
	char *a = tty ? read_line(in, eof) : read_answer(in, eof);

	if (a != NULL && *text_trim(a) == '\0')
		entry_free_text(&a);
	return a;
}

/* Split "a, b,c" into l, each word in its stored form: a word of the vocabulary in use (an
 * organisation's own as written), else the built-in word it translates ("ternura" gives
 * "tenderness" in Spanish), else as typed -- as the screens' pickers store it. */
static void add_csv(strlist *l, char *s, const prompts_group *g, size_t ng)
{
	for (char *tok = strtok(s, ",\n"); tok != NULL; tok = strtok(NULL, ",\n")) {
		const char *k = NULL;
		text_trim(tok);
		if (*tok == '\0')
			continue;
		for (size_t i = 0; k == NULL && i < ng; i++)
			k = prompts_canonical(g[i].words, tok);
		k = k ? k : prompts_key_of(tok);
		if (!strlist_has(l, k))
			strlist_add(l, k);
	}
}

/* A step's heading, invitation and sub-prompts (translated, or the prompt set's own). */
static void say_step(bool tty, prompts_step s)
{
	const prompts_step_text *t = prompts_step_get(s);

	if (!tty)
		return;
	printf("\n%s. %s\n", _(t->name), _(t->invite));
	for (size_t i = 0; i < t->subs.n; i++)
		printf("  %s\n", _(t->subs.v[i]));
	fflush(stdout);
}

/* The question of a field, and how to end the answer. */
static void say_question(bool tty, prompts_field f, const char *how)
{
	if (!tty)
		return;
	printf("\n%s %s\n", _(prompts_label(f)), how);
	fflush(stdout);
}

/* A grouped vocabulary (feelings, themes), one group a line. */
static void say_groups(bool tty, const prompts_group *g, size_t ng)
{
	if (!tty)
		return;
	for (size_t i = 0; i < ng; i++) {
		printf("  %s:", _(g[i].name));
		for (size_t k = 0; k < g[i].words.n; k++)
			printf("%s %s", k ? "," : "", _(g[i].words.v[k]));
		putchar('\n');
	}
	fflush(stdout);
}

/* The Gibbs (from, to = its six stages) or NMC questions, each answered up to an empty line. */
static void ask_answers(entry *e, FILE *in, bool tty, int from, int to, bool *eof)
{
	if (tty)
		printf("\n%s\n", _("Anything you skip is fine: an empty line moves on."));
	for (int i = from; i < to && !*eof; i++) {
		if (tty) {
			printf("\n%s. %s %s\n", _(prompts_answer_heading(i)),
			       _(prompts_answer_question(i)), _("(end with an empty line)"));
			fflush(stdout);
		}
		e->answers[i] = read_answer(in, eof);
	}
}

/* On a terminal, say that an answer was heard: "Noted." or "Skipped." */
static void ack(bool tty, bool answered)
{
	say(tty, answered ? _("Noted.\n") : _("Skipped.\n"));
}

/* A list as the person reads it, "a, b", after "Noted: ". */
static void ack_list(bool tty, const strlist *l)
{
	if (!tty)
		return;
	if (l->n == 0) {
		ack(tty, false);
		return;
	}
	fputs(_("Noted:"), stdout);
	for (size_t i = 0; i < l->n; i++)
		printf("%s %s", i ? "," : "", prompts_word_shown(l->v[i]));
	fputs(".\n", stdout);
	fflush(stdout);
}

/* The rating 0-10 from s, or -1 when s is not one. */
static int parse_rating(char *s)
{
	char *end = NULL;
	long v = strtol(text_trim(s), &end, 10);

	return (*s != '\0' && *end == '\0' && v >= 0 && v <= 10) ? (int)v : -1;
}

/* The rating: on a terminal asked again until it is a number from 0 to 10 or skipped; piped,
 * one that is not is left out and said on stderr. */
static void ask_rating(entry *e, FILE *in, bool tty, bool *eof)
{
	for (;;) {
		char *a;
		int v;
		if (tty)
			printf(_("How activated do you feel, from 0 (%s) to 10 (%s)? (Enter to skip)\n"),
			       _(prompts_activation_low()), _(prompts_activation_high()));
		a = *eof ? NULL : read_short(in, tty, eof);
		if (a == NULL) {
			ack(tty, false);
			return;
		}
		v = parse_rating(a);
		entry_free_text(&a);
		if (v >= 0) {
			e->activation = v;
			if (tty) {
				printf(_("Noted: %d.\n"), v);
				fflush(stdout);
			}
			return;
		}
		if (!tty) {
			fputs(_("reflect: the activation rating was not used: it is not a number from 0 "
				"to 10; everything else was kept\n"),
			      stderr);
			return;
		}
		say(tty, _("That is not a number from 0 to 10. Please type a number from 0 to 10, "
			   "or press Enter to skip.\n"));
	}
}

/* A free-text answer, ended by an empty line, acknowledged on a terminal. */
static char *ask_text(FILE *in, bool tty, bool *eof)
{
	char *a = *eof ? NULL : read_answer(in, eof);

	ack(tty, a != NULL);
	return a;
}

/* After the three steps: the family code, themes and supervision, each skippable. Returns the
 * supervision choice: 1 yes, 0 no, -1 not given. */
static int ask_details(entry *e, FILE *in, bool tty, bool *eof)
{
	size_t ng;
	const prompts_group *g = prompts_themes(&ng);
	char *a;
	int choice = -1;

	say(tty, _("\nThree details, each can be skipped with Enter.\n"));
	say_question(tty, PROMPTS_F_FAMILY, _("(Enter to skip)"));
	a = *eof ? NULL : read_short(in, tty, eof);
	if (a != NULL && entry_set(&e->family, a) == RF_OK && tty) {
		printf(_("Noted: %s.\n"), e->family);
		fflush(stdout);
	} else if (a == NULL) {
		ack(tty, false);
	}
	entry_free_text(&a);
	say_question(tty, PROMPTS_F_THEMES, _("(separated by commas; Enter to skip)"));
	say_groups(tty, g, ng);
	a = *eof ? NULL : read_short(in, tty, eof);
	if (a != NULL)
		add_csv(&e->themes, a, g, ng);
	ack_list(tty, &e->themes);
	entry_free_text(&a);
	for (;;) {
		if (tty)
			printf(_("\nBring it to supervision? (yes or no; Enter: %s)\n"),
			       entry_for_supervision_rule(e, -1) ? _("yes, as it holds questions")
								 : _("no"));
		a = *eof ? NULL : read_short(in, tty, eof);
		if (a == NULL)
			break;
		choice = cli_yes_no(a);
		entry_free_text(&a);
		if (choice >= 0)
			break;
		if (!tty) {
			fputs(_("reflect: the answer to \"bring it to supervision\" was not used: it is "
				"neither yes nor no; everything else was kept\n"),
			      stderr);
			break;
		}
		say(tty, _("Please answer yes or no, or press Enter to skip.\n"));
	}
	if (tty)
		say(tty, entry_for_supervision_rule(e, choice) ? _("Marked for supervision.\n")
							       : _("Not marked for supervision.\n"));
	return choice;
}

/* A reflection asked as the layout in the settings says: Pause / Notice / Be Curious, or the
 * Gibbs (model 1) or NMC (model 2) questions. */
static int compose(journal *j, FILE *in, bool tty, int model)
{
	entry *e = entry_new();
	char *a;
	bool eof = false;
	rf_status st;
	size_t nf;
	const prompts_group *feelings = prompts_emotions(&nf);
	int choice;

	if (e == NULL)
		return cli_fail(RF_ERR_NOMEM, NULL);
	if (model != 0) {
		ask_answers(e, in, tty, model == 1 ? ENTRY_GIBBS_FIRST : ENTRY_NMC_FIRST,
			    model == 1 ? ENTRY_NMC_FIRST : ENTRY_ANSWERS, &eof);
		goto save;
	}
	say_step(tty, PROMPTS_PAUSE);
	if (tty)
		printf("  %s\n\n%s\n", _(prompts_grounding_pick((uint64_t)time(NULL) / 3600)),
		       _("Anything you skip is fine. Longer answers end with an empty line; short "
			 "ones with Enter."));
	say_question(tty, PROMPTS_F_PAUSE_TEXT, _("(end with an empty line)"));
	e->pause_text = ask_text(in, tty, &eof);
	ask_rating(e, in, tty, &eof);
	say_step(tty, PROMPTS_NOTICE);
	say_question(tty, PROMPTS_F_NOTICE_TEXT, _("(end with an empty line)"));
	e->notice_text = ask_text(in, tty, &eof);
	say(tty, _("\nFeelings you notice, separated by commas, in any words (Enter to skip). "
		   "Some you might recognise:\n"));
	say_groups(tty, feelings, nf);
	a = eof ? NULL : read_short(in, tty, &eof);
	if (a != NULL)
		add_csv(&e->emotions, a, feelings, nf);
	ack_list(tty, &e->emotions);
	entry_free_text(&a);
	say_step(tty, PROMPTS_CURIOUS);
	say_question(tty, PROMPTS_F_CURIOUS_TEXT, _("(end with an empty line)"));
	e->curious_text = ask_text(in, tty, &eof);
	say(tty, _("\nQuestions to bring to supervision, one per line (end with an empty line)\n"));
	a = eof ? NULL : read_answer(in, &eof);
	if (a != NULL) {
		for (char *q = strtok(a, "\n"); q != NULL; q = strtok(NULL, "\n"))
			if (*text_trim(q) != '\0')
				strlist_add(&e->questions, q);
	}
	ack(tty, e->questions.n > 0);
	entry_free_text(&a);
	choice = -1;
	if (tty || !eof)
		choice = ask_details(e, in, tty, &eof);
	e->for_supervision = entry_for_supervision_rule(e, choice);
save:
	if (entry_is_empty(e)) {
		say(tty, _("Nothing was written, so nothing was saved. That is all right too.\n"));
		entry_free(&e);
		return EXIT_DONE;
	}
	st = journal_add(j, e);
	if (st != RF_OK) {
		/* Keep what they wrote: show it back so it can be copied. */
		fprintf(stderr,
			_("reflect: your reflection could not be saved (%s). Here it is, so "
			  "nothing is lost:\n\n"),
			_(rf_status_message(st)));
		cli_print_entry(stderr, e);
		entry_free(&e);
		return cli_exit_for(st);
	}
	if (tty)
		printf(_("\nSaved as entry %lld. Thank you for taking this time.\n"),
		       (long long)e->id);
	else
		printf("%lld\n", (long long)e->id);
	entry_free(&e);
	return EXIT_DONE;
}

static int list_line(const entry *e, void *ctx)
{
	(void)ctx;
	cli_print_line(stdout, e);
	return 0;
}

static int read_entry(journal *j, FILE *in)
{
	bool eof = false;
	char *a;
	entry *e = NULL;
	rf_status st;

	fputs(_("Which entry? (its number)\n"), stdout);
	a = read_line(in, &eof);
	if (a == NULL)
		return EXIT_DONE;
	st = journal_get(j, strtoll(a, NULL, 10), &e);
	entry_free_text(&a);
	if (st == RF_OK)
		cli_print_entry(stdout, e);
	else
		printf("%s.\n", _(rf_status_message(st)));
	entry_free(&e);
	return EXIT_DONE;
}

int cli_plain_run(const cli_global *g)
{
	bool tty = isatty(STDIN_FILENO) != 0;
	journal *j = NULL;
	int rc, model = 0;

	if (!journal_exists(g->journal_path)) {
		char *argv[] = {"init", NULL};
		if (!tty && g->passphrase_file == NULL) {
			fprintf(stderr,
				_("reflect: there is no journal at %s yet; create one with "
				  "'reflect init'\n"),
				g->journal_path);
			return EXIT_FAILED;
		}
		say(tty, _("Welcome. This is your first time here, so let's make your journal.\n"));
		rc = cmd_init(1, argv, g);
		if (rc != EXIT_DONE)
			return rc;
	}
	/* A layout is also a prompt set: with gibbs or nmc the questions are that model's. */
	model = strcmp(g->cfg->layout, "gibbs") == 0 ? 1 : strcmp(g->cfg->layout, "nmc") == 0 ? 2 : 0;
	if (g->cfg->prompts != NULL) {
		prompts_set *set = NULL;
		rf_detail d = {0};
		rf_status st = prompts_set_load(g->cfg->prompts, &set, &d);
		if (st == RF_OK)
			prompts_use(set);
		else if (d.line > 0)
			fprintf(stderr,
				_("reflect: the prompt set %s, line %d: %s; the built-in prompts "
				  "are used\n"),
				g->cfg->prompts, d.line, d.text);
		else
			fprintf(stderr,
				_("reflect: the prompt set %s cannot be read (%s); the built-in "
				  "prompts are used\n"),
				g->cfg->prompts, *d.text ? d.text : _(rf_status_message(st)));
	}
	rc = cli_unlock(g, &j);
	if (rc != EXIT_DONE)
		return rc;
	if (!tty) {
		rc = compose(j, stdin, false, model);
		journal_close(&j);
		return rc;
	}
	/* TRANSLATORS: the keys of the plain-mode menu, one letter each and all different, in
	 * this order: write, list, read, quit. They must match the menu's text below. */
	const char *keys = _("wlrq");
	if (strlen(keys) != 4)
		keys = "wlrq";
	for (;;) {
		bool eof = false;
		char *a;
		const char *k;
		int what;
		fputs(_("\nWhat would you like to do? w: write a reflection, l: list entries, "
			"r: read an entry, q: quit\n"),
		      stdout);
		a = read_line(stdin, &eof);
		if (a == NULL)
			break;
		text_trim(a);
		if (a[0] == '\0') {
			entry_free_text(&a);
			continue;
		}
		k = strchr(keys, a[0]);
		if (k == NULL && a[0] != '\0')
			k = strchr("wlrq", a[0]) ? keys + (strchr("wlrq", a[0]) - "wlrq") : NULL;
		what = k ? (int)(k - keys) : -1;
		entry_free_text(&a);
		if (what == 0)
			compose(j, stdin, true, model);
		else if (what == 1)
			journal_each(j, NULL, true, list_line, NULL);
		else if (what == 2)
			read_entry(j, stdin);
		else if (what == 3)
			break;
		else
			fputs(_("That is not one of the choices.\n"), stdout);
	}
	journal_close(&j);
	return EXIT_DONE;
}

int cli_open_journal_ui(const cli_global *g)
{
	const char *term = getenv("TERM");

	if (g->plain || !g->interactive || !isatty(STDOUT_FILENO) || term == NULL ||
	    *term == '\0' || strcmp(term, "dumb") == 0)
		return cli_plain_run(g);
	return ui_run(g);
}
