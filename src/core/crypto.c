/* crypto.c - Argon2id key derivation, sealed records, subkeys and guarded memory (libsodium). */
#include "reflect/crypto.h"

#include <malloc.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <jansson.h>
#include <sodium.h>

/* What reflect accepts from a file: never below INTERACTIVE, never above SENSITIVE's cost. */
#define OPS_MIN crypto_pwhash_OPSLIMIT_INTERACTIVE
#define OPS_MAX crypto_pwhash_OPSLIMIT_SENSITIVE
#define MEM_MIN crypto_pwhash_MEMLIMIT_INTERACTIVE
#define MEM_MAX crypto_pwhash_MEMLIMIT_SENSITIVE

/* jansson's buffers briefly hold texts people wrote: wipe them when jansson frees them.
 * Plain malloc underneath, so a string jansson returns may still be given to free(). */
static atomic_ulong json_alloc_failures; /* jansson may be used on several threads */

static void *wipe_malloc(size_t n)
{
	void *p = malloc(n);

	if (p == NULL)
		json_alloc_failures++;
	return p;
}

unsigned long rcrypto_json_alloc_failures(void)
{
	return atomic_load(&json_alloc_failures);
}

static void wipe_free(void *p)
{
	if (p == NULL)
		return;
	sodium_memzero(p, malloc_usable_size(p));
	free(p);
}

rf_status rcrypto_init(void)
{
	static int done;
	struct rlimit none = {0, 0};

	if (done)
		return RF_OK;
	if (sodium_init() < 0)
		return RF_ERR_CRYPTO;
	/* Decrypted text must never reach a core file. */
	(void)setrlimit(RLIMIT_CORE, &none);
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	umask(077);
	json_set_alloc_funcs(wipe_malloc, wipe_free);
	done = 1;
	return RF_OK;
}

rf_status rcrypto_level_parse(const char *s, rcrypto_level *out)
{
	if (s == NULL)
		return RF_ERR_INVALID;
	if (strcmp(s, "interactive") == 0)
		*out = RCRYPTO_INTERACTIVE;
	else if (strcmp(s, "moderate") == 0)
		*out = RCRYPTO_MODERATE;
	else if (strcmp(s, "sensitive") == 0)
		*out = RCRYPTO_SENSITIVE;
	else
		return RF_ERR_INVALID;
	return RF_OK;
}

rf_status rcrypto_kdf_new(rcrypto_level level, rcrypto_kdf *out)
{
	switch (level) {
	case RCRYPTO_INTERACTIVE:
		out->opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
		out->memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
		break;
	case RCRYPTO_MODERATE:
		out->opslimit = crypto_pwhash_OPSLIMIT_MODERATE;
		out->memlimit = crypto_pwhash_MEMLIMIT_MODERATE;
		break;
	case RCRYPTO_SENSITIVE:
		out->opslimit = crypto_pwhash_OPSLIMIT_SENSITIVE;
		out->memlimit = crypto_pwhash_MEMLIMIT_SENSITIVE;
		break;
	default:
		return RF_ERR_INVALID;
	}
	randombytes_buf(out->salt, sizeof out->salt);
	return RF_OK;
}

rf_status rcrypto_kdf_check(const rcrypto_kdf *kdf)
{
	if (kdf->opslimit < OPS_MIN || kdf->opslimit > OPS_MAX)
		return RF_ERR_KDF_PARAMS;
	if (kdf->memlimit < MEM_MIN || kdf->memlimit > MEM_MAX)
		return RF_ERR_KDF_PARAMS;
	return RF_OK;
}

unsigned char *rcrypto_key_new(void)
{
	unsigned char *k = sodium_malloc(RCRYPTO_KEYBYTES);

	if (k != NULL)
		sodium_memzero(k, RCRYPTO_KEYBYTES);
	return k;
}

void rcrypto_key_free(unsigned char **key)
{
	if (key == NULL || *key == NULL)
		return;
	sodium_free(*key); /* sodium_free wipes before it releases */
	*key = NULL;
}

char *rcrypto_secret_new(size_t len)
{
	char *p = sodium_malloc(len + 1);

	if (p != NULL)
		sodium_memzero(p, len + 1);
	return p;
}

