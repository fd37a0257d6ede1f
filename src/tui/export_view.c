/* export_view.c - the export dialog (e on the home list): which reflections, layout, format,
 * cover, file; a preview; identifying details found before anything is written (replace, keep
 * or go back). The identifiers list screen (i) is in identifiers_view.c. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "reflect/dates.h"
#include "reflect/deid.h"
#include "reflect/attest.h"
#include "reflect/export.h"
#include "reflect/i18n.h"
#include "reflect/query.h"
#include "reflect/ui_screen.h"
#include "reflect/ui_scroll.h"

/* ---- a pager over a text: wrapped rows, scrolling (ui_scroll) ---- */

/* Wrap each line of text to width (the editor model measures and wraps). */
static void pager_build(ui_lines *p, const char *text, int width)
{
	const char *line = text;

	while (line != NULL && *line != '\0' && !p->failed) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		if (len == 0) {
			ui_lines_push(p, "", 0, UI_NORMAL, 0);
		} else {
			char *one = malloc(len + 1);
			if (one == NULL) {
				p->failed = true;
				return;
			}
			memcpy(one, line, len);
			one[len] = '\0';
			ui_lines_wrap(p, one, UI_NORMAL, 0, width);
			sodium_memzero(one, len);
			free(one);
		}
		line = nl ? nl + 1 : NULL;
	}
}

static void pager_line(ui *u, void *ctx, size_t i, int y, bool chosen)
{
	const ui_line *l = &((ui_lines *)ctx)->v[i];

	(void)chosen;
	ui_put(u, y, 2, u->cols - 4, l->text, l->role);
}

/* Show text (title at the top, note under it) until Esc; returns what must end the screen. */
static ui_result show_text(ui *u, const char *title, const char *note, const char *text)
{
	ui_lines p;
	ui_scroll sc = {UI_SCROLL_PAGE, 0, 0, UI_SCROLL_NONE, 0, 3, 1, &p, NULL, pager_line};
	int built_for = -1;
	ui_result r = UI_DONE;

	memset(&p, 0, sizeof p);
	for (;;) {
		int width = u->cols - 4;
		if (built_for != width) {
			ui_lines_clear(&p);
			pager_build(&p, text, width);
			built_for = width;
		}
		sc.n = p.n;
		sc.h = u->rows - 4 < 1 ? 1 : u->rows - 4;
		ui_scroll_fit(&sc);
		if (ui_begin_draw(u)) {
			char right[40];
			snprintf(right, sizeof right, "%zu%%", ui_scroll_percent(&sc));
			ui_title(u, title, right);
			ui_put_cut(u, 1, 2, u->cols - 4, note, UI_HINT);
			ui_scroll_draw(u, &sc);
			ui_status(u, _("arrows, PageUp/PageDown scroll · Esc back · x lock"));
			ui_end_draw(u);
		}
		ui_event ev;
		ui_key_step ks = ui_next_key(u, &ev, UI_BACK_LEFT, &r);
		if (ks == UI_KEY_LEAVE)
			break;
		if (ks == UI_KEY_REDRAW)
			continue;
		ui_scroll_key(&sc, &ev);
	}
	ui_lines_clear(&p);
	return r;
}

/* ---- the export dialog ---- */

enum { R_WHICH, R_LAYOUT, R_FORMAT, R_COVER, R_TITLE, R_NAME, R_FILE, R_COUNT };

typedef struct xform {
	char *qtext; /* which reflections, in the search line's words */
	query q;
	export_format format;
	export_layout layout;
	bool cover;
	char *title;
	char *name;
	char *path; /* as the person wrote it; NULL for the default */
	int64_t one; /* one entry alone (e on an entry), 0 for the query */
	char one_text[80];
	size_t count;
	size_t sel;
} xform;

static const char *const format_long[] = {"JSON", "Markdown",
					  N_("HTML (prints one reflection a page)"), N_("plain text"),
					  N_("PDF (printed by Chromium: page numbers, contents)")};
static const char *const layout_long[] = {N_("Pause / Notice / Be Curious"),
					  N_("Gibbs reflective cycle"), N_("NMC reflective account")};

static int count_one(const entry *e, void *ctx)
{
	(void)e;
	(*(size_t *)ctx)++;
	return 0;
}

static void recount(ui *u, xform *x)
{
	x->count = 0;
	if (journal_each(u->j, &x->q.filter, false, count_one, &x->count) != RF_OK)
		x->count = 0;
}

