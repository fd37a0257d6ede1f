/* plain.c - plain mode: the guided reflection as plain questions and answers, line by line,
 * for screen readers, serial lines and scripts. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "reflect/cli.h"
#include "reflect/crypto.h"
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

static void say(bool tty, const char *text)
{
	if (tty) {
		fputs(text, stdout);
		fflush(stdout);
	}
}

/* Split "a, b,c" into the list. */
static void add_csv(strlist *l, char *s)
{
	for (char *tok = strtok(s, ",\n"); tok != NULL; tok = strtok(NULL, ",\n"))
		strlist_add(l, text_trim(tok));
}

static int compose(journal *j, FILE *in, bool tty)
{
	entry *e = entry_new();
	char *a;
	bool eof = false;
	rf_status st;

	if (e == NULL)
		return cli_fail(RF_ERR_NOMEM, NULL);
	say(tty, "\nPause. Slow down and notice how you arrive, without judging it.\n"
		 "Anything you skip is fine: an empty line moves on.\n\n"
		 "How are you arriving? (end with an empty line)\n");
	e->pause_text = read_answer(in, &eof);
	say(tty, "How activated do you feel, from 0 (settled) to 10 (overwhelmed)? (empty to skip)\n");
	a = eof ? NULL : read_answer(in, &eof);
	if (a != NULL) {
		char *end = NULL;
		long v = strtol(text_trim(a), &end, 10);
		if (*a != '\0' && *end == '\0' && v >= 0 && v <= 10)
			e->activation = (int)v;
		else
			say(tty, "That was not a number from 0 to 10, so it is left out.\n");
		entry_free_text(&a);
	}
	say(tty, "\nNotice. Actions, thoughts, emotions, values; what passed between parent and\n"
		 "infant; what was stirred in you; the past as it shows up in the present.\n"
		 "(end with an empty line)\n");
	e->notice_text = eof ? NULL : read_answer(in, &eof);
	say(tty, "Emotions you notice, separated by commas (empty to skip)\n");
	a = eof ? NULL : read_answer(in, &eof);
	if (a != NULL)
		add_csv(&e->emotions, a);
	entry_free_text(&a);
	say(tty, "\nBe curious. How will this new awareness fit as you move forward? What do you\n"
		 "wonder about the parent's experience, and the infant's? (end with an empty line)\n");
	e->curious_text = eof ? NULL : read_answer(in, &eof);
	say(tty, "Questions to bring to supervision, one per line (empty to skip)\n");
	a = eof ? NULL : read_answer(in, &eof);
	if (a != NULL) {
		for (char *q = strtok(a, "\n"); q != NULL; q = strtok(NULL, "\n"))
			strlist_add(&e->questions, text_trim(q));
		e->for_supervision = e->questions.n > 0;
	}
	entry_free_text(&a);
	if (entry_is_empty(e)) {
		say(tty, "Nothing was written, so nothing was saved. That is all right too.\n");
		entry_free(&e);
		return EXIT_DONE;
	}
	st = journal_add(j, e);
	if (st != RF_OK) {
		/* Keep what they wrote: show it back so it can be copied. */
		fprintf(stderr, "reflect: your reflection could not be saved (%s). Here it is, so "
				"nothing is lost:\n\n",
			rf_status_message(st));
		cli_print_entry(stderr, e);
		entry_free(&e);
		return cli_exit_for(st);
	}
	if (tty)
		printf("\nSaved as entry %lld. Thank you for taking this time.\n", (long long)e->id);
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

	fputs("Which entry? (its number)\n", stdout);
	a = read_answer(in, &eof);
	if (a == NULL)
		return EXIT_DONE;
	st = journal_get(j, strtoll(a, NULL, 10), &e);
	entry_free_text(&a);
	if (st == RF_OK)
		cli_print_entry(stdout, e);
	else
		printf("%s.\n", rf_status_message(st));
	entry_free(&e);
	return EXIT_DONE;
}

int cli_plain_run(const cli_global *g)
{
	bool tty = isatty(STDIN_FILENO) != 0;
	journal *j = NULL;
	int rc;

	if (!journal_exists(g->journal_path)) {
		char *argv[] = {"init", NULL};
		if (!tty && g->passphrase_file == NULL) {
			fprintf(stderr, "reflect: there is no journal at %s yet; create one with "
					"'reflect init'\n",
				g->journal_path);
			return EXIT_FAILED;
		}
		say(tty, "Welcome. This is your first time here, so let's make your journal.\n");
		rc = cmd_init(1, argv, g);
		if (rc != EXIT_DONE)
			return rc;
	}
	rc = cli_unlock(g, &j);
	if (rc != EXIT_DONE)
		return rc;
	if (!tty) {
		rc = compose(j, stdin, false);
		journal_close(&j);
		return rc;
	}
	for (;;) {
		bool eof = false;
		char *a;
		fputs("\nWhat would you like to do? w: write a reflection, l: list entries, "
		      "r: read an entry, q: quit\n",
		      stdout);
		a = read_answer(stdin, &eof);
		if (a == NULL && eof)
			break;
		if (a == NULL)
			continue;
		if (a[0] == 'w')
			compose(j, stdin, true);
		else if (a[0] == 'l')
			journal_each(j, NULL, true, list_line, NULL);
		else if (a[0] == 'r')
			read_entry(j, stdin);
		else if (a[0] == 'q') {
			entry_free_text(&a);
			break;
		}
		entry_free_text(&a);
	}
	journal_close(&j);
	return EXIT_DONE;
}

int cli_open_journal_ui(const cli_global *g)
{
	const char *term = getenv("TERM");

	if (g->plain || !g->interactive || !isatty(STDOUT_FILENO) || term == NULL || *term == '\0' ||
	    strcmp(term, "dumb") == 0)
		return cli_plain_run(g);
	return ui_run(g);
}
