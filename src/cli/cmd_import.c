/* cmd_import.c - 'reflect import': entries from a file, all or nothing, duplicates skipped. */
#include <getopt.h>
#include <string.h>

#include "reflect/cli.h"

#define MAX_IMPORT (512u << 20)

int cmd_import(int argc, char **argv, const cli_global *g)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'F'},
		{NULL, 0, NULL, 0},
	};
	const char *format = NULL;
	unsigned char *buf = NULL;
	size_t len = 0, n = 0, added = 0, skipped = 0;
	entry **v = NULL;
	journal *j = NULL;
	rf_detail d = {0};
	rf_status st;
	int opt, rc;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == 'F')
			format = optarg;
		else
			return cli_usage("import", "unknown option '%s'", argv[optind - 1]);
	}
	if (format == NULL || strcmp(format, "json") != 0)
		return cli_usage("import", "--format json is the format this version reads");
	if (optind + 1 != argc)
		return cli_usage("import", "import takes one file (or - for standard input)");
	st = cli_read_all(argv[optind], MAX_IMPORT, &buf, &len);
	if (st != RF_OK)
		return cli_fail(st, "could not read %s", argv[optind]);
	st = entry_list_from_json((const char *)buf, len, &v, &n, &d);
	if (st != RF_OK) {
		if (d.line > 0)
			fprintf(stderr, "reflect: %s is not valid JSON at line %d, column %d: %s\n",
				argv[optind], d.line, d.column, d.text);
		else
			fprintf(stderr, "reflect: %s could not be read: %s\n", argv[optind], d.text);
		fputs("reflect: nothing was imported\n", stderr);
		rc = EXIT_FAILED;
		goto out;
	}
	rc = cli_unlock(g, &j);
	if (rc != EXIT_DONE)
		goto out;
	st = journal_import(j, v, n, &added, &skipped);
	if (st != RF_OK) {
		rc = cli_fail(st, "nothing was imported");
		goto out;
	}
	fprintf(stderr, "Imported %zu entr%s", added, added == 1 ? "y" : "ies");
	if (skipped > 0)
		fprintf(stderr, "; %zu %s already in the journal", skipped,
			skipped == 1 ? "was" : "were");
	fputs(".\n", stderr);
out:
	rcrypto_plain_free(&buf, len);
	entry_list_free(&v, n);
	journal_close(&j);
	return rc;
}
