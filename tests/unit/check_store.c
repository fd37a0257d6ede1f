/* check_store.c - trust in the store (issue 12): many drafts, ids never given twice, records
 * bound to a sequence number no replayed row can match, kinds bound, a digest that does not
 * cancel, check --accept, the schema checked, passwd rotating the master key, and schema 1
 * journals upgraded. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture_v1.h"
#include "reflect/identity.h"
#include "reflect/journal.h"
#include "reflect/share.h"
#include "reflect/text.h"
#include "support/testutil.h"

static void teardown(void)
{
	tu_cleanup();
}

static entry *make(const char *text)
{
	entry *e = entry_new();

	ck_assert_ptr_nonnull(e);
	entry_set(&e->notice_text, text);
	e->written = 1795100000;
	return e;
}

static bool damage_has(journal *j, const char *table, int64_t id, const char *words)
{
	size_t n = 0;
	const journal_damage *d = journal_damage_list(j, &n);

	for (size_t i = 0; i < n; i++)
		if ((table == NULL || strcmp(d[i].table, table) == 0) && (id < 0 || d[i].id == id) &&
		    (words == NULL || strstr(d[i].what, words) != NULL))
			return true;
	return false;
}

static journal *reopen(const char *name)
{
	journal *j = NULL;

	ck_assert_int_eq(journal_open(tu_path(name), TU_PASS, strlen(TU_PASS), &j), RF_OK);
	return j;
}

/* Copy rows aside into another file and back (as an attacker with the file would). */
static void sql_with_old(const char *db, const char *fmt)
{
	char sql[2048];

	snprintf(sql, sizeof sql, fmt, tu_path("old.db"));
	tu_sql(tu_path(db), sql);
}

/* ---- 1. drafts ---- */

struct drafts_seen {
	int64_t id[8];
	int64_t entry_id[8];
	char text[8][64];
	int step[8], field[8];
	int n;
};

static int seen_draft(const journal_draft_info *in, const entry *e, void *ctx)
{
	struct drafts_seen *s = ctx;

	if (s->n < 8) {
		s->id[s->n] = in->id;
		s->entry_id[s->n] = e->id;
		snprintf(s->text[s->n], sizeof s->text[0], "%s", e->notice_text ? e->notice_text : "");
		s->step[s->n] = in->step;
		s->field[s->n] = in->field;
		ck_assert_int_gt(in->started, 0);
		s->n++;
	}
	return 0;
}

START_TEST(every_draft_is_kept_and_none_replaces_another)
{
	journal *j = tu_journal("j.db");
	entry *a = make("a new reflection, half written"), *b = make("changes to an old entry");
	entry *got = NULL;
	journal_draft_info in;
	struct drafts_seen s = {0};
	int64_t da = 0, db = 0;
	size_t n = 0;

	b->id = 7; /* the entry being changed */
	ck_assert_int_eq(journal_draft_put(j, &da, a, 1, 2), RF_OK);
	ck_assert_int_eq(journal_draft_put(j, &db, b, 3, 4), RF_OK);
	ck_assert_int_ne(da, db);
	/* keeping the first again replaces only the first */
	entry_set(&a->notice_text, "a new reflection, now longer");
	ck_assert_int_eq(journal_draft_put(j, &da, a, 2, 0), RF_OK);
	journal_close(&j);
	j = reopen("j.db");
	ck_assert_int_eq(journal_draft_count(j, &n), RF_OK);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(journal_draft_each(j, seen_draft, &s), RF_OK);
	ck_assert_int_eq(s.n, 2);
	ck_assert_int_eq(s.id[0], da);
	ck_assert_str_eq(s.text[0], "a new reflection, now longer");
	ck_assert_int_eq(s.entry_id[0], 0);
	ck_assert_int_eq(s.step[0], 2);
	ck_assert_int_eq(s.field[0], 0);
	ck_assert_int_eq(s.id[1], db);
	ck_assert_str_eq(s.text[1], "changes to an old entry");
	ck_assert_int_eq(s.entry_id[1], 7);
	ck_assert_int_eq(s.step[1], 3);
	ck_assert_int_eq(s.field[1], 4);
	ck_assert_int_eq(journal_draft_get(j, db, &got, &in), RF_OK);
	ck_assert_int_eq(in.field, 4);
	entry_free(&got);
	ck_assert_int_eq(journal_draft_delete(j, da), RF_OK);
	ck_assert_int_eq(journal_draft_get(j, da, &got, NULL), RF_ERR_NOT_FOUND);
	ck_assert_int_eq(journal_draft_count(j, &n), RF_OK);
	ck_assert_uint_eq(n, 1);
	/* a draft's number is never given again */
	{
		int64_t dc = 0;
		ck_assert_int_eq(journal_draft_put(j, &dc, a, 0, 0), RF_OK);
		ck_assert_int_gt(dc, db);
	}
	ck_assert_int_eq(journal_check(j), RF_OK);
	ck_assert(!tu_file_contains(tu_path("j.db"), "half written"));
	journal_close(&j);
	entry_free(&a);
	entry_free(&b);
}
END_TEST

