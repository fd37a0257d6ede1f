/* check_journal.c - the journal file: sealing at rest, tamper detection, migrations,
 * passphrases, imports, drafts and items. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "reflect/journal.h"
#include "support/testutil.h"

#define CANARY "CANARY-7f3e"

static entry *canary_entry(void)
{
	entry *e = entry_new();

	entry_set(&e->visit_date, "2026-11-20");
	entry_set(&e->family, "F-" CANARY);
	entry_set(&e->visit_type, "visit " CANARY);
	entry_set(&e->life_stage, "stage " CANARY);
	entry_set(&e->pause_text, "pause " CANARY);
	entry_set(&e->pause_body, "body " CANARY);
	entry_set(&e->notice_text, "notice " CANARY);
	entry_set(&e->notice_between, "between " CANARY);
	entry_set(&e->notice_stirred, "stirred " CANARY);
	entry_set(&e->curious_text, "curious " CANARY);
	entry_set(&e->curious_parent, "parent " CANARY);
	entry_set(&e->curious_infant, "infant " CANARY);
	strlist_add(&e->emotions, "emotion " CANARY);
	strlist_add(&e->questions, "question " CANARY);
	strlist_add(&e->themes, "theme " CANARY);
	strlist_add(&e->competencies, "competency " CANARY);
	entry_add_response(e, "from " CANARY, "2026-11-21T10:00:00Z", "response " CANARY);
	e->activation = 7;
	e->for_supervision = true;
	return e;
}

static void teardown(void)
{
	tu_cleanup();
}

START_TEST(every_field_round_trips_through_the_journal)
{
	journal *j = tu_journal("j.db");
	entry *e = canary_entry(), *back = NULL;
	char *a, *b;

	ck_assert_int_eq(journal_add(j, e), RF_OK);
	ck_assert_int_eq(e->id, 1);
	ck_assert_int_eq(e->rev, 1);
	journal_close(&j);
	ck_assert_int_eq(journal_open(tu_path("j.db"), TU_PASS, strlen(TU_PASS), &j), RF_OK);
	ck_assert_int_eq(journal_get(j, 1, &back), RF_OK);
	a = entry_to_json(e, ENTRY_JSON_ID);
	b = entry_to_json(back, ENTRY_JSON_ID);
	ck_assert_str_eq(a, b);
	entry_free_text(&a);
	entry_free_text(&b);
	entry_free(&e);
	entry_free(&back);
	journal_close(&j);
}
END_TEST

START_TEST(no_plaintext_in_the_file_wal_or_shm)
{
	journal *j = tu_journal("j.db");
	entry *e = canary_entry();

	ck_assert_int_eq(journal_add(j, e), RF_OK);
	entry_set(&e->notice_text, "edited " CANARY);
	ck_assert_int_eq(journal_update(j, e), RF_OK);
	ck_assert_int_eq(journal_draft_save(j, e), RF_OK);
	{
		int64_t id = 0;
		const char *item = "{\"name\": \"" CANARY "\"}";
		ck_assert_int_eq(journal_item_put(j, "identifier", &id, item, strlen(item)), RF_OK);
	}
	/* While open: the WAL and shm hold the latest pages. */
	ck_assert(!tu_file_contains(tu_path("j.db"), CANARY));
	ck_assert(!tu_file_contains(tu_path("j.db-wal"), CANARY));
	ck_assert(!tu_file_contains(tu_path("j.db-shm"), CANARY));
	ck_assert(!tu_file_contains(tu_path("j.db"), TU_PASS));
	ck_assert(!tu_file_contains(tu_path("j.db-wal"), TU_PASS));
	journal_close(&j);
	ck_assert(!tu_file_contains(tu_path("j.db"), CANARY));
	entry_free(&e);
}
END_TEST