/* The default file: ~/reflect-portfolio-DAY.ext or ~/reflect-export-DAY.ext. */
static void default_path(const xform *x, char *out, size_t cap)
{
	char day[11];
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(day, sizeof day, "%Y-%m-%d", &tm);
	snprintf(out, cap, "~/reflect-%s-%s.%s", x->cover ? "portfolio" : "export", day,
		 export_format_extension(x->format));
}

/* The path with "~/" made the home directory. The caller frees it. */
static char *real_path(const char *p)
{
	const char *home = getenv("HOME");
	char *out;
	size_t n;

	if (strncmp(p, "~/", 2) != 0 || home == NULL)
		return strdup(p);
	n = strlen(home) + strlen(p);
	if ((out = malloc(n)) != NULL)
		snprintf(out, n, "%s/%s", home, p + 2);
	return out;
}

static void draw_form(ui *u, const xform *x)
{
	const char *labels[R_COUNT] = {_("Reflections"), _("Layout"),	     _("Format"),
				       _("Cover page"),	 _("Title"),	     _("Name on the cover"),
				       _("File")};
	char val[R_COUNT][300];
	char right[60];

	snprintf(val[R_WHICH], sizeof val[R_WHICH], "%s",
		 x->one         ? x->one_text
		 : x->qtext && *x->qtext ? x->qtext
					: _("all of them"));
	snprintf(val[R_LAYOUT], sizeof val[R_LAYOUT], "%s", _(layout_long[x->layout]));
	snprintf(val[R_FORMAT], sizeof val[R_FORMAT], "%s", _(format_long[x->format]));
	snprintf(val[R_COVER], sizeof val[R_COVER], "%s",
		 x->cover ? _("yes: period, counts, competency domains") : _("no"));
	snprintf(val[R_TITLE], sizeof val[R_TITLE], "%s",
		 x->title ? x->title
			  : (x->cover ? _("Reflective practice portfolio") : _("Reflections")));
	snprintf(val[R_NAME], sizeof val[R_NAME], "%s", x->name ? x->name : _("(none)"));
	if (x->path)
		snprintf(val[R_FILE], sizeof val[R_FILE], "%s", x->path);
	else
		default_path(x, val[R_FILE], sizeof val[R_FILE]);
	if (!ui_begin_draw(u))
		return;
	snprintf(right, sizeof right, ngettext("%zu reflection", "%zu reflections", x->count),
		 x->count);
	ui_title(u, _("reflect  ·  export"), right);
	ui_wrap(u, 2, 2, 2, u->cols - 4,
		_("Write reflections out for a portfolio or a reviewer. Nothing identifying leaves: "
		  "it is looked for before anything is written."),
		UI_HINT);
	for (int i = 0; i < R_COUNT; i++) {
		int y = 5 + i * 2;
		bool sel = (size_t)i == x->sel;
		if (sel)
			ui_fill(u, y, 0, UI_SELECTED);
		ui_put(u, y, 2, 20, labels[i], sel ? UI_SELECTED : UI_LABEL);
		ui_put_cut(u, y, 23, u->cols - 25, val[i], sel ? UI_SELECTED : UI_NORMAL);
	}
	ui_put_cut(
	    u, 5 + R_COUNT * 2, 2, u->cols - 4,
	    x->count ? _("p preview · w write it · i names and places kept out")
		     : _("No reflection matches: change which reflections (Enter on the first row)."),
	    UI_HINT);
	ui_status(u, _("Enter change · p preview · w write · i identifiers · Esc back · ? help"));
	ui_end_draw(u);
}

static const char *const export_help[] = {
    N_("Export"),
    N_("Up/Down, j/k\tchoose a row"),
    N_("Enter, Space\tchange it (layouts and formats take turns)"),
    N_("p\tpreview what will be written"),
    N_("w\twrite the file (asks before anything identifying or an existing file)"),
    N_("i\tthe names and places kept out of exports"),
    N_("Esc\tback to the list"),
    N_("Which reflections"),
    N_("\twords as in search: since:2026-09-01 until:2026-11-30 is:portfolio theme:culture"),
    N_("Layouts"),
    N_("\tPause / Notice / Be Curious; Gibbs (Description, Feelings, Evaluation, Analysis,"),
    N_("\tConclusion, Action plan); NMC (what happened, what I learned, how my practice changed,"),
    N_("\twhich standard it relates to)"),
    N_("Formats"),
    N_("\tMarkdown, HTML (one file, prints to PDF one reflection a page), JSON, plain text."),
    N_("\tEvery format is plain text on disk: anyone who has the file can read it."),
};

