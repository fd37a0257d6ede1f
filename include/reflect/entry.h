/* entry.h - one reflection: the Pause / Notice / Be Curious model, its JSON form and filters. */
#ifndef REFLECT_ENTRY_H
#define REFLECT_ENTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "reflect/status.h"

/* A growable list of UTF-8 strings. */
typedef struct strlist {
	char **v;
	size_t n;
} strlist;

/* Append a copy of s (NULL or empty is ignored) unless an equal string is there already. */
rf_status strlist_add(strlist *l, const char *s);
/* True when l holds s, compared case- and accent-insensitively. */
bool strlist_has(const strlist *l, const char *s);
/* Wipe and free every string; l is left empty. */
void strlist_clear(strlist *l);

/* A supervisor's answer to an entry. */
typedef struct entry_response {
	char *from; /* the supervisor's name as pinned in contacts */
	char *at;   /* ISO 8601 UTC time */
	char *text;
} entry_response;

/* Answers to the questions of another reflective model, asked when the settings' layout is
 * gibbs or nmc: Gibbs' six stages, then the NMC reflective account's four parts. */
enum {
	ENTRY_GIBBS_DESCRIPTION,
	ENTRY_GIBBS_FEELINGS,
	ENTRY_GIBBS_EVALUATION,
	ENTRY_GIBBS_ANALYSIS,
	ENTRY_GIBBS_CONCLUSION,
	ENTRY_GIBBS_ACTION_PLAN,
	ENTRY_NMC_WHAT_HAPPENED,
	ENTRY_NMC_LEARNED,
	ENTRY_NMC_PRACTICE,
	ENTRY_NMC_CODE,
	ENTRY_ANSWERS
};
#define ENTRY_GIBBS_FIRST ENTRY_GIBBS_DESCRIPTION
#define ENTRY_NMC_FIRST	  ENTRY_NMC_WHAT_HAPPENED

/* The JSON path of an answer ("gibbs.description", "nmc.code"); "" out of range. */
const char *entry_answer_path(int i);

/* Activation not given. */
#define ENTRY_NO_ACTIVATION (-1)

typedef struct entry {
	int64_t id;      /* assigned when stored; 0 before */
	int64_t rev;     /* revision, 1 on first store, +1 on every change */
	int64_t written; /* when it was written: Unix seconds, UTC */
	char *visit_date; /* "YYYY-MM-DD" or NULL */
	char *family;     /* a family code, e.g. "F-12" (never a name) */
	char *visit_type;
	char *life_stage;

	/* Pause: how I arrive. */
	char *pause_text;
	char *pause_body; /* what the body is saying */
	int activation;   /* 0..10, or ENTRY_NO_ACTIVATION */

	/* Notice: actions, thoughts, emotions, values. */
	char *notice_text;
	char *notice_between; /* what passed between parent and infant */
	char *notice_stirred; /* what was stirred in me */
	strlist emotions;

	/* Be Curious: how this fits as I move forward. */
	char *curious_text;
	char *curious_parent; /* wondering about the parent's experience */
	char *curious_infant; /* wondering about the infant's experience */
	strlist questions;    /* to bring to supervision */

	char *answers[ENTRY_ANSWERS]; /* Gibbs or NMC answers (see above); NULL when not asked */

	strlist themes;
	strlist competencies;
	bool for_supervision;
	bool portfolio;
	bool safety_concern; /* marked as a safety concern: travels first, tops the inbox */

	entry_response *responses;
	size_t nresponses;
} entry;

/* A new, empty entry (activation unset, written now). The caller frees it with entry_free.
 * Returns NULL when out of memory. */
entry *entry_new(void);

/* Wipe every text in *e, free it and set *e to NULL. NULL and *e == NULL are fine. */
void entry_free(entry **e);

/* A deep copy; the caller frees it with entry_free. NULL when out of memory. */
entry *entry_dup(const entry *e);

/* Replace *field with a copy of s (NULL clears it); the old text is wiped. */
rf_status entry_set(char **field, const char *s);

/* The most reflect keeps in one text of an entry (bytes), the same for every way in (add,
 * JSON and jrnl imports, the full-screen journal), so that its own exports always import. */
#define ENTRY_MAX_TEXT (1 << 20)

/* RF_ERR_TOO_BIG when a text of e is longer than ENTRY_MAX_TEXT (the field's JSON name goes to
 * *which when which is not NULL). */
rf_status entry_check_limits(const entry *e, const char **which);

/* Add a response (copies every string). */
rf_status entry_add_response(entry *e, const char *from, const char *at, const char *text);

/* True when nothing a person wrote or chose is in e (an empty draft). */
bool entry_is_empty(const entry *e);

/* The most telling text of e, the one whose first words stand for it in every list (home,
 * 'reflect list', supervision, review): what was noticed, else what one is curious about,
 * else how one arrived; "" when nothing was written. Points into e. */
const char *entry_first_words(const entry *e);

/* Every feeling and theme of e in its stored form (prompts_key_of): one typed or imported in
 * the language in force ("ternura" in Spanish) becomes the built-in word ("tenderness"), so
 * that it is counted, searched and shown with the picker's; the others stay as written. */
rf_status entry_canonical_labels(entry *e);

/* Whether e goes to supervision, the one rule of the screens and plain mode: the person's own
 * choice when they made one (choice 1 yes, 0 no), else yes when it holds questions to bring
 * (choice -1: not asked, or skipped). */
bool entry_for_supervision_rule(const entry *e, int choice);

