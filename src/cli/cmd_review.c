/* cmd_review.c - 'reflect review': the review pane's patterns, printed as text or JSON. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <time.h>

#include "reflect/i18n.h"
#include "reflect/cli.h"
#include "reflect/dates.h"
#include "reflect/deid.h"
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

/* EXIT_FAILED (said) when more than one person shared an entry of this number. */
static int revisit_whose(journal *j, int64_t id)
{
	strlist names = {0};
	size_t holders = 0;
	rf_status st = share_supervisees(j, &names);

	if (st != RF_OK)
		return cli_fail(st, "%s", _("could not review the entries"));
	for (size_t i = 0; i < names.n; i++) {
		share_held h;
		rf_detail d = {0, 0, ""};
		if (share_held_find(j, names.v[i], id, &h, &d) == RF_OK) {
			entry_free(&h.e);
			holders++;
		}
	}
	strlist_clear(&names);
	if (holders < 2)
		return EXIT_DONE;
	fprintf(stderr,
		_("reflect: more than one person shared an entry %lld; say whose with --from NAME\n"),
		(long long)id);
	return EXIT_FAILED;
}

/* Words never listed in the review: names on the identifiers list (and whatever else the
 * de-identification scan finds in a word on its own). */
static bool hide_listed(void *ctx, const char *word)
{
	bool found = false;

	/* a listed name (in any variant) or a word no dictionary knows: never shown */
	return deid_is_name(ctx, word) ||
	       (deid_scan_text(ctx, word, strlen(word), &found) == RF_OK && found);
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
	deid_list *ids_list = NULL;
	bool json = false, ids = false, shared = false;
	const char *from = NULL;
	long width = 0, v;
	char *out = NULL;
	/* the days natural dates name (--recent-since 2w), one for each period's end */
	char rs_day[11], ru_day[11], es_day[11], eu_day[11];
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
		{
			char *day = opt == OPT_RECENT_SINCE   ? rs_day
				    : opt == OPT_RECENT_UNTIL ? ru_day
				    : opt == OPT_EARLIER_SINCE ? es_day
							       : eu_day;
			/* natural dates as --since takes them: yesterday, 'last week', 2w */
			if (!dates_parse_day(optarg, time(NULL), day))
				return cli_usage("review",
						 _("%s takes a date like 2026-11-20, yesterday, 2w or "
						   "'last week', not '%s'"),
						 opt == OPT_RECENT_SINCE   ? "--recent-since"
						 : opt == OPT_RECENT_UNTIL ? "--recent-until"
						 : opt == OPT_EARLIER_SINCE ? "--earlier-since"
									    : "--earlier-until",
						 optarg);
			if (opt == OPT_RECENT_SINCE)
				po.recent_since = day;
			else if (opt == OPT_RECENT_UNTIL)
				po.recent_until = day;
			else if (opt == OPT_EARLIER_SINCE)
				po.earlier_since = day;
			else
				po.earlier_until = day;
			break;
		}
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
	st = deid_list_load(j, &ids_list);
	if (st != RF_OK) {
		rc = cli_fail(st, "%s", _("could not read the identifiers list"));
		goto out;
	}
	po.hide_word = hide_listed;
	po.hide_ctx = ids_list;
	/* A supervisor's review of one supervisee speaks of them by name, as held ('ana' is
	 * Ana); a name nobody shared under is said, not reviewed as nothing. */
	char canon[IDENTITY_NAME_MAX + 1];
	if (shared && from != NULL) {
		if (!share_is_supervisee(j, from, canon)) {
			fprintf(stderr,
				_("reflect: nothing was shared with you by '%s'; 'reflect list --shared' "
				  "shows who shared what\n"),
				from);
			rc = EXIT_FAILED;
			goto out;
		}
		from = canon;
	}
	/* across everyone, a number may be more than one person's: --revisit says whose */
	if (shared && from == NULL && po.revisit_of != 0 &&
	    (rc = revisit_whose(j, po.revisit_of)) != EXIT_DONE)
		goto out;
	po.subject = shared ? from : NULL;
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
	deid_list_free(&ids_list);
	journal_close(&j);
	return rc;
}

/* 'reflect practice [N | --skip]': the practice check-in. */
int cmd_practice(int argc, char **argv, const cli_global *g)
{
	struct option opts[] = {{"skip", no_argument, NULL, 's'}, {NULL, 0, NULL, 0}};
	journal *j = NULL;
	pattern *p = NULL;
	const pattern_report *r = NULL;
	bool skip = false, due = false;
	long answer = -1;
	int opt, rc;
	rf_status st;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == 's')
			skip = true;
		else
			return cli_usage("practice", _("unknown option '%s'"), argv[optind - 1]);
	}
	if (optind < argc) {
		char *end = NULL;
		answer = strtol(argv[optind], &end, 10);
		if (end == argv[optind] || *end != '\0' || answer < 0 || answer > 10)
			return cli_usage("practice", _("the answer is a number from 0 to 10, not '%s'"),
					 argv[optind]);
		if (optind + 1 < argc)
			return cli_usage("practice", _("unexpected '%s'"), argv[optind + 1]);
	}
	if (skip && answer >= 0)
		return cli_usage("practice", "%s", _("--skip goes without an answer"));
	rc = cli_unlock(g, &j);
	if (rc != EXIT_DONE)
		goto out;
	if (answer >= 0 || skip) {
		st = pattern_practice_record(j, skip ? -1 : (int)answer, (int64_t)time(NULL));
		if (st != RF_OK) {
			rc = cli_fail(st, "%s", _("could not keep the answer"));
			goto out;
		}
		if (skip)
			printf("%s\n", _("Let be for this month; the question will be offered again in a month."));
		else
			printf(_("Kept: %ld out of 10. Its course over the months is in 'reflect review'.\n"),
			       answer);
		rc = cli_report_damage(j) ? EXIT_DAMAGED : EXIT_DONE;
		goto out;
	}
	/* No answer: the question and its course. */
	if ((st = pattern_new(NULL, &p)) != RF_OK || (st = pattern_practice_load(j, p)) != RF_OK ||
	    (st = pattern_finish(p, &r)) != RF_OK ||
	    (st = pattern_practice_due(j, (int64_t)time(NULL), &due)) != RF_OK) {
		rc = cli_fail(st, "%s", _("could not read the practice check-ins"));
		goto out;
	}
	printf("%s\n", pattern_practice_question());
	for (size_t i = 0; i < r->npractice; i++) {
		char month[64];
		pattern_month_words(r->practice[i].month, month, sizeof(month));
		printf(ngettext("  %s: %.1f out of 10 (%u answer)\n",
				"  %s: %.1f out of 10 (%u answers)\n", r->practice[i].n),
		       month, r->practice[i].mean, r->practice[i].n);
	}
	if (r->npractice == 0)
		printf("  %s\n", _("no answers yet"));
	printf("%s\n", due ? _("Answer with 'reflect practice N' (0 to 10), or let it be with --skip.")
			   : _("Answered or let be within the last month; it will be offered again later."));
	rc = cli_report_damage(j) ? EXIT_DAMAGED : EXIT_DONE;
out:
	pattern_free(&p);
	journal_close(&j);
	return rc;
}
