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
} export_format;

typedef enum export_layout {
	EXPORT_PNC,   /* Pause / Notice / Be Curious (the default) */
	EXPORT_GIBBS, /* Description, Feelings, Evaluation, Analysis, Conclusion, Action plan */
	EXPORT_NMC,   /* what happened, what I learned, how my practice changed, the standard */
} export_layout;

/* Parse "json", "md" (or "markdown"), "html", "txt" (or "text"); RF_ERR_INVALID otherwise. */
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
} export_hours;

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

/* ---- a whole export from a journal (what the command line and the TUI share) ---- */

struct journal;
struct deid_list;
struct deid_findings;

/* What a first pass over the journal found: the entries to write (oldest first), the cover's
 * statistics and anything identifying. */
typedef struct export_plan {
	int64_t *ids; /* entry ids, oldest first */
	size_t n;
	export_stats stats;
	struct deid_findings *found; /* owned by the plan */
} export_plan;

/* Read the entries that pass f (NULL for all). With scan, their texts are read too and scanned
 * with the identifiers list ids (may be NULL) into found; without it only their metadata is
 * read (enough for the cover: the faster pass when redacting or keeping anyway). The caller
 * frees *out with export_plan_free. */
rf_status export_plan_make(struct journal *j, const entry_filter *f, const struct deid_list *ids,
			   bool scan, export_plan **out);
void export_plan_free(export_plan **p);

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
rf_status export_plan_write_scan(struct journal *j, const export_plan *p,
				 export_scan_check *sc, export_writer *w, bool *clean,
				 int64_t *rejected);

/* The supervision log's counted hours for sessions dated from..to (inclusive; NULL or "" for
 * no bound), into *out. */
rf_status export_hours_between(struct journal *j, const char *from, const char *to,
			       export_hours *out);

/* A check for export_options.check: nonzero when text holds anything identifying
 * (ctx is the deid_list, or NULL for the patterns only). */
int export_check_identifying(const char *text, size_t len, void *ctx);

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