START_TEST(wrong_passphrase_opens_nothing_and_changes_nothing)
{
	journal *j = tu_journal("j.db");
	long long before;

	journal_close(&j);
	before = tu_sql_int(tu_path("j.db"), "SELECT COUNT(*) FROM meta");
	ck_assert_int_eq(journal_open(tu_path("j.db"), "wrong", 5, &j), RF_ERR_PASSPHRASE);
	ck_assert_ptr_null(j);
	ck_assert_int_eq(tu_sql_int(tu_path("j.db"), "SELECT COUNT(*) FROM meta"), before);
	ck_assert_int_eq(journal_open(tu_path("none.db"), "x", 1, &j), RF_ERR_NO_JOURNAL);
}
END_TEST

START_TEST(a_file_that_is_not_a_journal_is_named_so)
{
	journal *j = NULL;
	FILE *f = fopen(tu_path("x.db"), "w");

	fputs("just some text, not a database at all, long enough to have a header........", f);
	fclose(f);
	ck_assert_int_eq(journal_open(tu_path("x.db"), "x", 1, &j), RF_ERR_NOT_JOURNAL);
	ck_assert_int_eq(journal_create(tu_path("x.db"), "x", 1, RCRYPTO_INTERACTIVE, &j), RF_ERR_EXISTS);
}
END_TEST

/* Flip byte i of a blob column in place. */
static void flip(const char *path, const char *table, const char *col, int64_t id, int i)
{
	sqlite3 *db = NULL;
	sqlite3_blob *b = NULL;
	unsigned char c;

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_blob_open(db, "main", table, col, id, 1, &b), SQLITE_OK);
	ck_assert_int_eq(sqlite3_blob_read(b, &c, 1, i), SQLITE_OK);
	c ^= 0x20;
	ck_assert_int_eq(sqlite3_blob_write(b, &c, 1, i), SQLITE_OK);
	sqlite3_blob_close(b);
	sqlite3_close(db);
}

START_TEST(every_flipped_byte_of_a_record_is_detected_and_named)
{
	journal *j = tu_journal("j.db");
	entry *a = canary_entry(), *b = canary_entry(), *got = NULL;
	long long mlen, blen;

	ck_assert_int_eq(journal_add(j, a), RF_OK);
	ck_assert_int_eq(journal_add(j, b), RF_OK);
	journal_close(&j);
	mlen = tu_sql_int(tu_path("j.db"), "SELECT length(meta) FROM entries WHERE id = 1");
	blen = tu_sql_int(tu_path("j.db"), "SELECT length(body) FROM entry_bodies WHERE id = 1");
	ck_assert_int_gt(mlen, 40);
	ck_assert_int_eq(journal_open(tu_path("j.db"), TU_PASS, strlen(TU_PASS), &j), RF_OK);
	for (int pass = 0; pass < 2; pass++) {
		long long len = pass ? blen : mlen;
		for (int i = 0; i < len; i++) {
			size_t n;
			const journal_damage *d;
			flip(tu_path("j.db"), pass ? "entry_bodies" : "entries", pass ? "body" : "meta", 1, i);
			ck_assert_int_eq(journal_get(j, 1, &got), RF_ERR_DAMAGED);
			d = journal_damage_list(j, &n);
			ck_assert_uint_ge(n, 1);
			ck_assert_str_eq(d[0].table, "entries");
			ck_assert_int_eq(d[0].id, 1);
			/* The other entry is unaffected. */
			ck_assert_int_eq(journal_get(j, 2, &got), RF_OK);
			entry_free(&got);
			flip(tu_path("j.db"), pass ? "entry_bodies" : "entries", pass ? "body" : "meta", 1, i);
		}
	}
	ck_assert_int_eq(journal_check(j), RF_OK);
	journal_close(&j);
	entry_free(&a);
	entry_free(&b);
}
END_TEST

