/* export.h - writing entries out: JSON, Markdown, HTML and plain text, in the Pause / Notice /
 * Be Curious, Gibbs and NMC layouts, with an optional portfolio cover; atomic 0600 files. */
#ifndef REFLECT_EXPORT_H
#define REFLECT_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "reflect/entry.h"
#include "reflect/status.h"

typedef enum export_format {
	EXPORT_JSON,
	EXPORT_MD,
	EXPORT_HTML,
	EXPORT_TXT,
	EXPORT_PDF, /* HTML printed by headless Chromium (export_pdf_*); the writer never sees it */
} export_format;

typedef enum export_layout {
	EXPORT_PNC,   /* Pause / Notice / Be Curious (the default) */
	EXPORT_GIBBS, /* Description, Feelings, Evaluation, Analysis, Conclusion, Action plan */
	EXPORT_NMC,   /* what happened, what I learned, how my practice changed, the standard */
} export_layout;

/* Parse "json", "md" (or "markdown"), "html", "txt" (or "text"), "pdf"; RF_ERR_INVALID
 * otherwise. */
rf_status export_format_parse(const char *s, export_format *out);
/* Parse "pnc", "gibbs", "nmc"; RF_ERR_INVALID otherwise. */
rf_status export_layout_parse(const char *s, export_layout *out);
/* The name of a format or layout ("md", "gibbs"): a static string. */
const char *export_format_name(export_format f);
const char *export_layout_name(export_layout l);
/* The usual file name extension for a format, without the dot ("md", "html"). */
const char *export_format_extension(export_format f);

/* The eight competency domains of the infant mental health competency guidelines. */
#define EXPORT_DOMAINS 8
extern const char *const export_domain_names[EXPORT_DOMAINS];
/* The domain (0..7) a competency label names, compared loosely (case, accents, "&"/"and",
 * punctuation); -1 when it names none of the eight. */
int export_domain_of(const char *label);

/* What a portfolio cover page summarises. Fill it from the entries' metadata with
 * export_stats_add before writing (one pass without bodies is enough). */
typedef struct export_stats {
	size_t entries;
	char first[11];			/* the earliest entry's day, "" when there is none */
	char last[11];			/* the latest entry's day */
	size_t for_supervision;		/* entries marked for supervision */
	size_t with_responses;		/* entries a supervisor answered */
	size_t domains[EXPORT_DOMAINS]; /* entries that name each domain */
	size_t other_competencies;	/* entries naming a competency outside the eight */
} export_stats;

/* Count e into s (start from a zeroed export_stats). */
void export_stats_add(export_stats *s, const entry *e);

/* The reflective supervision summary for the cover, from the supervision log (peer
 * supervision is never counted). */
typedef struct export_hours {
	char from[11], to[11]; /* the days it covers, "" for no bound */
	double hours;	       /* total hours */
	size_t sessions;       /* how many sessions */
	double individual;     /* hours one-to-one */
	double group;	       /* hours in a group */
	size_t individual_sessions; /* one-to-one sessions */
	size_t group_sessions;	    /* group sessions */
	double confirmed;	    /* hours a supervisor's signed statement confirms */
	size_t confirmed_sessions;
} export_hours;

struct attest;

/* One entry as the cover's table of contents and competency evidence index show it. */
typedef struct export_row {
	int64_t id;
	char day[11];	  /* "YYYY-MM-DD" */
	char *visit_type; /* NULL when not given */
	char *family;	  /* NULL when not given */
	unsigned domains; /* bit d set when it names competency domain d */
} export_row;

typedef struct export_options {
	export_format format;
	export_layout layout;
	bool portfolio;	      /* a cover page: title, date range, counts, domains, supervision */
	const char *title;    /* the document's title; NULL for the default */
	const char *name;     /* the practitioner's name for the cover; NULL to leave it out */
	const char *prepared; /* "YYYY-MM-DD" the portfolio was prepared; NULL to leave it out */
	const export_stats *stats; /* for the cover; required when portfolio is set */
	const export_hours *hours; /* supervision summary; NULL when there is no log */
	bool deidentified;	   /* say on the cover that identifying details were checked for */
	/* The entries in the order they are written, for the cover's table of contents and
	 * competency evidence index (portfolio only); NULL to leave both out. */
	const export_row *rows;
	size_t nrows;
	/* HTML: the printed page each row starts on (1-based, parallel to rows), for the page
	 * references of a printed portfolio; NULL when not known. */
	const int *pages;
	/* Supervisors' signed statements for the cover (portfolio only), printed with the
	 * supervisor's name, credential and fingerprint, and embedded whole in JSON so that
	 * 'reflect verify' can check them. */
	struct attest *const *attest;
	size_t nattest;
	/* Markdown and HTML: called with the text a reader of each rendered Markdown block sees
	 * (character references decoded, emphasis joined to its word, link targets), before the
	 * entry is written out; a nonzero return stops the export with RF_ERR_REJECTED (a last
	 * check that nothing identifying appears only once rendered). JSON and plain text show
	 * the texts as they are, so it is not called for them. NULL for none. */
	int (*check)(const char *text, size_t len, void *ctx);
	void *check_ctx;
} export_options;

