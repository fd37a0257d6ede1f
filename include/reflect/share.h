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
#include "reflect/pattern.h"
#include "reflect/status.h"

#define SHARE_TO_MAX 256 /* the longest list of names an outgoing bundle is labelled with */

/* A bundle ready to be written to a file, and what to record once it is. */
typedef struct share_outgoing {
	bundle_kind kind;
	char to[SHARE_TO_MAX]; /* "Ana", "Ana, Ben", or a group's name */
	unsigned char to_sign_pk[IDENTITY_KEYBYTES]; /* the first recipient */
	unsigned char (*keys)[IDENTITY_KEYBYTES];     /* every recipient's signing key */
	size_t nkeys;
	unsigned char id[BUNDLE_IDBYTES];
	unsigned char *data; /* the bundle (ciphertext only) */
	size_t len;
	int64_t *entries; /* the entry ids shared, or the entry ids answered */
	size_t n;
	char (*hashes)[33]; /* kind BUNDLE_ENTRIES: each entry's content, to tell later changes */
	int64_t *items; /* message items to mark as sent (kind BUNDLE_RESPONSES) */
	size_t nitems;
	size_t unchanged; /* entries left out because they went already as they are */
} share_outgoing;

/* Entries for the contacts or groups named in to (nto of them): those with ids (nids of
 * them), or every entry marked for supervision when ids is NULL; when only_changed, only
 * those whose content differs from what went to these people before. Entries marked as a
 * safety concern come first. RF_ERR_NOT_FOUND when a contact or an entry is unknown (d says
 * which), RF_ERR_INVALID when there is nothing to share (d says why; o->unchanged is not
 * available then: RF_ERR_EXISTS says everything went already unchanged). The caller frees
 * *out with share_outgoing_free. */
rf_status share_prepare_entries(journal *j, const identity *me, const char *const *to, size_t nto,
				const int64_t *ids, size_t nids, bool only_changed,
				share_outgoing **out, rf_detail *d);

/* What sharing does with identifying details (the same scan as export, before sealing): stop
 * and say where (RF_ERR_REJECTED with the findings in *found), replace them ("[child F-03]",
 * "[phone]"), or keep them as asked. */
typedef enum share_deid { SHARE_DEID_STOP, SHARE_DEID_REDACT, SHARE_DEID_KEEP } share_deid;
struct deid_findings;
/* share_prepare_entries with a choice; found (may be NULL with KEEP) receives what the scan
 * found (with STOP) or replaced (with REDACT). share_prepare_entries is this with STOP. When
 * the identifiers list cannot be read, nothing is prepared (RF_ERR_DAMAGED). */
rf_status share_prepare_entries_deid(journal *j, const identity *me, const char *const *to,
				     size_t nto, const int64_t *ids, size_t nids, bool only_changed,
				     share_deid mode, struct deid_findings *found, size_t *replaced,
				     share_outgoing **out, rf_detail *d);

/* The messages (a supervisor's responses, an author's replies) not sent yet (or all of them
 * with all), as bundles: one for each set of people a message is for. With to (a contact's
 * name), only the messages for them, each in a bundle for them alone. *n is 0 when there is
 * nothing to send. The caller frees each with share_outgoing_free and the array with free(). */
rf_status share_prepare_messages(journal *j, const identity *me, const char *to, bool all,
				 share_outgoing ***out, size_t *n, rf_detail *d);

/* The same as share_prepare_messages for one contact, as a single bundle (the old call).
 * RF_ERR_INVALID when there are none. */
rf_status share_prepare_responses(journal *j, const identity *me, const char *to, bool all,
				  share_outgoing **out, rf_detail *d);

/* After the bundle is safely written: log the share (kind "share-log") and mark the messages
 * sent to its recipients, in one transaction. */
rf_status share_record(journal *j, const share_outgoing *o);

void share_outgoing_free(share_outgoing **o);

/* ---- groups: a name for several contacts, usable wherever --to is ---- */

typedef struct share_group {
	int64_t item;
	char name[IDENTITY_NAME_MAX + 1];
	strlist members; /* contacts' names */
} share_group;

/* Add or replace the group name with these members (each a pinned contact; d names one that
 * is not: RF_ERR_NOT_FOUND). RF_ERR_EXISTS when name is a contact's name. */
rf_status share_group_add(journal *j, const char *name, const char *const *members, size_t n,
			  rf_detail *d);
/* Every group, oldest first; free with share_group_list_free. */
rf_status share_group_list(journal *j, share_group **v, size_t *n);
void share_group_list_free(share_group **v, size_t n);
/* RF_ERR_NOT_FOUND when there is no such group. */
rf_status share_group_remove(journal *j, const char *name);

