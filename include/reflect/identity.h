/* identity.h - a journal's own identity (signing and sealing keys), contact cards, fingerprints
 * and the pinned contacts that sharing for supervision trusts. */
#ifndef REFLECT_IDENTITY_H
#define REFLECT_IDENTITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "reflect/journal.h"
#include "reflect/status.h"

#define IDENTITY_KEYBYTES 32   /* an Ed25519 or X25519 public key */
#define IDENTITY_SIGBYTES 64   /* an Ed25519 signature */
#define IDENTITY_SEEDBYTES 32  /* the secret both key pairs come from */
#define IDENTITY_NAME_MAX 64   /* bytes of UTF-8 in a name */
#define IDENTITY_CREDENTIAL_MAX 200 /* bytes of UTF-8 in a credential ("IMH-E® Mentor") */
#define IDENTITY_FPR_SIZE 40   /* "ABCD EFGH ..." : 8 groups of 4, spaces, NUL */
#define IDENTITY_CARD_MAX 65536 /* the most text identity_card_parse looks at */

/* The public half of an identity: what a contact card carries. */
typedef struct identity_public {
	char name[IDENTITY_NAME_MAX + 1]; /* the name the person gave themselves; may be empty */
	unsigned char sign_pk[IDENTITY_KEYBYTES]; /* Ed25519 */
	unsigned char box_pk[IDENTITY_KEYBYTES];  /* X25519 */
} identity_public;

/* A journal's own identity: public keys and, in guarded memory, the secret halves. */
typedef struct identity identity;

/* Make an identity from a 32-byte seed (both key pairs are derived from it). Fresh random
 * identities pass seed NULL. name may be NULL or empty. The caller frees *out with
 * identity_free. RF_ERR_INVALID for a bad name. */
rf_status identity_from_seed(const unsigned char *seed, const char *name, identity **out);

/* The journal's identity, made and stored (sealed, as an item of kind "identity") on first
 * use. The caller frees *out with identity_free. */
rf_status identity_ensure(journal *j, identity **out);

/* Change the name on this journal's card (NULL or empty clears it) and store it. */
rf_status identity_set_name(journal *j, identity *id, const char *name);

/* Change the credential kept with the identity (NULL or empty clears it) and store it,
 * sealed: a supervisor's "IMH-E® Infant Mental Health Mentor", which their attestations carry
 * and their card's readable line shows. RF_ERR_INVALID for a bad credential. */
rf_status identity_set_credential(journal *j, identity *id, const char *credential);

/* The credential kept with the identity, "" when none; valid as long as id is. */
const char *identity_credential(const identity *id);

/* True when credential is 1..IDENTITY_CREDENTIAL_MAX bytes of UTF-8 text on one line. */
bool identity_credential_valid(const char *credential);

/* Wipe the secret halves and free *id; *id becomes NULL. */
void identity_free(identity **id);

/* The public half; valid as long as id is. */
const identity_public *identity_pub(const identity *id);

/* Sign len bytes of m with the identity's Ed25519 key. */
void identity_sign(const identity *id, const unsigned char *m, size_t len,
		   unsigned char sig[IDENTITY_SIGBYTES]);

/* True when sig is pk's signature over m. */
bool identity_verify(const unsigned char pk[IDENTITY_KEYBYTES], const unsigned char *m, size_t len,
		     const unsigned char sig[IDENTITY_SIGBYTES]);

/* Open something sealed to the identity's X25519 key with crypto_box_seal: clen bytes of c
 * into m (clen - crypto_box_SEALBYTES bytes). RF_ERR_DAMAGED when it does not open. */
rf_status identity_unseal(const identity *id, const unsigned char *c, size_t clen, unsigned char *m);

/* True when name is acceptable for a card or a contact: valid UTF-8, 1..IDENTITY_NAME_MAX
 * bytes, no control characters (C1 included), not only spaces. */
bool identity_name_valid(const char *name);

/* ---- cards and fingerprints ---- */

/* The contact card: a few readable lines and an armoured block ("-----BEGIN REFLECT
 * CONTACT-----") holding the version, name, both public keys and a self-signature. The caller
 * frees *out with free(). */
rf_status identity_card(const identity *id, char **out);

