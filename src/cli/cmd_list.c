/* cmd_list.c - 'reflect list': one line per entry, newest first. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "reflect/cli.h"
#include "reflect/dates.h"
#include "reflect/i18n.h"
#include "reflect/prompts.h"
#include "reflect/text.h"

struct list_ctx {
	long limit;
	long shown;
};

void cli_print_line(FILE *out, const entry *e)
{
	char iso_day[11], day[64];
	char *ex = text_excerpt(entry_first_words(e), 40);

	char *fam = cli_safe(e->family ? e->family : "-"), *words = cli_safe(ex ? ex : "");

	entry_day(e, iso_day);
	dates_human_day(iso_day, day, sizeof day);
	/* every field made safe on one line: a tab or newline in it cannot forge a row */
	fprintf(out, "%lld\t%s\t%s\t%s", (long long)e->id, day, fam ? fam : "", words ? words : "");
	free(fam);
	free(words);
	for (size_t i = 0; i < e->themes.n; i++) {
		char *t = cli_safe(prompts_word_shown(e->themes.v[i]));
		fprintf(out, "%s%s", i ? ", " : "\t", t ? t : "");
		free(t);
	}
	if (e->for_supervision)
		fprintf(out, "\t[%s]", _("supervision"));
	fputc('\n', out);
	free(ex);
}

/* Each line is made on any of the journal's threads (the entries are opened there too) and
 * printed in order on this one. */
struct line {
	char *s;
	size_t len;
};

static void *make_line(const entry *e, void *ctx)
{
	struct line *l = calloc(1, sizeof *l);
	FILE *ms;

	(void)ctx;
	if (l == NULL)
		return NULL;
	if ((ms = open_memstream(&l->s, &l->len)) == NULL) {
		free(l);
		return NULL;
	}
	cli_print_line(ms, e);
	if (fclose(ms) != 0) {
		free(l->s);
		free(l);
		return NULL;
	}
	return l;
}

static void drop_line(void *made, void *ctx)
{
	struct line *l = made;

	(void)ctx;
	if (l == NULL)
		return;
	if (l->s != NULL)
		sodium_memzero(l->s, l->len);
	free(l->s);
	free(l);
}

static int print_line(const entry *e, void *made, void *ctx)
{
	struct line *l = made;

	if (l == NULL) {
		cli_print_line(stdout, e); /* no memory for it there: made here */
		return 0;
	}
	(void)ctx;
	fwrite(l->s, 1, l->len, stdout); /* (l is dropped afterwards, where it was made) */
	return 0;
}

int cmd_list(int argc, char **argv, const cli_global *g)
{
	struct option opts[16];
	entry_filter f = {0};
	struct list_ctx c = {0, 0};
	journal *j = NULL;
	rf_status st;
	int opt, rc;
	size_t n = 0;
	bool shared = false;
	const char *from = NULL;

	while (cli_filter_options[n].name != NULL) {
		opts[n] = cli_filter_options[n];
		n++;
	}
	opts[n++] = (struct option){"limit", required_argument, NULL, 'n'};
	opts[n] = (struct option){NULL, 0, NULL, 0};
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "n:", opts, NULL)) != -1) {
		if (cli_filter_option(opt, optarg, &f))
			continue;
		if (opt == 'n') {
			char *end = NULL;
			c.limit = strtol(optarg, &end, 10);
			if (*end != '\0' || c.limit <= 0)
				return cli_usage("list", "%s", _("--limit takes a positive number"));
		} else if (opt == CLI_OPT_SHARED) {
			shared = true;
		} else if (opt == CLI_OPT_FROM) {
			shared = true;
			from = optarg;
		} else {
			return cli_usage("list", _("unknown option '%s'"), argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage("list", _("unexpected '%s'"), argv[optind]);
	if (!cli_filter_valid("list", &f))
		return EXIT_USAGE;
	if (shared)
		return cli_list_shared(g, &f, from, c.limit);
	rc = cli_unlock(g, &j);
	if (rc != EXIT_DONE)
		return rc;
	/* The newest --limit, cut in SQL when nothing else narrows them. */
	st = journal_each_newest_made(j, &f, true, (size_t)c.limit,
				      &(journal_worker){make_line, print_line, drop_line, &c});
	if (st != RF_OK)
		rc = cli_fail(st, _("could not list the entries"));
	else if (cli_report_damage(j))
		rc = EXIT_DAMAGED;
	journal_close(&j);
	return rc;
}
