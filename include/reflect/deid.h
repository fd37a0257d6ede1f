/* deid.h - de-identification: the sealed list of identifiers (names, places), detection of
 * identifying details in entries (identifiers, emails, phone numbers, dates of birth, street
 * addresses) and their redaction. */
#ifndef REFLECT_DEID_H
#define REFLECT_DEID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "reflect/entry.h"
#include "reflect/journal.h"
#include "reflect/status.h"

/* The sealed item kinds the identifiers and the words marked safe are kept under. */
#define DEID_ITEM_KIND "identifier"
#define DEID_ALLOW_KIND "identifier-allow"

/* What an identifier names: a person in the family (replaced by their kind and the family code
 * when redacted: "[child F-03]", "[child 2 F-05]"), a place ("[place]"), a name ("[name]") or
 * something else ("[redacted]"). */
#define DEID_KINDS "child, parent, carer, name, place, other"
/* True when kind is one of DEID_KINDS. */
bool deid_kind_valid(const char *kind);

/* The identifiers, in memory (texts in guarded memory, wiped on free). */
typedef struct deid_list deid_list;

/* An empty list; free with deid_list_free. */
rf_status deid_list_new(deid_list **out);

/* Add an identifier to the list in memory (not to the journal). kind NULL means "name".
 * id is the sealed item's id (0 for none). RF_ERR_INVALID when text has no letter or digit. */
rf_status deid_list_add(deid_list *l, int64_t id, const char *text, const char *kind);

/* Mark a word safe in the list in memory: it is never flagged as a possible name. */
rf_status deid_list_allow(deid_list *l, const char *word);

/* Load the journal's identifiers and safe words. RF_ERR_DAMAGED when one of them could not be
 * opened (the list would not be whole). The caller frees *out with deid_list_free. */
rf_status deid_list_load(journal *j, deid_list **out);

/* Wipe and free; sets *l to NULL. */
void deid_list_free(deid_list **l);

/* Scanning on several threads at once (par.h): deid_prepare first, on the caller's thread
 * (the tables every scan reads are made once); each other thread calls deid_thread_done
 * before it ends (what it remembered of people's words is wiped). A list must not change
 * while threads scan with it. */
rf_status deid_prepare(void);
void deid_thread_done(void);

/* How many identifiers, and each one's item id, text and kind (valid while l lives). */
size_t deid_list_count(const deid_list *l);
int64_t deid_list_id(const deid_list *l, size_t i);
const char *deid_list_text(const deid_list *l, size_t i);
const char *deid_list_kind(const deid_list *l, size_t i);

/* Seal a new identifier into the journal (kind NULL means "name"); *id is set to its item id.
 * RF_ERR_EXISTS when the same text (compared loosely) is already on the list. */
rf_status deid_identifier_add(journal *j, const char *text, const char *kind, int64_t *id);

/* The same, checking against (and adding to) the loaded list have: adding many stays linear. */
rf_status deid_identifier_add_in(journal *j, deid_list *have, const char *text, const char *kind,
				 int64_t *id);

/* Remove an identifier by its item id. RF_ERR_NOT_FOUND when there is none. */
rf_status deid_identifier_remove(journal *j, int64_t id);

/* Seal a word as safe (never a possible name); RF_ERR_EXISTS when it already is. */
rf_status deid_allow_add(journal *j, const char *word, int64_t *id);

/* ---- detection ---- */

typedef enum deid_what {
	DEID_IDENTIFIER, /* a word on the identifiers list */
	DEID_EMAIL,
	DEID_PHONE,
	DEID_BIRTHDATE, /* a date next to "born", "date of birth", "DOB" ... */
	DEID_ADDRESS,	/* a street address, PO box, ZIP code or postcode */
	DEID_NAME,	/* a capitalised word that is no word of English or Spanish: maybe a name */
} deid_what;

/* In words: "a name on your identifiers list", "an email address"... (static). */
const char *deid_what_name(deid_what w);

typedef struct deid_finding {
	int64_t entry;	/* the entry's id */
	char field[32]; /* where: "notice.text", "themes", "responses.text" ... */
	deid_what what;
	char *words; /* the words found, as written */
} deid_finding;

typedef struct deid_findings {
	deid_finding *v;
	size_t n;
} deid_findings;

/* Scan every text of e (l may be NULL: patterns only) and append what is found to f. */
rf_status deid_scan_entry(const deid_list *l, const entry *e, deid_findings *f);

/* Scan one text (not part of an entry: a title, a name, a log) under the name field; what is
 * found is appended to f with entry 0. */
rf_status deid_scan_named(const deid_list *l, const char *field, const char *text,
			  deid_findings *f);

/* Scan one text; *found is set true when anything identifying is in it. With l NULL only the
 * patterns are looked for (no names). RF_ERR_INVALID for text that is not UTF-8,
 * RF_ERR_TOO_BIG for a text over 16 MiB. */
rf_status deid_scan_text(const deid_list *l, const char *text, size_t len, bool *found);

/* Like deid_scan_text for a text that is a name by design (the practitioner's): only listed
 * identifiers and the patterns count, not possible names. */
rf_status deid_scan_listed(const deid_list *l, const char *text, bool *found);

/* Is word a listed identifier (or a part of one) or a possible name (not a word of English or
 * Spanish, not marked safe)? For lists of words shown to others (the review's words). */
bool deid_is_name(const deid_list *l, const char *word);

/* A family code must be a code: RF_ERR_REJECTED when it holds a listed name or a possible
 * name, RF_OK otherwise (also for NULL or ""). */
rf_status deid_family_code_check(const deid_list *l, const char *code);

/* Wipe and free every finding; f is left empty. */
void deid_findings_clear(deid_findings *f);

/* A copy of e with everything identifying replaced: a family member's name by their kind and
 * the entry's family code ("[child F-12]"; the code left out when it is not safe to show),
 * then "[phone]", "[email]", "[address]", "[date of birth]", "[name]". The list remembers the
 * number it gave each person of a family, so one person is named alike throughout one export
 * (use a fresh list for each export). *count (may be NULL) is how many replacements were made.
 * The caller frees *out with entry_free. */
rf_status deid_redact_entry(const deid_list *l, const entry *e, entry **out, size_t *count);

/* The same for one text (a title, a name); the caller frees *out. */
rf_status deid_redact_text(const deid_list *l, const char *text, char **out, size_t *count);
/* With listed_only, possible names are left (for a text that is a name by design). */
rf_status deid_redact_text_as(const deid_list *l, const char *text, bool listed_only, char **out,
			      size_t *count);

#endif
