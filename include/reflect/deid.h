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

/* The sealed item kind the identifiers are kept under. */
#define DEID_ITEM_KIND "identifier"

/* What an identifier names: a person in the family (replaced by the family code when
 * redacted), a place, or something else (both replaced by "[redacted]"). */
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

/* Load the journal's identifiers. The caller frees *out with deid_list_free. */
rf_status deid_list_load(journal *j, deid_list **out);

/* Wipe and free; sets *l to NULL. */
void deid_list_free(deid_list **l);

/* How many identifiers, and each one's item id, text and kind (valid while l lives). */
size_t deid_list_count(const deid_list *l);
int64_t deid_list_id(const deid_list *l, size_t i);
const char *deid_list_text(const deid_list *l, size_t i);
const char *deid_list_kind(const deid_list *l, size_t i);

/* Seal a new identifier into the journal (kind NULL means "name"); *id is set to its item id.
 * RF_ERR_EXISTS when the same text (compared loosely) is already on the list. */
rf_status deid_identifier_add(journal *j, const char *text, const char *kind, int64_t *id);

/* Remove an identifier by its item id. RF_ERR_NOT_FOUND when there is none. */
rf_status deid_identifier_remove(journal *j, int64_t id);

/* ---- detection ---- */

typedef enum deid_what {
	DEID_IDENTIFIER, /* a word on the identifiers list */
	DEID_EMAIL,
	DEID_PHONE,
	DEID_BIRTHDATE,  /* a date next to "born", "date of birth", "DOB" ... */
	DEID_ADDRESS,    /* a street address or postcode */
} deid_what;

/* In words: "a name on your identifiers list", "an email address"... (static). */
const char *deid_what_name(deid_what w);

typedef struct deid_finding {
	int64_t entry;     /* the entry's id */
	char field[32];    /* where: "notice.text", "themes", "responses.text" ... */
	deid_what what;
	char *words;       /* the words found, as written */
} deid_finding;

typedef struct deid_findings {
	deid_finding *v;
	size_t n;
} deid_findings;

/* Scan every text of e (l may be NULL: patterns only) and append what is found to f. */
rf_status deid_scan_entry(const deid_list *l, const entry *e, deid_findings *f);

/* Scan one text; *found is set true when anything identifying is in it. */
rf_status deid_scan_text(const deid_list *l, const char *text, size_t len, bool *found);

/* Wipe and free every finding; f is left empty. */
void deid_findings_clear(deid_findings *f);

/* A copy of e with everything identifying replaced: a family member's name by the entry's
 * family code in brackets ("[F-12]"), anything else by "[redacted]". *count (may be NULL) is
 * how many replacements were made. The caller frees *out with entry_free. */
rf_status deid_redact_entry(const deid_list *l, const entry *e, entry **out, size_t *count);

#endif