/* The supervision hours for the cover: sessions within the period it shows (NULL when the log
 * cannot be read). */
static const export_hours *cover_hours(ui *u, const xform *x, const export_plan *plan,
				       export_hours *h)
{
	const entry_filter *f = &x->q.filter;

	if (!x->cover)
		return NULL;
	if (export_hours_between(u->j, f->since ? f->since : plan->stats.first,
				 f->until ? f->until : plan->stats.last, h) != RF_OK)
		return NULL;
	return h;
}

/* Render the export into memory (redacted when redact), for the preview. The caller wipes and
 * frees *out. */
static rf_status render(ui *u, const xform *x, const export_plan *plan, const deid_list *ids,
			bool redact, export_format fmt, char **out)
{
	attest **att = NULL;
	size_t natt = 0;
	export_options o = {0};
	export_writer *w = NULL;
	export_hours hours;
	char day[11];
	time_t t = time(NULL);
	struct tm tm;
	const char *buf;
	size_t len;
	char *own_title = NULL, *own_name = NULL;
	rf_status st;

	*out = NULL;
	localtime_r(&t, &tm);
	strftime(day, sizeof day, "%Y-%m-%d", &tm);
	o.format = fmt;
	o.layout = x->layout;
	o.portfolio = x->cover;
	o.title = x->title;
	o.name = x->name;
	if (redact && (st = export_cover_redact(ids, &o.title, &o.name, &own_title, &own_name,
						 NULL)) != RF_OK)
		return st;
	o.prepared = x->cover ? day : NULL;
	o.stats = &plan->stats;
	o.hours = cover_hours(u, x, plan, &hours);
	o.deidentified = true;
	o.check = export_check_identifying;
	o.check_ctx = (void *)ids;
	if (x->cover) {
		o.rows = plan->rows;
		o.nrows = plan->n;
		if (o.hours != NULL &&
		    export_attestations_between(u->j, hours.from, hours.to, &att, &natt) == RF_OK) {
			o.attest = att;
			o.nattest = natt;
		}
	}
	if ((st = export_begin(&o, NULL, &w)) != RF_OK) {
		attest_list_free(&att, natt);
		free(own_title);
		free(own_name);
		return st;
	}
	st = export_plan_write(u->j, plan, ids, redact, w, NULL, NULL);
	if (st == RF_OK)
		st = export_finish(w);
	if (st == RF_OK) {
		buf = export_buffer(w, &len);
		if ((*out = malloc(len + 1)) == NULL)
			st = RF_ERR_NOMEM;
		else
			memcpy(*out, buf, len + 1);
	}
	export_writer_free(&w);
	attest_list_free(&att, natt);
	free(own_title);
	free(own_name);
	return st;
}

/* The findings as lines of text. The caller wipes and frees it. */
static char *findings_text(const deid_findings *f)
{
	size_t cap = 256, len = 0;
	char *s = malloc(cap);

	if (s == NULL)
		return NULL;
	s[0] = '\0';
	for (size_t i = 0; i < f->n; i++) {
		char line[400];
		int k = f->v[i].entry == 0
			    ? snprintf(line, sizeof line, _("The %s: \xe2\x80\x9c%s\xe2\x80\x9d (%s)\n"),
				       f->v[i].field, f->v[i].words, _(deid_what_name(f->v[i].what)))
			    : snprintf(line, sizeof line,
				       _("Reflection %lld, %s: \xe2\x80\x9c%s\xe2\x80\x9d (%s)\n"),
				       (long long)f->v[i].entry, f->v[i].field, f->v[i].words,
				       _(deid_what_name(f->v[i].what)));
		size_t need = len + (size_t)(k > 0 ? k : 0) + 1;
		if (k < 0)
			continue;
		if (need > cap) {
			char *ns;
			while (cap < need)
				cap *= 2;
			if ((ns = malloc(cap)) == NULL) {
				sodium_memzero(s, len);
				free(s);
				return NULL;
			}
			memcpy(ns, s, len + 1);
			sodium_memzero(s, len);
			free(s);
			s = ns;
		}
		memcpy(s + len, line, strlen(line) + 1);
		len += strlen(line);
		sodium_memzero(line, sizeof line);
	}
	return s;
}

