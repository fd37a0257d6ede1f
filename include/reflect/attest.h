/* attest.h - a supervisor's signed statement for a period ("these sessions took place; these
 * entries were discussed"): made and signed by the supervisor, carried to the practitioner in
 * a bundle, kept as a sealed item of kind "attestation", printed on portfolios and checked
 * offline by anyone with reflect ('reflect verify').
 *
 * A record is JSON: {"attestation": STATEMENT, "signature": HEX}, where STATEMENT is the
 * statement's own JSON text exactly as signed and HEX the supervisor's Ed25519 signature over
 * "reflect attestation 1" and a NUL, then STATEMENT's bytes. The statement holds the
 * supervisor's name, credential and both public keys (so the fingerprint can be recomputed),
 * the practitioner's name and signing key, the period, the sessions and the entry ids. */
#ifndef REFLECT_ATTEST_H
#define REFLECT_ATTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "reflect/identity.h"
#include "reflect/journal.h"
#include "reflect/status.h"

#define ATTEST_CREDENTIAL_MAX 200 /* bytes of a credential */
#define ATTEST_SESSIONS_MAX 1000
#define ATTEST_ENTRIES_MAX 100000
#define ATTEST_RECORD_MAX (4u << 20)

typedef struct attest_session {
	char date[11]; /* "YYYY-MM-DD" */
	int minutes;   /* 1..1440 */
	bool group;
} attest_session;

typedef struct attest {
	char *record; /* the whole record, as kept and embedded */
	identity_public supervisor;
	char fingerprint[IDENTITY_FPR_SIZE]; /* of the supervisor's keys */
	char credential[ATTEST_CREDENTIAL_MAX + 1];
	char practitioner[IDENTITY_NAME_MAX + 1];
	unsigned char practitioner_pk[IDENTITY_KEYBYTES];
	char from[11], to[11];
	char signed_at[21]; /* "YYYY-MM-DDTHH:MM:SSZ" */
	attest_session *sessions;
	size_t nsessions;
	int64_t *entries;
	size_t nentries;
	long minutes, group_minutes; /* in all, and of them in a group */
	size_t group_sessions;
} attest;

/* Sign a statement as me (with my card's name and credential, which may be NULL) for the
 * practitioner `to`, for the days from..until, the sessions and the entries (the
 * practitioner's ids) discussed. *record is malloc'ed (the caller frees it). RF_ERR_INVALID
 * for a bad date, session, credential or an empty statement. */
rf_status attest_sign(const identity *me, const char *credential, const identity_public *to,
		      const char *from, const char *until, const attest_session *sessions,
		      size_t nsessions, const int64_t *entries, size_t nentries, char **record);

/* Read a record and check its signature against the keys it names. RF_ERR_PARSE when it is
 * not a readable record, RF_ERR_DAMAGED when the signature does not match (the statement was
 * altered); *out is NULL then. The caller frees *out with attest_free. */
rf_status attest_read(const char *record, size_t len, attest **out);

void attest_free(attest **a);

/* True when a confirms a session on date of this length and kind. */
bool attest_confirms(const attest *a, const char *date, int minutes, bool group);

/* Keep a record received from its signer (kind "attestation"), inside the caller's
 * transaction. The record must read and verify, be signed by signer_pk and be for me_pk:
 * RF_ERR_REJECTED otherwise. */
rf_status attest_keep(journal *j, const char *record, size_t len,
		      const unsigned char signer_pk[IDENTITY_KEYBYTES],
		      const unsigned char me_pk[IDENTITY_KEYBYTES]);

/* Every kept attestation, oldest first. Free with attest_list_free. */
rf_status attest_list(journal *j, attest ***v, size_t *n);
void attest_list_free(attest ***v, size_t n);

#endif