/* Find and check a card in len bytes of text (other text around it, email quoting with '>'
 * and changed line breaks are fine). RF_ERR_PARSE when there is no readable card (d says
 * why), RF_ERR_DAMAGED when its self-signature does not match, RF_ERR_TOO_BIG past
 * IDENTITY_CARD_MAX. Nothing is allocated from what the text claims. */
rf_status identity_card_parse(const char *text, size_t len, identity_public *out, rf_detail *d);

/* The fingerprint of a public identity: a BLAKE2b hash of both keys, 32 characters of an
 * alphabet without look-alikes (no I, L, O, U), in 8 groups of 4 separated by spaces. */
void identity_fingerprint(const identity_public *p, char out[IDENTITY_FPR_SIZE]);

/* True when what a person typed is the same fingerprint as fpr: spaces, dashes and case do
 * not matter; O reads as 0 and I or L as 1. */
bool identity_fingerprint_matches(const char *fpr, const char *typed);

/* True when a and b hold the same two keys. */
bool identity_same_keys(const identity_public *a, const identity_public *b);

/* ---- contacts: pinned cards, kept as sealed items of kind "contact" ---- */

typedef struct identity_contact {
	int64_t item;                       /* the item that holds it */
	char name[IDENTITY_NAME_MAX + 1];   /* the name this journal knows them by */
	identity_public card;               /* the pinned card */
	bool verified;                      /* fingerprint checked by phone or in person */
	int64_t first_seen;                 /* Unix seconds */
	int64_t verified_at;                /* Unix seconds, 0 when not verified */
	bool has_pending;                   /* a different card arrived and waits */
	identity_public pending;            /* that card */
	int64_t pending_seen;
	bool supervisor;                    /* pinned as a supervisor: 'reflect sync' sends to them */
} identity_contact;

typedef enum identity_add_result {
	IDENTITY_ADDED,        /* a new contact, pinned */
	IDENTITY_UNCHANGED,    /* the same card was pinned already */
	IDENTITY_NOW_VERIFIED, /* the same card, now marked verified */
	IDENTITY_CHANGED,      /* a different card for a pinned name: refused, kept as pending */
	IDENTITY_DUPLICATE,    /* these keys are pinned under another name: refused */
} identity_add_result;

/* Pin card under name (verified when the person checked the fingerprint). A card that differs
 * from the one pinned for name is refused (RF_ERR_REJECTED, result IDENTITY_CHANGED) and kept
 * as pending until identity_contact_verify; keys pinned under another name give RF_ERR_EXISTS
 * (IDENTITY_DUPLICATE). out (may be NULL) receives the contact as stored (or as found). */
rf_status identity_contact_add(journal *j, const char *name, const identity_public *card,
			       bool verified, identity_add_result *result, identity_contact *out);

/* The contact pinned as name (exactly, else case and accents aside); RF_ERR_NOT_FOUND when
 * there is none. */
rf_status identity_contact_find(journal *j, const char *name, identity_contact *out);

/* The contact whose pinned card has this signing key; RF_ERR_NOT_FOUND when none. */
rf_status identity_contact_by_key(journal *j, const unsigned char sign_pk[IDENTITY_KEYBYTES],
				  identity_contact *out);

/* Every contact, oldest first. The caller frees *v with free(). */
rf_status identity_contact_list(journal *j, identity_contact **v, size_t *n);

/* Mark name verified. When a changed card is pending it replaces the pinned one. typed (may
 * be NULL when the person confirmed on the terminal) must match the fingerprint of the card
 * being accepted, else RF_ERR_REJECTED and nothing changes. out (may be NULL) gets the result. */
rf_status identity_contact_verify(journal *j, const char *name, const char *typed,
				  identity_contact *out);

/* Pin the contact's role: a supervisor (sync sends entries marked for supervision to them) or
 * none. out (may be NULL) gets the contact as stored. */
rf_status identity_contact_set_role(journal *j, const char *name, bool supervisor,
				    identity_contact *out);

/* True when two names are the same once case and accents are set aside ("ana", "Ana"). */
bool identity_name_same(const char *a, const char *b);

/* Forget the contact pinned as name. */
rf_status identity_contact_remove(journal *j, const char *name);

#endif