static void wipe_text(char **s)
{
	if (*s != NULL) {
		sodium_memzero(*s, strlen(*s));
		free(*s);
		*s = NULL;
	}
}

/* Preview: the export as it would be written (HTML and JSON shown as plain text). */
static ui_result preview(ui *u, const xform *x)
{
	deid_list *ids = NULL;
	export_plan *plan = NULL;
	char *text = NULL, note[200];
	export_format fmt = x->format == EXPORT_MD ? EXPORT_MD : EXPORT_TXT;
	ui_result r = UI_DONE;
	rf_status st;

	if ((st = deid_list_load(u->j, &ids)) != RF_OK ||
	    (st = export_plan_make(u->j, &x->q.filter, ids, true, x->cover, &plan)) != RF_OK ||
	    (st = export_plan_scan_cover(plan, ids, x->title, x->name)) != RF_OK) {
		ui_notef(u, true, _("The preview could not be made: %s"), _(rf_status_message(st)));
		goto out;
	}
	if (plan->found->n > 0 && (st = export_plan_redact_rows(plan, ids)) != RF_OK) {
		ui_notef(u, true, _("The preview could not be made: %s"), _(rf_status_message(st)));
		goto out;
	}
	st = render(u, x, plan, ids, plan->found->n > 0, fmt, &text);
	if (st == RF_ERR_REJECTED) {
		ui_notef(u, true, "%s",
			 _("A reflection shows a name only once its Markdown is rendered; edit it "
			   "before exporting."));
		goto out;
	}
	if (st != RF_OK) {
		ui_notef(u, true, _("The preview could not be made: %s"), _(rf_status_message(st)));
		goto out;
	}
	snprintf(note, sizeof note, "%s%s",
		 plan->found->n > 0 ? _("Identifying details are shown replaced. ") : "",
		 x->format == EXPORT_HTML   ? _("Shown as plain text; the file will be HTML.")
		 : x->format == EXPORT_JSON ? _("Shown as plain text; the file will be JSON.")
		 : x->format == EXPORT_PDF  ? _("Shown as plain text; the file will be a printed PDF.")
					    : _("As it will be written."));
	r = show_text(u, _("reflect  ·  export preview"), note, text);
out:
	wipe_text(&text);
	export_plan_free(&plan);
	deid_list_free(&ids);
	return r;
}

/* A question over the freshly drawn form. */
static ui_result ask(ui *u, const xform *x, const char *q, const char *options, const char *keys,
		     char *answer)
{
	draw_form(u, x);
	return ui_ask(u, q, options, keys, answer);
}

