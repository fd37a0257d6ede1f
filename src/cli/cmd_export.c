/* cmd_export.c - 'reflect export': entries out as JSON, Markdown, HTML or plain text, in a
 * layout, with a portfolio cover; nothing identifying leaves unless the person says so. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "reflect/i18n.h"
#include "reflect/cli.h"
#include "reflect/deid.h"
#include "reflect/export.h"

/* How many findings to list before summing up the rest. */
#define SHOW_FINDINGS 50

enum {
	OPT_FORMAT = CLI_OPT_FIRST_FREE + 20,
	OPT_LAYOUT,
	OPT_OUTPUT,
	OPT_FORCE,
	OPT_REDACT,
	OPT_KEEP,
	OPT_COVER,
	OPT_TITLE,
	OPT_NAME,
};

static void show_findings(const deid_findings *f)
{
	fprintf(stderr, ngettext("reflect: %zu identifying detail found:\n",
			 "reflect: %zu identifying details found:\n", f->n), f->n);
	for (size_t i = 0; i < f->n && i < SHOW_FINDINGS; i++)
		fprintf(stderr, "  entry %lld, %s: \"%s\" (%s)\n", (long long)f->v[i].entry,
			f->v[i].field, f->v[i].words, deid_what_name(f->v[i].what));
	if (f->n > SHOW_FINDINGS)
		fprintf(stderr, _("  ... and %zu more\n"), f->n - SHOW_FINDINGS);
}

/* Today, or the day SOURCE_DATE_EPOCH names (for reproducible files). */
static void today(char out[11])
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	time_t t = time(NULL);
	struct tm tm;

	if (sde != NULL && *sde != '\0') {
		char *end = NULL;
		long long v = strtoll(sde, &end, 10);
		if (end != NULL && *end == '\0' && v >= 0)
			t = (time_t)v;
	}
	if (sde != NULL && *sde != '\0')
		gmtime_r(&t, &tm);
	else
		localtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* The format a file name suggests, for when --format is not given. */
static bool format_from_name(const char *path, export_format *out)
{
	const char *dot = path ? strrchr(path, '.') : NULL;

	if (dot == NULL)
		return false;
	if (strcmp(dot, ".htm") == 0)
		dot = ".html";
	if (strcmp(dot, ".text") == 0)
		dot = ".txt";
	if (strcmp(dot, ".markdown") == 0)
		dot = ".md";
	return export_format_parse(dot + 1, out) == RF_OK;
}