START_TEST(a_record_copied_into_another_row_is_detected)
{
	journal *j = tu_journal("j.db");
	entry *a = canary_entry(), *b = canary_entry(), *got = NULL;
	size_t n;

	ck_assert_int_eq(journal_add(j, a), RF_OK);
	ck_assert_int_eq(journal_add(j, b), RF_OK);
	journal_close(&j);
	tu_sql(tu_path("j.db"), "UPDATE entries SET meta = (SELECT meta FROM entries WHERE id = 1) WHERE id = 2;"
				"UPDATE entry_bodies SET body = (SELECT body FROM entry_bodies WHERE id = 1) WHERE id = 2");
	ck_assert_int_eq(journal_open(tu_path("j.db"), TU_PASS, strlen(TU_PASS), &j), RF_OK);
	ck_assert_int_eq(journal_get(j, 1, &got), RF_OK);
	entry_free(&got);
	ck_assert_int_eq(journal_get(j, 2, &got), RF_ERR_DAMAGED);
	ck_assert_int_eq(journal_check(j), RF_ERR_DAMAGED);
	journal_damage_list(j, &n);
	ck_assert_uint_eq(n, 1);
	journal_close(&j);
	/* The whole row moved: its revision and sequence number go with it, so only the row id in
	 * the associated data tells the record does not belong to row 2. */
	tu_sql(tu_path("j.db"), "UPDATE entries SET (meta, rev, seq) = (SELECT meta, rev, seq FROM entries WHERE id = 1) WHERE id = 2;"
				"UPDATE entry_bodies SET body = (SELECT body FROM entry_bodies WHERE id = 1) WHERE id = 2");
	ck_assert_int_eq(journal_open(tu_path("j.db"), TU_PASS, strlen(TU_PASS), &j), RF_OK);
	ck_assert_int_eq(journal_get(j, 1, &got), RF_OK);
	entry_free(&got);
	ck_assert_int_eq(journal_get(j, 2, &got), RF_ERR_DAMAGED);
	journal_close(&j);
	entry_free(&a);
	entry_free(&b);
}
END_TEST

static int count(const entry *e, void *ctx)
{
	(void)e;
	(*(int *)ctx)++;
	return 0;
}

