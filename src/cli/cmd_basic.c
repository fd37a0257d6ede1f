/* cmd_basic.c - init, add, show, delete, passwd, check and backup. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reflect/cli.h"
#include "reflect/crypto.h"
#include "reflect/dates.h"
#include "reflect/i18n.h"
#include "reflect/prompts.h"
#include "reflect/text.h"

#define MAX_INPUT (64u << 20) /* 64 MiB of JSON at most */

/* getopt_long with only --kdf and --force, in a form several commands share. */
static int simple_opts(int argc, char **argv, const char *cmd, const char **kdf, bool *force)
{
	static const struct option opts[] = {
		{"kdf", required_argument, NULL, 'k'},
		{"force", no_argument, NULL, 'f'},
		{NULL, 0, NULL, 0},
	};
	int opt;

	optind = 0; /* a fresh scan that also takes options after the operands */
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == 'k' && kdf != NULL)
			*kdf = optarg;
		else if (opt == 'f' && force != NULL)
			*force = true;
		else
			return cli_usage(cmd, _("unknown option '%s'"), argv[optind - 1]);
	}
	return -1;
}

/* The KDF level to use: --kdf if given, else the settings' level. */
static rf_status kdf_level(const char *given, const cli_global *g, rcrypto_level *out)
{
	if (given == NULL) {
		*out = g->cfg->kdf;
		return RF_OK;
	}
	return rcrypto_level_parse(given, out);
}

int cmd_init(int argc, char **argv, const cli_global *g)
{
	const char *kdf = NULL;
	rcrypto_level level;
	journal *j = NULL;
	char *pass;
	rf_status st;
	int rc = simple_opts(argc, argv, "init", &kdf, NULL);

	if (rc >= 0)
		return rc;
	if (optind < argc)
		return cli_usage("init", _("%s takes no arguments"), "init");
	if (kdf_level(kdf, g, &level) != RF_OK)
		return cli_usage("init", _("--kdf is interactive, moderate or sensitive, not '%s'"), kdf);
	if (journal_exists(g->journal_path)) {
		fprintf(stderr, _("reflect: a journal already exists at %s; nothing was changed.\n"),
			g->journal_path);
		return EXIT_FAILED;
	}
	if (g->passphrase_file == NULL)
		fputs(_("Choose a passphrase for your journal. It seals everything you write: nobody\n"
			"can read the journal without it, and it cannot be recovered if it is lost.\n"),
		      stderr);
	pass = cli_read_passphrase(g->passphrase_file, _("New passphrase: "), true);
	if (pass == NULL)
		return EXIT_FAILED;
	st = journal_create(g->journal_path, pass, strlen(pass), level, &j);
	rcrypto_secret_free(&pass);
	if (st != RF_OK)
		return cli_fail(st, _("could not create the journal at %s"), g->journal_path);
	journal_close(&j);
	fprintf(stderr, _("Your journal is ready at %s.\n"), g->journal_path);
	return EXIT_DONE;
}

int cmd_add(int argc, char **argv, const cli_global *g)
{
	unsigned char *buf = NULL;
	size_t len = 0;
	entry *e = NULL;
	journal *j = NULL;
	rf_detail d = {0};
	rf_status st;
	int rc;
	bool text = cli_take_flag(&argc, argv, "--text");

	if (argc > 2)
		return cli_usage("add", _("add takes at most one file"));
	if (argc == 2 && argv[1][0] == '-' && argv[1][1] != '\0')
		return cli_usage("add", _("unknown option '%s'"), argv[1]);
	st = cli_read_all(argc == 2 ? argv[1] : NULL, MAX_INPUT, &buf, &len);
	if (st != RF_OK)
		return cli_fail(st, _("could not read %s"), argc == 2 ? argv[1] : _("standard input"));
	if (text) {
		/* plain text: the Notice text, as written (its line ends kept, the last ones dropped) */
		while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
			buf[--len] = '\0';
		if (!text_valid_utf8((const char *)buf, len) || strlen((const char *)buf) != len) {
			rcrypto_plain_free(&buf, len);
			fputs(_("reflect: the text is not UTF-8 text; nothing was added\n"), stderr);
			return EXIT_FAILED;
		}
		if (*text_trim((char *)buf) == '\0') {
			rcrypto_plain_free(&buf, len);
			fputs(_("reflect: there is no text to add; nothing was added\n"), stderr);
			return EXIT_FAILED;
		}
		e = entry_new();
		st = e ? entry_set(&e->notice_text, (const char *)buf) : RF_ERR_NOMEM;
	} else {
		st = entry_from_json((const char *)buf, len, &e, &d);
	}
	rcrypto_plain_free(&buf, len);
	if (st == RF_ERR_NOMEM) {
		entry_free(&e);
		return cli_fail(st, NULL);
	}
	if (st != RF_OK) {
		if (d.line > 0)
			fprintf(stderr, _("reflect: the entry is not valid JSON at line %d, column %d: %s\n"),
				d.line, d.column, d.text);
		else
			fprintf(stderr, _("reflect: the entry could not be read: %s\n"), d.text);
		fputs(_("reflect: nothing was added\n"), stderr);
		return EXIT_FAILED;
	}
	e->id = 0;
	if (entry_canonical_labels(e) != RF_OK) {
		entry_free(&e);
		return cli_fail(RF_ERR_NOMEM, NULL);
	}
	rc = cli_unlock(g, &j);
	if (rc != EXIT_DONE) {
		fputs(_("reflect: the entry was not saved\n"), stderr);
		goto out;
	}
	st = journal_add(j, e);
	if (st != RF_OK) {
		rc = cli_fail(st, _("the entry was not saved"));
		goto out;
	}
	printf("%lld\n", (long long)e->id);
out:
	entry_free(&e);
	journal_close(&j);
	return rc;
}