/* ---- 2. ids never reused, replays detected ---- */

START_TEST(an_entry_id_is_never_given_twice_and_an_old_row_put_back_is_caught)
{
	journal *j = tu_journal("j.db");
	entry *e = NULL;

	for (int i = 1; i <= 5; i++) {
		e = make("entry");
		ck_assert_int_eq(journal_add(j, e), RF_OK);
		ck_assert_int_eq(e->id, i);
		entry_free(&e);
	}
	journal_close(&j);
	unlink(tu_path("old.db"));
	sql_with_old("j.db", "ATTACH '%s' AS o; CREATE TABLE o.e AS SELECT * FROM entries WHERE id = 5;"
			     "CREATE TABLE o.b AS SELECT * FROM entry_bodies WHERE id = 5");
	j = reopen("j.db");
	ck_assert_int_eq(journal_delete(j, 5), RF_OK);
	e = make("the next one");
	ck_assert_int_eq(journal_add(j, e), RF_OK);
	ck_assert_int_eq(e->id, 6); /* not 5 again */
	entry_free(&e);
	/* also after closing: the mark is kept in the file */
	ck_assert_int_eq(journal_delete(j, 6), RF_OK);
	journal_close(&j);
	j = reopen("j.db");
	e = make("and the next");
	ck_assert_int_eq(journal_add(j, e), RF_OK);
	ck_assert_int_eq(e->id, 7);
	entry_free(&e);
	ck_assert_int_eq(journal_check(j), RF_OK);
	journal_close(&j);
	/* the old copy of row 5 put back */
	sql_with_old("j.db", "ATTACH '%s' AS o; INSERT INTO entries SELECT * FROM o.e;"
			     "INSERT INTO entry_bodies SELECT * FROM o.b");
	j = reopen("j.db");
	ck_assert(damage_has(j, "journal", 0, "deleted, added"));
	ck_assert_int_eq(journal_check(j), RF_ERR_DAMAGED);
	journal_close(&j);
}
END_TEST

START_TEST(an_old_row_in_place_of_a_newer_write_does_not_authenticate)
{
	journal *j = tu_journal("j.db");
	entry *e = make("first words"), *got = NULL;

	ck_assert_int_eq(journal_add(j, e), RF_OK);
	journal_close(&j);
	unlink(tu_path("old.db"));
	sql_with_old("j.db", "ATTACH '%s' AS o; CREATE TABLE o.e AS SELECT * FROM entries;"
			     "CREATE TABLE o.b AS SELECT * FROM entry_bodies");
	j = reopen("j.db");
	entry_set(&e->notice_text, "second words");
	ck_assert_int_eq(journal_update(j, e), RF_OK);
	journal_close(&j);
	/* the old sealed halves under the new row's revision and sequence number */
	sql_with_old("j.db", "ATTACH '%s' AS o; UPDATE entries SET meta = (SELECT meta FROM o.e);"
			     "UPDATE entry_bodies SET body = (SELECT body FROM o.b)");
	j = reopen("j.db");
	ck_assert_int_eq(journal_get(j, 1, &got), RF_ERR_DAMAGED);
	ck_assert_int_eq(journal_check(j), RF_ERR_DAMAGED);
	ck_assert(damage_has(j, "entries", 1, NULL));
	journal_close(&j);
	entry_free(&e);
}
END_TEST

