/* cmd_export.c - 'reflect export': entries out as JSON, Markdown, HTML, plain text or PDF, in a
 * layout, with a portfolio cover; nothing identifying leaves unless the person says so. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "reflect/attest.h"
#include "reflect/i18n.h"
#include "reflect/cli.h"
#include "reflect/deid.h"
#include "reflect/export.h"
#include "reflect/text.h"

/* How many findings to list before summing up the rest. */
#define SHOW_FINDINGS 50
/* How many entries --entry may name. */
#define ENTRY_IDS_MAX 100000

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
	OPT_ENTRY,
};

/* What the command line asked for. */
typedef struct export_args {
	entry_filter f;
	export_options o;
	const char *outpath; /* NULL for standard output */
	const char *browser; /* Chromium, for --format pdf */
	int64_t *ids;	     /* --entry */
	size_t nids;
	struct attest **attest; /* supervisors' signed statements for the cover */
	size_t nattest;
	bool force, redact, keep, cover;
} export_args;

void cli_show_findings(const deid_findings *f)
{
	fprintf(stderr, ngettext("reflect: %zu identifying detail found:\n",
			 "reflect: %zu identifying details found:\n", f->n), f->n);
	for (size_t i = 0; i < f->n && i < SHOW_FINDINGS; i++) {
		char *safe = text_excerpt(f->v[i].words, 80);
		const char *w = safe ? safe : "?";
		if (f->v[i].entry == 0)
			fprintf(stderr, "  %s: \"%s\" (%s)\n", f->v[i].field, w,
				_(deid_what_name(f->v[i].what)));
		else
			fprintf(stderr, "  entry %lld, %s: \"%s\" (%s)\n", (long long)f->v[i].entry,
				f->v[i].field, w, _(deid_what_name(f->v[i].what)));
		free(safe);
	}
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

static bool add_id(export_args *a, const char *s)
{
	int64_t id, *p;

	if (!cli_parse_id(s, &id) || a->nids >= ENTRY_IDS_MAX)
		return false;
	if ((p = realloc(a->ids, (a->nids + 1) * sizeof *p)) == NULL)
		return false;
	a->ids = p;
	a->ids[a->nids++] = id;
	return true;
}

/* Read the options into a. EXIT_DONE to go on; otherwise the exit status (a usage message
 * has been printed). */
static int parse_args(int argc, char **argv, const cli_global *g, export_args *a)
{
	struct option opts[40];
	const char *format = NULL, *layout = NULL;
	size_t n = 0;
	int opt;

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
	opts[n++] = (struct option){"entry", required_argument, NULL, OPT_ENTRY};
	opts[n] = (struct option){NULL, 0, NULL, 0};
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		if (cli_filter_option(opt, optarg, &a->f))
			continue;
		switch (opt) {
		case OPT_FORMAT: format = optarg; break;
		case OPT_LAYOUT: layout = optarg; break;
		case 'o':
		case OPT_OUTPUT: a->outpath = optarg; break;
		case OPT_FORCE: a->force = true; break;
		case OPT_REDACT: a->redact = true; break;
		case OPT_KEEP: a->keep = true; break;
		case OPT_COVER: a->cover = true; break;
		case OPT_TITLE: a->o.title = optarg; break;
		case OPT_NAME: a->o.name = optarg; break;
		case OPT_ENTRY:
			if (!add_id(a, optarg))
				return cli_usage("export", "%s",
						 _("--entry takes an entry id, as 'reflect list' shows"));
			break;
		default:
			return cli_usage("export", _("unknown option '%s'"), argv[optind - 1]);
		}
	}
	/* Entry ids may also follow --entry as plain words: --entry 1 3. */
	for (; optind < argc && a->nids > 0; optind++)
		if (!add_id(a, argv[optind]))
			break;
	if (optind < argc)
		return cli_usage("export", _("unexpected '%s'"), argv[optind]);
	if (a->nids > 0) {
		a->f.ids = a->ids;
		a->f.nids = a->nids;
	}
	if (a->outpath != NULL && strcmp(a->outpath, "-") == 0)
		a->outpath = NULL;
	if (format != NULL) {
		if (export_format_parse(format, &a->o.format) != RF_OK)
			return cli_usage("export", _("--format is json, md, html, txt or pdf (not '%s')"),
					 format);
	} else if (!format_from_name(a->outpath, &a->o.format)) {
		return cli_usage("export", "%s",
				 _("say which format: --format json, md, html, txt or pdf"));
	}
	if (layout != NULL && export_layout_parse(layout, &a->o.layout) != RF_OK)
		return cli_usage("export", _("--layout is pnc, gibbs or nmc (not '%s')"), layout);
	/* Without --layout, the settings file's layout (checked when it was read). */
	if (layout == NULL && g->cfg != NULL &&
	    export_layout_parse(g->cfg->layout, &a->o.layout) != RF_OK)
		a->o.layout = EXPORT_PNC;
	if (a->redact && a->keep)
		return cli_usage("export", "%s",
				 _("--redact and --keep-identifiers ask for opposite things; give one"));
	if (!cli_filter_valid("export", &a->f))
		return EXIT_USAGE;
	return EXIT_DONE;
}

