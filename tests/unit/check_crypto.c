/* check_crypto.c - key derivation, sealing with associated data, parameter checks. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "reflect/crypto.h"

/* Known answers, computed once by this build and fixed here forever. */
#define KAT_KEK "c5a6f7d20f4721431cb1eaa47ad3e885265a3ff67e8128e4ab7faaf204c1b19b"
#define KAT_SUBKEY "0500dde4cadc60c7710e40e59f4ff98844c36bf42a80ce7ead38398f25accba3"
#define KAT_RECORD "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7dad424b872eb7b20b8fb5dd077ad307685fb91c723"

START_TEST(seal_then_open_gives_the_text_back)
{
	unsigned char key[32], ad[64], *sealed = NULL, *pt = NULL;
	size_t slen = 0, plen = 0, adlen;

	rcrypto_random_key(key);
	adlen = rcrypto_ad(ad, sizeof ad, "entries", 7, 1, "body");
	ck_assert_int_eq(rcrypto_seal(key, ad, adlen, "hello", 5, &sealed, &slen), RF_OK);
	ck_assert_uint_eq(slen, 5 + RCRYPTO_OVERHEAD);
	ck_assert_int_eq(rcrypto_open(key, ad, adlen, sealed, slen, &pt, &plen), RF_OK);
	ck_assert_uint_eq(plen, 5);
	ck_assert_str_eq((char *)pt, "hello");
	rcrypto_plain_free(&pt, plen);
	ck_assert_ptr_null(pt);
	free(sealed);
}
END_TEST

START_TEST(every_flipped_byte_is_detected)
{
	unsigned char key[32], ad[64], *sealed = NULL, *pt = NULL;
	size_t slen = 0, plen = 0, adlen;

	rcrypto_random_key(key);
	adlen = rcrypto_ad(ad, sizeof ad, "entries", 7, 1, "body");
	ck_assert_int_eq(rcrypto_seal(key, ad, adlen, "a sealed reflection", 19, &sealed, &slen), RF_OK);
	for (size_t i = 0; i < slen; i++) {
		sealed[i] ^= 0x01;
		ck_assert_int_eq(rcrypto_open(key, ad, adlen, sealed, slen, &pt, &plen), RF_ERR_DAMAGED);
		sealed[i] ^= 0x01;
	}
	free(sealed);
}
END_TEST

START_TEST(another_row_or_revision_does_not_open)
{
	unsigned char key[32], ad[64], ad2[64], *sealed = NULL, *pt = NULL;
	size_t slen = 0, plen = 0, adlen, ad2len;

	rcrypto_random_key(key);
	adlen = rcrypto_ad(ad, sizeof ad, "entries", 7, 1, "body");
	ck_assert_int_eq(rcrypto_seal(key, ad, adlen, "x", 1, &sealed, &slen), RF_OK);
	ad2len = rcrypto_ad(ad2, sizeof ad2, "entries", 8, 1, "body");
	ck_assert_int_eq(rcrypto_open(key, ad2, ad2len, sealed, slen, &pt, &plen), RF_ERR_DAMAGED);
	ad2len = rcrypto_ad(ad2, sizeof ad2, "entries", 7, 2, "body");
	ck_assert_int_eq(rcrypto_open(key, ad2, ad2len, sealed, slen, &pt, &plen), RF_ERR_DAMAGED);
	ad2len = rcrypto_ad(ad2, sizeof ad2, "items", 7, 1, "body");
	ck_assert_int_eq(rcrypto_open(key, ad2, ad2len, sealed, slen, &pt, &plen), RF_ERR_DAMAGED);
	ad2len = rcrypto_ad(ad2, sizeof ad2, "entries", 7, 1, "meta");
	ck_assert_int_eq(rcrypto_open(key, ad2, ad2len, sealed, slen, &pt, &plen), RF_ERR_DAMAGED);
	free(sealed);
}
END_TEST