char *rcrypto_secret_dup(const char *s, size_t len)
{
	char *p = sodium_malloc(len + 1);

	if (p == NULL)
		return NULL;
	if (len > 0)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

void rcrypto_secret_free(char **s)
{
	if (s == NULL || *s == NULL)
		return;
	sodium_free(*s);
	*s = NULL;
}

rf_status rcrypto_derive(const rcrypto_kdf *kdf, const char *pass, size_t passlen, unsigned char *key)
{
	rf_status st = rcrypto_kdf_check(kdf);

	if (st != RF_OK)
		return st;
	if (crypto_pwhash(key, RCRYPTO_KEYBYTES, pass, passlen, kdf->salt, kdf->opslimit,
			  (size_t)kdf->memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return RF_ERR_NOMEM; /* the only failure left is not getting the memory */
	return RF_OK;
}

void rcrypto_random_key(unsigned char *key)
{
	randombytes_buf(key, RCRYPTO_KEYBYTES);
}

void rcrypto_subkey(const unsigned char *master, uint64_t id, const char ctx[8], unsigned char *out)
{
	crypto_kdf_derive_from_key(out, RCRYPTO_KEYBYTES, id, ctx, master);
}

rf_status rcrypto_seal(const unsigned char *key, const unsigned char *ad, size_t adlen,
		       const void *pt, size_t len, unsigned char **out, size_t *outlen)
{
	unsigned char *buf;
	unsigned long long clen = 0;

	*out = NULL;
	*outlen = 0;
	if (len > SIZE_MAX - RCRYPTO_OVERHEAD)
		return RF_ERR_TOO_BIG;
	buf = malloc(len + RCRYPTO_OVERHEAD);
	if (buf == NULL)
		return RF_ERR_NOMEM;
	randombytes_buf(buf, RCRYPTO_NONCEBYTES);
	crypto_aead_xchacha20poly1305_ietf_encrypt(buf + RCRYPTO_NONCEBYTES, &clen, pt, len, ad,
						   adlen, NULL, buf, key);
	*out = buf;
	*outlen = RCRYPTO_NONCEBYTES + (size_t)clen;
	return RF_OK;
}

rf_status rcrypto_open(const unsigned char *key, const unsigned char *ad, size_t adlen,
		       const unsigned char *in, size_t inlen, unsigned char **pt, size_t *ptlen)
{
	unsigned char *buf;
	unsigned long long mlen = 0;
	size_t cap;

	*pt = NULL;
	*ptlen = 0;
	if (in == NULL || inlen < RCRYPTO_OVERHEAD)
		return RF_ERR_DAMAGED;
	cap = inlen - RCRYPTO_OVERHEAD;
	buf = malloc(cap + 1);
	if (buf == NULL)
		return RF_ERR_NOMEM;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(buf, &mlen, NULL, in + RCRYPTO_NONCEBYTES,
						       inlen - RCRYPTO_NONCEBYTES, ad, adlen, in,
						       key) != 0) {
		free(buf);
		return RF_ERR_DAMAGED;
	}
	buf[mlen] = '\0';
	*pt = buf;
	*ptlen = (size_t)mlen;
	return RF_OK;
}

void rcrypto_plain_free(unsigned char **p, size_t len)
{
	if (p == NULL || *p == NULL)
		return;
	sodium_memzero(*p, len);
	free(*p);
	*p = NULL;
}

static size_t put(unsigned char *buf, size_t cap, size_t at, const void *src, size_t n)
{
	if (at + n <= cap)
		memcpy(buf + at, src, n);
	return at + n;
}

static size_t put_u64(unsigned char *buf, size_t cap, size_t at, uint64_t v)
{
	unsigned char b[8];

	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	return put(buf, cap, at, b, 8);
}

static size_t put_str(unsigned char *buf, size_t cap, size_t at, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	at = put_u64(buf, cap, at, n);
	return put(buf, cap, at, s, n);
}

size_t rcrypto_ad(unsigned char *buf, size_t cap, const char *table, int64_t id, int64_t rev,
		  const char *label)
{
	size_t at = 0;

	at = put_str(buf, cap, at, "reflect/1");
	at = put_str(buf, cap, at, table);
	at = put_u64(buf, cap, at, (uint64_t)id);
	at = put_u64(buf, cap, at, (uint64_t)rev);
	at = put_str(buf, cap, at, label);
	return at <= cap ? at : 0;
}
