/* cmd_export.c - 'reflect export': entries out as JSON, written only where the person says. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "reflect/cli.h"

struct export_ctx {
	json_t *entries;
	rf_status st;
};

static int collect(const entry *e, void *ctx)
{
	struct export_ctx *c = ctx;
	char *s = entry_to_json(e, ENTRY_JSON_ID);
	json_t *o = s ? json_loads(s, 0, NULL) : NULL;

	entry_free_text(&s);
	if (o == NULL || json_array_append_new(c->entries, o) != 0) {
		c->st = RF_ERR_NOMEM;
		return 1;
	}
	return 0;
}

/* Write text to path atomically (a 0600 temporary beside it, fsync, rename). */
static rf_status write_atomic(const char *path, const char *text, size_t len)
{
	size_t n = strlen(path) + 16;
	char *tmp = malloc(n);
	rf_status st = RF_OK;
	int fd;

	if (tmp == NULL)
		return RF_ERR_NOMEM;
	snprintf(tmp, n, "%s.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		free(tmp);
		return RF_ERR_IO;
	}
	fchmod(fd, 0600);
	for (size_t off = 0; off < len && st == RF_OK;) {
		ssize_t w = write(fd, text + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			st = errno == ENOSPC ? RF_ERR_FULL : RF_ERR_IO;
		else
			off += (size_t)w;
	}
	if (st == RF_OK && fsync(fd) != 0)
		st = errno == ENOSPC ? RF_ERR_FULL : RF_ERR_IO;
	close(fd);
	if (st == RF_OK && rename(tmp, path) != 0)
		st = RF_ERR_IO;
	if (st != RF_OK)
		unlink(tmp);
	free(tmp);
	return st;
}

int cmd_export(int argc, char **argv, const cli_global *g)
{
	struct option opts[20];
	entry_filter f = {0};
	const char *format = NULL, *outpath = NULL;
	bool force = false;
	struct export_ctx c = {NULL, RF_OK};
	json_t *doc = NULL;
	journal *j = NULL;
	char *text = NULL;
	rf_status st;
	size_t n = 0;
	int opt, rc;

	while (cli_filter_options[n].name != NULL) {
		opts[n] = cli_filter_options[n];
		n++;
	}
	opts[n++] = (struct option){"format", required_argument, NULL, 'F'};
	opts[n++] = (struct option){"output", required_argument, NULL, 'o'};
	opts[n++] = (struct option){"force", no_argument, NULL, 'f'};
	opts[n] = (struct option){NULL, 0, NULL, 0};
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		if (cli_filter_option(opt, optarg, &f))
			continue;
		if (opt == 'F')
			format = optarg;
		else if (opt == 'o')
			outpath = optarg;
		else if (opt == 'f')
			force = true;
		else
			return cli_usage("export", "unknown option '%s'", argv[optind - 1]);
	}
	if (optind < argc)
		return cli_usage("export", "unexpected '%s'", argv[optind]);
	if (format == NULL || strcmp(format, "json") != 0)
		return cli_usage("export", "--format json is the format this version writes");
	if (!cli_filter_valid("export", &f))
		return EXIT_USAGE;
	if (outpath != NULL && access(outpath, F_OK) == 0 && !force &&
	    !cli_confirm("That file exists. Replace it?")) {
		fprintf(stderr, "reflect: %s exists; give --force to replace it. Nothing was written.\n",
			outpath);
		return EXIT_FAILED;
	}
	rc = cli_unlock(g, &j);
	if (rc != EXIT_DONE)
		return rc;
	c.entries = json_array();
	doc = json_object();
	if (c.entries == NULL || doc == NULL) {
		rc = cli_fail(RF_ERR_NOMEM, NULL);
		goto out;
	}
	st = journal_each(j, &f, true, collect, &c);
	if (st == RF_OK)
		st = c.st;
	if (st != RF_OK) {
		rc = cli_fail(st, "nothing was exported");
		goto out;
	}
	json_object_set_new(doc, "reflect", json_integer(1));
	json_object_set(doc, "entries", c.entries);
	text = json_dumps(doc, JSON_INDENT(2) | JSON_SORT_KEYS);
	if (text != NULL) {
		size_t tl = strlen(text);
		char *nl = realloc(text, tl + 2);
		if (nl == NULL) {
			entry_free_text(&text);
		} else {
			text = nl;
			memcpy(text + tl, "\n", 2);
		}
	}
	if (text == NULL) {
		rc = cli_fail(RF_ERR_NOMEM, NULL);
		goto out;
	}
	if (outpath != NULL) {
		fprintf(stderr, "Note: %s is not sealed; anyone who has the file can read it.\n",
			outpath);
		st = write_atomic(outpath, text, strlen(text));
		if (st != RF_OK)
			rc = cli_fail(st, "%s was not written", outpath);
		else
			fprintf(stderr, "Wrote %zu entr%s to %s.\n", json_array_size(c.entries),
				json_array_size(c.entries) == 1 ? "y" : "ies", outpath);
	} else {
		fputs(text, stdout);
	}
	if (rc == EXIT_DONE && cli_report_damage(j))
		rc = EXIT_DAMAGED;
out:
	entry_free_text(&text);
	json_decref(c.entries);
	json_decref(doc);
	journal_close(&j);
	return rc;
}