/* A PDF needs Chromium and a memory file system for the page it prints. */
static int check_pdf(export_args *a)
{
	if (a->o.format != EXPORT_PDF)
		return EXIT_DONE;
	if ((a->browser = export_pdf_browser()) == NULL) {
		fputs(_("reflect: a PDF is printed with headless Chromium, which is not installed. "
			"Install the Debian package 'chromium' (sudo apt-get install chromium), or "
			"export --format html and print that. Nothing was written.\n"),
		      stderr);
		return EXIT_FAILED;
	}
	if (a->outpath == NULL && isatty(STDOUT_FILENO)) {
		fputs(_("reflect: a PDF is not for the terminal; give -o FILE.pdf. Nothing was "
			"written.\n"),
		      stderr);
		return EXIT_USAGE;
	}
	return EXIT_DONE;
}

/* An existing file is replaced only with --force or a yes. */
static int check_overwrite(const cli_global *g, export_args *a)
{
	char q[600];

	if (a->outpath == NULL || access(a->outpath, F_OK) != 0 || a->force)
		return EXIT_DONE;
	snprintf(q, sizeof q, _("%s exists. Replace it?"), a->outpath);
	if (!g->interactive || !cli_confirm(q)) {
		fprintf(stderr, _("reflect: %s exists; give --force to replace it. Nothing was "
				  "written.\n"),
			a->outpath);
		return EXIT_FAILED;
	}
	a->force = true;
	return EXIT_DONE;
}

/* What was found identifying: replaced, kept, or nothing written. */
static int decide_identifiers(const cli_global *g, const export_plan *plan, export_args *a)
{
	if (plan->found->n > 0 && !a->redact && !a->keep) {
		cli_show_findings(plan->found);
		if (g->interactive &&
		    cli_confirm(_("Replace each with a placeholder such as [child F-03] or [phone]?"))) {
			a->redact = true;
		} else if (g->interactive &&
			   cli_confirm(_("Keep them in the file? Anyone who has the file will see "
					 "them."))) {
			a->keep = true;
		} else {
			fputs(_("reflect: nothing was written. Give --redact to replace them with "
				"placeholders such as [child F-03] or [phone], or --keep-identifiers to "
				"keep them.\n"),
			      stderr);
			return EXIT_FAILED;
		}
	} else if (a->keep) {
		fputs(_("reflect: warning: any names, emails, phone numbers, dates of birth or "
			"addresses in these entries are kept, as you asked.\n"),
		      stderr);
	}
	return EXIT_DONE;
}

/* The cover: its date, statistics, contents and supervision hours within its period. */
static void cover_options(journal *j, const export_plan *plan, const deid_list *ids,
			  export_args *a, export_hours *hours, char prepared[11])
{
	export_options *o = &a->o;
	rf_status st;

	today(prepared);
	o->portfolio = a->f.portfolio || a->cover;
	o->prepared = o->portfolio ? prepared : NULL;
	o->stats = &plan->stats;
	if (o->portfolio) {
		o->rows = plan->rows;
		o->nrows = plan->n;
		st = export_hours_between(j, a->f.since ? a->f.since : plan->stats.first,
					  a->f.until ? a->f.until : plan->stats.last, hours);
		if (st != RF_OK)
			fprintf(stderr,
				_("reflect: warning: the supervision log could not be read (%s); the "
				  "cover leaves its hours out.\n"),
				_(rf_status_message(st)));
		else
			o->hours = hours;
		if (export_attestations_between(j, hours->from, hours->to, &a->attest,
						&a->nattest) == RF_OK) {
			o->attest = a->attest;
			o->nattest = a->nattest;
		}
	}
	o->deidentified = !a->keep;
	if (!a->keep) {
		o->check = export_check_identifying;
		o->check_ctx = (void *)ids;
	}
}

