/* bundle.h - sealed, signed files for supervision: entries shared with a supervisor, or a
 * supervisor's responses going back.
 *
 * Layout (all integers little-endian):
 *   "RFBUNDLE" (8 bytes), version (1 byte, 1),
 *   the file key sealed to the recipient with crypto_box_seal (80 bytes),
 *   the crypto_secretstream_xchacha20poly1305 header (24 bytes),
 *   frames: a 4-byte length L, then L bytes of secretstream ciphertext.
 * Frame plaintexts begin with a type byte:
 *   'H' header (JSON: kind, bundle id, sender's name and keys, recipient's keys, count, time;
 *       the 113 bytes before the frames are its associated data),
 *   'E' entry (sender's entry id, 8 bytes; its revision, 8 bytes; the entry as JSON),
 *   'R' response (the entry id it answers, 8 bytes; Unix time, 8 bytes; the text),
 *   'S' the sender's Ed25519 signature over the BLAKE2b transcript hash of the preamble and
 *       every frame before it, pushed with TAG_FINAL. Exactly count item frames come between.
 *
 * Version 2 (a bundle for several people, a group): after the version byte comes the number
 * of recipients N (1 byte, 2..BUNDLE_RECIPIENTS_MAX), then N sealed copies of the file key,
 * one for each recipient, then the stream header; the preamble is 10 + 80 N + 24 bytes, and
 * the header's "to" is an array of every recipient's keys. Everything else is as version 1.
 * A bundle with one recipient is written as version 1.
 *
 * A responses bundle's header may name "author": the signing key of whoever wrote the
 * entries the messages answer (the recipient when absent). Messages in a thread travel this
 * way: a supervisor's response to the author and the group, an author's reply to the
 * supervisors.
 */
#ifndef REFLECT_BUNDLE_H
#define REFLECT_BUNDLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "reflect/entry.h"
#include "reflect/identity.h"
#include "reflect/status.h"

#define BUNDLE_MAGIC "RFBUNDLE"
#define BUNDLE_VERSION 1
#define BUNDLE_VERSION_GROUP 2
#define BUNDLE_RECIPIENTS_MAX 32
#define BUNDLE_IDBYTES 16
#define BUNDLE_PREAMBLE 113         /* magic, version, sealed key, stream header */
#define BUNDLE_FRAME_MAX (1u << 20) /* the largest frame plaintext accepted */
#define BUNDLE_COUNT_MAX 100000     /* the most entries or responses in one bundle */
#define BUNDLE_FILE_MAX (512u << 20) /* the largest bundle file read */

typedef enum bundle_kind {
	BUNDLE_ENTRIES = 1,   /* a practitioner's entries, for a supervisor */
	BUNDLE_RESPONSES = 2, /* a supervisor's responses, back to the practitioner */
	/* a supervisor's signed statements for a period (attest.h), back to the practitioner:
	 * frames 'A' (16 bytes unused, then the record), held in responses[i].text */
	BUNDLE_ATTESTATION = 3,
} bundle_kind;

/* Why a bundle was refused: X(name, what it is, in words). */
#define BUNDLE_REJECT_LIST(X)                                                                  \
	X(BUNDLE_INTACT, N_("the bundle is intact"))                                               \
	X(BUNDLE_NOT_BUNDLE, N_("this file is not a reflect bundle"))                              \
	X(BUNDLE_TOO_NEW, N_("the bundle was made by a newer reflect; update reflect to open it")) \
	X(BUNDLE_NOT_FOR_ME, N_("the bundle is addressed to someone else: only the person it was made for can open it")) \
	X(BUNDLE_TRUNCATED, N_("the bundle is truncated: it ends before its last part, so something is missing")) \
	X(BUNDLE_REORDERED, N_("the bundle's parts are out of order: it was rearranged after it was made")) \
	X(BUNDLE_ALTERED, N_("the bundle was altered after it was made: part of it does not authenticate")) \
	X(BUNDLE_TOO_BIG, N_("the bundle declares sizes or counts larger than reflect accepts"))  \
	X(BUNDLE_BAD_SIGNATURE, N_("the bundle's signature does not match the key it names"))      \
	X(BUNDLE_UNKNOWN_SENDER, N_("the bundle is signed by a key that is not one of your contacts")) \
	X(BUNDLE_CHANGED_KEY, N_("the bundle is signed by a changed key for one of your contacts"))  \
	X(BUNDLE_REPLAY, N_("this bundle was received already"))

