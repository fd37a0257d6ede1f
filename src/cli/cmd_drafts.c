/* cmd_drafts.c - 'reflect drafts': the sealed drafts kept, and letting one go. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "reflect/cli.h"
#include "reflect/dates.h"
#include "reflect/i18n.h"
#include "reflect/prompts.h"
#include "reflect/text.h"

void cli_draft_when(int64_t t, char *out, size_t cap)
{
	if (t > 0)
		dates_human_time(t, out, cap);
	if (t <= 0 || *out == '\0')
		snprintf(out, cap, "-");
}

const char *cli_draft_step(int step)
{
	const prompts_step_text *t =
		step >= 0 && step < PROMPTS_STEP_COUNT ? prompts_step_get((prompts_step)step) : NULL;

	if (t != NULL && t->name != NULL)
		return t->name;
	/* TRANSLATORS: the last step of a reflection, where it is saved. */
	return _("Save");
}

char *cli_draft_words(const entry *e, int cols)
{
	/* the most telling words, by the rule of the lists (Notice first, the arrival last) */
	const char *t = entry_first_words(e);
	char *ex = text_excerpt(t, cols), *safe;

	if (ex == NULL)
		return NULL;
	safe = text_safe(ex, true);
	free(ex);
	return safe;
}

static int print_draft(const journal_draft_info *in, const entry *e, void *ctx)
{
	char when[64], what[64];
	char *words = cli_draft_words(e, 40);

	(void)ctx;
	cli_draft_when(in->started, when, sizeof when);
	if (e->id != 0)
		snprintf(what, sizeof what, _("changes to entry #%lld"), (long long)e->id);
	else
		snprintf(what, sizeof what, "%s", _("new reflection"));
	printf("%lld\t%s\t%s\t%s\t%s\n", (long long)in->id, when, what, cli_draft_step(in->step),
	       words ? words : "");
	free(words);
	return 0;
}

int cmd_drafts(int argc, char **argv, const cli_global *g)
{
	static const struct option opts[] = {
		{"force", no_argument, NULL, 'f'},
		{"yes", no_argument, NULL, 'y'},
		{NULL, 0, NULL, 0},
	};
	journal *j = NULL;
	bool force = false;
	int64_t id = 0;
	rf_status st;
	int opt, rc;
	const char *ops[2] = {NULL, NULL};
	int nops = 0;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == 'f' || opt == 'y')
			force = true;
		else
			return cli_usage("drafts", _("unknown option '%s'"), argv[optind - 1]);
	}
	for (; optind < argc; optind++) {
		if (nops >= 2) {
			char *s = text_safe(argv[optind], true);
			rc = cli_usage("drafts", _("unexpected '%s'"), s ? s : "");
			free(s);
			return rc;
		}
		ops[nops++] = argv[optind];
	}
	if (nops > 0 && strcmp(ops[0], "discard") != 0) {
		char *s = text_safe(ops[0], true);
		rc = cli_usage("drafts", _("unknown action '%s'"), s ? s : "");
		free(s);
		return rc;
	}
	if (nops > 0 && (nops != 2 || !cli_parse_id(ops[1], &id)))
		return cli_usage("drafts", "%s", _("discard takes the draft's id"));
	rc = cli_unlock(g, &j);
	if (rc != EXIT_DONE)
		return rc;
	if (nops == 0) {
		st = journal_draft_each(j, print_draft, NULL);
		if (st != RF_OK)
			rc = cli_fail(st, _("could not list the drafts"));
		else if (cli_report_damage(j))
			rc = EXIT_DAMAGED;
		journal_close(&j);
		return rc;
	}
	{
		entry *e = NULL;
		journal_draft_info in;
		st = journal_draft_get(j, id, &e, &in);
		if (st == RF_ERR_NOT_FOUND) {
			fprintf(stderr, _("reflect: there is no draft %lld; nothing was let go\n"),
				(long long)id);
			journal_close(&j);
			return EXIT_FAILED;
		}
		if (st == RF_OK && !force) {
			char q[400], when[64];
			char *words = cli_draft_words(e, 40);
			cli_draft_when(in.started, when, sizeof when);
			snprintf(q, sizeof q, _("Let draft %lld (started %s: %s) go for good? It cannot be "
						"brought back."),
				 (long long)id, when, words ? words : "");
			free(words);
			entry_free(&e);
			if (!g->interactive) {
				fputs(_("reflect: letting a draft go needs --force when not run from a "
					"terminal; nothing was let go\n"),
				      stderr);
				journal_close(&j);
				return EXIT_FAILED;
			}
			if (!cli_confirm(q)) {
				fputs(_("Nothing was let go.\n"), stderr);
				journal_close(&j);
				return EXIT_DONE;
			}
		}
		entry_free(&e);
	}
	/* a damaged draft can be let go too */
	st = journal_draft_delete(j, id);
	if (st != RF_OK)
		rc = cli_fail(st, _("draft %lld was not let go"), (long long)id);
	else
		fprintf(stderr, _("Draft %lld was let go.\n"), (long long)id);
	journal_close(&j);
	return rc;
}