/* Open the file (after the plain-text warning) or warn about standard output. */
static int open_output(const cli_global *g, const export_args *a, bool quiet, export_file **file)
{
	rf_status st;

	if (a->outpath == NULL) {
		if (!isatty(STDOUT_FILENO))
			fputs(_("reflect: writing plain text: anyone who can read where it goes can "
				"read it.\n"),
			      stderr);
		return EXIT_DONE;
	}
	if (!quiet)
		fprintf(stderr,
			_("reflect: %s will be plain text: anyone who has the file can read it.\n"),
			a->outpath);
	if (g->interactive && !cli_confirm(_("Write it?"))) {
		fputs(_("reflect: nothing was written.\n"), stderr);
		return EXIT_FAILED;
	}
	if ((st = export_file_open(a->outpath, a->force, file)) == RF_OK)
		return EXIT_DONE;
	if (st == RF_ERR_EXISTS)
		fprintf(stderr, _("reflect: %s exists; give --force to replace it. Nothing was "
				  "written.\n"),
			a->outpath);
	else if (st == RF_ERR_IO)
		fprintf(stderr,
			_("reflect: %s could not be created (%s); check that its folder exists and "
			  "that you may write there. Nothing was written.\n"),
			a->outpath, strerror(errno));
	else
		cli_fail(st, _("%s could not be written"), a->outpath);
	return EXIT_FAILED;
}

/* The second pass: write (or print), oldest first, and put the file in place. With sc, each
 * entry is scanned as it is written and *clean says whether all were; an unclean file is not
 * put in place. planless: there was no first pass; the entries that pass the filters are met
 * as they are written (*written of them). */
static rf_status write_document(journal *j, const export_plan *plan, const deid_list *ids,
				const export_args *a, export_scan_check *sc, bool *clean,
				export_file **file, size_t *replaced, int64_t *rejected,
				bool planless, size_t *written)
{
	FILE *fp = *file ? export_file_stream(*file) : stdout;
	export_writer *w = NULL;
	rf_status st;

	if (a->o.format == EXPORT_PDF) {
		st = export_plan_pdf(j, plan, ids, a->redact, &a->o, a->browser, fp, replaced,
				     rejected);
	} else {
		st = export_begin(&a->o, fp, &w);
		if (st == RF_OK && sc != NULL && planless)
			st = export_write_scan(j, &a->f, sc, w, clean, rejected, written);
		else if (st == RF_OK && sc != NULL)
			st = export_plan_write_scan(j, plan, sc, w, clean, rejected);
		else if (st == RF_OK)
			st = export_plan_write(j, plan, ids, a->redact, w, replaced, rejected);
		if (st == RF_OK && (sc == NULL || *clean))
			st = export_finish(w);
		export_writer_free(&w);
	}
	if (st == RF_OK && (sc == NULL || *clean) && *file != NULL)
		st = export_file_commit(file);
	return st;
}

/* Entries named with --entry that were not there to write. */
static void warn_missing(const export_args *a, size_t found)
{
	if (a->nids > 0 && found < a->nids)
		fprintf(stderr,
			_("reflect: warning: %zu of the %zu entries named with --entry are not in "
			  "this journal (or not within the other filters).\n"),
			a->nids - found, a->nids);
}

/* Say what went wrong while writing; the exit status. */
static int write_failed(rf_status st, const export_args *a, int64_t rejected)
{
	if (st == RF_ERR_EXISTS) {
		fprintf(stderr, _("reflect: %s appeared while writing; it was left as it is. "
				  "Nothing was written.\n"),
			a->outpath);
	} else if (st == RF_ERR_REJECTED) {
		fprintf(stderr,
			_("reflect: entry %lld still shows an identifying detail once written out "
			  "(perhaps hidden in Markdown), so nothing was written. Edit that entry, or "
			  "give --keep-identifiers.\n"),
			(long long)rejected);
	} else if (a->o.format == EXPORT_PDF && st == RF_ERR_INVALID) {
		fputs(_("reflect: the page a PDF is printed from goes through memory (/dev/shm), "
			"which is not here; export --format html and print that. Nothing was "
			"written.\n"),
		      stderr);
	} else if (a->o.format == EXPORT_PDF && st == RF_ERR_IO) {
		fprintf(stderr,
			_("reflect: Chromium (%s) did not print the PDF; try again, or export "
			  "--format html and print that. Nothing was written.\n"),
			a->browser);
	} else {
		return a->outpath ? cli_fail(st, _("%s was not written"), a->outpath)
				  : cli_fail(st, "%s", _("the export stopped"));
	}
	return EXIT_FAILED;
}