static int count_items(int64_t id, const char *data, size_t len, void *ctx)
{
	(void)id;
	(void)len;
	if (strstr(data, "K1") != NULL)
		(*(int *)ctx) += 100;
	else
		(*(int *)ctx)++;
	return 0;
}

START_TEST(an_old_item_row_for_a_re_pinned_contact_is_caught)
{
	journal *j = tu_journal("j.db");
	int64_t k1 = 0, k2 = 0;
	int seen = 0;

	ck_assert_int_eq(journal_item_put(j, "contact", &k1, "{\"name\":\"Sam\",\"key\":\"K1\"}", 26),
			 RF_OK);
	journal_close(&j);
	unlink(tu_path("old.db"));
	sql_with_old("j.db", "ATTACH '%s' AS o; CREATE TABLE o.i AS SELECT * FROM items");
	j = reopen("j.db");
	ck_assert_int_eq(journal_item_delete(j, "contact", k1), RF_OK);
	ck_assert_int_eq(journal_item_put(j, "contact", &k2, "{\"name\":\"Sam\",\"key\":\"K2\"}", 26),
			 RF_OK);
	ck_assert_int_ne(k1, k2);
	journal_close(&j);
	/* put the old row back beside, or in place of, the new one */
	sql_with_old("j.db", "ATTACH '%s' AS o; INSERT INTO items SELECT * FROM o.i");
	j = reopen("j.db");
	ck_assert(damage_has(j, "journal", 0, "deleted, added"));
	journal_close(&j);
	sql_with_old("j.db", "ATTACH '%s' AS o; DELETE FROM items; INSERT INTO items (id, kind, rev, "
			     "data, seq) SELECT (SELECT 1 + 0 * id), kind, rev, data, seq FROM o.i");
	tu_sql(tu_path("j.db"), "UPDATE items SET id = (SELECT 0) + 2 WHERE id = 1");
	j = reopen("j.db");
	ck_assert(damage_has(j, "journal", 0, "deleted, added"));
	ck_assert_int_eq(journal_item_each(j, "contact", count_items, &seen), RF_OK);
	ck_assert_int_lt(seen, 100); /* K1 never shows as Sam's key */
	journal_close(&j);
}
END_TEST

/* ---- 3. kinds bound ---- */

START_TEST(a_changed_kind_is_damage_named_on_open_and_check)
{
	journal *j = tu_journal("j.db");
	int64_t id = 0;

	ck_assert_int_eq(journal_item_put(j, "identifier", &id, "Ana", 3), RF_OK);
	journal_close(&j);
	tu_sql(tu_path("j.db"), "UPDATE items SET kind = 'x' WHERE kind = 'identifier'");
	j = reopen("j.db");
	ck_assert(damage_has(j, "journal", 0, "deleted, added, changed"));
	ck_assert_int_eq(journal_check(j), RF_ERR_DAMAGED);
	ck_assert(damage_has(j, "items", id, NULL));
	journal_close(&j);
	tu_sql(tu_path("j.db"), "UPDATE items SET kind = '' WHERE kind = 'x'");
	j = reopen("j.db");
	ck_assert(damage_has(j, "journal", 0, NULL));
	journal_close(&j);
}
END_TEST

/* ---- 4. the digest ---- */

