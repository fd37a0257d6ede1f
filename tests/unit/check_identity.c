/* check_identity.c - identities, contact cards, fingerprints and the pinning of contacts. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "reflect/identity.h"
#include "support/testutil.h"

static identity *seeded(unsigned char b, const char *name)
{
	unsigned char seed[IDENTITY_SEEDBYTES];
	identity *id = NULL;

	memset(seed, b, sizeof seed);
	ck_assert_int_eq(identity_from_seed(seed, name, &id), RF_OK);
	return id;
}

static char *card_of(const identity *id)
{
	char *c = NULL;

	ck_assert_int_eq(identity_card(id, &c), RF_OK);
	return c;
}

START_TEST(a_card_round_trips)
{
	identity *id = seeded(1, "Ana Ruiz");
	char *card = card_of(id);
	identity_public p;

	ck_assert_ptr_nonnull(strstr(card, "-----BEGIN REFLECT CONTACT-----\n"));
	ck_assert_ptr_nonnull(strstr(card, "-----END REFLECT CONTACT-----\n"));
	ck_assert_int_eq(identity_card_parse(card, strlen(card), &p, NULL), RF_OK);
	ck_assert_str_eq(p.name, "Ana Ruiz");
	ck_assert(identity_same_keys(&p, identity_pub(id)));
	free(card);
	identity_free(&id);
	ck_assert_ptr_null(id);
}
END_TEST

START_TEST(a_card_survives_email_quoting_and_line_endings)
{
	identity *id = seeded(2, "Sam");
	char *card = card_of(id);
	char mail[8192];
	size_t o = 0;
	identity_public p;

	o += (size_t)snprintf(mail, sizeof mail, "Hi Sam,\r\nhere is my card:\r\n\r\n");
	for (const char *s = card; *s; s++) {
		if (s == card || s[-1] == '\n') {
			mail[o++] = '>';
			mail[o++] = ' ';
		}
		if (*s == '\n')
			mail[o++] = '\r';
		mail[o++] = *s;
	}
	o += (size_t)snprintf(mail + o, sizeof mail - o, "\r\nSee you Tuesday.\r\n");
	ck_assert_int_eq(identity_card_parse(mail, o, &p, NULL), RF_OK);
	ck_assert(identity_same_keys(&p, identity_pub(id)));
	free(card);
	identity_free(&id);
}
END_TEST

START_TEST(every_changed_character_of_a_card_is_refused)
{
	identity *id = seeded(3, "Jo");
	char *card = card_of(id);
	char *begin = strstr(card, "-----BEGIN REFLECT CONTACT-----\n");
	char *end = strstr(card, "-----END");
	identity_public p;
	size_t changed = 0;

	begin += strlen("-----BEGIN REFLECT CONTACT-----\n");
	for (char *c = begin; c < end; c++) {
		char was = *c;
		if (was == '\n')
			continue;
		*c = was == 'A' ? 'B' : 'A';
		ck_assert_msg(identity_card_parse(card, strlen(card), &p, NULL) != RF_OK,
			      "a card with character %td changed was accepted", c - begin);
		*c = was;
		changed++;
	}
	ck_assert_uint_gt(changed, 100);
	ck_assert_int_eq(identity_card_parse(card, strlen(card), &p, NULL), RF_OK);
	free(card);
	identity_free(&id);
}
END_TEST

START_TEST(bad_cards_say_why)
{
	identity_public p;
	rf_detail d;
	char big[IDENTITY_CARD_MAX + 2];
	const char *cut = "-----BEGIN REFLECT CONTACT-----\nUkZDRAEQQW5h\n";
	const char *junk = "-----BEGIN REFLECT CONTACT-----\nhello world!\n-----END REFLECT CONTACT-----\n";

	ck_assert_int_eq(identity_card_parse("hello", 5, &p, &d), RF_ERR_PARSE);
	ck_assert_ptr_nonnull(strstr(d.text, "BEGIN"));
	ck_assert_int_eq(identity_card_parse(cut, strlen(cut), &p, &d), RF_ERR_PARSE);
	ck_assert_ptr_nonnull(strstr(d.text, "cut short"));
	ck_assert_int_eq(identity_card_parse(junk, strlen(junk), &p, &d), RF_ERR_PARSE);
	memset(big, 'A', sizeof big);
	ck_assert_int_eq(identity_card_parse(big, sizeof big, &p, &d), RF_ERR_TOO_BIG);
}
END_TEST

START_TEST(fingerprints_are_grouped_and_forgiving_to_type)
{
	identity *a = seeded(4, NULL), *b = seeded(5, NULL);
	char fa[IDENTITY_FPR_SIZE], fb[IDENTITY_FPR_SIZE], typed[IDENTITY_FPR_SIZE];

	identity_fingerprint(identity_pub(a), fa);
	identity_fingerprint(identity_pub(b), fb);
	ck_assert_uint_eq(strlen(fa), 39);
	for (int i = 0; i < 39; i++) {
		if (i % 5 == 4)
			ck_assert_int_eq(fa[i], ' ');
		else
			ck_assert_ptr_null(strchr("ILOU abcdefghijklmnopqrstuvwxyz", fa[i]));
	}
	ck_assert_str_ne(fa, fb);
	/* lowercase, dashes, O for 0 and l for 1 are the same fingerprint */
	for (int i = 0; i < 40; i++) {
		char c = fa[i];
		typed[i] = c == ' ' ? '-' : c == '0' ? 'O' : c == '1' ? 'l' : (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	ck_assert(identity_fingerprint_matches(fa, typed));
	ck_assert(!identity_fingerprint_matches(fa, fb));
	ck_assert(!identity_fingerprint_matches(fa, ""));
	typed[3] = typed[3] == 'a' ? 'b' : 'a';
	ck_assert(!identity_fingerprint_matches(fa, typed));
	identity_free(&a);
	identity_free(&b);
}
END_TEST

START_TEST(names_are_one_line_of_text)
{
	ck_assert(identity_name_valid("Ana"));
	ck_assert(identity_name_valid("María José Ñúñez"));
	ck_assert(!identity_name_valid(""));
	ck_assert(!identity_name_valid("   "));
	ck_assert(!identity_name_valid("two\nlines"));
	ck_assert(!identity_name_valid("esc\x1b[2J"));
	ck_assert(!identity_name_valid("csi\xc2\x9b" "2J"));
	ck_assert(!identity_name_valid("\xff\xfe"));
	ck_assert(!identity_name_valid("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
}
END_TEST

START_TEST(the_journal_keeps_one_identity_sealed)
{
	journal *j = tu_journal("id.db");
	identity *a = NULL, *b = NULL;
	unsigned char seed_pk[IDENTITY_KEYBYTES];

	ck_assert_int_eq(identity_ensure(j, &a), RF_OK);
	memcpy(seed_pk, identity_pub(a)->sign_pk, sizeof seed_pk);
	ck_assert_int_eq(identity_set_name(j, a, "Ana"), RF_OK);
	journal_close(&j);
	ck_assert_int_eq(journal_open(tu_path("id.db"), TU_PASS, strlen(TU_PASS), &j), RF_OK);
	ck_assert_int_eq(identity_ensure(j, &b), RF_OK);
	ck_assert(identity_same_keys(identity_pub(a), identity_pub(b)));
	ck_assert_str_eq(identity_pub(b)->name, "Ana");
	journal_close(&j);
	identity_free(&a);
	identity_free(&b);
	tu_cleanup();
}
END_TEST

START_TEST(a_changed_card_waits_until_it_is_verified)
{
	journal *j = tu_journal("contacts.db");
	identity *sam = seeded(6, "Sam"), *sam2 = seeded(7, "Sam"), *jo = seeded(8, "Jo");
	identity_contact c;
	identity_add_result res;
	char fpr[IDENTITY_FPR_SIZE];
	identity_contact *v = NULL;
	size_t n = 0;

	ck_assert_int_eq(identity_contact_add(j, "Sam", identity_pub(sam), false, &res, &c), RF_OK);
	ck_assert_int_eq(res, IDENTITY_ADDED);
	ck_assert(!c.verified);
	ck_assert_int_eq(identity_contact_add(j, "Sam", identity_pub(sam), false, &res, NULL), RF_OK);
	ck_assert_int_eq(res, IDENTITY_UNCHANGED);
	ck_assert_int_eq(identity_contact_add(j, "Sam", identity_pub(sam), true, &res, &c), RF_OK);
	ck_assert_int_eq(res, IDENTITY_NOW_VERIFIED);
	ck_assert(c.verified);

	/* a different card for Sam: refused, kept pending, the old one still pinned */
	ck_assert_int_eq(identity_contact_add(j, "Sam", identity_pub(sam2), true, &res, &c),
			 RF_ERR_REJECTED);
	ck_assert_int_eq(res, IDENTITY_CHANGED);
	ck_assert_int_eq(identity_contact_find(j, "Sam", &c), RF_OK);
	ck_assert(identity_same_keys(&c.card, identity_pub(sam)));
	ck_assert(c.has_pending);
	ck_assert_int_eq(identity_contact_by_key(j, identity_pub(sam2)->sign_pk, NULL),
			 RF_ERR_NOT_FOUND);

	/* the same keys under another name are refused */
	ck_assert_int_eq(identity_contact_add(j, "Samuel", identity_pub(sam), false, &res, &c),
			 RF_ERR_EXISTS);
	ck_assert_int_eq(res, IDENTITY_DUPLICATE);
	ck_assert_str_eq(c.name, "Sam");

	/* verifying with the old card's fingerprint does not accept the new one */
	identity_fingerprint(identity_pub(sam), fpr);
	ck_assert_int_eq(identity_contact_verify(j, "Sam", fpr, NULL), RF_ERR_REJECTED);
	identity_fingerprint(identity_pub(sam2), fpr);
	ck_assert_int_eq(identity_contact_verify(j, "Sam", fpr, &c), RF_OK);
	ck_assert(identity_same_keys(&c.card, identity_pub(sam2)));
	ck_assert(!c.has_pending);
	ck_assert(c.verified);
	ck_assert_int_eq(identity_contact_by_key(j, identity_pub(sam2)->sign_pk, &c), RF_OK);
	ck_assert_str_eq(c.name, "Sam");

	ck_assert_int_eq(identity_contact_add(j, "Josephine Quartermaine", identity_pub(jo), false,
					      &res, NULL),
			 RF_OK);
	ck_assert(!tu_file_contains(tu_path("contacts.db"), "Quartermaine"));
	ck_assert(!tu_file_contains(tu_path("contacts.db-wal"), "Quartermaine"));
	ck_assert_int_eq(identity_contact_list(j, &v, &n), RF_OK);
	ck_assert_uint_eq(n, 2);
	free(v);
	ck_assert_int_eq(identity_contact_remove(j, "Josephine Quartermaine"), RF_OK);
	ck_assert_int_eq(identity_contact_find(j, "Josephine Quartermaine", NULL), RF_ERR_NOT_FOUND);
	ck_assert_int_eq(identity_contact_add(j, "bad\nname", identity_pub(jo), false, &res, NULL),
			 RF_ERR_INVALID);
	journal_close(&j);
	identity_free(&sam);
	identity_free(&sam2);
	identity_free(&jo);
	tu_cleanup();
}
END_TEST

int main(void)
{
	Suite *s = suite_create("identity");
	TCase *tc = tcase_create("identity");
	SRunner *sr;
	int failed;

	if (sodium_init() < 0)
		return 1;
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, a_card_round_trips);
	tcase_add_test(tc, a_card_survives_email_quoting_and_line_endings);
	tcase_add_test(tc, every_changed_character_of_a_card_is_refused);
	tcase_add_test(tc, bad_cards_say_why);
	tcase_add_test(tc, fingerprints_are_grouped_and_forgiving_to_type);
	tcase_add_test(tc, names_are_one_line_of_text);
	tcase_add_test(tc, the_journal_keeps_one_identity_sealed);
	tcase_add_test(tc, a_changed_card_waits_until_it_is_verified);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
