/* cmd_review.c - 'reflect review': the review pane's patterns, printed as text or JSON. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "reflect/i18n.h"
#include "reflect/cli.h"
#include "reflect/pattern.h"
#include "reflect/share.h"
#include "reflect/supervision.h"

enum {
	OPT_FORMAT = CLI_OPT_FIRST_FREE,
	OPT_IDS,
	OPT_RECENT_SINCE,
	OPT_RECENT_UNTIL,
	OPT_EARLIER_SINCE,
	OPT_EARLIER_UNTIL,
	OPT_RECENT_DAYS,
	OPT_MIN_SUPPORT,
	OPT_REVISIT,
	OPT_WIDTH,
};

/* The supervisor's review: share_review (the TUI's review of what was shared uses the same). */
static rf_status review_shared(journal *j, const entry_filter *f, const char *from,
			       pattern_opts *po, pattern **out, const pattern_report **r)
{
	return share_review(j, from, f, po, out, r);
}

/* A positive number, at most max; false when arg is not one. */
static bool number(const char *arg, long max, long *out)
{
	char *end = NULL;
	long v = strtol(arg, &end, 10);

	if (end == arg || *end != '\0' || v <= 0 || v > max)
		return false;
	*out = v;
	return true;
}

static int text_width_for_stdout(long asked)
{
	struct winsize ws;
	const char *cols = getenv("COLUMNS");
	long v;

	if (asked > 0)
		return (int)asked;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	if (cols != NULL && number(cols, 1000, &v))
		return (int)v;
	return 80;
}