/* The entry's day, "YYYY-MM-DD": its visit date, or the local date it was written. */
void entry_day(const entry *e, char out[11]);

/* The entry's written time as "YYYY-MM-DDTHH:MM:SSZ". */
void entry_written_iso(const entry *e, char out[21]);

/* Parse "YYYY-MM-DDTHH:MM:SSZ" (or with an offset, or a bare date) into Unix seconds. */
rf_status entry_parse_time(const char *s, int64_t *out);

/* True when s is a valid "YYYY-MM-DD" calendar date. */
bool entry_valid_date(const char *s);

/* ---- JSON (the form in INTERFACE.md) ---- */

enum {
	ENTRY_JSON_ID = 1,      /* include "id" */
	ENTRY_JSON_PRETTY = 2,  /* indented */
	ENTRY_JSON_META = 4,    /* only the small fields the index needs (for sealing) */
	ENTRY_JSON_BODY = 8,    /* only the texts (for sealing) */
	ENTRY_JSON_NORESP = 16, /* leave out responses (for content fingerprints) */
};

/* Serialise e as a JSON object (flags above; META and BODY select halves, neither = whole).
 * The caller wipes and frees the result with entry_free_text. NULL when out of memory. */
char *entry_to_json(const entry *e, int flags);

/* Write e as JSON through out, byte for byte what entry_to_json(e, flags) returns, without
 * building it in memory first (an export streams every entry through this). In the indented
 * form every line after the first starts with lead more spaces (an entry inside a document's
 * array). RF_ERR_INVALID where entry_to_json gives NULL for want of memory or validity: a text
 * that is not UTF-8, a list item or a response without text; what was written is then partial. */
rf_status entry_json_write(const entry *e, int flags, unsigned lead,
			   void (*out)(void *ctx, const char *s, size_t n), void *ctx);

/* Wipe and free a string returned by this module. */
void entry_free_text(char **s);

/* Parse one entry object. Unknown fields are ignored; every field is optional.
 * On failure *out is NULL and d (may be NULL) says where and why. */
rf_status entry_from_json(const char *text, size_t len, entry **out, rf_detail *d);

/* Merge the fields present in a JSON object into e (used to unseal meta and body halves). */
rf_status entry_merge_json(entry *e, const char *text, size_t len, rf_detail *d);

/* Parse a document of entries: {"reflect":1,"entries":[...]}, a bare array, or one object.
 * On success *out holds *n entries; free with entry_list_free. Nothing is returned on failure. */
rf_status entry_list_from_json(const char *text, size_t len, entry ***out, size_t *n, rf_detail *d);

/* Called with each entry read from a stream; it takes ownership of e (free with entry_free).
 * Return RF_OK to go on; any other status stops the stream and is returned. */
typedef rf_status (*entry_stream_fn)(entry *e, void *ctx);

/* Read the same documents as entry_list_from_json from a file descriptor, one entry at a
 * time, so memory stays small however long the file. Lines and columns in d count from the
 * start of the file. Entries already handed to fn stay handed: callers that want all or
 * nothing wrap the stream in a transaction. */
rf_status entry_stream_json(int fd, entry_stream_fn fn, void *ctx, rf_detail *d);

/* Free a list of entries from entry_list_from_json. */
void entry_list_free(entry ***v, size_t n);

/* ---- The sealed serialisation: a compact tagged binary form, fast to read back ---- */

enum {
	ENTRY_PACK_META = 1,   /* dates, codes, labels, flags, questions, activation */
	ENTRY_PACK_BODY = 2,   /* the texts and responses */
	ENTRY_PACK_ALL = 3,
	ENTRY_PACK_ID = 4,     /* include the id (drafts) */
	ENTRY_PACK_NORESP = 8, /* leave out responses (content fingerprints) */
};

/* Serialise the chosen parts of e. *out is malloc'ed; the caller wipes and frees it with
 * entry_free_packed(out, *len). */
rf_status entry_pack(const entry *e, int parts, unsigned char **out, size_t *len);

/* Merge the fields of a packed record into e. Any bytes are safe to give: a malformed
 * record is RF_ERR_PARSE and e keeps what was read before the fault. */
rf_status entry_unpack(entry *e, const unsigned char *buf, size_t len);

void entry_free_packed(unsigned char **buf, size_t len);

/* ---- Filters ---- */

typedef struct entry_filter {
	const char *since; /* "YYYY-MM-DD", inclusive; NULL for no bound */
	const char *until; /* "YYYY-MM-DD", inclusive */
	const char *theme;
	const char *emotion;
	const char *family;
	const char *visit_type;
	const char *search; /* words to find in any text, case- and accent-insensitive */
	bool flagged;       /* only entries marked for supervision */
	bool portfolio;     /* only entries marked for the portfolio */
	const int64_t *ids; /* only these entries (nids of them); NULL for any */
	size_t nids;
} entry_filter;

/* True when the filter needs the entry's texts (a search), not just its metadata. */
bool entry_filter_needs_body(const entry_filter *f);

/* True when e passes every condition of f (NULL passes everything). */
bool entry_matches(const entry *e, const entry_filter *f);

/* entry_matches with f->search already folded (text_fold), for loops over many entries. */
bool entry_matches_folded(const entry *e, const entry_filter *f, const char *folded);

/* False only when none of the texts (and responses) in a packed body record can contain the
 * folded search words: a quick, exact "no" for plain ASCII texts before anything is unpacked;
 * true whenever it cannot tell (then unpack and use entry_matches). */
bool entry_packed_may_contain(const unsigned char *buf, size_t len, const char *folded);

#endif