START_TEST(a_row_inserted_twice_does_not_cancel_and_is_named)
{
	journal *j = tu_journal("j.db");
	entry *e = make("one"), *f = make("two");

	ck_assert_int_eq(journal_add(j, e), RF_OK);
	ck_assert_int_eq(journal_add(j, f), RF_OK);
	journal_close(&j);
	/* the table rebuilt without its key, row 2 deleted and inserted twice */
	tu_sql(tu_path("j.db"),
	       "PRAGMA foreign_keys = OFF; CREATE TABLE t AS SELECT * FROM entries; DROP TABLE entries;"
	       "CREATE TABLE entries (id INTEGER, rev INTEGER NOT NULL, written INTEGER NOT NULL, "
	       "fp BLOB NOT NULL, meta BLOB NOT NULL, seq INTEGER NOT NULL DEFAULT 0);"
	       "INSERT INTO entries SELECT * FROM t; INSERT INTO entries SELECT * FROM t WHERE id = 2;"
	       "DROP TABLE t");
	j = reopen("j.db");
	ck_assert(damage_has(j, "entries", 2, "more than once"));
	ck_assert(damage_has(j, "journal", 0, "deleted, added"));
	ck_assert_int_eq(journal_check(j), RF_ERR_DAMAGED);
	ck_assert(damage_has(j, "journal", 0, "tables or indexes"));
	journal_close(&j);
	entry_free(&e);
	entry_free(&f);
}
END_TEST

/* The checkpoint of the digest (kept once an opening has hashed many rows, so that the next
 * opening hashes only what changed) finds what hashing every row finds: a change made by
 * reflect since is no damage; a row rolled back or deleted is; a checkpoint put back from
 * before, or spoilt, is only a slower opening. */
static size_t damage_count(journal *j)
{
	size_t n = 0;

	journal_damage_list(j, &n);
	return n;
}

static void add_entries(journal *j, int n)
{
	for (int i = 0; i < n; i++) {
		entry *e = make("entry");
		ck_assert_int_eq(journal_add(j, e), RF_OK);
		entry_free(&e);
	}
}

static void copy_journal(const char *from, const char *to)
{
	char sql[1024];

	snprintf(sql, sizeof sql, "VACUUM INTO '%s'", tu_path(to));
	tu_sql(tu_path(from), sql);
}

