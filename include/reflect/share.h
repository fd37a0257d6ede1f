/* share.h - sharing for supervision inside a journal: writing bundles for a contact, receiving
 * them (checked whole, imported in one transaction), the entries a supervisor holds for each
 * supervisee, the responses a supervisor writes, and the log of what was shared. */
#ifndef REFLECT_SHARE_H
#define REFLECT_SHARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "reflect/bundle.h"
#include "reflect/entry.h"
#include "reflect/identity.h"
#include "reflect/journal.h"
#include "reflect/status.h"

/* A bundle ready to be written to a file, and what to record once it is. */
typedef struct share_outgoing {
	bundle_kind kind;
	char to[IDENTITY_NAME_MAX + 1];
	unsigned char to_sign_pk[IDENTITY_KEYBYTES];
	unsigned char id[BUNDLE_IDBYTES];
	unsigned char *data; /* the bundle (ciphertext only) */
	size_t len;
	int64_t *entries; /* the entry ids shared, or the entry ids answered */
	size_t n;
	int64_t *items; /* response items to mark as sent (kind BUNDLE_RESPONSES) */
	size_t nitems;
} share_outgoing;

/* Entries for the contact `to`: those with ids (nids of them), or every entry marked for
 * supervision when ids is NULL. RF_ERR_NOT_FOUND when the contact or an entry is unknown (d
 * says which), RF_ERR_INVALID when there is nothing to share. The caller frees *out with
 * share_outgoing_free. */
rf_status share_prepare_entries(journal *j, const identity *me, const char *to, const int64_t *ids,
				size_t nids, share_outgoing **out, rf_detail *d);

/* The responses written for the supervisee `to` and not sent yet (or all of them with all).
 * RF_ERR_INVALID when there are none. */
rf_status share_prepare_responses(journal *j, const identity *me, const char *to, bool all,
				  share_outgoing **out, rf_detail *d);

/* After the bundle is safely written: log the share (kind "share-log") and mark the responses
 * sent, in one transaction. */
rf_status share_record(journal *j, const share_outgoing *o);

void share_outgoing_free(share_outgoing **o);

/* What receiving did. */
typedef struct share_receipt {
	bundle_kind kind;
	char from[IDENTITY_NAME_MAX + 1]; /* the contact's name here */
	bool from_verified;
	size_t added;     /* entries now held, or responses attached */
	size_t updated;   /* entries held before, replaced by the newer copy */
	size_t skipped;   /* responses that were there already */
	size_t unmatched; /* responses to entries not here, or never shared with the sender */
	size_t older;     /* entries older than the copy held (a newer one came first): kept as is */
	char fingerprint[IDENTITY_FPR_SIZE]; /* of the key that signed the bundle */
} share_receipt;

/* Receive a bundle: open it (bundle_open), then check that the signer is a pinned contact
 * (BUNDLE_UNKNOWN_SENDER; BUNDLE_CHANGED_KEY when the bundle names a contact whose pinned key
 * differs, or the key is a changed card still waiting to be verified) and that it was not
 * received before (BUNDLE_REPLAY). Only then imports everything in one transaction: entries
 * are held for the supervisor (kind "shared"), responses are attached to the entries they
 * answer. RF_ERR_REJECTED with *why set when refused: nothing was written. r gets what
 * happened (and on refusal the signer's name and fingerprint where known). */
rf_status share_receive(journal *j, const identity *me, const unsigned char *data, size_t len,
			share_receipt *r, bundle_reject *why);

/* ---- the supervisor's side ---- */

/* An entry a supervisee shared, held sealed in this journal. */
typedef struct share_held {
	int64_t item;     /* its id here: 'reflect show --shared ITEM', 'reflect respond ITEM' */
	char from[IDENTITY_NAME_MAX + 1];
	int64_t received; /* Unix seconds */
	int64_t entry_id; /* the supervisee's id for it */
	entry *e;         /* the entry (owned) */
	size_t nresponses; /* responses written here for it */
} share_held;

/* The entries held from `from` (NULL for everyone) that pass f (may be NULL), newest
 * written first. The caller frees *v with share_held_list_free. */
rf_status share_held_list(journal *j, const char *from, const entry_filter *f, share_held **v,
			  size_t *n);
void share_held_list_free(share_held **v, size_t n);

/* One held entry; RF_ERR_NOT_FOUND when item is not one. The caller frees out->e with
 * entry_free. */
rf_status share_held_get(journal *j, int64_t item, share_held *out);

/* The distinct supervisee names entries are held from, in the order first received. The
 * caller clears *names with strlist_clear. */
rf_status share_supervisees(journal *j, strlist *names);

/* A response the supervisor wrote to a held entry. */
typedef struct share_response_out {
	int64_t item;
	int64_t held;     /* the held entry it answers */
	char to[IDENTITY_NAME_MAX + 1];
	int64_t entry_id; /* the supervisee's id for that entry */
	int64_t at;
	int64_t sent; /* when it last went into a bundle, 0 when not yet */
	char *text;
} share_response_out;

/* Write a response to the held entry `held` (kind "response-out"). RF_ERR_INVALID for an
 * empty or unreadable text. item_out (may be NULL) gets its id. */
rf_status share_respond(journal *j, int64_t held, const char *text, int64_t *item_out);

/* The responses written here, for one held entry (held != 0) or all, oldest first. The caller
 * frees *v with share_responses_out_free. */
rf_status share_responses_out(journal *j, int64_t held, share_response_out **v, size_t *n);
void share_responses_out_free(share_response_out **v, size_t n);

/* ---- the log: what was shared when and with whom, what came in ---- */

typedef struct share_log_entry {
	bool received;    /* false: sent from here; true: received here */
	bundle_kind kind;
	char who[IDENTITY_NAME_MAX + 1]; /* to whom, or from whom */
	int64_t at;
	size_t count;
	int64_t *entries; /* sent entries: their ids */
	size_t nentries;
} share_log_entry;

/* Everything sent and received, oldest first. Free with share_log_free. */
rf_status share_log(journal *j, share_log_entry **v, size_t *n);
void share_log_free(share_log_entry **v, size_t n);

#endif
