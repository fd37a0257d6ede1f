/* cmd_import.c - 'reflect import': entries from a file, all or nothing, duplicates skipped. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <unistd.h>
#include <string.h>

#include "reflect/cli.h"

struct batch {
	journal *j;
	entry *v[256];
	size_t n, added, skipped;
};

static rf_status flush(struct batch *b)
{
	size_t added = 0, skipped = 0;
	rf_status st = b->n ? journal_import(b->j, b->v, b->n, &added, &skipped) : RF_OK;

	for (size_t i = 0; i < b->n; i++)
		entry_free(&b->v[i]);
	b->n = 0;
	b->added += added;
	b->skipped += skipped;
	return st;
}

static rf_status take(entry *e, void *ctx)
{
	struct batch *b = ctx;

	b->v[b->n++] = e;
	return b->n == sizeof b->v / sizeof b->v[0] ? flush(b) : RF_OK;
}

int cmd_import(int argc, char **argv, const cli_global *g)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'F'},
		{NULL, 0, NULL, 0},
	};
	const char *format = NULL;
	struct batch b = {0};
	rf_detail d = {0};
	rf_status st;
	int opt, rc, fd;

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
	fd = strcmp(argv[optind], "-") == 0 ? STDIN_FILENO : open(argv[optind], O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return cli_fail(errno == ENOENT ? RF_ERR_NOT_FOUND : RF_ERR_IO, "could not read %s",
				argv[optind]);
	rc = cli_unlock(g, &b.j);
	if (rc != EXIT_DONE)
		goto out;
	/* One transaction around the whole file: all of it, or nothing. */
	st = journal_begin(b.j);
	if (st == RF_OK)
		st = entry_stream_json(fd, take, &b, &d);
	if (st == RF_OK)
		st = flush(&b);
	if (st == RF_OK)
		st = journal_commit(b.j);
	else
		journal_rollback(b.j);
	if (st == RF_ERR_PARSE || st == RF_ERR_TOO_BIG) {
		if (d.line > 0)
			fprintf(stderr, "reflect: %s is not valid at line %d, column %d: %s\n", argv[optind],
				d.line, d.column, d.text);
		else
			fprintf(stderr, "reflect: %s could not be read: %s\n", argv[optind],
				d.text[0] ? d.text : rf_status_message(st));
		fputs("reflect: nothing was imported\n", stderr);
		rc = EXIT_FAILED;
		goto out;
	}
	if (st != RF_OK) {
		rc = cli_fail(st, "nothing was imported");
		goto out;
	}
	fprintf(stderr, "Imported %zu entr%s", b.added, b.added == 1 ? "y" : "ies");
	if (b.skipped > 0)
		fprintf(stderr, "; %zu %s already in the journal", b.skipped,
			b.skipped == 1 ? "was" : "were");
	fputs(".\n", stderr);
out:
	for (size_t i = 0; i < b.n; i++)
		entry_free(&b.v[i]);
	if (fd != STDIN_FILENO)
		close(fd);
	journal_close(&b.j);
	return rc;
}