START_TEST(the_digest_checkpoint_finds_what_hashing_every_row_finds)
{
	journal *j = tu_journal("j.db");
	entry *e = NULL;

	add_entries(j, 70);
	journal_close(&j);
	ck_assert_int_eq(tu_sql_int(tu_path("j.db"), "SELECT COUNT(*) FROM meta WHERE key = 'digest_rows'"), 0);
	j = reopen("j.db"); /* every row hashed: the checkpoint is kept */
	ck_assert_uint_eq(damage_count(j), 0);
	journal_close(&j);
	ck_assert_int_eq(tu_sql_int(tu_path("j.db"), "SELECT COUNT(*) FROM meta WHERE key = 'digest_rows'"), 1);
	sql_with_old("j.db", "ATTACH '%s' AS o; CREATE TABLE o.e AS SELECT * FROM entries WHERE id = 5;"
			     "CREATE TABLE o.m AS SELECT * FROM meta WHERE key = 'digest_rows'");
	/* changed by reflect since the checkpoint */
	j = reopen("j.db");
	ck_assert_int_eq(journal_get(j, 5, &e), RF_OK);
	entry_set(&e->notice_text, "changed");
	ck_assert_int_eq(journal_update(j, e), RF_OK);
	entry_free(&e);
	journal_close(&j);
	j = reopen("j.db");
	ck_assert_uint_eq(damage_count(j), 0);
	add_entries(j, 70);
	journal_close(&j);
	j = reopen("j.db"); /* 70 rows hashed: a new checkpoint */
	ck_assert_uint_eq(damage_count(j), 0);
	journal_close(&j);
	/* the first checkpoint put back: the same answer */
	sql_with_old("j.db", "ATTACH '%s' AS o; UPDATE meta SET value = (SELECT value FROM o.m) "
			     "WHERE key = 'digest_rows'");
	j = reopen("j.db");
	ck_assert_uint_eq(damage_count(j), 0);
	journal_close(&j);
	/* a row deleted: one among others, and the last one the checkpoint holds */
	copy_journal("j.db", "k.db");
	copy_journal("j.db", "l.db");
	tu_sql(tu_path("k.db"), "DELETE FROM entries WHERE id = 7");
	j = reopen("k.db");
	ck_assert(damage_has(j, "journal", 0, "deleted, added"));
	journal_close(&j);
	tu_sql(tu_path("l.db"), "DELETE FROM entries WHERE id = 140");
	j = reopen("l.db");
	ck_assert(damage_has(j, "journal", 0, "deleted, added"));
	journal_close(&j);
	/* a spoilt checkpoint: every row hashed, the same answers */
	copy_journal("j.db", "s.db");
	tu_sql(tu_path("s.db"), "UPDATE meta SET value = zeroblob(200) WHERE key = 'digest_rows'");
	j = reopen("s.db");
	ck_assert_uint_eq(damage_count(j), 0);
	journal_close(&j);
	tu_sql(tu_path("s.db"), "DELETE FROM entries WHERE id = 70");
	j = reopen("s.db");
	ck_assert(damage_has(j, "journal", 0, "deleted, added"));
	journal_close(&j);
	/* a record given a kind far longer than any reflect gives: damage, and still opens */
	copy_journal("j.db", "m.db");
	j = reopen("m.db");
	{
		int64_t item = 0;
		ck_assert_int_eq(journal_item_put(j, "contact", &item, "{}", 2), RF_OK);
	}
	journal_close(&j);
	tu_sql(tu_path("m.db"), "UPDATE items SET kind = printf('%.300c', 'k')");
	j = reopen("m.db");
	ck_assert(damage_has(j, "journal", 0, "deleted, added"));
	journal_close(&j);
	/* entry 5 rolled back to the revision the first checkpoint holds */
	sql_with_old("j.db", "ATTACH '%s' AS o; DELETE FROM entries WHERE id = 5; "
			     "INSERT INTO entries SELECT * FROM o.e");
	j = reopen("j.db");
	ck_assert(damage_has(j, "journal", 0, "rolled back"));
	journal_close(&j);
}
END_TEST

START_TEST(a_deleted_digest_row_is_damage_not_another_file)
{
	journal *j = tu_journal("j.db");
	entry *e = make("one");

	ck_assert_int_eq(journal_add(j, e), RF_OK);
	journal_close(&j);
	tu_sql(tu_path("j.db"), "DELETE FROM meta WHERE key = 'digest'");
	j = reopen("j.db");
	ck_assert(damage_has(j, "journal", 0, "missing"));
	ck_assert_int_eq(journal_check(j), RF_ERR_DAMAGED);
	journal_close(&j);
	entry_free(&e);
}
END_TEST

START_TEST(accepting_makes_a_new_baseline_and_later_losses_show_again)
{
	journal *j = tu_journal("j.db");

	for (int i = 0; i < 3; i++) {
		entry *e = make("entry");
		ck_assert_int_eq(journal_add(j, e), RF_OK);
		entry_free(&e);
	}
	journal_close(&j);
	tu_sql(tu_path("j.db"), "DELETE FROM entry_bodies WHERE id = 2; DELETE FROM entries WHERE id = 2");
	j = reopen("j.db");
	ck_assert_int_eq(journal_check(j), RF_ERR_DAMAGED);
	ck_assert_int_eq(journal_accept(j), RF_OK);
	ck_assert_int_eq(journal_check(j), RF_OK);
	journal_close(&j);
	j = reopen("j.db");
	{
		size_t n = 0;
		journal_damage_list(j, &n);
		ck_assert_uint_eq(n, 0);
	}
	journal_close(&j);
	tu_sql(tu_path("j.db"), "DELETE FROM entry_bodies WHERE id = 3; DELETE FROM entries WHERE id = 3");
	j = reopen("j.db");
	ck_assert(damage_has(j, "journal", 0, "deleted"));
	journal_close(&j);
}
END_TEST

