/* kdfmemo.h - speed for fault loops: a remembered Argon2id and a fixed test salt.
 *
 * Include in exactly one file of a test binary linked with
 *   -Wl,--wrap=crypto_pwhash,--wrap=rcrypto_kdf_new
 * Loops that open a journal thousands of times would spend a quarter second in Argon2id each
 * time. The core's calls to crypto_pwhash go through __wrap_crypto_pwhash, which remembers the
 * last few answers (same inputs, same output: nothing about the result changes), and new KDF
 * parameters get a fixed salt so a rewrapped key derives from inputs seen before. The KDF
 * itself is checked by known answers in check_crypto, never through these wrappers. */
#ifndef REFLECT_KDFMEMO_H
#define REFLECT_KDFMEMO_H

#include <string.h>

#include <sodium.h>

#include "reflect/crypto.h"

#define KDFMEMO_SLOTS 8

int __real_crypto_pwhash(unsigned char *const out, unsigned long long outlen,
			 const char *const passwd, unsigned long long passwdlen,
			 const unsigned char *const salt, unsigned long long opslimit,
			 size_t memlimit, int alg);
int __wrap_crypto_pwhash(unsigned char *const out, unsigned long long outlen,
			 const char *const passwd, unsigned long long passwdlen,
			 const unsigned char *const salt, unsigned long long opslimit,
			 size_t memlimit, int alg);
rf_status __real_rcrypto_kdf_new(rcrypto_level level, rcrypto_kdf *out);
rf_status __wrap_rcrypto_kdf_new(rcrypto_level level, rcrypto_kdf *out);

static struct {
	unsigned char key[32];
	unsigned char out[64];
	int used;
} kdfmemo[KDFMEMO_SLOTS];
static int kdfmemo_next;

int __wrap_crypto_pwhash(unsigned char *const out, unsigned long long outlen,
			 const char *const passwd, unsigned long long passwdlen,
			 const unsigned char *const salt, unsigned long long opslimit,
			 size_t memlimit, int alg)
{
	crypto_generichash_state h;
	unsigned char key[32];
	unsigned long long nums[4] = {outlen, opslimit, (unsigned long long)memlimit,
				      (unsigned long long)alg};
	int rc;

	crypto_generichash_init(&h, NULL, 0, sizeof key);
	crypto_generichash_update(&h, (const unsigned char *)nums, sizeof nums);
	crypto_generichash_update(&h, salt, crypto_pwhash_SALTBYTES);
	crypto_generichash_update(&h, (const unsigned char *)passwd, passwdlen);
	crypto_generichash_final(&h, key, sizeof key);
	if (outlen <= sizeof kdfmemo[0].out)
		for (int i = 0; i < KDFMEMO_SLOTS; i++)
			if (kdfmemo[i].used && memcmp(kdfmemo[i].key, key, sizeof key) == 0) {
				memcpy(out, kdfmemo[i].out, outlen);
				return 0;
			}
	rc = __real_crypto_pwhash(out, outlen, passwd, passwdlen, salt, opslimit, memlimit, alg);
	if (rc == 0 && outlen <= sizeof kdfmemo[0].out) {
		int i = kdfmemo_next++ % KDFMEMO_SLOTS;
		memcpy(kdfmemo[i].key, key, sizeof key);
		memcpy(kdfmemo[i].out, out, outlen);
		kdfmemo[i].used = 1;
	}
	return rc;
}

rf_status __wrap_rcrypto_kdf_new(rcrypto_level level, rcrypto_kdf *out)
{
	rf_status st = __real_rcrypto_kdf_new(level, out);

	if (st == RF_OK)
		for (int i = 0; i < RCRYPTO_SALTBYTES; i++)
			out->salt[i] = (unsigned char)(0xa0 + i);
	return st;
}

#endif