/* Write the export: identifying details, an existing file and plain text are asked about. */
static ui_result write_out(ui *u, xform *x)
{
	deid_list *ids = NULL;
	export_plan *plan = NULL;
	export_file *file = NULL;
	export_writer *w = NULL;
	export_options o = {0};
	export_hours hours;
	char shown[300], *path = NULL, day[11], a = 0, q[400];
	const char *browser = NULL;
	attest **att = NULL;
	size_t natt = 0;
	bool redact = false, keep = false, overwrite = false;
	size_t replaced = 0, cover_replaced = 0;
	char *own_title = NULL, *own_name = NULL;
	int64_t rejected = 0;
	time_t t = time(NULL);
	struct tm tm;
	ui_result r = UI_DONE;
	rf_status st;

	if (x->path)
		snprintf(shown, sizeof shown, "%s", x->path);
	else
		default_path(x, shown, sizeof shown);
	if ((path = real_path(shown)) == NULL) {
		ui_notef(u, true, "%s", rf_status_message(RF_ERR_NOMEM));
		goto out;
	}
	if ((st = deid_list_load(u->j, &ids)) != RF_OK ||
	    (st = export_plan_make(u->j, &x->q.filter, ids, true, x->cover, &plan)) != RF_OK ||
	    (st = export_plan_scan_cover(plan, ids, x->title, x->name)) != RF_OK) {
		ui_notef(u, true, _("Nothing was written: %s"), _(rf_status_message(st)));
		goto out;
	}
	if (plan->n == 0) {
		ui_notef(u, false, "%s", _("No reflection matches; nothing was written."));
		goto out;
	}
	while (plan->found->n > 0 && !redact && !keep) {
		snprintf(q, sizeof q,
			 ngettext("%zu identifying detail was found, e.g. reflection %lld, %s: %s. "
				  "Nothing has been written.",
				  "%zu identifying details were found, e.g. reflection %lld, %s: %s. "
				  "Nothing has been written.",
				  plan->found->n),
			 plan->found->n, (long long)plan->found->v[0].entry, plan->found->v[0].field,
			 _(deid_what_name(plan->found->v[0].what)));
		r = ask(u, x, q,
			/* TRANSLATORS: keep the keys r, v, k and Esc. */
			_("r  replace each: [child F-03] for a listed person, [name], [phone], "
			  "[email], [address], [date of birth]\n"
			  "v  view where they are\n"
			  "k  keep them: anyone who has the file will see them\n"
			  "Esc  go back, write nothing"),
			"rvk", &a);
		if (r != UI_DONE)
			goto out;
		if (a == 'r') {
			redact = true;
		} else if (a == 'k') {
			keep = true;
		} else if (a == 'v') {
			char *list = findings_text(plan->found);
			r = show_text(u, _("reflect  ·  identifying details"),
				      _("Where they are, in your words:"), list ? list : "");
			wipe_text(&list);
			if (r != UI_DONE)
				goto out;
		} else {
			ui_notef(u, false, "%s", _("Nothing was written."));
			goto out;
		}
	}
	if (access(path, F_OK) == 0) {
		snprintf(q, sizeof q, _("%s already exists. Replace it?"), shown);
		r = ask(u, x, q, _("y  yes, replace it\nn  no, go back"), "yn", &a);
		if (r != UI_DONE)
			goto out;
		if (a != 'y') {
			ui_notef(u, false, "%s", _("Nothing was written."));
			goto out;
		}
		overwrite = true;
	}
	snprintf(q, sizeof q,
		 _("%s will be plain text: anyone who has the file can read it. Write it?"), shown);
	r = ask(u, x, q, _("y  yes, write it\nn  no, go back"), "yn", &a);
	if (r != UI_DONE)
		goto out;
	if (a != 'y') {
		ui_notef(u, false, "%s", _("Nothing was written."));
		goto out;
	}
	if (redact && (st = export_plan_redact_rows(plan, ids)) != RF_OK) {
		ui_notef(u, true, _("Nothing was written: %s"), _(rf_status_message(st)));
		goto out;
	}
	localtime_r(&t, &tm);
	strftime(day, sizeof day, "%Y-%m-%d", &tm);
	o.format = x->format;
	o.layout = x->layout;
	o.portfolio = x->cover;
	o.title = x->title;
	o.name = x->name;
	if (redact && (st = export_cover_redact(ids, &o.title, &o.name, &own_title, &own_name,
						 &replaced)) != RF_OK) {
		ui_notef(u, true, _("Nothing was written: %s"), _(rf_status_message(st)));
		goto out;
	}
	o.prepared = x->cover ? day : NULL;
	o.stats = &plan->stats;
	o.hours = cover_hours(u, x, plan, &hours);
	o.deidentified = !keep;
	if (!keep) {
		o.check = export_check_identifying;
		o.check_ctx = ids;
	}
	if (x->format == EXPORT_PDF && (browser = export_pdf_browser()) == NULL) {
		ui_notef(u, true, "%s",
			 _("A PDF is printed with Chromium, which is not installed: install the "
			   "Debian package chromium, or choose HTML. Nothing was written."));
		goto out;
	}
	if (x->cover) {
		o.rows = plan->rows;
		o.nrows = plan->n;
		if (o.hours != NULL &&
		    export_attestations_between(u->j, hours.from, hours.to, &att, &natt) == RF_OK) {
			o.attest = att;
			o.nattest = natt;
		}
	}
	if ((st = export_file_open(path, overwrite, &file)) != RF_OK) {
		ui_notef(u, true, _("%s could not be written: %s"), shown,
			 st == RF_ERR_EXISTS ? _("it exists") : _(rf_status_message(st)));
		goto out;
	}
	if (x->format == EXPORT_PDF) {
		ui_notef(u, false, "%s", _("Printing with Chromium..."));
		draw_form(u, x);
		st = export_plan_pdf(u->j, plan, ids, redact, &o, browser, export_file_stream(file),
				     &cover_replaced, &rejected);
	} else {
		st = export_begin(&o, export_file_stream(file), &w);
		if (st == RF_OK)
			st = export_plan_write(u->j, plan, ids, redact, w, &cover_replaced, &rejected);
		if (st == RF_OK)
			st = export_finish(w);
	}
	replaced += cover_replaced; /* the entries' replacements after the cover's */
	if (st == RF_OK)
		st = export_file_commit(&file);
	if (x->format == EXPORT_PDF && st == RF_ERR_INVALID)
		ui_notef(u, true, "%s",
			 _("A PDF is printed from a page in memory (/dev/shm), which is not "
			   "here; choose HTML. Nothing was written."));
	else if (x->format == EXPORT_PDF && st == RF_ERR_IO)
		ui_notef(u, true, "%s",
			 _("Chromium did not print the PDF; try again, or choose HTML. Nothing "
			   "was written."));
	else if (st == RF_ERR_REJECTED)
		ui_notef(
		    u, true,
		    _("Reflection %lld shows a name only once its Markdown is rendered; edit it. "
		      "Nothing was written."),
		    (long long)rejected);
	else if (st == RF_ERR_EXISTS)
		ui_notef(u, true,
			 _("%s appeared meanwhile and was left as it is. Nothing was written."),
			 shown);
	else if (st != RF_OK)
		ui_notef(u, true, _("%s could not be written: %s"), shown, _(rf_status_message(st)));
	else if (redact) {
		char wrote[600];
		snprintf(wrote, sizeof wrote,
			 ngettext("Wrote %zu reflection to %s", "Wrote %zu reflections to %s", plan->n),
			 plan->n, shown);
		ui_notef(u, false,
			 ngettext("%s; %zu identifying detail replaced. Read it before you share it.",
				  "%s; %zu identifying details replaced. Read it before you share it.",
				  replaced),
			 wrote, replaced);
	} else {
		char wrote[600];
		snprintf(wrote, sizeof wrote,
			 ngettext("Wrote %zu reflection to %s", "Wrote %zu reflections to %s", plan->n),
			 plan->n, shown);
		ui_notef(u, false, "%s%s.", wrote,
			 keep ? _("; identifying details kept, as you chose") : "");
	}
out:
	free(own_title);
	free(own_name);
	export_file_abort(&file);
	export_writer_free(&w);
	export_plan_free(&plan);
	deid_list_free(&ids);
	attest_list_free(&att, natt);
	free(path);
	return r;
}