/* One field on one line: a tab or newline in it is shown, never forges a line. */
static void put_one(FILE *out, const char *fmt, const char *s)
{
	char *v = cli_safe(s);

	fprintf(out, fmt, v ? v : "");
	free(v);
}

static void print_text(FILE *out, const char *label, const char *text)
{
	if (text == NULL || *text == '\0')
		return;
	fprintf(out, "%s\n", label);
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		fprintf(out, "  %.*s\n", (int)n, p);
		p += n + (nl ? 1 : 0);
	}
}

/* A list of vocabulary words, each shown in the language in force. */
static void print_list(FILE *out, const char *label, const strlist *l)
{
	if (l->n == 0)
		return;
	fprintf(out, "%s ", label);
	for (size_t i = 0; i < l->n; i++)
		put_one(out, i ? ", %s" : "%s", prompts_word_shown(l->v[i]));
	fputc('\n', out);
}

void cli_print_entry(FILE *out, const entry *e)
{
	char iso_day[11], day[80], when[80];

	entry_day(e, iso_day);
	dates_human_day(iso_day, day, sizeof day);
	dates_human_time(e->written, when, sizeof when);
	fprintf(out, _("Entry %lld  %s"), (long long)e->id, day);
	if (e->family)
		put_one(out, "  %s", e->family);
	if (e->visit_type)
		put_one(out, "  %s", prompts_word_shown(e->visit_type));
	if (e->life_stage)
		put_one(out, "  (%s)", prompts_word_shown(e->life_stage));
	fputc('\n', out);
	fprintf(out, _("Written %s"), when);
	fprintf(out, "%s%s\n\n", e->for_supervision ? _("  · for supervision") : "",
		e->portfolio ? _("  · portfolio") : "");
	/* TRANSLATORS: headings of 'reflect show', in capitals where your script has them. */
	fprintf(out, "%s\n", _("PAUSE"));
	if (e->activation >= 0)
		fprintf(out, _("Activation: %d of 10\n"), e->activation);
	print_text(out, _("Body:"), e->pause_body);
	print_text(out, _("Arriving:"), e->pause_text);
	fprintf(out, "\n%s\n", _("NOTICE"));
	print_list(out, _("Feelings:"), &e->emotions);
	print_text(out, _("What I noticed:"), e->notice_text);
	print_text(out, _("Between parent and infant:"), e->notice_between);
	print_text(out, _("What was stirred in me:"), e->notice_stirred);
	fprintf(out, "\n%s\n", _("BE CURIOUS"));
	print_text(out, _("Moving forward:"), e->curious_text);
	print_text(out, _("Wondering about the parent:"), e->curious_parent);
	print_text(out, _("Wondering about the infant:"), e->curious_infant);
	if (e->questions.n > 0) {
		fprintf(out, "%s\n", _("Questions for supervision:"));
		for (size_t i = 0; i < e->questions.n; i++)
			put_one(out, "  - %s\n", e->questions.v[i]);
	}
	for (int i = 0; i < ENTRY_ANSWERS; i++) {
		if (e->answers[i] == NULL || *e->answers[i] == '\0')
			continue;
		fprintf(out, "\n%s\n", _(prompts_answer_heading(i)));
		print_text(out, _(prompts_answer_question(i)), e->answers[i]);
	}
	if (e->themes.n || e->competencies.n)
		fputc('\n', out);
	print_list(out, _("Themes:"), &e->themes);
	print_list(out, _("Competencies:"), &e->competencies);
	for (size_t i = 0; i < e->nresponses; i++) {
		fputc('\n', out);
		dates_human_iso(e->responses[i].at, when, sizeof when);
		put_one(out, _("RESPONSE from %s"), e->responses[i].from);
		put_one(out, *when ? ", %s\n" : "%s\n", when);
		print_text(out, "", e->responses[i].text);
	}
}

