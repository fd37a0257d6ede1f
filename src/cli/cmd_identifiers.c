/* cmd_identifiers.c - 'reflect identifiers': the sealed list of names and places that must never
 * leave in an export (add reads them from standard input, so they stay out of shell history). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "reflect/i18n.h"
#include "reflect/cli.h"
#include "reflect/deid.h"
#include "reflect/text.h"

static int ids_add(int argc, char **argv, const cli_global *g)
{
	static const struct option opts[] = {
	    {"kind", required_argument, NULL, 'k'},
	    {NULL, 0, NULL, 0},
	};
	const char *kind = "name";
	journal *j = NULL;
	char *line = NULL;
	size_t cap = 0, added = 0, already = 0;
	ssize_t len;
	int opt, rc;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == 'k')
			kind = optarg;
		else
			return cli_usage("identifiers", _("unknown option '%s'"), argv[optind - 1]);
	}
	if (!deid_kind_valid(kind))
		return cli_usage("identifiers", _("--kind is one of: %s"), DEID_KINDS);
	if (optind < argc)
		return cli_usage("identifiers",
				 "%s", _("type the names on standard input, one a line, rather than on the "
				 "command line, so they stay out of your shell's history"));
	rc = cli_unlock(g, &j);
	if (rc != EXIT_DONE)
		return rc;
	if (g->interactive)
		fputs(_("Type each name or place to keep out of exports, one a line; an empty line "
		      "finishes.\n"),
		      stderr);
	for (;;) {
		int64_t id = 0;
		rf_status st;
		if (g->interactive) {
			fputs("> ", stderr);
			fflush(stderr);
		}
		if ((len = getline(&line, &cap, stdin)) < 0)
			break;
		text_trim(line);
		if (line[0] == '\0') {
			if (g->interactive)
				break;
			continue;
		}
		st = deid_identifier_add(j, line, kind, &id);
		if (st == RF_ERR_EXISTS) {
			already++;
		} else if (st == RF_ERR_INVALID) {
			fputs(_("reflect: a line with no letters or digits was skipped\n"), stderr);
		} else if (st != RF_OK) {
			rc = cli_fail(st, "%s", _("the identifier was not added"));
			break;
		} else {
			added++;
		}
		sodium_memzero(line, cap);
	}
	if (line != NULL) {
		sodium_memzero(line, cap);
		free(line);
	}
	if (rc == EXIT_DONE) {
		fprintf(stderr, ngettext("Added %zu identifier",
			 "Added %zu identifiers", added), added);
		if (already > 0)
			fprintf(stderr, "; %zu %s already on the list", already,
				already == 1 ? "was" : "were");
		fputs(".\n", stderr);
	}
	journal_close(&j);
	return rc;
}

static int ids_list(int argc, char **argv, const cli_global *g)
{
	deid_list *l = NULL;
	journal *j = NULL;
	rf_status st;
	int rc;

	(void)argv;
	if (argc > 1)
		return cli_usage("identifiers", "%s", _("list takes nothing more"));
	rc = cli_unlock(g, &j);
	if (rc != EXIT_DONE)
		return rc;
	st = deid_list_load(j, &l);
	if (st != RF_OK) {
		rc = cli_fail(st, "%s", _("the identifiers list could not be read"));
		goto out;
	}
	for (size_t i = 0; i < deid_list_count(l); i++)
	{
		char *t = cli_safe(deid_list_text(l, i));
		printf("%lld\t%s\t%s\n", (long long)deid_list_id(l, i), deid_list_kind(l, i),
		       t ? t : "");
		free(t);
	}
	if (deid_list_count(l) == 0 && g->interactive)
		fputs(_("The list is empty. Add names with 'reflect identifiers add'.\n"), stderr);
	if (cli_report_damage(j))
		rc = EXIT_DAMAGED;
out:
	deid_list_free(&l);
	journal_close(&j);
	return rc;
}

static int ids_remove(int argc, char **argv, const cli_global *g)
{
	journal *j = NULL;
	int rc;

	if (argc < 2)
		return cli_usage("identifiers", "%s", _("remove takes the id of each identifier to remove"));
	for (int i = 1; i < argc; i++) {
		char *end = NULL;
		long long v = strtoll(argv[i], &end, 10);
		if (end == argv[i] || *end != '\0' || v <= 0)
			return cli_usage("identifiers",
					 "'%s' is not an identifier's id (see 'reflect "
					 "identifiers list')",
					 argv[i]);
	}
	rc = cli_unlock(g, &j);
	if (rc != EXIT_DONE)
		return rc;
	for (int i = 1; i < argc && rc == EXIT_DONE; i++) {
		rf_status st = deid_identifier_remove(j, strtoll(argv[i], NULL, 10));
		if (st == RF_ERR_NOT_FOUND) {
			fprintf(stderr, _("reflect: there is no identifier %s\n"), argv[i]);
			rc = EXIT_FAILED;
		} else if (st != RF_OK) {
			rc = cli_fail(st, _("identifier %s was not removed"), argv[i]);
		}
	}
	journal_close(&j);
	return rc;
}

int cmd_identifiers(int argc, char **argv, const cli_global *g)
{
	if (argc < 2)
		return cli_usage("identifiers", "%s", _("say add, list or remove"));
	if (strcmp(argv[1], "add") == 0)
		return ids_add(argc - 1, argv + 1, g);
	if (strcmp(argv[1], "list") == 0)
		return ids_list(argc - 1, argv + 1, g);
	if (strcmp(argv[1], "remove") == 0)
		return ids_remove(argc - 1, argv + 1, g);
	return cli_usage("identifiers", _("say add, list or remove (not '%s')"), argv[1]);
}