int cmd_review(int argc, char **argv, const cli_global *g)
{
	struct option opts[32];
	entry_filter f = {0};
	pattern_opts po = {0};
	pattern *p = NULL;
	const pattern_report *r = NULL;
	int64_t *discussed = NULL;
	size_t ndiscussed = 0;
	journal *j = NULL;
	bool json = false, ids = false, shared = false;
	const char *from = NULL;
	long width = 0, v;
	char *out = NULL;
	rf_status st;
	int opt, rc;
	size_t n = 0;

	while (cli_filter_options[n].name != NULL) {
		opts[n] = cli_filter_options[n];
		n++;
	}
	opts[n++] = (struct option){"format", required_argument, NULL, OPT_FORMAT};
	opts[n++] = (struct option){"ids", no_argument, NULL, OPT_IDS};
	opts[n++] = (struct option){"recent-since", required_argument, NULL, OPT_RECENT_SINCE};
	opts[n++] = (struct option){"recent-until", required_argument, NULL, OPT_RECENT_UNTIL};
	opts[n++] = (struct option){"earlier-since", required_argument, NULL, OPT_EARLIER_SINCE};
	opts[n++] = (struct option){"earlier-until", required_argument, NULL, OPT_EARLIER_UNTIL};
	opts[n++] = (struct option){"recent-days", required_argument, NULL, OPT_RECENT_DAYS};
	opts[n++] = (struct option){"min-support", required_argument, NULL, OPT_MIN_SUPPORT};
	opts[n++] = (struct option){"revisit", required_argument, NULL, OPT_REVISIT};
	opts[n++] = (struct option){"width", required_argument, NULL, OPT_WIDTH};
	opts[n] = (struct option){NULL, 0, NULL, 0};
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (cli_filter_option(opt, optarg, &f))
			continue;
		switch (opt) {
		case OPT_FORMAT:
			if (strcmp(optarg, "json") == 0)
				json = true;
			else if (strcmp(optarg, "text") == 0)
				json = false;
			else
				return cli_usage("review", _("--format is text or json, not '%s'"), optarg);
			break;
		case OPT_IDS:
			ids = true;
			break;
		case OPT_RECENT_SINCE:
		case OPT_RECENT_UNTIL:
		case OPT_EARLIER_SINCE:
		case OPT_EARLIER_UNTIL:
			if (!entry_valid_date(optarg))
				return cli_usage("review", _("%s takes a date like 2026-11-20, not '%s'"),
						 argv[optind - 1], optarg);
			if (opt == OPT_RECENT_SINCE)
				po.recent_since = optarg;
			else if (opt == OPT_RECENT_UNTIL)
				po.recent_until = optarg;
			else if (opt == OPT_EARLIER_SINCE)
				po.earlier_since = optarg;
			else
				po.earlier_until = optarg;
			break;
		case OPT_RECENT_DAYS:
			if (!number(optarg, 36500, &v))
				return cli_usage("review", "%s", _("--recent-days takes a number of days"));
			po.recent_days = (int)v;
			break;
		case OPT_MIN_SUPPORT:
			if (!number(optarg, 1000000, &v))
				return cli_usage("review", "%s", _("--min-support takes a positive number"));
			po.min_support = (unsigned)v;
			break;
		case OPT_REVISIT:
			if (!number(optarg, 0x7fffffffL, &v))
				return cli_usage("review", "%s", _("--revisit takes an entry id"));
			po.revisit_of = v;
			break;
		case OPT_WIDTH:
			if (!number(optarg, 1000, &v) || v < 40)
				return cli_usage("review", "%s", _("--width takes a number of columns (40 or more)"));
			width = v;
			break;
		case CLI_OPT_SHARED:
			shared = true;
			break;
		case CLI_OPT_FROM:
			shared = true;
			from = optarg;
			break;
		default:
			return cli_usage("review", _("unknown option '%s'"), argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage("review", _("unexpected '%s'"), argv[optind]);
	if (!cli_filter_valid("review", &f))
		return EXIT_USAGE;
	if (ids && !json)
		return cli_usage("review", "%s", _("--ids goes with --format json"));

	rc = cli_unlock(g, &j);
	if (rc != EXIT_DONE)
		goto out;
	if (shared) {
		st = review_shared(j, &f, from, &po, &p, &r);
		goto report;
	}
	/* Questions of entries discussed in a logged supervision session are no longer open. */
	st = supervision_discussed(j, &discussed, &ndiscussed);
	if (st != RF_OK) {
		rc = cli_fail(st, "%s", _("could not read the supervision log"));
		goto out;
	}
	po.discussed_ids = discussed;
	po.ndiscussed = ndiscussed;
	/* The entries that pass the filters make the review; the others are the background
	 * words are scored against. */
	st = pattern_review(j, &f, &po, &p, &r);
report:
	if (st == RF_ERR_NOT_FOUND && po.revisit_of != 0) {
		rc = cli_fail(st, _("entry %ld is not among the entries reviewed"), (long)po.revisit_of);
		goto out;
	}
	if (st != RF_OK) {
		rc = cli_fail(st, "%s", _("could not review the entries"));
		goto out;
	}
	if (json) {
		/* Streamed: the id lists of a large review are never held whole. */
		st = pattern_write_json(r, PATTERN_JSON_PRETTY | (ids ? PATTERN_JSON_IDS : 0),
					stdout);
		if (st == RF_OK && (fputc('\n', stdout) == EOF || fflush(stdout) != 0))
			st = RF_ERR_IO;
		if (st != RF_OK) {
			rc = cli_fail(st, "%s", _("could not write the review"));
			goto out;
		}
	} else {
		out = pattern_to_text(r, text_width_for_stdout(width));
		if (out == NULL) {
			rc = cli_fail(RF_ERR_NOMEM, "%s", _("could not write the review"));
			goto out;
		}
		fputs(out, stdout);
		if (fflush(stdout) != 0) {
			rc = cli_fail(RF_ERR_IO, "%s", _("could not write the review"));
			goto out;
		}
	}
	rc = cli_report_damage(j) ? EXIT_DAMAGED : EXIT_DONE;
out:
	pattern_free_text(&out);
	pattern_free(&p);
	free(discussed);
	journal_close(&j);
	return rc;
}