int cmd_show(int argc, char **argv, const cli_global *g)
{
	journal *j = NULL;
	entry *e = NULL;
	int64_t id;
	rf_status st;
	int rc;

	if (cli_take_flag(&argc, argv, "--shared")) {
		/* the shared entry's own options and number, with --shared first again */
		char *v[8] = {argv[0], "--shared"};
		int n = 2;
		for (int i = 1; i < argc && n < 7; i++)
			v[n++] = argv[i];
		if (argc > 6)
			return cli_usage("show", "%s",
					 _("show --shared takes [--from NAME] and one entry's number"));
		v[n] = NULL;
		return cli_show_shared(n, v, g);
	}
	if (argc != 2 || !cli_parse_id(argv[1], &id))
		return cli_usage("show", _("show takes one entry id (a number, as 'reflect list' shows)"));
	rc = cli_unlock(g, &j);
	if (rc != EXIT_DONE)
		return rc;
	st = journal_get(j, id, &e);
	if (st == RF_OK) {
		cli_print_entry(stdout, e);
	} else if (st == RF_ERR_NOT_FOUND) {
		if (!cli_hint_shared(j, id))
			fprintf(stderr, _("reflect: there is no entry %lld; 'reflect list' shows the ids\n"),
				(long long)id);
		rc = EXIT_FAILED;
	} else if (st == RF_ERR_DAMAGED) {
		fprintf(stderr,
			_("reflect: entry %lld is damaged or was altered: it does not authenticate, so "
			  "it is not shown. Other entries are unaffected; restore it from a backup.\n"),
			(long long)id);
		rc = EXIT_DAMAGED;
	} else {
		rc = cli_fail(st, _("could not read entry %lld"), (long long)id);
	}
	entry_free(&e);
	journal_close(&j);
	return rc;
}

int cmd_delete(int argc, char **argv, const cli_global *g)
{
	journal *j = NULL;
	entry *e = NULL;
	bool force = false;
	int64_t id;
	rf_status st;
	int rc = simple_opts(argc, argv, "delete", NULL, &force);

	if (rc >= 0)
		return rc;
	if (optind + 1 != argc || !cli_parse_id(argv[optind], &id))
		return cli_usage("delete", _("delete takes one entry id"));
	rc = cli_unlock(g, &j);
	if (rc != EXIT_DONE)
		return rc;
	st = journal_get(j, id, &e);
	if (st == RF_ERR_NOT_FOUND) {
		fprintf(stderr, _("reflect: there is no entry %lld; nothing was deleted\n"), (long long)id);
		rc = EXIT_FAILED;
		goto out;
	}
	if (!force) {
		char q[300], iso_day[11] = "", day[64] = "";
		if (e != NULL)
			entry_day(e, iso_day);
		if (*iso_day)
			dates_human_day(iso_day, day, sizeof day);
		if (*day)
			snprintf(q, sizeof q,
				 _("Delete entry %lld of %s for good? It cannot be brought back."),
				 (long long)id, day);
		else
			snprintf(q, sizeof q, _("Delete entry %lld for good? It cannot be brought back."),
				 (long long)id);
		if (!g->interactive) {
			fputs(_("reflect: deleting needs --force when not run from a terminal; nothing was "
				"deleted\n"),
			      stderr);
			rc = EXIT_FAILED;
			goto out;
		}
		if (!cli_confirm(q)) {
			fputs(_("Nothing was deleted.\n"), stderr);
			goto out;
		}
	}
	st = journal_delete(j, id);
	if (st != RF_OK)
		rc = cli_fail(st, _("entry %lld was not deleted"), (long long)id);
	else
		fprintf(stderr, _("Entry %lld was deleted.\n"), (long long)id);
out:
	entry_free(&e);
	journal_close(&j);
	return rc;
}