typedef struct export_writer export_writer;

/* Start a document. Output goes to fp when it is not NULL (the caller keeps ownership and
 * closes it), otherwise into a memory buffer read with export_buffer. The options and what
 * they point to must stay valid until export_finish. The caller frees *out with
 * export_writer_free. */
rf_status export_begin(const export_options *o, FILE *fp, export_writer **out);

/* Write one entry (in the order given). */
rf_status export_entry(export_writer *w, const entry *e);

/* Close the document (and flush fp). No entries may follow. */
rf_status export_finish(export_writer *w);

/* The text written so far to a memory writer (NUL-terminated; *len bytes before the NUL);
 * NULL for a writer on a FILE. Valid until the next call on w. */
const char *export_buffer(const export_writer *w, size_t *len);

/* Wipe any buffer, free the writer and set *w to NULL. */
void export_writer_free(export_writer **w);

/* Writing entries on several threads: a fork of w writes one entry (export_entry) into memory,
 * with w's options (check_ctx replaced when not NULL), as the first entry of the document or,
 * with after, as one that follows others; export_append then puts it into w in its turn, or,
 * when w has reached another place than the fork was made for (an entry before it was left
 * out), writes e there itself. Free a fork with export_writer_free. */
rf_status export_fork(const export_writer *w, bool after, void *check_ctx, export_writer **out);
rf_status export_append(export_writer *w, export_writer *fork, const entry *e);

/* ---- a whole export from a journal (what the command line and the TUI share) ---- */

struct journal;
struct deid_list;
struct deid_findings;

/* What a first pass over the journal found: the entries to write (oldest first), the cover's
 * statistics and anything identifying. */
typedef struct export_plan {
	int64_t *ids; /* entry ids, oldest first */
	size_t n;
	export_row *rows; /* the same entries for the cover, parallel to ids */
	export_stats stats;
	struct deid_findings *found; /* owned by the plan */
} export_plan;

/* Read the entries that pass f (NULL for all). With scan, their texts are read too and scanned
 * with the identifiers list ids (may be NULL) into found. With cover, their texts are read
 * (responses live with the texts) so the cover counts the entries a supervisor answered;
 * with neither only their metadata is read (the faster pass when redacting or keeping anyway).
 * The caller frees *out with export_plan_free. */
rf_status export_plan_make(struct journal *j, const entry_filter *f, const struct deid_list *ids,
			   bool scan, bool cover, export_plan **out);
void export_plan_free(export_plan **p);
/* A plan of nothing (for export_write_scan, which needs none). */
rf_status export_plan_empty(export_plan **out);

/* Redact the plan's rows (the visit types and family codes the cover's contents show) as
 * deid_redact_entry redacts the entries themselves; call it whenever the entries are written
 * redacted. */
rf_status export_plan_redact_rows(export_plan *p, const struct deid_list *ids);

/* Write the plan's entries to w (begun, not finished), oldest first; with redact each is
 * written as deid_redact_entry makes it. *replaced (may be NULL) counts replacements. When an
 * entry fails w's check, RF_ERR_REJECTED and *rejected (may be NULL) is its id. An entry
 * deleted since the plan was made is skipped. */
rf_status export_plan_write(struct journal *j, const export_plan *p, const struct deid_list *ids,
			    bool redact, export_writer *w, size_t *replaced, int64_t *rejected);

/* The check for a writer used with export_plan_write_scan (check_ctx points to this): the
 * pass sets clean to the entry it has just scanned and found nothing in; a text that is
 * exactly one of that entry's texts as written would be the same scan of the same bytes, so
 * it is passed; any other text is scanned as export_check_identifying scans it. */
typedef struct export_scan_check {
	const struct deid_list *ids;
	const entry *clean;
} export_scan_check;
int export_check_scanned(const char *text, size_t len, void *ctx);

