/* cmd_import.c - 'reflect import': entries from a file (reflect's JSON, or jrnl's plain text or
 * JSON export), all or nothing, duplicates skipped. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include "reflect/i18n.h"
#include "reflect/cli.h"
#include "reflect/import_jrnl.h"

/* The largest jrnl file read (it is read whole). */
#define MAX_JRNL (512u << 20)

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

	if (entry_canonical_labels(e) != RF_OK) {
		entry_free(&e);
		return RF_ERR_NOMEM;
	}
	b->v[b->n++] = e;
	return b->n == sizeof b->v / sizeof b->v[0] ? flush(b) : RF_OK;
}

/* A jrnl journal (plain text, or jrnl's JSON export with json set), read whole, fed to take. */
static rf_status read_jrnl(int fd, bool json, struct batch *b, rf_detail *d)
{
	unsigned char *buf = NULL;
	size_t len = 0, cap = 0, n = 0, i;
	entry **v = NULL;
	rf_status st = RF_OK;

	for (;;) {
		ssize_t r;
		if (len == cap) {
			size_t ncap = cap ? cap * 2 : 65536;
			unsigned char *nb;
			if (ncap > MAX_JRNL) {
				st = RF_ERR_TOO_BIG;
				break;
			}
			if ((nb = malloc(ncap)) == NULL) {
				st = RF_ERR_NOMEM;
				break;
			}
			if (buf != NULL) {
				memcpy(nb, buf, len);
				rcrypto_plain_free(&buf, cap);
			}
			buf = nb;
			cap = ncap;
		}
		r = read(fd, buf + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			st = RF_ERR_IO;
			break;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	if (st == RF_OK)
		st = json ? import_jrnl_json((const char *)buf, len, &v, &n, d)
			  : import_jrnl_text((const char *)buf, len, &v, &n, d);
	for (i = 0; st == RF_OK && i < n; i++) {
		st = take(v[i], b);
		v[i] = NULL; /* the batch owns it now */
	}
	entry_list_free(&v, n);
	if (buf != NULL)
		rcrypto_plain_free(&buf, cap);
	return st;
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
			return cli_usage("import", _("unknown option '%s'"), argv[optind - 1]);
	}
	if (format == NULL || (strcmp(format, "json") != 0 && strcmp(format, "jrnl") != 0 &&
			       strcmp(format, "jrnl-json") != 0))
		return cli_usage("import", "%s", _("--format is json, jrnl or jrnl-json"));
	if (optind + 1 != argc)
		return cli_usage("import", "%s", _("import takes one file (or - for standard input)"));
	fd = strcmp(argv[optind], "-") == 0 ? STDIN_FILENO : open(argv[optind], O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return cli_fail(errno == ENOENT ? RF_ERR_NOT_FOUND : RF_ERR_IO, _("could not read %s"),
				argv[optind]);
	rc = cli_unlock(g, &b.j);
	if (rc != EXIT_DONE)
		goto out;
	/* One transaction around the whole file: all of it, or nothing. */
	st = journal_begin(b.j);
	if (st == RF_OK) {
		if (strcmp(format, "json") == 0)
			st = entry_stream_json(fd, take, &b, &d);
		else
			st = read_jrnl(fd, strcmp(format, "jrnl-json") == 0, &b, &d);
	}
	if (st == RF_OK)
		st = flush(&b);
	if (st == RF_OK)
		st = journal_commit(b.j);
	else
		journal_rollback(b.j);
	if (st == RF_ERR_PARSE || st == RF_ERR_TOO_BIG) {
		if (d.line > 0)
			fprintf(stderr, _("reflect: %s is not valid at line %d, column %d: %s\n"), argv[optind],
				d.line, d.column, d.text);
		else
			fprintf(stderr, _("reflect: %s could not be read: %s\n"), argv[optind],
				d.text[0] ? d.text : _(rf_status_message(st)));
		fputs(_("reflect: nothing was imported\n"), stderr);
		rc = EXIT_FAILED;
		goto out;
	}
	if (st != RF_OK) {
		rc = cli_fail(st, "%s", _("nothing was imported"));
		goto out;
	}
	fprintf(stderr, ngettext("Imported %zu entry",
			 "Imported %zu entries", b.added), b.added);
	if (b.skipped > 0)
		fprintf(stderr, ngettext("; %zu was already in the journal",
			 "; %zu were already in the journal", b.skipped), b.skipped);
	fputs(".\n", stderr);
out:
	for (size_t i = 0; i < b.n; i++)
		entry_free(&b.v[i]);
	if (fd != STDIN_FILENO)
		close(fd);
	journal_close(&b.j);
	return rc;
}