int cmd_export(int argc, char **argv, const cli_global *g)
{
	export_args a;
	char *own_title = NULL, *own_name = NULL;
	size_t replaced_cover = 0;
	export_scan_check sc = {NULL, NULL};
	bool speculate, planless, clean = true;
	export_plan *plan = NULL;
	export_hours hours;
	deid_list *ids = NULL;
	size_t replaced = 0, written = 0;
	int64_t rejected = 0;
	export_file *file = NULL;
	journal *j = NULL;
	char prepared[11];
	rf_status st;
	int rc;

	memset(&a, 0, sizeof a);
	if ((rc = parse_args(argc, argv, g, &a)) != EXIT_DONE ||
	    (rc = check_pdf(&a)) != EXIT_DONE || (rc = check_overwrite(g, &a)) != EXIT_DONE ||
	    (rc = cli_unlock(g, &j)) != EXIT_DONE)
		goto out;
	if (!a.keep && cli_records_may_be_hidden(j)) {
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
	 * responses, which only the texts hold, so it keeps the reading first pass; a PDF is
	 * printed from a whole page. */
	speculate = !a.redact && !a.keep && a.outpath != NULL && !g->interactive &&
		    !a.f.portfolio && !a.cover && a.o.format != EXPORT_PDF;
again:
	/* First pass: what to write, what the cover needs, and anything identifying.
	 * Redacting or keeping anyway, the texts need not be scanned twice: the scan happens as
	 * each entry is written. Speculating, there is no first pass at all: the entries are
	 * met as they are written. */
	/* (an HTML page's running head names the period: that needs the first pass) */
	planless = speculate && a.o.format != EXPORT_HTML;
	if ((st = planless ? export_plan_empty(&plan)
			    : export_plan_make(j, &a.f, ids, !a.redact && !a.keep,
					       a.f.portfolio || a.cover, &plan)) != RF_OK ||
	    (!a.redact && !a.keep &&
	     (st = export_plan_scan_cover(plan, ids, a.o.title, a.o.name)) != RF_OK)) {
		rc = cli_fail(st, "%s", _("nothing was exported"));
		goto out;
	}
	if (!planless)
		warn_missing(&a, plan->n);
	if ((rc = decide_identifiers(g, plan, &a)) != EXIT_DONE)
		goto out;
	/* The cover's contents show visit types and family codes: redacted as the entries are. */
	if (a.redact && ((st = export_plan_redact_rows(plan, ids)) != RF_OK ||
			 (st = export_cover_redact(ids, &a.o.title, &a.o.name, &own_title,
						   &own_name, &replaced_cover)) != RF_OK)) {
		rc = cli_fail(st, "%s", _("nothing was exported"));
		goto out;
	}
	cover_options(j, plan, ids, &a, &hours, prepared);
	if (speculate) {
		sc.ids = ids;
		a.o.check = export_check_scanned;
		a.o.check_ctx = &sc;
	}
	if ((rc = open_output(g, &a, speculate, &file)) != EXIT_DONE)
		goto out;
	st = write_document(j, plan, ids, &a, speculate ? &sc : NULL, &clean, &file, &replaced,
			    &rejected, planless, &written);
	if (speculate && ((st == RF_OK && !clean) || st == RF_ERR_REJECTED)) {
		/* Something identifying: nothing is kept; the scanning plan lists it (and a
		 * name that shows only once rendered is met again, as before). */
		export_file_abort(&file);
		export_plan_free(&plan);
		speculate = false;
		clean = true;
		rejected = 0;
		goto again;
	}
	if (st == RF_OK && planless)
		warn_missing(&a, written);
	if (st == RF_OK && speculate) {
		fprintf(stderr,
			_("reflect: %s will be plain text: anyone who has the file can read it.\n"),
			a.outpath);
	}
	if (st != RF_OK) {
		rc = write_failed(st, &a, rejected);
		goto out;
	}
	replaced += replaced_cover;
	if (a.redact && replaced > 0)
		fprintf(stderr, ngettext("Replaced %zu identifying detail.\n",
					 "Replaced %zu identifying details.\n", replaced),
			replaced);
	if (a.outpath != NULL)
		fprintf(stderr, ngettext("Wrote %zu entry to %s.\n", "Wrote %zu entries to %s.\n",
					 planless ? written : plan->n),
			planless ? written : plan->n, a.outpath);
	if (cli_report_damage(j))
		rc = EXIT_DAMAGED;
out:
	free(own_title);
	free(own_name);
	export_file_abort(&file);
	export_plan_free(&plan);
	deid_list_free(&ids);
	journal_close(&j);
	free(a.ids);
	attest_list_free(&a.attest, a.nattest);
	return rc;
}