int cmd_passwd(int argc, char **argv, const cli_global *g)
{
	const char *kdf = NULL;
	rcrypto_level level;
	journal *j = NULL;
	char *pass = NULL;
	rf_status st;
	int rc = simple_opts(argc, argv, "passwd", &kdf, NULL);

	if (rc >= 0)
		return rc;
	if (optind < argc)
		return cli_usage("passwd", _("%s takes no arguments"), "passwd");
	/* without --kdf the journal keeps the cost it has */
	if (kdf != NULL && rcrypto_level_parse(kdf, &level) != RF_OK)
		return cli_usage("passwd", _("--kdf is interactive, moderate or sensitive, not '%s'"), kdf);
	rc = cli_unlock(g, &j);
	if (rc != EXIT_DONE)
		return rc;
	pass = cli_read_passphrase(g->new_passphrase_file, _("New passphrase: "), true);
	if (pass == NULL) {
		rc = EXIT_FAILED;
		goto out;
	}
	st = journal_passwd(j, pass, strlen(pass), kdf != NULL ? &level : NULL);
	if (st != RF_OK)
		rc = cli_fail(st, _("the passphrase was not changed; the old one still opens the journal"));
	else
		fputs(_("Your passphrase is changed. The old one no longer opens the journal.\n"), stderr);
out:
	rcrypto_secret_free(&pass);
	journal_close(&j);
	return rc;
}

/* check --accept: show what is wrong, ask, then take the present rows as the new baseline. */
static int check_accept(const cli_global *g, journal **jp, bool yes)
{
	size_t nd = 0;
	const journal_damage *d = journal_damage_list(*jp, &nd);
	rf_status st;
	int rc = EXIT_DONE;

	for (size_t i = 0; i < nd; i++) {
		char *w = cli_safe(d[i].what);
		if (d[i].id > 0)
			printf(_("damaged: %s %lld: %s\n"),
			       strcmp(d[i].table, "entries") == 0 ? _("entry") : d[i].table,
			       (long long)d[i].id, w ? _(w) : "");
		else
			printf(_("damaged: %s\n"), w ? _(w) : "");
		free(w);
	}
	fflush(stdout);
	if (!yes) {
		if (!g->interactive) {
			fputs(_("reflect: accepting the journal as it is needs --yes when not run from a "
				"terminal; nothing was changed\n"),
			      stderr);
			journal_close(jp);
			return EXIT_FAILED;
		}
		if (!cli_confirm(_("Take the journal as it is now as the new starting point? What was "
				   "deleted or rolled back stays lost; records that do not open stay "
				   "damaged; later changes made outside reflect will show again."))) {
			fputs(_("Nothing was changed.\n"), stderr);
			journal_close(jp);
			return EXIT_DAMAGED;
		}
	}
	st = journal_accept(*jp);
	if (st != RF_OK) {
		rc = cli_fail(st, _("the journal could not be accepted as it is"));
	} else {
		journal_check(*jp);
		journal_damage_list(*jp, &nd);
		if (nd == 0) {
			fputs(_("Accepted: the journal as it is now is the new starting point.\n"), stderr);
		} else {
			fputs(_("Accepted the rows as they are; some records still do not open (restore "
				"them from a backup).\n"),
			      stderr);
			rc = EXIT_DAMAGED;
		}
	}
	journal_close(jp);
	return rc;
}

int cmd_check(int argc, char **argv, const cli_global *g)
{
	static const struct option opts[] = {
		{"accept", no_argument, NULL, 'a'},
		{"yes", no_argument, NULL, 'y'},
		{NULL, 0, NULL, 0},
	};
	journal *j = NULL;
	size_t n = 0, nd = 0;
	const journal_damage *d;
	bool accept = false, yes = false;
	rf_status st;
	int rc, opt;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		if (opt == 'a')
			accept = true;
		else if (opt == 'y')
			yes = true;
		else
			return cli_usage("check", _("unknown option '%s'"), argv[optind - 1]);
	}
	if (optind < argc)
		return cli_usage("check", _("unexpected '%s'"), argv[optind]);
	rc = cli_unlock(g, &j);
	if (rc != EXIT_DONE)
		return rc;
	st = journal_check(j);
	if (accept && st == RF_ERR_DAMAGED)
		return check_accept(g, &j, yes);
	d = journal_damage_list(j, &nd);
	journal_count(j, &n);
	if (st == RF_OK) {
		printf(ngettext("All %zu entry and every other record are intact.\n",
				"All %zu entries and every other record are intact.\n", n),
		       n);
	} else if (st == RF_ERR_DAMAGED) {
		for (size_t i = 0; i < nd; i++) {
			if (d[i].id > 0)
				printf(_("damaged: %s %lld: %s\n"),
				       strcmp(d[i].table, "entries") == 0 ? _("entry") : d[i].table,
				       (long long)d[i].id, _(d[i].what));
			else
				printf(_("damaged: %s\n"), _(d[i].what));
		}
		fprintf(stderr,
			ngettext("reflect: %zu problem found. Everything else is intact and still opens; "
				 "restore what is damaged from a backup ('reflect backup').\n",
				 "reflect: %zu problems found. Everything else is intact and still opens; "
				 "restore what is damaged from a backup ('reflect backup').\n",
				 nd),
			nd);
		rc = EXIT_DAMAGED;
	} else {
		rc = cli_fail(st, _("the check could not finish"));
	}
	journal_close(&j);
	return rc;
}

