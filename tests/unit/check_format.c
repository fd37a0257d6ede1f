/* check_format.c - the format on disk cannot change by accident: a known answer for the key
 * wrap of a fixed master key as stored in the meta table, and a journal written by an earlier
 * build (tests/fixtures/journal-v1.db, schema 1) that must always open and read back. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "fixture_v1.h"
#include "reflect/crypto.h"
#include "reflect/journal.h"
#include "support/testutil.h"

/* Master key 0x40..0x5f wrapped under the KEK of "correct horse battery" with salt 0..15 and
 * INTERACTIVE parameters (check_crypto's KAT_KEK), as journal.c stores it in meta "master". */
#define KAT_PACKED_KDF "02000000000000000000000400000000000102030405060708090a0b0c0d0e0f"
#define KAT_WRAP                                                                                   \
	"fbcf7b347274f2937dd1f0b486897d3009d61cc1d077d1b3482c0dd45ecda31586318fdc558b9bb01f5c27eb2aa3" \
	"686cac94efdccbd5a80e7d2aef5e03e74aae747fba285820e87b"
/* Subkey 1 ("reflect_") of the fixture's master key: pins the fixture's wrapped key. */
#define KAT_FIXTURE_SUBKEY "9176fd0f2b082aab0c80c73e16364e2c5ef039a04cddb9935882fb668aaef599"

static void teardown(void)
{
	tu_cleanup();
}

START_TEST(known_answer_for_the_key_wrap)
{
	rcrypto_kdf k = {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE, {0}};
	unsigned char *kek = rcrypto_key_new(), packed[32], wrap[RCRYPTO_OVERHEAD + 32], ad[256];
	unsigned char *pt = NULL;
	size_t adlen, plen = 0;

	for (int i = 0; i < 16; i++)
		k.salt[i] = (unsigned char)i;
	ck_assert_int_eq(rcrypto_derive(&k, "correct horse battery", 21, kek), RF_OK);
	ck_assert_int_eq(sodium_hex2bin(packed, sizeof packed, KAT_PACKED_KDF, 64, NULL, NULL, NULL), 0);
	/* The stored parameters: ops, mem little-endian, then the salt. */
	ck_assert_uint_eq(packed[0], crypto_pwhash_OPSLIMIT_INTERACTIVE);
	ck_assert_int_eq(sodium_hex2bin(wrap, sizeof wrap, KAT_WRAP, strlen(KAT_WRAP), NULL, NULL, NULL), 0);
	adlen = rcrypto_ad(ad, sizeof ad - 32, "meta", 0, 1, "master");
	memcpy(ad + adlen, packed, 32);
	ck_assert_int_eq(rcrypto_open(kek, ad, adlen + 32, wrap, sizeof wrap, &pt, &plen), RF_OK);
	ck_assert_uint_eq(plen, 32);
	for (int i = 0; i < 32; i++)
		ck_assert_uint_eq(pt[i], 0x40 + i);
	rcrypto_plain_free(&pt, plen);
	/* The parameters are bound: a changed salt byte in the associated data does not open. */
	ad[adlen + 16] ^= 1;
	ck_assert_int_eq(rcrypto_open(kek, ad, adlen + 32, wrap, sizeof wrap, &pt, &plen), RF_ERR_DAMAGED);
	rcrypto_key_free(&kek);
}
END_TEST

static void copy_fixture(const char *to)
{
	FILE *in = fopen("tests/fixtures/journal-v1.db", "rb"), *out;
	char buf[8192];
	size_t n;

	ck_assert_msg(in != NULL, "tests/fixtures/journal-v1.db is missing (run from the top directory)");
	out = fopen(to, "wb");
	ck_assert_ptr_nonnull(out);
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		ck_assert_uint_eq(fwrite(buf, 1, n, out), n);
	fclose(in);
	ck_assert_int_eq(fclose(out), 0);
}

struct seen {
	char *json[8];
	int n;
};

static int collect(const entry *e, void *ctx)
{
	struct seen *s = ctx;

	ck_assert_int_lt(s->n, 8);
	s->json[s->n++] = entry_to_json(e, 0);
	return 0;
}

static int item(int64_t id, const char *data, size_t len, void *ctx)
{
	ck_assert_int_eq(id, 1);
	ck_assert_uint_eq(len, strlen(FIXTURE_ITEM));
	ck_assert_str_eq(data, FIXTURE_ITEM);
	(*(int *)ctx)++;
	return 0;
}