START_TEST(check_notices_a_changed_schema)
{
	journal *j = tu_journal("j.db");

	journal_close(&j);
	tu_sql(tu_path("j.db"), "DROP INDEX entries_by_fp");
	j = reopen("j.db");
	ck_assert_int_eq(journal_check(j), RF_ERR_DAMAGED);
	ck_assert(damage_has(j, "journal", 0, "tables or indexes"));
	journal_close(&j);
}
END_TEST

/* ---- 5. passwd rotates ---- */

START_TEST(passwd_rotates_the_master_key_and_keeps_the_kdf)
{
	journal *j = NULL;
	entry *e = make("before the change"), *got = NULL;
	int64_t item = 0;
	long long ops, ops_after;

	ck_assert_int_eq(journal_create(tu_path("j.db"), TU_PASS, strlen(TU_PASS), RCRYPTO_MODERATE,
					&j),
			 RF_OK);
	ck_assert_int_eq(journal_add(j, e), RF_OK);
	ck_assert_int_eq(journal_item_put(j, "contact", &item, "Sam", 3), RF_OK);
	journal_close(&j);
	ops = tu_sql_int(tu_path("j.db"), "SELECT hex(substr(value, 9, 8)) FROM meta WHERE key = 'kdf'");
	unlink(tu_path("old.db"));
	sql_with_old("j.db", "ATTACH '%s' AS o; CREATE TABLE o.m AS SELECT * FROM meta WHERE key IN "
			     "('kdf', 'master')");
	ck_assert_int_eq(journal_open(tu_path("j.db"), TU_PASS, strlen(TU_PASS), &j), RF_OK);
	ck_assert_int_eq(journal_passwd(j, "the new passphrase", 18, NULL), RF_OK);
	ck_assert_int_eq(journal_check(j), RF_OK);
	entry_set(&e->notice_text, "written after the change");
	e->id = 0;
	ck_assert_int_eq(journal_add(j, e), RF_OK);
	journal_close(&j);
	ops_after = tu_sql_int(tu_path("j.db"),
			       "SELECT hex(substr(value, 9, 8)) FROM meta WHERE key = 'kdf'");
	ck_assert_int_eq(ops, ops_after); /* the memory cost of moderate is kept */
	ck_assert_int_eq(journal_open(tu_path("j.db"), "the new passphrase", 18, &j), RF_OK);
	ck_assert_int_eq(journal_check(j), RF_OK);
	ck_assert_int_eq(journal_get(j, 1, &got), RF_OK);
	ck_assert_str_eq(got->notice_text, "before the change");
	entry_free(&got);
	journal_close(&j);
	/* the old key rows put back: the old passphrase opens them, but reads nothing */
	sql_with_old("j.db", "ATTACH '%s' AS o; DELETE FROM meta WHERE key IN ('kdf', 'master');"
			     "INSERT INTO meta SELECT * FROM o.m");
	ck_assert_int_eq(journal_open(tu_path("j.db"), TU_PASS, strlen(TU_PASS), &j), RF_OK);
	ck_assert_int_eq(journal_get(j, 2, &got), RF_ERR_DAMAGED);
	ck_assert_int_eq(journal_get(j, 1, &got), RF_ERR_DAMAGED);
	journal_close(&j);
	entry_free(&e);
}
END_TEST

/* ---- schema 1 journals ---- */

static void copy_fixture(const char *to)
{
	FILE *in = fopen("tests/fixtures/journal-v1.db", "rb"), *out;
	char buf[8192];
	size_t n;

	ck_assert_ptr_nonnull(in);
	out = fopen(to, "wb");
	ck_assert_ptr_nonnull(out);
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		ck_assert_uint_eq(fwrite(buf, 1, n, out), n);
	fclose(in);
	ck_assert_int_eq(fclose(out), 0);
}