static void xform_clear(xform *x)
{
	ui_free_text(&x->qtext);
	query_clear(&x->q);
	ui_free_text(&x->title);
	ui_free_text(&x->name);
	ui_free_text(&x->path);
}

/* Ask for a text for a row; "" clears it (back to the default). */
static ui_result edit_text(ui *u, const char *prompt, char **field)
{
	char *text = NULL;
	ui_result r = ui_input(u, prompt, *field ? *field : "", &text);

	if (r == UI_DONE && text != NULL) {
		ui_free_text(field);
		if (*text != '\0')
			*field = text;
		else
			ui_free_text(&text);
	}
	return r;
}

static void xform_init(ui *u, xform *x)
{
	memset(x, 0, sizeof *x);
	x->format = EXPORT_MD;
	x->layout = EXPORT_PNC;
	if (u->g != NULL && u->g->cfg != NULL)
		(void)export_layout_parse(u->g->cfg->layout, &x->layout);
}

static ui_result run_form(ui *u, xform *x);

ui_result ui_export(ui *u, const char *query_text)
{
	xform x;
	rf_detail d = {0};

	xform_init(u, &x);
	if (query_text != NULL && *query_text != '\0' && query_parse(query_text, &x.q, &d) == RF_OK)
		x.qtext = strdup(query_text);
	x.cover = x.q.filter.portfolio;
	return run_form(u, &x);
}

ui_result ui_export_entry(ui *u, int64_t id)
{
	xform x;
	entry *e = NULL;
	char iso[11], day[64];

	xform_init(u, &x);
	x.one = id;
	x.q.filter.ids = &x.one;
	x.q.filter.nids = 1;
	if (journal_get(u->j, id, &e) == RF_OK) {
		entry_day(e, iso);
		dates_human_day(iso, day, sizeof day);
		snprintf(x.one_text, sizeof x.one_text, _("this reflection (%s)"), day);
	} else {
		snprintf(x.one_text, sizeof x.one_text, _("reflection %lld"), (long long)id);
	}
	entry_free(&e);
	return run_form(u, &x);
}

