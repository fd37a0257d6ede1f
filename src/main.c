/* main.c - reflect's entry point: global options, then a command or the journal itself. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reflect/cli.h"
#include "reflect/crypto.h"
#include "reflect/i18n.h"
#include "reflect/ui_screen.h"

#ifndef REFLECT_VERSION
#define REFLECT_VERSION "0.1.0"
#endif

/* Take the value of a global option (--opt VALUE or --opt=VALUE) at argv[*i]. */
static const char *take(int argc, char **argv, int *i, const char *name, bool *bad)
{
	size_t n = strlen(name);

	if (strncmp(argv[*i], name, n) == 0 && argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (*i + 1 >= argc) {
		*bad = true;
		return NULL;
	}
	return argv[++*i];
}

static bool is_opt(const char *arg, const char *name)
{
	size_t n = strlen(name);

	return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

int main(int argc, char **argv)
{
	cli_global g = {0};
	config cfg;
	rf_detail d = {0};
	char *cfg_path;
	char **rest;
	int nrest = 0, rc;
	bool bad = false, help = false, version = false;
	char *path = NULL;
	const cli_command *c;

	setlocale(LC_ALL, "");
	i18n_init(argv[0]);
	if (rcrypto_init() != RF_OK)
		return cli_fail(RF_ERR_CRYPTO, NULL);
	/* plaintext an $EDITOR hand-off left on /dev/shm when its reflect was killed: gone at the
	 * start of any command, not only the full-screen journal */
	ui_sweep_shm();
	cfg_path = config_default_path();
	if (config_load(cfg_path, &cfg, &d) != RF_OK)
		fprintf(stderr, _("reflect: warning: %s, line %d: %s; that line is ignored\n"),
			cfg_path ? cfg_path : "config", d.line, d.text);
	free(cfg_path);
	g.cfg = &cfg;
	g.lock_after = cfg.lock_after;
	g.interactive = isatty(STDIN_FILENO);
	g.passphrase_file = getenv("REFLECT_PASSPHRASE_FILE");
	if (g.passphrase_file != NULL && *g.passphrase_file == '\0')
		g.passphrase_file = NULL;
	rest = calloc((size_t)argc + 1, sizeof *rest);
	if (rest == NULL)
		return cli_fail(RF_ERR_NOMEM, NULL);
	rest[nrest++] = argv[0];
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0) {
			while (i < argc)
				rest[nrest++] = argv[i++];
			break;
		}
		if (is_opt(a, "--journal"))
			g.journal_path = take(argc, argv, &i, "--journal", &bad);
		else if (is_opt(a, "--passphrase-file"))
			g.passphrase_file = take(argc, argv, &i, "--passphrase-file", &bad);
		else if (is_opt(a, "--new-passphrase-file"))
			g.new_passphrase_file = take(argc, argv, &i, "--new-passphrase-file", &bad);
		else if (is_opt(a, "--lock-after")) {
			const char *v = take(argc, argv, &i, "--lock-after", &bad);
			char *end = NULL;
			g.lock_after = v ? strtol(v, &end, 10) : 0;
			if (v == NULL || *end != '\0' || g.lock_after < 0)
				bad = true;
			cfg.lock_after = g.lock_after;
			cfg.lock_after_from = CONFIG_COMMAND_LINE;
		} else if (is_opt(a, "--prompts")) {
			const char *v = take(argc, argv, &i, "--prompts", &bad);
			if (v != NULL) {
				char *p = strdup(v);
				if (p == NULL) {
					free(rest);
					config_free(&cfg);
					return cli_fail(RF_ERR_NOMEM, NULL);
				}
				free(cfg.prompts);
				cfg.prompts = p;
				cfg.prompts_from = CONFIG_COMMAND_LINE;
			}
		} else if (strcmp(a, "--plain") == 0)
			g.plain = true;
		else if (strcmp(a, "--version") == 0 && nrest == 1)
			version = true;
		else if ((strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0))
			help = true;
		else if (strcmp(a, "--passphrase") == 0 || strncmp(a, "--passphrase=", 13) == 0) {
			free(rest);
			config_free(&cfg);
			return cli_usage(NULL, "%s",
					 _("a passphrase is never given on the command line (others "
					   "can see it); use --passphrase-file FILE or the terminal"));
		} else
			rest[nrest++] = argv[i];
		if (bad) {
			free(rest);
			config_free(&cfg);
			return cli_usage(NULL, _("%s needs a value"), a);
		}
	}
	rest[nrest] = NULL;
	if (version) {
		puts("reflect " REFLECT_VERSION);
		free(rest);
		config_free(&cfg);
		return EXIT_DONE;
	}
	if (g.journal_path == NULL) {
		path = journal_default_path();
		if (path == NULL) {
			free(rest);
			config_free(&cfg);
			return cli_fail(RF_ERR_NOMEM, NULL);
		}
		g.journal_path = path;
	}
	if (nrest == 1) {
		if (help) {
			char *h[] = {"help", NULL};
			rc = cmd_help(1, h, &g);
		} else {
			rc = cli_open_journal_ui(&g);
		}
	} else if ((c = cli_find(rest[1])) == NULL) {
		cli_guard_output(true, true);
		rc = cli_usage(NULL, _("there is no command '%s'"), rest[1]);
		fflush(stderr);
	} else if (help) {
		char *h[] = {"help", rest[1], NULL};
		rc = cmd_help(2, h, &g);
	} else {
		/* What a command prints is made safe for a terminal; a document written to
		 * standard output (export, a contact card) is left exact unless it is a terminal. */
		bool data = strcmp(c->name, "export") == 0 || strcmp(c->name, "id") == 0;
		cli_guard_output(!data || isatty(STDOUT_FILENO), true);
		rc = c->fn(nrest - 1, rest + 1, &g);
		fflush(stdout);
		fflush(stderr);
	}
	free(rest);
	free(path);
	config_free(&cfg);
	return rc;
}