START_TEST(a_schema_1_journal_is_upgraded_and_its_old_rows_cannot_come_back)
{
	journal *j = NULL;
	struct drafts_seen s = {0};
	entry *e = NULL;

	copy_fixture(tu_path("v1.db"));
	copy_fixture(tu_path("old.db"));
	ck_assert_int_eq(journal_open(tu_path("v1.db"), FIXTURE_PASS, strlen(FIXTURE_PASS), &j), RF_OK);
	ck_assert_int_eq(journal_schema_version(j), journal_schema_latest());
	ck_assert_int_eq(journal_check(j), RF_OK);
	ck_assert_int_eq(journal_draft_each(j, seen_draft, &s), RF_OK);
	ck_assert_int_eq(s.n, 1);
	/* a new entry does not take a number an old one had */
	e = make("after the upgrade");
	ck_assert_int_eq(journal_add(j, e), RF_OK);
	ck_assert_int_eq(e->id, 4);
	journal_close(&j);
	ck_assert_int_eq(tu_sql_int(tu_path("v1.db"), "SELECT COUNT(*) FROM entries WHERE seq = 0"), 0);
	/* a record as schema 1 sealed it, put back over its upgraded row */
	sql_with_old("v1.db", "ATTACH '%s' AS o; UPDATE entries SET meta = (SELECT meta FROM o.entries "
			      "WHERE o.entries.id = entries.id) WHERE id = 1");
	ck_assert_int_eq(journal_open(tu_path("v1.db"), FIXTURE_PASS, strlen(FIXTURE_PASS), &j), RF_OK);
	ck_assert_int_eq(journal_check(j), RF_ERR_DAMAGED);
	ck_assert(damage_has(j, "entries", 1, NULL));
	journal_close(&j);
	tu_sql(tu_path("v1.db"), "UPDATE entries SET seq = 0 WHERE id = 1");
	ck_assert_int_eq(journal_open(tu_path("v1.db"), FIXTURE_PASS, strlen(FIXTURE_PASS), &j), RF_OK);
	ck_assert(damage_has(j, "journal", 0, NULL));
	journal_close(&j);
	entry_free(&e);
}
END_TEST

/* ---- 6. older over newer ---- */

START_TEST(an_older_copy_never_replaces_a_newer_one)
{
	const char *sam[] = {"Sam"};
	journal *a = tu_journal("ana.db"), *b = tu_journal("sam.db");
	identity *ia = NULL, *ib = NULL;
	identity_add_result res;
	share_outgoing *o1 = NULL, *o2 = NULL;
	share_receipt r;
	bundle_reject why;
	share_held *v = NULL;
	size_t n = 0;
	entry *e = make("the first telling");
	int64_t id;

	ck_assert_int_eq(identity_ensure(a, &ia), RF_OK);
	ck_assert_int_eq(identity_ensure(b, &ib), RF_OK);
	ck_assert_int_eq(identity_set_name(a, ia, "Ana"), RF_OK);
	ck_assert_int_eq(identity_contact_add(a, "Sam", identity_pub(ib), true, &res, NULL), RF_OK);
	ck_assert_int_eq(identity_contact_add(b, "Ana", identity_pub(ia), true, &res, NULL), RF_OK);
	ck_assert_int_eq(journal_add(a, e), RF_OK);
	id = e->id;
	ck_assert_int_eq(share_prepare_entries(a, ia, sam, 1, &id, 1, false, &o1, NULL), RF_OK);
	ck_assert_int_eq(share_record(a, o1), RF_OK);
	entry_set(&e->notice_text, "the second, truer telling");
	ck_assert_int_eq(journal_update(a, e), RF_OK);
	ck_assert_int_eq(share_prepare_entries(a, ia, sam, 1, &id, 1, false, &o2, NULL), RF_OK);
	ck_assert_int_eq(share_record(a, o2), RF_OK);
	/* the newer bundle arrives first */
	ck_assert_int_eq(share_receive(b, ib, o2->data, o2->len, &r, &why), RF_OK);
	ck_assert_uint_eq(r.added, 1);
	ck_assert_int_eq(share_receive(b, ib, o1->data, o1->len, &r, &why), RF_OK);
	ck_assert_uint_eq(r.older, 1);
	ck_assert_uint_eq(r.updated, 0);
	ck_assert_int_eq(share_held_list(b, "Ana", NULL, &v, &n), RF_OK);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(v[0].e->notice_text, "the second, truer telling");
	share_held_list_free(&v, n);
	share_outgoing_free(&o1);
	share_outgoing_free(&o2);
	identity_free(&ia);
	identity_free(&ib);
	entry_free(&e);
	journal_close(&a);
	journal_close(&b);
}
END_TEST

