/* search_index.h - the sealed search index (schema/003_search_index.sql), kept by journal.c in
 * the same transaction as every write of an entry. Nothing in it is readable without the key:
 * words go to buckets by a keyed hash cut short (so words share buckets), and each bucket's
 * words and entry numbers are sealed and bound to their row, revision and the index's
 * generation. A search asks it for candidates, which are then checked against the decrypted
 * entries: it may name too many entries, never show one that does not match. */
#ifndef REFLECT_SEARCH_INDEX_H
#define REFLECT_SEARCH_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "reflect/entry.h"
#include "reflect/status.h"

#define SIDX_BUCKETS 2048 /* buckets: few enough that words share them */
#define SIDX_VERSION 1

typedef struct sidx {
	sqlite3 *db;
	const unsigned char *hkey; /* words to buckets, the keyed sum of rows (32 bytes) */
	const unsigned char *skey; /* sealing rows (32 bytes) */
} sidx;

/* The status for an SQLite result code: the one mapping of the journal (journal.c) and of its
 * index. */
rf_status rf_from_sqlite(int rc);

/* The two subkeys of the index, from the master key. */
void sidx_derive_keys(const unsigned char *master, unsigned char *hkey, unsigned char *skey);

/* Changes to make to the index: the words of entries to add or to take away. */
typedef struct sidx_batch sidx_batch;

rf_status sidx_batch_new(sidx_batch **out);
/* The words of e (e->id, with its texts) added to (add) or taken from the index. */
rf_status sidx_batch_entry(sidx_batch *b, const entry *e, bool add);
/* Make the changes (inside the caller's write transaction). RF_ERR_NOT_FOUND when there is no
 * index (nothing done: it is built when next needed); RF_ERR_DAMAGED when a row met does not
 * authenticate (*bad names it; the caller lets the index go to be rebuilt). */
rf_status sidx_batch_apply(const sidx *x, sidx_batch *b, int64_t *bad);
void sidx_batch_free(sidx_batch **b);

/* Start an empty index (a new generation): every row goes, the state is written. */
rf_status sidx_reset(const sidx *x);
/* Let the index go (it is rebuilt when next needed). */
rf_status sidx_drop(const sidx *x);

/* Is the index there and whole? RF_OK; RF_ERR_NOT_FOUND when there is none (or of another
 * format); RF_ERR_DAMAGED when its state does not authenticate or its rows are not the ones
 * the state counts (*bad: the row, -1 for the state). With every_row, each row is opened too
 * (reflect check). */
rf_status sidx_verify(const sidx *x, bool every_row, int64_t *bad);

/* The entries that may pass f's search, theme and feeling conditions: *ids (sorted, *n of
 * them; the caller frees it). RF_ERR_INVALID when the index cannot narrow f (no such
 * condition, too short or not Latin words: the caller reads every entry); RF_ERR_DAMAGED
 * with *bad when a row does not authenticate. */
rf_status sidx_candidates(const sidx *x, const entry_filter *f, int64_t **ids, size_t *n,
			  int64_t *bad);

#endif
