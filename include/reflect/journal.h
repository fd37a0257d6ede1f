/* journal.h - the sealed journal file: create, unlock, entries, drafts, sealed items, checks. */
#ifndef REFLECT_JOURNAL_H
#define REFLECT_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "reflect/crypto.h"
#include "reflect/entry.h"
#include "reflect/status.h"

typedef struct journal journal;

/* The default journal path: $REFLECT_JOURNAL, else $XDG_DATA_HOME/reflect/journal.db, else
 * ~/.local/share/reflect/journal.db. The caller frees the result with free(); NULL on no memory. */
char *journal_default_path(void);

/* True when a journal file exists at path. */
bool journal_exists(const char *path);

/* Create a new journal at path (its directory is made 0700 if missing) sealed under pass.
 * RF_ERR_EXISTS when a file is already there. On success *out is an unlocked journal that the
 * caller closes with journal_close. */
rf_status journal_create(const char *path, const char *pass, size_t passlen, rcrypto_level level,
			 journal **out);

/* Open and unlock the journal at path. RF_ERR_NO_JOURNAL, RF_ERR_NOT_JOURNAL, RF_ERR_TOO_NEW
 * (nothing changed), RF_ERR_KDF_PARAMS (refused before hashing), RF_ERR_PASSPHRASE, RF_ERR_BUSY.
 * Damage found on open (a failed quick_check, rows deleted or rolled back) does not stop it:
 * it is listed in journal_damage. */
rf_status journal_open(const char *path, const char *pass, size_t passlen, journal **out);

/* Lock: wipe every key and cached text, close the file, set *j to NULL. */
void journal_close(journal **j);

/* The schema version this journal is at, and the newest this binary knows. */
int journal_schema_version(const journal *j);
int journal_schema_latest(void);

/* Change the passphrase and rotate the master key: every record is sealed again under a new
 * master key and the new key wrapped under pass, in one transaction (a crash leaves the old or
 * the new passphrase working, never neither). An old copy of the key rows with the old
 * passphrase opens nothing written afterwards. level NULL keeps the key derivation's cost. */
rf_status journal_passwd(journal *j, const char *pass, size_t passlen, const rcrypto_level *level);

/* ---- entries ---- */

/* Store a new entry; sets e->id and e->rev. */
rf_status journal_add(journal *j, entry *e);

/* Store a changed entry (e->id must exist); bumps e->rev. */
rf_status journal_update(journal *j, entry *e);

/* Delete an entry for good (secure_delete is on). RF_ERR_NOT_FOUND when there is none. */
rf_status journal_delete(journal *j, int64_t id);

/* Read one whole entry. RF_ERR_NOT_FOUND, or RF_ERR_DAMAGED when it does not authenticate.
 * The caller frees *out with entry_free. */
rf_status journal_get(journal *j, int64_t id, entry **out);

/* Called for each entry; return nonzero to stop. e is valid only during the call. */
typedef int (*journal_visit)(const entry *e, void *ctx);

/* Visit the entries that pass f (NULL for all), newest first. With want_body the texts are
 * there too; without it only the metadata (dates, codes, labels, flags, questions, responses
 * count) is filled in. Damaged rows are skipped and recorded in journal_damage. */
rf_status journal_each(journal *j, const entry_filter *f, bool want_body, journal_visit fn,
		       void *ctx);

/* Load every entry's metadata into memory, so later journal_each calls without a body need
 * no decryption. Optional: journal_each works without it. */
rf_status journal_load_index(journal *j);

/* How many entries the journal holds (own entries only). */
rf_status journal_count(journal *j, size_t *n);

/* Add entries in one transaction; an entry already in the journal (same content) is skipped.
 * On any failure nothing is added. */
rf_status journal_import(journal *j, entry *const *v, size_t n, size_t *added, size_t *skipped);

/* ---- drafts: sealed, saved while composing; one for each reflection being written or entry
 * being changed, never replacing one another ---- */

typedef struct journal_draft_info {
	int64_t id;      /* the draft's own number (never given twice) */
	int64_t started; /* when it was first kept, seconds since the epoch */
	int step;        /* where the person was when it was last kept (the compose screen's */
	int field;       /* own step and field numbers) */
} journal_draft_info;

/* Keep a draft: *id == 0 makes a new one (started now) and sets *id; otherwise replaces draft
 * *id (RF_ERR_NOT_FOUND when it is gone). e->id names the entry being changed, 0 for a new
 * reflection. step and field say where the person was. */
rf_status journal_draft_put(journal *j, int64_t *id, const entry *e, int step, int field);

/* Read draft id. The caller frees *out with entry_free. info may be NULL. */
rf_status journal_draft_get(journal *j, int64_t id, entry **out, journal_draft_info *info);

/* Called for each draft, oldest first; e and info are valid only during the call. */
typedef int (*journal_draft_visit)(const journal_draft_info *info, const entry *e, void *ctx);

/* Visit every draft. Damaged ones are skipped and recorded. */
rf_status journal_draft_each(journal *j, journal_draft_visit fn, void *ctx);

/* Let draft id go for good. RF_ERR_NOT_FOUND when there is none. */
rf_status journal_draft_delete(journal *j, int64_t id);

/* How many drafts wait. */
rf_status journal_draft_count(journal *j, size_t *n);