START_TEST(a_journal_written_by_schema_1_opens_and_reads_back)
{
	const int nfix = (int)(sizeof fixture_entries / sizeof fixture_entries[0]);
	journal *j = NULL;
	struct seen seen = {{0}, 0};
	entry *d = NULL, *want = NULL;
	unsigned char sub[32];
	char hex[65], *a, *b;
	int items = 0;

	copy_fixture(tu_path("v1.db"));
	ck_assert_int_eq(journal_open(tu_path("v1.db"), "wrong", 5, &j), RF_ERR_PASSPHRASE);
	ck_assert_int_eq(journal_open(tu_path("v1.db"), FIXTURE_PASS, strlen(FIXTURE_PASS), &j), RF_OK);
	ck_assert_int_eq(journal_schema_version(j), journal_schema_latest()); /* migrated if older */
	ck_assert_int_eq(journal_check(j), RF_OK);
	ck_assert_int_eq(journal_subkey(j, 1, "reflect_", sub), RF_OK);
	sodium_bin2hex(hex, sizeof hex, sub, sizeof sub);
	ck_assert_str_eq(hex, KAT_FIXTURE_SUBKEY);
	/* Every entry, every field, newest first. */
	ck_assert_int_eq(journal_each(j, NULL, true, collect, &seen), RF_OK);
	ck_assert_int_eq(seen.n, nfix);
	for (int i = 0; i < nfix; i++) {
		const char *src = fixture_entries[nfix - 1 - i];
		ck_assert_int_eq(entry_from_json(src, strlen(src), &want, NULL), RF_OK);
		a = entry_to_json(want, 0);
		ck_assert_str_eq(seen.json[i], a);
		entry_free_text(&a);
		entry_free_text(&seen.json[i]);
		entry_free(&want);
	}
	ck_assert_int_eq(journal_item_each(j, "contact", item, &items), RF_OK);
	ck_assert_int_eq(items, 1);
	ck_assert_int_eq(journal_draft_load(j, &d), RF_OK);
	ck_assert_int_eq(entry_from_json(FIXTURE_DRAFT, strlen(FIXTURE_DRAFT), &want, NULL), RF_OK);
	a = entry_to_json(d, ENTRY_JSON_BODY);
	b = entry_to_json(want, ENTRY_JSON_BODY);
	ck_assert_str_eq(a, b);
	entry_free_text(&a);
	entry_free_text(&b);
	entry_free(&d);
	entry_free(&want);
	/* It stays writable: a new entry and a passphrase change work on the old file. */
	ck_assert_int_eq(entry_from_json(fixture_entries[2], strlen(fixture_entries[2]), &want, NULL), RF_OK);
	entry_set(&want->notice_text, "added by this build");
	ck_assert_int_eq(journal_add(j, want), RF_OK);
	ck_assert_int_eq(journal_check(j), RF_OK);
	a = entry_to_json(want, ENTRY_JSON_ID);
	entry_free(&want);
	ck_assert_int_eq(journal_passwd(j, "a passphrase for the old file", 29, &(const rcrypto_level){RCRYPTO_INTERACTIVE}),
			 RF_OK);
	journal_close(&j);
	/* After the change: the old passphrase no longer opens it, the new one does, and
	 * everything in it reads back: the old entries, the new one, the item and the draft. */
	ck_assert_int_eq(journal_open(tu_path("v1.db"), FIXTURE_PASS, strlen(FIXTURE_PASS), &j),
			 RF_ERR_PASSPHRASE);
	ck_assert_int_eq(journal_open(tu_path("v1.db"), "a passphrase for the old file", 29, &j), RF_OK);
	ck_assert_int_eq(journal_check(j), RF_OK);
	seen.n = 0;
	ck_assert_int_eq(journal_each(j, NULL, true, collect, &seen), RF_OK);
	ck_assert_int_eq(seen.n, nfix + 1);
	for (int i = 0; i < nfix; i++) {
		const char *src = fixture_entries[nfix - 1 - i];
		ck_assert_int_eq(entry_from_json(src, strlen(src), &want, NULL), RF_OK);
		b = entry_to_json(want, 0);
		ck_assert_str_eq(seen.json[i + 1], b);
		entry_free_text(&b);
		entry_free(&want);
	}
	for (int i = 0; i < seen.n; i++)
		entry_free_text(&seen.json[i]);
	{
		entry *got = NULL;
		char *g;
		ck_assert_int_eq(journal_get(j, nfix + 1, &got), RF_OK);
		g = entry_to_json(got, ENTRY_JSON_ID);
		ck_assert_str_eq(g, a);
		entry_free_text(&g);
		entry_free(&got);
	}
	entry_free_text(&a);
	items = 0;
	ck_assert_int_eq(journal_item_each(j, "contact", item, &items), RF_OK);
	ck_assert_int_eq(items, 1);
	ck_assert_int_eq(journal_draft_load(j, &d), RF_OK);
	ck_assert_int_eq(entry_from_json(FIXTURE_DRAFT, strlen(FIXTURE_DRAFT), &want, NULL), RF_OK);
	a = entry_to_json(d, ENTRY_JSON_BODY);
	b = entry_to_json(want, ENTRY_JSON_BODY);
	ck_assert_str_eq(a, b);
	entry_free_text(&a);
	entry_free_text(&b);
	entry_free(&d);
	entry_free(&want);
	journal_close(&j);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("format");
	TCase *tc = tcase_create("format");
	SRunner *sr;
	int failed;

	rcrypto_init();
	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, known_answer_for_the_key_wrap);
	tcase_add_test(tc, a_journal_written_by_schema_1_opens_and_reads_back);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