START_TEST(a_deleted_or_rolled_back_row_is_detected)
{
	journal *j = tu_journal("j.db");
	entry *a = canary_entry(), *b = canary_entry();
	int n = 0;
	size_t nd;
	const journal_damage *d;
	char sql[1024];

	ck_assert_int_eq(journal_add(j, a), RF_OK);
	ck_assert_int_eq(journal_add(j, b), RF_OK);
	journal_close(&j);
	tu_sql(tu_path("j.db"), "DELETE FROM entry_bodies WHERE id = 2; DELETE FROM entries WHERE id = 2");
	/* It still opens, the rest still reads, and the loss is named. */
	ck_assert_int_eq(journal_open(tu_path("j.db"), TU_PASS, strlen(TU_PASS), &j), RF_OK);
	d = journal_damage_list(j, &nd);
	ck_assert_uint_eq(nd, 1);
	ck_assert_ptr_nonnull(strstr(d[0].what, "deleted"));
	ck_assert_int_eq(journal_each(j, NULL, true, count, &n), RF_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(journal_check(j), RF_ERR_DAMAGED);
	journal_close(&j);
	/* A revision rolled back to an older sealed copy is caught the same way. */
	unlink(tu_path("k.db"));
	j = tu_journal("k.db");
	ck_assert_int_eq(journal_add(j, a), RF_OK);
	journal_close(&j);
	/* the old copies are kept in another file: a table added to the journal is damage too */
	unlink(tu_path("old.db"));
	snprintf(sql, sizeof sql,
		 "ATTACH '%s' AS o; CREATE TABLE o.old AS SELECT * FROM entries; "
		 "CREATE TABLE o.oldb AS SELECT * FROM entry_bodies",
		 tu_path("old.db"));
	tu_sql(tu_path("k.db"), sql);
	ck_assert_int_eq(journal_open(tu_path("k.db"), TU_PASS, strlen(TU_PASS), &j), RF_OK);
	entry_set(&a->notice_text, "changed");
	ck_assert_int_eq(journal_update(j, a), RF_OK);
	ck_assert_int_eq(journal_check(j), RF_OK);
	journal_close(&j);
	snprintf(sql, sizeof sql,
		 "ATTACH '%s' AS o; DELETE FROM entry_bodies; DELETE FROM entries; "
		 "INSERT INTO entries SELECT * FROM o.old; INSERT INTO entry_bodies SELECT * FROM o.oldb",
		 tu_path("old.db"));
	tu_sql(tu_path("k.db"), sql);
	ck_assert_int_eq(journal_open(tu_path("k.db"), TU_PASS, strlen(TU_PASS), &j), RF_OK);
	ck_assert_int_eq(journal_check(j), RF_ERR_DAMAGED);
	journal_close(&j);
	entry_free(&a);
	entry_free(&b);
}
END_TEST

START_TEST(migrations_apply_in_order_and_a_newer_file_is_refused)
{
	journal *j = tu_journal("j.db");
	long long before;

	ck_assert_int_eq(journal_schema_version(j), journal_schema_latest());
	journal_close(&j);
	ck_assert_int_eq(tu_sql_int(tu_path("j.db"), "PRAGMA user_version"), journal_schema_latest());
	tu_sql(tu_path("j.db"), "PRAGMA user_version = 99");
	before = tu_sql_int(tu_path("j.db"), "SELECT COUNT(*) FROM meta");
	ck_assert_int_eq(journal_open(tu_path("j.db"), TU_PASS, strlen(TU_PASS), &j), RF_ERR_TOO_NEW);
	ck_assert_int_eq(tu_sql_int(tu_path("j.db"), "PRAGMA user_version"), 99);
	ck_assert_int_eq(tu_sql_int(tu_path("j.db"), "SELECT COUNT(*) FROM meta"), before);
}
END_TEST

START_TEST(kdf_parameters_altered_in_the_file_are_refused_before_hashing)
{
	journal *j = tu_journal("j.db");

	journal_close(&j);
	/* memlimit = 2^40: hashing with it would take a terabyte. */
	tu_sql(tu_path("j.db"), "UPDATE meta SET value = substr(value, 1, 8) || x'0000000000010000' || substr(value, 17) WHERE key = 'kdf'");
	ck_assert_int_eq(journal_open(tu_path("j.db"), TU_PASS, strlen(TU_PASS), &j), RF_ERR_KDF_PARAMS);
}
END_TEST

START_TEST(passwd_rewraps_so_only_the_new_passphrase_opens)
{
	journal *j = tu_journal("j.db");
	entry *e = canary_entry(), *got = NULL;

	ck_assert_int_eq(journal_add(j, e), RF_OK);
	ck_assert_int_eq(journal_passwd(j, "a new passphrase", 16, &(const rcrypto_level){RCRYPTO_INTERACTIVE}), RF_OK);
	journal_close(&j);
	ck_assert_int_eq(journal_open(tu_path("j.db"), TU_PASS, strlen(TU_PASS), &j), RF_ERR_PASSPHRASE);
	ck_assert_int_eq(journal_open(tu_path("j.db"), "a new passphrase", 16, &j), RF_OK);
	ck_assert_int_eq(journal_get(j, 1, &got), RF_OK);
	ck_assert_int_eq(journal_check(j), RF_OK);
	entry_free(&got);
	entry_free(&e);
	journal_close(&j);
}
END_TEST

START_TEST(import_is_all_or_nothing_and_skips_what_is_there)
{
	journal *j = tu_journal("j.db");
	entry *v[3] = {canary_entry(), canary_entry(), canary_entry()};
	size_t added = 0, skipped = 0, n = 0;

	entry_set(&v[1]->notice_text, "another");
	v[2]->written += 60;
	ck_assert_int_eq(journal_import(j, v, 3, &added, &skipped), RF_OK);
	ck_assert_uint_eq(added, 3);
	ck_assert_int_eq(journal_import(j, v, 3, &added, &skipped), RF_OK);
	ck_assert_uint_eq(added, 0);
	ck_assert_uint_eq(skipped, 3);
	ck_assert_int_eq(journal_count(j, &n), RF_OK);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(journal_check(j), RF_OK);
	for (int i = 0; i < 3; i++)
		entry_free(&v[i]);
	journal_close(&j);
}
END_TEST

struct ids {
	int64_t v[8];
	int n;
};

static int collect(const entry *e, void *ctx)
{
	struct ids *ids = ctx;

	ids->v[ids->n++] = e->id;
	return ids->n >= 8;
}

START_TEST(entries_come_newest_first_and_filters_apply_with_or_without_the_index)
{
	journal *j = tu_journal("j.db");
	const char *themes[] = {"culture", "self-care", "culture"};
	struct ids ids = {{0}, 0};
	entry_filter f = {.theme = "culture"};

	for (int i = 0; i < 3; i++) {
		entry *e = entry_new();
		e->written = 1795190700 + i * 3600;
		strlist_add(&e->themes, themes[i]);
		entry_set(&e->notice_text, i == 1 ? "La mamá sonrió" : "quiet");
		ck_assert_int_eq(journal_add(j, e), RF_OK);
		entry_free(&e);
	}
	for (int pass = 0; pass < 2; pass++) {
		ids.n = 0;
		ck_assert_int_eq(journal_each(j, NULL, false, collect, &ids), RF_OK);
		ck_assert_int_eq(ids.n, 3);
		ck_assert_int_eq(ids.v[0], 3);
		ck_assert_int_eq(ids.v[2], 1);
		ids.n = 0;
		ck_assert_int_eq(journal_each(j, &f, false, collect, &ids), RF_OK);
		ck_assert_int_eq(ids.n, 2);
		ck_assert_int_eq(ids.v[0], 3);
		ids.n = 0;
		ck_assert_int_eq(journal_each(j, &(entry_filter){.search = "MAMA"}, false, collect, &ids), RF_OK);
		ck_assert_int_eq(ids.n, 1);
		ck_assert_int_eq(ids.v[0], 2);
		ck_assert_int_eq(journal_load_index(j), RF_OK);
	}
	ck_assert_int_eq(journal_delete(j, 3), RF_OK);
	ck_assert_int_eq(journal_delete(j, 3), RF_ERR_NOT_FOUND);
	ids.n = 0;
	ck_assert_int_eq(journal_each(j, &f, false, collect, &ids), RF_OK);
	ck_assert_int_eq(ids.n, 1);
	ck_assert_int_eq(journal_check(j), RF_OK);
	journal_close(&j);
}
END_TEST

START_TEST(a_draft_is_kept_sealed_until_cleared)
{
	journal *j = tu_journal("j.db");
	entry *e = canary_entry(), *got = NULL;

	ck_assert_int_eq(journal_draft_load(j, &got), RF_ERR_NOT_FOUND);
	ck_assert_int_eq(journal_draft_save(j, e), RF_OK);
	entry_set(&e->pause_text, "second save");
	ck_assert_int_eq(journal_draft_save(j, e), RF_OK);
	journal_close(&j);
	ck_assert_int_eq(journal_open(tu_path("j.db"), TU_PASS, strlen(TU_PASS), &j), RF_OK);
	ck_assert_int_eq(journal_draft_load(j, &got), RF_OK);
	ck_assert_str_eq(got->pause_text, "second save");
	entry_free(&got);
	ck_assert_int_eq(journal_draft_clear(j), RF_OK);
	ck_assert_int_eq(journal_draft_load(j, &got), RF_ERR_NOT_FOUND);
	entry_free(&e);
	journal_close(&j);
}
END_TEST

static int grab(int64_t id, const char *data, size_t len, void *ctx)
{
	(void)id;
	(void)len;
	strcat(ctx, data);
	return 0;
}

START_TEST(items_are_sealed_and_bound_to_their_kind)
{
	journal *j = tu_journal("j.db");
	int64_t a = 0, b = 0;
	char seen[64] = "";
	char *data = NULL;
	size_t len = 0;

	ck_assert_int_eq(journal_item_put(j, "contact", &a, "A", 1), RF_OK);
	ck_assert_int_eq(journal_item_put(j, "contact", &b, "B", 1), RF_OK);
	ck_assert_int_eq(journal_item_put(j, "contact", &a, "C", 1), RF_OK);
	ck_assert_int_eq(journal_item_each(j, "contact", grab, seen), RF_OK);
	ck_assert_str_eq(seen, "CB");
	ck_assert_int_eq(journal_item_get(j, "contact", b, &data, &len), RF_OK);
	ck_assert_str_eq(data, "B");
	rcrypto_plain_free((unsigned char **)&data, len);
	ck_assert_int_eq(journal_item_get(j, "identifier", b, &data, &len), RF_ERR_NOT_FOUND);
	journal_close(&j);
	/* Relabelling a record as another kind does not authenticate. */
	tu_sql(tu_path("j.db"), "UPDATE items SET kind = 'identifier' WHERE id = 2");
	ck_assert_int_eq(journal_open(tu_path("j.db"), TU_PASS, strlen(TU_PASS), &j), RF_OK);
	ck_assert_int_eq(journal_item_get(j, "identifier", b, &data, &len), RF_ERR_DAMAGED);
	ck_assert_int_eq(journal_check(j), RF_ERR_DAMAGED);
	ck_assert_int_eq(journal_item_delete(j, "contact", a), RF_OK);
	journal_close(&j);
}
END_TEST

START_TEST(a_backup_is_sealed_and_opens_with_the_same_passphrase)
{
	journal *j = tu_journal("j.db"), *k = NULL;
	entry *e = canary_entry(), *got = NULL;

	ck_assert_int_eq(journal_add(j, e), RF_OK);
	ck_assert_int_eq(journal_backup(j, tu_path("backup.db")), RF_OK);
	journal_close(&j);
	ck_assert(!tu_file_contains(tu_path("backup.db"), CANARY));
	ck_assert_int_eq(journal_open(tu_path("backup.db"), TU_PASS, strlen(TU_PASS), &k), RF_OK);
	ck_assert_int_eq(journal_get(k, 1, &got), RF_OK);
	ck_assert_int_eq(journal_check(k), RF_OK);
	entry_free(&got);
	entry_free(&e);
	journal_close(&k);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("journal");
	TCase *tc = tcase_create("journal");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, every_field_round_trips_through_the_journal);
	tcase_add_test(tc, no_plaintext_in_the_file_wal_or_shm);
	tcase_add_test(tc, wrong_passphrase_opens_nothing_and_changes_nothing);
	tcase_add_test(tc, a_file_that_is_not_a_journal_is_named_so);
	tcase_add_test(tc, every_flipped_byte_of_a_record_is_detected_and_named);
	tcase_add_test(tc, a_record_copied_into_another_row_is_detected);
	tcase_add_test(tc, a_deleted_or_rolled_back_row_is_detected);
	tcase_add_test(tc, migrations_apply_in_order_and_a_newer_file_is_refused);
	tcase_add_test(tc, kdf_parameters_altered_in_the_file_are_refused_before_hashing);
	tcase_add_test(tc, passwd_rewraps_so_only_the_new_passphrase_opens);
	tcase_add_test(tc, import_is_all_or_nothing_and_skips_what_is_there);
	tcase_add_test(tc, entries_come_newest_first_and_filters_apply_with_or_without_the_index);
	tcase_add_test(tc, a_draft_is_kept_sealed_until_cleared);
	tcase_add_test(tc, items_are_sealed_and_bound_to_their_kind);
	tcase_add_test(tc, a_backup_is_sealed_and_opens_with_the_same_passphrase);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