typedef enum bundle_reject {
#define BUNDLE_REJECT_ENUM(name, msg) name,
	BUNDLE_REJECT_LIST(BUNDLE_REJECT_ENUM)
#undef BUNDLE_REJECT_ENUM
	BUNDLE_REJECT_COUNT
} bundle_reject;

/* The words for a reason: a static string, never NULL. */
const char *bundle_reject_message(bundle_reject r);
/* The reason's name ("BUNDLE_ALTERED"), for tests. */
const char *bundle_reject_name(bundle_reject r);

/* A response in a bundle. */
typedef struct bundle_response {
	int64_t entry; /* the practitioner's entry id it answers */
	int64_t at;    /* when it was written, Unix seconds */
	char *text;
} bundle_response;

/* An opened bundle. */
typedef struct bundle {
	bundle_kind kind;
	unsigned char id[BUNDLE_IDBYTES];
	int64_t created;
	identity_public from; /* the sender, as the bundle names them (checked by the signature) */
	unsigned char to_sign_pk[IDENTITY_KEYBYTES]; /* the first recipient */
	unsigned char to_box_pk[IDENTITY_KEYBYTES];
	identity_public *to; /* every recipient's keys (names empty), nto >= 1 */
	size_t nto;
	bool has_author; /* responses: author names whose entries they answer */
	unsigned char author[IDENTITY_KEYBYTES];
	entry **entries; /* kind BUNDLE_ENTRIES; entries[i]->id is the sender's id */
	size_t nentries;
	bundle_response *responses; /* kind BUNDLE_RESPONSES */
	size_t nresponses;
} bundle;

/* Write a bundle from me to `to`: the entries (kind BUNDLE_ENTRIES; each keeps its own id, its
 * responses are left out) or the responses (BUNDLE_RESPONSES). id_out (may be NULL) gets the
 * fresh bundle id. *out is malloc'ed (the caller frees it with free(); it holds only
 * ciphertext). RF_ERR_TOO_BIG when an item or the count passes the limits. */
rf_status bundle_write(const identity *me, const identity_public *to, bundle_kind kind,
		       entry *const *entries, size_t nentries, const bundle_response *responses,
		       size_t nresponses, unsigned char id_out[BUNDLE_IDBYTES], unsigned char **out,
		       size_t *outlen);

/* The same for several recipients (nto of them, 1..BUNDLE_RECIPIENTS_MAX): the file key is
 * sealed to each. author (may be NULL) is the signing key of the author of the entries the
 * responses answer, written into the header. */
rf_status bundle_write_to(const identity *me, const identity_public *to, size_t nto,
			  const unsigned char *author, bundle_kind kind, entry *const *entries,
			  size_t nentries, const bundle_response *responses, size_t nresponses,
			  unsigned char id_out[BUNDLE_IDBYTES], unsigned char **out, size_t *outlen);

/* Open and check a bundle for me: format, recipient, every frame's authentication and order,
 * completeness and the sender's signature. Sizes and counts are checked against the limits
 * before anything is allocated for them. On success *out is the bundle (free with bundle_free)
 * and *why is BUNDLE_INTACT. On refusal returns RF_ERR_REJECTED, *out is NULL and *why says
 * which check failed; RF_ERR_NOMEM when memory ran out. Pinning and replays are the caller's
 * (share_receive). */
rf_status bundle_open(const unsigned char *data, size_t len, const identity *me, bundle **out,
		      bundle_reject *why);

/* Wipe and free an opened bundle; *b becomes NULL. */
void bundle_free(bundle **b);

/* The bundle id as 32 lowercase hex digits and a NUL. */
void bundle_id_hex(const unsigned char id[BUNDLE_IDBYTES], char out[2 * BUNDLE_IDBYTES + 1]);

#endif