/* export_plan_write for a plan made without scan (nothing redacted): each entry is scanned
 * (with sc->ids) as it is written, in the same pass, and the writing stops at the first entry
 * with anything identifying, leaving *clean false (then throw the output away and make a plan
 * with scan to list the findings). *clean true: everything was written, nothing was found. */
/* export_plan_write_scan without a plan: the entries that pass f, oldest first, in one pass
 * (one read transaction); *written is how many were put into w. */
rf_status export_write_scan(struct journal *j, const entry_filter *f, export_scan_check *sc,
			    export_writer *w, bool *clean, int64_t *rejected, size_t *written);

rf_status export_plan_write_scan(struct journal *j, const export_plan *p,
				 export_scan_check *sc, export_writer *w, bool *clean,
				 int64_t *rejected);

/* The supervision log's counted hours for sessions dated from..to (inclusive; NULL or "" for
 * no bound), into *out, with the sessions a kept attestation confirms counted apart. */
rf_status export_hours_between(struct journal *j, const char *from, const char *to,
			       export_hours *out);

/* The kept attestations whose period meets from..to (NULL or "" for no bound). Free with
 * attest_list_free. */
rf_status export_attestations_between(struct journal *j, const char *from, const char *to,
				      struct attest ***v, size_t *n);
/* The cover's texts leave too: --title is scanned like an entry's text, --name (the
 * practitioner's own) for listed names and details only; findings are appended to p->found
 * under the fields "title" and "name" (entry 0). */
rf_status export_plan_scan_cover(export_plan *p, const struct deid_list *ids, const char *title,
				 const char *name);

/* With redaction: *title and *name point to redacted copies (owned by *own_title and
 * *own_name, freed by the caller) when anything in them was replaced. */
rf_status export_cover_redact(const struct deid_list *ids, const char **title, const char **name,
			      char **own_title, char **own_name, size_t *replaced);

/* A check for export_options.check: nonzero when text holds anything identifying
 * (ctx is the deid_list, or NULL for the patterns only). */
int export_check_identifying(const char *text, size_t len, void *ctx);

/* ---- PDF: the HTML printed by headless Chromium ---- */

/* The Chromium (or Chrome) program found on PATH, or NULL when none is installed. A static
 * string. */
const char *export_pdf_browser(void);

/* Print an HTML document to PDF with browser (from export_pdf_browser): the HTML goes to it
 * through a private file in memory (memdir), printed without the browser's own header and
 * footer, with no network and a new empty profile; everything is wiped and removed after.
 * On success *pdf (the caller wipes and frees it with sodium_memzero and free) holds *len
 * bytes. RF_ERR_INVALID when there is no memory file system (nothing is written anywhere),
 * RF_ERR_IO when the browser did not print. */
rf_status export_pdf_print(const char *browser, const char *html, size_t html_len,
			   unsigned char **pdf, size_t *len);

/* The page (1-based) a named destination (an HTML id, "entry-12") is on in a PDF Chromium
 * printed, or 0 when it is not there. *pages (may be NULL) is the number of pages. */
int export_pdf_dest_page(const unsigned char *pdf, size_t len, const char *name, int *pages);

/* The plan's entries as a printed PDF written to out: the HTML export (o, whose format is
 * ignored) printed with browser. A portfolio is printed again with the pages its contents
 * and evidence index refer to until they agree (at most a few times). As export_plan_write
 * for redact, *replaced and *rejected. */
rf_status export_plan_pdf(struct journal *j, const export_plan *p, const struct deid_list *ids,
			  bool redact, const export_options *o, const char *browser, FILE *out,
			  size_t *replaced, int64_t *rejected);

/* ---- atomic plaintext files ---- */

typedef struct export_file export_file;

/* Open a temporary file (mode 0600) in the directory of path, to become path on commit.
 * RF_ERR_EXISTS when path exists and overwrite is false (nothing is created). The caller
 * writes to export_file_stream and then calls export_file_commit or export_file_abort. */
rf_status export_file_open(const char *path, bool overwrite, export_file **out);

/* The stream to write to; owned by f. */
FILE *export_file_stream(export_file *f);

/* Flush, fsync, and move the file into place (mode 0600). Without overwrite a file that
 * appeared meanwhile is never replaced (RF_ERR_EXISTS, the temporary file is removed).
 * Frees *f and sets it to NULL in every case. */
rf_status export_file_commit(export_file **f);

/* Overwrite what was written with zeros, remove the temporary file, free *f, set it NULL. */
void export_file_abort(export_file **f);

#endif