/* ---- 7. terminal safety ---- */

START_TEST(text_safe_shows_every_control_visibly)
{
	char *s = text_safe("a\x1b]0;title\x07 b\x1b[2J\tc\nd\xc2\x9b" "e\xe2\x80\xae" "f\xff", true);

	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s, "a\xe2\x90\x9b]0;title\xe2\x90\x87 b\xe2\x90\x9b[2J\xe2\x90\x89"
			    "c\xe2\x90\xa4"
			    "d\\u009b" "e\\u202e" "f\\xff");
	free(s);
	s = text_safe("line one\n\tline two\x1b", false);
	ck_assert_str_eq(s, "line one\n\tline two\xe2\x90\x9b");
	free(s);
	ck_assert_int_eq(text_name_check("Sam"), TEXT_NAME_OK);
	ck_assert_int_eq(text_name_check("Mar\xc3\xad" "a Jos\xc3\xa9"), TEXT_NAME_OK);
	ck_assert_int_eq(text_name_check("\xe5\xae\x9d\xe5\xae\x9d"), TEXT_NAME_OK);
	ck_assert_int_eq(text_name_check("Sam\xe2\x80\xae"), TEXT_NAME_BIDI);
	ck_assert_int_eq(text_name_check("S\xe2\x80\x8b" "am"), TEXT_NAME_INVISIBLE);
	ck_assert_int_eq(text_name_check("S\xd0\xb0m"), TEXT_NAME_MIXED); /* Cyrillic a */
	ck_assert_int_eq(text_name_check("Sa\x1bm"), TEXT_NAME_CONTROL);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("store");
	TCase *tc = tcase_create("store");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, every_draft_is_kept_and_none_replaces_another);
	tcase_add_test(tc, an_entry_id_is_never_given_twice_and_an_old_row_put_back_is_caught);
	tcase_add_test(tc, an_old_row_in_place_of_a_newer_write_does_not_authenticate);
	tcase_add_test(tc, an_old_item_row_for_a_re_pinned_contact_is_caught);
	tcase_add_test(tc, a_changed_kind_is_damage_named_on_open_and_check);
	tcase_add_test(tc, a_row_inserted_twice_does_not_cancel_and_is_named);
	tcase_add_test(tc, a_deleted_digest_row_is_damage_not_another_file);
	tcase_add_test(tc, the_digest_checkpoint_finds_what_hashing_every_row_finds);
	tcase_add_test(tc, accepting_makes_a_new_baseline_and_later_losses_show_again);
	tcase_add_test(tc, check_notices_a_changed_schema);
	tcase_add_test(tc, passwd_rotates_the_master_key_and_keeps_the_kdf);
	tcase_add_test(tc, a_schema_1_journal_is_upgraded_and_its_old_rows_cannot_come_back);
	tcase_add_test(tc, an_older_copy_never_replaces_a_newer_one);
	tcase_add_test(tc, text_safe_shows_every_control_visibly);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
