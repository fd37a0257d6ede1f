/* crypto.h - key derivation, key wrapping, sealed records and secure memory (libsodium). */
#ifndef REFLECT_CRYPTO_H
#define REFLECT_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include "reflect/status.h"

#define RCRYPTO_KEYBYTES 32
#define RCRYPTO_SALTBYTES 16
#define RCRYPTO_NONCEBYTES 24 /* XChaCha20-Poly1305 */
#define RCRYPTO_TAGBYTES 16
#define RCRYPTO_OVERHEAD (RCRYPTO_NONCEBYTES + RCRYPTO_TAGBYTES)

/* How hard the passphrase is to guess at: libsodium's Argon2id presets. */
typedef enum rcrypto_level {
	RCRYPTO_INTERACTIVE,
	RCRYPTO_MODERATE,
	RCRYPTO_SENSITIVE,
} rcrypto_level;

/* Argon2id parameters as stored in a journal. */
typedef struct rcrypto_kdf {
	uint64_t opslimit;
	uint64_t memlimit;
	unsigned char salt[RCRYPTO_SALTBYTES];
} rcrypto_kdf;

/* Start libsodium and harden the process: no core dumps, not dumpable, umask 077.
 * Safe to call more than once. */
rf_status rcrypto_init(void);

/* How many of jansson's allocations have failed so far (rcrypto_init makes jansson allocate
 * through reflect, wiping what it frees). jansson reports some of them as syntax errors;
 * a parser compares this count before and after to tell the two apart. */
unsigned long rcrypto_json_alloc_failures(void);

/* Parse "interactive", "moderate" or "sensitive". */
rf_status rcrypto_level_parse(const char *s, rcrypto_level *out);

/* Fresh parameters (random salt) for a level. */
rf_status rcrypto_kdf_new(rcrypto_level level, rcrypto_kdf *out);

/* RF_OK when the parameters are within what reflect accepts (never below INTERACTIVE,
 * never above SENSITIVE's cost); RF_ERR_KDF_PARAMS otherwise. Checked before any hashing. */
rf_status rcrypto_kdf_check(const rcrypto_kdf *kdf);

/* A 32-byte key in guarded sodium_malloc memory; NULL when out of memory.
 * Free with rcrypto_key_free, which wipes it. */
unsigned char *rcrypto_key_new(void);
void rcrypto_key_free(unsigned char **key);

/* len + 1 zeroed bytes of guarded memory (for reading a passphrase into). */
char *rcrypto_secret_new(size_t len);

/* A copy of len bytes in guarded memory, NUL-terminated (for passphrases). */
char *rcrypto_secret_dup(const char *s, size_t len);
void rcrypto_secret_free(char **s);

/* Derive the key-encryption key from a passphrase into key (RCRYPTO_KEYBYTES, from
 * rcrypto_key_new). Checks the parameters first. */
rf_status rcrypto_derive(const rcrypto_kdf *kdf, const char *pass, size_t passlen, unsigned char *key);

/* Fill key with random bytes. */
void rcrypto_random_key(unsigned char *key);

/* Derive the subkey for a purpose (a number and an 8-byte context) from the master key. */
void rcrypto_subkey(const unsigned char *master, uint64_t id, const char ctx[8], unsigned char *out);

/* Seal len bytes under key with associated data ad: a random nonce, then the
 * XChaCha20-Poly1305 ciphertext. *out is malloc'ed (*outlen = len + RCRYPTO_OVERHEAD);
 * the caller frees it with free(). */
rf_status rcrypto_seal(const unsigned char *key, const unsigned char *ad, size_t adlen,
		       const void *pt, size_t len, unsigned char **out, size_t *outlen);

/* Open a sealed record. On success *pt is a malloc'ed NUL-terminated copy of the plaintext
 * (*ptlen bytes before the NUL) which the caller wipes and frees with rcrypto_plain_free.
 * RF_ERR_DAMAGED when the record or its associated data does not authenticate. */
rf_status rcrypto_open(const unsigned char *key, const unsigned char *ad, size_t adlen,
		       const unsigned char *in, size_t inlen, unsigned char **pt, size_t *ptlen);

/* Wipe len bytes of *p, free it, set *p to NULL. */
void rcrypto_plain_free(unsigned char **p, size_t len);

/* Build the associated data that binds a record to its place: "reflect/1" table, row id,
 * revision and an optional label, in a fixed binary layout. Returns the length (<= cap). */
size_t rcrypto_ad(unsigned char *buf, size_t cap, const char *table, int64_t id, int64_t rev,
		  const char *label);

#endif