START_TEST(kdf_parameters_out_of_range_are_refused_before_hashing)
{
	rcrypto_kdf k;
	unsigned char *key = rcrypto_key_new();

	ck_assert_int_eq(rcrypto_kdf_new(RCRYPTO_INTERACTIVE, &k), RF_OK);
	ck_assert_int_eq(rcrypto_kdf_check(&k), RF_OK);
	k.opslimit = 1;
	ck_assert_int_eq(rcrypto_derive(&k, "pw", 2, key), RF_ERR_KDF_PARAMS);
	ck_assert_int_eq(rcrypto_kdf_new(RCRYPTO_INTERACTIVE, &k), RF_OK);
	k.memlimit = (uint64_t)1 << 40; /* a terabyte: would exhaust memory */
	ck_assert_int_eq(rcrypto_derive(&k, "pw", 2, key), RF_ERR_KDF_PARAMS);
	k.memlimit = 1024;
	ck_assert_int_eq(rcrypto_kdf_check(&k), RF_ERR_KDF_PARAMS);
	rcrypto_key_free(&key);
	ck_assert_ptr_null(key);
}
END_TEST

START_TEST(known_answer_for_key_derivation_and_sealing)
{
	/* Fixed inputs give fixed outputs: the format cannot change by accident. */
	rcrypto_kdf k = {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE, {0}};
	unsigned char *key = rcrypto_key_new(), sub[32], ad[128];
	char hex[65];
	size_t adlen;

	for (int i = 0; i < 16; i++)
		k.salt[i] = (unsigned char)i;
	ck_assert_int_eq(rcrypto_derive(&k, "correct horse battery", 21, key), RF_OK);
	sodium_bin2hex(hex, sizeof hex, key, 32);
	ck_assert_str_eq(hex, KAT_KEK);
	rcrypto_subkey(key, 1, "reflect_", sub);
	sodium_bin2hex(hex, sizeof hex, sub, 32);
	ck_assert_str_eq(hex, KAT_SUBKEY);
	adlen = rcrypto_ad(ad, sizeof ad, "entries", 1, 1, "meta");
	ck_assert_uint_eq(adlen, 8 + 9 + 8 + 7 + 8 + 8 + 8 + 4);
	{
		/* A sealed record made by an earlier build still opens. */
		unsigned char rec[RCRYPTO_OVERHEAD + 5], *pt = NULL;
		size_t plen = 0;
		ck_assert_int_eq(sodium_hex2bin(rec, sizeof rec, KAT_RECORD, strlen(KAT_RECORD), NULL,
						NULL, NULL),
				 0);
		ck_assert_int_eq(rcrypto_open(sub, ad, adlen, rec, sizeof rec, &pt, &plen), RF_OK);
		ck_assert_str_eq((char *)pt, "pause");
		rcrypto_plain_free(&pt, plen);
	}
	rcrypto_key_free(&key);
}
END_TEST

START_TEST(secrets_live_in_guarded_memory)
{
	char *s = rcrypto_secret_dup("passphrase", 10);

	ck_assert_str_eq(s, "passphrase");
	rcrypto_secret_free(&s);
	ck_assert_ptr_null(s);
	ck_assert_int_eq(rcrypto_level_parse("moderate", &(rcrypto_level){0}), RF_OK);
	ck_assert_int_eq(rcrypto_level_parse("weak", &(rcrypto_level){0}), RF_ERR_INVALID);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("crypto");
	TCase *tc = tcase_create("crypto");
	SRunner *sr;
	int failed;

	rcrypto_init();
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, seal_then_open_gives_the_text_back);
	tcase_add_test(tc, every_flipped_byte_is_detected);
	tcase_add_test(tc, another_row_or_revision_does_not_open);
	tcase_add_test(tc, kdf_parameters_out_of_range_are_refused_before_hashing);
	tcase_add_test(tc, known_answer_for_key_derivation_and_sealing);
	tcase_add_test(tc, secrets_live_in_guarded_memory);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