/* Older helpers: save always keeps a new draft; load reads the newest (RF_ERR_NOT_FOUND when
 * there is none); clear lets every draft go. */
rf_status journal_draft_save(journal *j, const entry *e);
rf_status journal_draft_load(journal *j, entry **out);
rf_status journal_draft_clear(journal *j);

/* ---- sealed items: small records other modules keep (contacts, identifiers, the
 * supervision log, shared entries). kind is a short plain label, e.g. "contact". ---- */

/* Store data sealed; *id == 0 makes a new item and sets *id, otherwise replaces item *id. */
rf_status journal_item_put(journal *j, const char *kind, int64_t *id, const void *data,
			   size_t len);

/* Called for each item; data is NUL-terminated and valid only during the call. */
typedef int (*journal_item_visit)(int64_t id, const char *data, size_t len, void *ctx);

/* Visit the items of a kind, oldest first. Damaged ones are skipped and recorded. */
rf_status journal_item_each(journal *j, const char *kind, journal_item_visit fn, void *ctx);

/* Read one item; the caller frees *data with rcrypto_plain_free(data, *len). */
rf_status journal_item_get(journal *j, const char *kind, int64_t id, char **data, size_t *len);

rf_status journal_item_delete(journal *j, const char *kind, int64_t id);

/* Group several changes into one transaction (nesting counts). On rollback nothing of the
 * group is kept. */
rf_status journal_begin(journal *j);
rf_status journal_commit(journal *j);
void journal_rollback(journal *j);

/* A 32-byte subkey of the master key for a purpose (an 8-character context), e.g. "identity". */
rf_status journal_subkey(journal *j, uint64_t id, const char ctx[8], unsigned char *out);

/* ---- damage ---- */

typedef struct journal_damage {
	char table[16]; /* "entries", "items", "drafts", "journal" */
	int64_t id;     /* the row, 0 for the whole table or file */
	char what[160]; /* in words */
} journal_damage;

/* What damage this session has met so far (valid until the next call into j). */
const journal_damage *journal_damage_list(const journal *j, size_t *n);

/* Verify every record, the digest of rows, the schema (tables, columns, indexes as the
 * migrations made them) and SQLite's integrity_check. RF_OK when all is intact;
 * RF_ERR_DAMAGED with the findings in journal_damage_list otherwise. */
rf_status journal_check(journal *j);

/* Take the rows present as the new baseline of the digest (after the person has seen the
 * damage and said so): later deletions show again. */
rf_status journal_accept(journal *j);

/* Write a consistent, still sealed copy of the journal to path (atomically). */
rf_status journal_backup(journal *j, const char *path);

/* ---- reading fast (make bench, exports, searches) ---- */

/* Open a read transaction: everything read until journal_commit sees one snapshot, and the
 * file is locked once rather than once per statement. Nests with journal_begin. */
rf_status journal_begin_read(journal *j);

/* Visit like journal_each, but at most limit entries that pass f (0: all). Without any
 * condition in f the cut is made in SQL: only those rows are read and decrypted. */
rf_status journal_each_newest(journal *j, const entry_filter *f, bool want_body, size_t limit,
			      journal_visit fn, void *ctx);

/* Visit like journal_each, oldest first. */
rf_status journal_each_oldest(journal *j, const entry_filter *f, bool want_body,
			      journal_visit fn, void *ctx);

/* Visit, with their texts, the entries whose ids are among ids (n of them, sorted ascending),
 * oldest first: one pass over the table inside one read transaction, rows not asked for
 * skipped before anything is decrypted. Damaged rows are skipped and recorded. */
rf_status journal_each_of(journal *j, const int64_t *ids, size_t n, journal_visit fn, void *ctx);

/* Work on entries on several threads (par.h, REFLECT_THREADS): each entry of journal_each_of,
 * once opened, goes to work on any of the journal's threads, several at once and in any order
 * (so work must only read what it shares), then, on the caller's thread and in order, to
 * visit with what work made of it (return nonzero to stop). visit may use it, or take parts
 * of it, but not free it: every result goes to drop (may be NULL) afterwards, on any thread
 * (best on the one that made it), whether visited or not. */
typedef struct journal_worker {
	void *(*work)(const entry *e, void *ctx);
	int (*visit)(const entry *e, void *made, void *ctx);
	void (*drop)(void *made, void *ctx);
	void *ctx;
} journal_worker;

rf_status journal_each_of_made(journal *j, const int64_t *ids, size_t n, const journal_worker *w);
/* journal_each with w (as journal_each_of_made). */
rf_status journal_each_made(journal *j, const entry_filter *f, bool want_body,
			    const journal_worker *w);
rf_status journal_each_oldest_made(journal *j, const entry_filter *f, bool want_body,
				   const journal_worker *w);

/* journal_each_newest with w (as journal_each_of_made): the texts opened, the entries checked
 * and worked on several threads; visited in order. */
rf_status journal_each_newest_made(journal *j, const entry_filter *f, bool want_body, size_t limit,
				   const journal_worker *w);

/* The floor every full scan can approach: read and authenticate every entry's metadata (and
 * with bodies, its texts) without unpacking anything. *rows and *bytes (sealed bytes read)
 * say how much. For make bench. */
rf_status journal_read_all(journal *j, bool bodies, size_t *rows, size_t *bytes);

#endif