int cmd_export(int argc, char **argv, const cli_global *g)
{
	struct option opts[32];
	entry_filter f = {0};
	export_options o = {0};
	const char *format = NULL, *layout = NULL, *outpath = NULL;
	bool force = false, redact = false, keep = false, cover = false, speculate, clean = true;
	export_plan *plan = NULL;
	export_scan_check sc = {NULL, NULL};
	export_hours hours;
	export_writer *w = NULL;
	deid_list *ids = NULL;
	size_t replaced = 0;
	int64_t rejected = 0;
	export_file *file = NULL;
	journal *j = NULL;
	char prepared[11];
	rf_status st;
	size_t n = 0;
	int opt, rc = EXIT_DONE;

	while (cli_filter_options[n].name != NULL) {
		opts[n] = cli_filter_options[n];
		n++;
	}
	opts[n++] = (struct option){"format", required_argument, NULL, OPT_FORMAT};
	opts[n++] = (struct option){"layout", required_argument, NULL, OPT_LAYOUT};
	opts[n++] = (struct option){"output", required_argument, NULL, OPT_OUTPUT};
	opts[n++] = (struct option){"force", no_argument, NULL, OPT_FORCE};
	opts[n++] = (struct option){"redact", no_argument, NULL, OPT_REDACT};
	opts[n++] = (struct option){"keep-identifiers", no_argument, NULL, OPT_KEEP};
	opts[n++] = (struct option){"cover", no_argument, NULL, OPT_COVER};
	opts[n++] = (struct option){"title", required_argument, NULL, OPT_TITLE};
	opts[n++] = (struct option){"name", required_argument, NULL, OPT_NAME};
	opts[n] = (struct option){NULL, 0, NULL, 0};
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		if (cli_filter_option(opt, optarg, &f))
			continue;
		switch (opt) {
		case OPT_FORMAT:
			format = optarg;
			break;
		case OPT_LAYOUT:
			layout = optarg;
			break;
		case 'o':
		case OPT_OUTPUT:
			outpath = optarg;
			break;
		case OPT_FORCE:
			force = true;
			break;
		case OPT_REDACT:
			redact = true;
			break;
		case OPT_KEEP:
			keep = true;
			break;
		case OPT_COVER:
			cover = true;
			break;
		case OPT_TITLE:
			o.title = optarg;
			break;
		case OPT_NAME:
			o.name = optarg;
			break;
		default:
			return cli_usage("export", _("unknown option '%s'"), argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage("export", _("unexpected '%s'"), argv[optind]);
	if (outpath != NULL && strcmp(outpath, "-") == 0)
		outpath = NULL;
	if (format != NULL) {
		if (export_format_parse(format, &o.format) != RF_OK)
			return cli_usage("export", "--format is json, md, html or txt (not '%s')",
					 format);
	} else if (!format_from_name(outpath, &o.format)) {
		return cli_usage("export", "%s", _("say which format: --format json, md, html or txt"));
	}
	if (layout != NULL && export_layout_parse(layout, &o.layout) != RF_OK)
		return cli_usage("export", _("--layout is pnc, gibbs or nmc (not '%s')"), layout);
	/* Without --layout, the settings file's layout (checked when it was read). */
	if (layout == NULL && g->cfg != NULL &&
	    export_layout_parse(g->cfg->layout, &o.layout) != RF_OK)
		o.layout = EXPORT_PNC;
	if (redact && keep)
		return cli_usage(
		    "export", "--redact and --keep-identifiers ask for opposite things; give one");
	if (!cli_filter_valid("export", &f))
		return EXIT_USAGE;
	if (outpath != NULL && access(outpath, F_OK) == 0 && !force) {
		char q[600];
		snprintf(q, sizeof q, _("%s exists. Replace it?"), outpath);
		if (!g->interactive || !cli_confirm(q)) {
			fprintf(stderr,
				"reflect: %s exists; give --force to replace it. Nothing was "
				"written.\n",
				outpath);
			return EXIT_FAILED;
		}
		force = true;
	}
	rc = cli_unlock(g, &j);
	if (rc != EXIT_DONE)
		return rc;
	if (!keep && cli_records_may_be_hidden(j)) {
		/* the identifiers list itself may be incomplete: nothing would be caught */
		fputs(_("reflect: the journal is damaged, so the identifiers list may be incomplete; "
			"nothing was exported. Run 'reflect check'.\n"),
		      stderr);
		rc = EXIT_DAMAGED;
		goto out;
	}
	if ((st = deid_list_load(j, &ids)) != RF_OK) {
		rc = cli_fail(st, "%s", _("the identifiers list could not be read; nothing was exported"));
		goto out;
	}

	/* Into a file with nobody to ask: the texts are read once, scanned as they are written;
	 * only when something identifying turns up is that file thrown away and the findings
	 * gathered by the scanning plan below (which says what they are). A cover counts the
	 * responses, which only the texts hold, so it keeps the reading first pass. */
	speculate = !redact && !keep && outpath != NULL && !g->interactive && !f.portfolio && !cover;
again:
	/* First pass: what to write, what the cover needs, and anything identifying. */
	/* Redacting or keeping anyway, the texts need not be read twice: the scan happens as
	 * each entry is written. */
	if ((st = export_plan_make(j, &f, ids, !redact && !keep && !speculate, &plan)) != RF_OK) {
		rc = cli_fail(st, "%s", _("nothing was exported"));
		goto out;
	}
	if (plan->found->n > 0 && !redact && !keep) {
		show_findings(plan->found);
		if (g->interactive &&
		    cli_confirm(_("Replace each with the entry's family code or [redacted]?"))) {
			redact = true;
		} else if (g->interactive &&
			   cli_confirm(
			       "Keep them in the file? Anyone who has the file will see them.")) {
			keep = true;
		} else {
			fputs("reflect: nothing was written. Give --redact to replace them with "
			      "the family "
			      "code or [redacted], or --keep-identifiers to keep them.\n",
			      stderr);
			rc = EXIT_FAILED;
			goto out;
		}
	} else if (keep) {
		fputs("reflect: warning: any names, emails, phone numbers, dates of birth or "
		      "addresses in "
		      "these entries are kept, as you asked.\n",
		      stderr);
	}

	today(prepared);
	o.portfolio = f.portfolio || cover;
	o.prepared = o.portfolio ? prepared : NULL;
	o.stats = &plan->stats;
	/* The cover's supervision hours: the sessions within the period it shows. */
	if (o.portfolio) {
		st = export_hours_between(j, f.since ? f.since : plan->stats.first,
					  f.until ? f.until : plan->stats.last, &hours);
		if (st != RF_OK)
			fprintf(stderr,
				"reflect: warning: the supervision log could not be read (%s); the "
				"cover leaves its hours out.\n",
				rf_status_message(st));
		else
			o.hours = &hours;
	}
	o.deidentified = !keep;
	if (!keep) {
		o.check = export_check_identifying;
		o.check_ctx = ids;
	}
	if (speculate) {
		sc.ids = ids;
		o.check = export_check_scanned;
		o.check_ctx = &sc;
	}

	if (outpath != NULL) {
		if (!speculate)
			fprintf(stderr,
				"reflect: %s will be plain text: anyone who has the file can read "
				"it.\n",
				outpath);
		if (g->interactive && !cli_confirm(_("Write it?"))) {
			fputs(_("reflect: nothing was written.\n"), stderr);
			rc = EXIT_FAILED;
			goto out;
		}
		if ((st = export_file_open(outpath, force, &file)) != RF_OK) {
			if (st == RF_ERR_EXISTS)
				fprintf(
				    stderr,
				    "reflect: %s exists; give --force to replace it. Nothing was "
				    "written.\n",
				    outpath);
			else if (st == RF_ERR_IO)
				fprintf(stderr,
					"reflect: %s could not be created (%s); check that its "
					"folder exists and "
					"that you may write there. Nothing was written.\n",
					outpath, strerror(errno));
			else
				cli_fail(st, _("%s could not be written"), outpath);
			rc = EXIT_FAILED;
			goto out;
		}
	} else if (!isatty(STDOUT_FILENO)) {
		fputs(
		    "reflect: writing plain text: anyone who can read where it goes can read it.\n",
		    stderr);
	}

	/* Second pass: write, oldest first. */
	st = export_begin(&o, file ? export_file_stream(file) : stdout, &w);
	if (st == RF_OK && speculate)
		st = export_plan_write_scan(j, plan, &sc, w, &clean, &rejected);
	else if (st == RF_OK)
		st = export_plan_write(j, plan, ids, redact, w, &replaced, &rejected);
	if (speculate && ((st == RF_OK && !clean) || st == RF_ERR_REJECTED)) {
		/* Something identifying: nothing is kept; the scanning plan lists it (and a
		 * name that shows only once rendered is met again, as before). */
		st = RF_OK;
		export_file_abort(&file);
		export_writer_free(&w);
		export_plan_free(&plan);
		speculate = false;
		clean = true;
		goto again;
	}
	if (st == RF_OK && speculate)
		fprintf(stderr,
			"reflect: %s will be plain text: anyone who has the file can read it.\n",
			outpath);
	if (st == RF_OK)
		st = export_finish(w);
	if (st == RF_OK && file != NULL) {
		st = export_file_commit(&file);
		if (st == RF_ERR_EXISTS) {
			fprintf(stderr,
				"reflect: %s appeared while writing; it was left as it is. Nothing "
				"was written.\n",
				outpath);
			rc = EXIT_FAILED;
			goto out;
		}
	}
	if (st == RF_ERR_REJECTED) {
		fprintf(stderr,
			_("reflect: entry %lld still shows an identifying detail once written out "
			  "(perhaps hidden in Markdown), so nothing was written. Edit that entry, or "
			  "give --keep-identifiers.\n"),
			(long long)rejected);
		rc = EXIT_FAILED;
		goto out;
	}
	if (st != RF_OK) {
		rc = outpath ? cli_fail(st, _("%s was not written"), outpath)
			     : cli_fail(st, "%s", _("the export stopped"));
		goto out;
	}
	if (redact && replaced > 0)
		fprintf(stderr, "Replaced %zu identifying detail%s.\n", replaced,
			replaced == 1 ? "" : "s");
	if (outpath != NULL)
		fprintf(stderr, "Wrote %zu entr%s to %s.\n", plan->n, plan->n == 1 ? "y" : "ies",
			outpath);
	if (cli_report_damage(j))
		rc = EXIT_DAMAGED;
out:
	export_file_abort(&file);
	export_writer_free(&w);
	export_plan_free(&plan);
	deid_list_free(&ids);
	journal_close(&j);
	return rc;
}