/* What receiving did. */
typedef struct share_receipt {
	bundle_kind kind;
	char from[IDENTITY_NAME_MAX + 1]; /* the contact's name here */
	bool from_verified;
	size_t added;     /* entries now held, or responses attached */
	size_t updated;   /* entries held before, replaced by the newer copy */
	size_t unchanged; /* entries held before exactly as they came again */
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

/* An entry a supervisee shared, held sealed in this journal. It is known by its author and
 * the author's own number ("Ana #7"). */
typedef struct share_held {
	int64_t item;     /* its id here (internal) */
	char from[IDENTITY_NAME_MAX + 1];
	char from_key[2 * IDENTITY_KEYBYTES + 1]; /* the author's signing key, hex */
	int64_t received; /* Unix seconds */
	int64_t entry_id; /* the supervisee's id for it: 'reflect show --shared --from Ana 7' */
	entry *e;         /* the entry (owned) */
	size_t nresponses; /* responses written here for it */
	size_t nmessages;  /* messages received for it (replies, others in the group) */
	int64_t last_in;   /* when the newest message received for it was written, 0 none */
	int64_t last_out;  /* when the newest response written here was written, 0 none */
	bool reply_waiting; /* a message came in after the newest response written here (by the
			     * order things reached this journal, not by two people's clocks) */
} share_held;

/* The entries held from `from` (NULL for everyone; case and accents aside) that pass f (may
 * be NULL): those marked as a safety concern first, then newest written first. The caller
 * frees *v with share_held_list_free. */
rf_status share_held_list(journal *j, const char *from, const entry_filter *f, share_held **v,
			  size_t *n);
void share_held_list_free(share_held **v, size_t n);

/* One held entry by its item; RF_ERR_NOT_FOUND when item is not one. The caller frees out->e
 * with entry_free. */
rf_status share_held_get(journal *j, int64_t item, share_held *out);

/* The held entry that is `from`'s (NULL: anyone's) entry number entry_id. RF_ERR_NOT_FOUND
 * when there is none (d says so, naming an unknown person), RF_ERR_EXISTS when several people
 * shared an entry with that number (d names them: say whose with --from). */
rf_status share_held_find(journal *j, const char *from, int64_t entry_id, share_held *out,
			  rf_detail *d);

/* The distinct supervisee names entries are held from, in the order first received. The
 * caller clears *names with strlist_clear. */
rf_status share_supervisees(journal *j, strlist *names);

/* True when name (case and accents aside) is someone entries are held from; *canon (may be
 * NULL) gets the name as held. */
bool share_is_supervisee(journal *j, const char *name, char canon[IDENTITY_NAME_MAX + 1]);

/* One message in an entry's thread, oldest first. */
typedef struct share_message {
	char from[IDENTITY_NAME_MAX + 1]; /* who wrote it; empty: this journal */
	int64_t at;                        /* Unix seconds */
	bool mine;                         /* written here */
	bool sent;                         /* mine and sent */
	char *text;
} share_message;

/* The thread beside a held entry: the responses written here and the messages received for
 * it, in the order written. Free with share_thread_free. */
rf_status share_thread(journal *j, int64_t held, share_message **v, size_t *n);
void share_thread_free(share_message **v, size_t n);

/* Reply in the thread of one's own entry: the text joins the entry's responses (from this
 * journal's card name) and waits to be sent to whoever the entry was shared with.
 * RF_ERR_INVALID for an empty or unreadable text, RF_ERR_NOT_FOUND for no such entry. */
rf_status share_reply(journal *j, const identity *me, int64_t entry_id, const char *text,
		      int64_t *item_out);

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

/* Whether each of v[0..n) counts as discussed (talked[i]): answered here, or discussed in a
 * logged session its author attended (whose entry it was, as logged). Its questions are then
 * no longer open, here as in share_review. */
rf_status share_held_discussed(journal *j, const share_held *v, size_t n, bool *talked);

/* The supervisor's review ('reflect review --shared [--from NAME]' and the TUI's): the
 * entries held from `from` (NULL: everyone; case aside) that pass f make the review, every
 * other held entry is background; ids are the authors' own numbers, and the questions of an
 * entry answered here count as discussed. po is the caller's (its discussed ids are set and
 * cleared here). The caller frees *out with pattern_free; *r lives as long as it. */
rf_status share_review(journal *j, const char *from, const entry_filter *f, pattern_opts *po,
		       pattern **out, const pattern_report **r);

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

/* The ids (32 hex digits) of every bundle sent from here or received here. The caller clears
 * *ids with strlist_clear. */
rf_status share_known_bundles(journal *j, strlist *ids);

/* Everything sent and received, oldest first. Free with share_log_free. */
rf_status share_log(journal *j, share_log_entry **v, size_t *n);
void share_log_free(share_log_entry **v, size_t n);

#endif