/* The dialog over x, which it clears before returning. */
static ui_result run_form(ui *u, xform *x)
{
	ui_result r = UI_DONE;
	rf_detail d = {0};

	recount(u, x);
	for (;;) {
		draw_form(u, x);
		ui_event ev;
		ui_key_step ks = ui_next_key(u, &ev, UI_BACK, &r);
		if (ks == UI_KEY_LEAVE)
			break;
		if (ks == UI_KEY_REDRAW)
			continue;
		if (ui_fkey(&ev, KEY_DOWN) || ui_key(&ev, 'j') || ui_key(&ev, '\t')) {
			x->sel = (x->sel + 1) % R_COUNT;
		} else if (ui_fkey(&ev, KEY_UP) || ui_key(&ev, 'k') || ui_fkey(&ev, KEY_BTAB)) {
			x->sel = (x->sel + R_COUNT - 1) % R_COUNT;
		} else if (ui_key(&ev, '?') || ui_fkey(&ev, KEY_F(1))) {
			r = ui_help(u, _("export"), export_help,
				    sizeof export_help / sizeof export_help[0]);
		} else if (ui_key(&ev, 'p')) {
			r = x->count ? preview(u, x) : UI_DONE;
		} else if (ui_key(&ev, 'w')) {
			if (x->count)
				r = write_out(u, x);
			else
				ui_notef(u, false, "%s", _("No reflection matches; nothing to write."));
		} else if (ui_key(&ev, 'i')) {
			r = ui_identifiers(u);
		} else if (ui_key(&ev, '\r') || ui_key(&ev, '\n') || ui_fkey(&ev, KEY_ENTER) ||
			   ui_key(&ev, ' ') || ui_fkey(&ev, KEY_RIGHT)) {
			switch (x->sel) {
			case R_WHICH: {
				char *text = NULL;
				r = ui_input(u, _("Which (as in search):"), x->qtext ? x->qtext : "",
					     &text);
				if (r == UI_DONE && text != NULL) {
					query nq;
					memset(&d, 0, sizeof d);
					if (query_parse(text, &nq, &d) == RF_OK) {
						query_clear(&x->q);
						x->q = nq;
						x->one = 0;
						ui_free_text(&x->qtext);
						x->qtext = text;
						text = NULL;
						if (x->q.filter.portfolio)
							x->cover = true;
						recount(u, x);
					} else {
						ui_notef(u, true, _("That could not be read: %s"),
							 d.text);
					}
				}
				ui_free_text(&text);
				break;
			}
			case R_LAYOUT:
				x->layout = (export_layout)((x->layout + 1) % 3);
				break;
			case R_FORMAT:
				/* Markdown, HTML, PDF, plain text, JSON */
				x->format = x->format == EXPORT_MD     ? EXPORT_HTML
					   : x->format == EXPORT_HTML ? EXPORT_PDF
					   : x->format == EXPORT_PDF  ? EXPORT_TXT
					   : x->format == EXPORT_TXT  ? EXPORT_JSON
								     : EXPORT_MD;
				if (x->path != NULL) {
					/* Keep the person's file name, with the new format's
					 * extension. */
					char *dot = strrchr(x->path, '.');
					char *slash = strrchr(x->path, '/');
					if (dot != NULL && (slash == NULL || dot > slash)) {
						size_t n = (size_t)(dot - x->path) + 8;
						char *np = malloc(n);
						if (np != NULL) {
							snprintf(np, n, "%.*s.%s",
								 (int)(dot - x->path), x->path,
								 export_format_extension(x->format));
							ui_free_text(&x->path);
							x->path = np;
						}
					}
				}
				break;
			case R_COVER:
				x->cover = !x->cover;
				break;
			case R_TITLE:
				r = edit_text(u, _("Title (empty for the default):"), &x->title);
				break;
			case R_NAME:
				r = edit_text(u,
					      _("Your name on the cover (empty for none):"), &x->name);
				break;
			case R_FILE:
				r = edit_text(u, _("File (empty for the default):"), &x->path);
				break;
			default:
				break;
			}
		}
		if (r != UI_DONE)
			break;
	}
	xform_clear(x);
	return r;
}
