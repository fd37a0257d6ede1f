/* query.h - the home list's search line: words to find, and filters written as key:value
 * (theme:, feeling: or emotion:, family:, type:, since:, until:, is:flagged, is:portfolio),
 * parsed into an entry_filter. Values with spaces go in double quotes: theme:"implicit bias". */
#ifndef REFLECT_QUERY_H
#define REFLECT_QUERY_H

#include "reflect/entry.h"
#include "reflect/status.h"

/* A parsed query: its filter points into strings the query owns. */
typedef struct query {
	entry_filter filter;
	char *owned[8];
	size_t nowned;
} query;

/* Parse text (NULL or blank: no conditions) into *q, which the caller later clears with
 * query_clear. Words that are not key:value pairs (and unknown keys) make the search text.
 * RF_ERR_PARSE with d (may be NULL) saying why when a date is not YYYY-MM-DD, a quote is not
 * closed, or an is: value is unknown; *q is then empty. */
rf_status query_parse(const char *text, query *q, rf_detail *d);

/* True when one of labels (themes or feelings, as stored) is what a person asked for: want
 * is, case- and accent-insensitively, the start of the label or of one of its words, in its
 * stored form or as shown in the language in force ("ghosts" and "nursery" find "ghosts in
 * the nursery", "tender" finds "tenderness", "tern" finds it in Spanish). */
bool query_label_matches(const strlist *labels, const char *want);

/* Wipe and free what q owns; q is left empty (no conditions). */
void query_clear(query *q);

/* True when q has any condition. */
bool query_active(const query *q);

#endif