int cmd_backup(int argc, char **argv, const cli_global *g)
{
	journal *j = NULL;
	bool force = false;
	rf_status st;
	int rc = simple_opts(argc, argv, "backup", NULL, &force);

	if (rc >= 0)
		return rc;
	if (optind + 1 != argc)
		return cli_usage("backup", _("backup takes the file to write"));
	if (access(argv[optind], F_OK) == 0 && !force &&
	    !cli_confirm(_("That file exists. Replace it with this backup?"))) {
		fprintf(stderr, _("reflect: %s exists; give --force to replace it. Nothing was written.\n"),
			argv[optind]);
		return EXIT_FAILED;
	}
	rc = cli_unlock(g, &j);
	if (rc != EXIT_DONE)
		return rc;
	st = journal_backup(j, argv[optind]);
	if (st != RF_OK)
		rc = cli_fail(st, _("the backup was not written"));
	else
		fprintf(stderr, _("A sealed copy of your journal is at %s.\n"), argv[optind]);
	journal_close(&j);
	return rc;
}

static const char *level_name(rcrypto_level l)
{
	return l == RCRYPTO_INTERACTIVE ? "interactive" : l == RCRYPTO_SENSITIVE ? "sensitive" : "moderate";
}

int cmd_config(int argc, char **argv, const cli_global *g)
{
	const config *c = g->cfg;

	(void)argv;
	if (argc != 1)
		return cli_usage("config", _("%s takes no arguments"), "config");
	printf(_("settings file: %s"), c->path);
	printf("%s\n", c->found ? "" : _(" (not there: defaults in force)"));
	printf("journal     = %s\n", g->journal_path);
	printf("lock_after  = %ld  (%s)\n", c->lock_after, _(config_origin_name(c->lock_after_from)));
	printf("kdf         = %s  (%s)\n", level_name(c->kdf), _(config_origin_name(c->kdf_from)));
	printf("layout      = %s  (%s)\n", c->layout, _(config_origin_name(c->layout_from)));
	printf("prompts     = %s  (%s)\n", c->prompts ? c->prompts : _("built in"),
	       _(config_origin_name(c->prompts_from)));
	if (c->prompts != NULL) {
		rf_detail d = {0};
		prompts_set *set = NULL;
		rf_status st = prompts_set_load(c->prompts, &set, &d);
		if (st == RF_OK)
			printf(_("              the prompt set reads well: %s\n"), prompts_set_name(set));
		else if (d.line > 0)
			printf(_("              line %d of the prompt set: %s; the built-in prompts are "
				 "used until it is mended\n"),
			       d.line, d.text);
		else
			printf(_("              the prompt set cannot be read (%s); the built-in prompts "
				 "are used\n"),
			       *d.text ? d.text : _(rf_status_message(st)));
		prompts_set_free(&set);
	}
	printf("colour      = %s  (%s)", c->colour ? "calm" : "none",
	       _(config_origin_name(c->colour_from)));
	printf("%s\n", c->colour && getenv("NO_COLOR") && *getenv("NO_COLOR")
			       ? _("; NO_COLOR is set, so none")
			       : "");
	printf("exchange    = %s  (%s)\n", c->exchange ? c->exchange : _("none: 'reflect sync DIR'"),
	       _(config_origin_name(c->exchange_from)));
	printf("language    = %s  (%s)\n", i18n_language(),
	       *i18n_localedir() ? i18n_localedir() : _("no catalogues found"));
	return EXIT_DONE;
}
