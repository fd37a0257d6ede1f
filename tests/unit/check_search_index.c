/* check_search_index.c - the sealed search index (issue 16): what it finds and what it does not,
 * parts of words, accents, themes and feelings by their start, deletions and changes, a
 * tampered row detected and named, a missing or stale index built again. The index is asked
 * directly (sidx_candidates, through the journal file) so that a search that quietly read
 * every entry instead would fail here. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "reflect/journal.h"
#include "reflect/search_index.h"
#include "support/testutil.h"

static unsigned char hkey[32], skey[32];

static void teardown(void)
{
	tu_cleanup();
}

static entry *make(const char *notice, const char *theme, const char *feeling)
{
	entry *e = entry_new();

	entry_set(&e->visit_date, "2026-11-20");
	entry_set(&e->notice_text, notice);
	if (theme)
		strlist_add(&e->themes, theme);
	if (feeling)
		strlist_add(&e->emotions, feeling);
	return e;
}

/* A journal with three entries: 1 the rattle, 2 the window, 3 the answers of Gibbs. */
static journal *three(void)
{
	journal *j = tu_journal("j.db");
	entry *a = make("Mamá sonrió at the RATTLE, thinking of Orlo.", "ghosts in the nursery",
			"tenderness");
	entry *b = make("The window was quiet.", "rupture and repair", "joy");
	entry *c = make("plain", NULL, NULL);

	entry_set(&c->answers[0], "Gibbs description with a carousel");
	ck_assert_int_eq(journal_add(j, a), RF_OK);
	ck_assert_int_eq(journal_add(j, b), RF_OK);
	ck_assert_int_eq(journal_add(j, c), RF_OK);
	entry_free(&a);
	entry_free(&b);
	entry_free(&c);
	ck_assert_int_eq(journal_subkey(j, 1, "rsearch_", hkey), RF_OK);
	ck_assert_int_eq(journal_subkey(j, 2, "rsearch_", skey), RF_OK);
	return j;
}

/* Ask the index of j.db; the ids found as "1 3" (or "" for none, "scan" when it cannot
 * narrow, "damaged N" when row N does not authenticate). */
static const char *ask(const entry_filter *f)
{
	static char out[256];
	sqlite3 *db = NULL;
	sidx x = {.hkey = hkey, .skey = skey};
	int64_t *ids = NULL, bad = 0;
	size_t n = 0;
	rf_status st;

	ck_assert_int_eq(sqlite3_open_v2(tu_path("j.db"), &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	x.db = db;
	st = sidx_candidates(&x, f, &ids, &n, &bad);
	out[0] = '\0';
	if (st == RF_ERR_INVALID)
		snprintf(out, sizeof out, "scan");
	else if (st == RF_ERR_DAMAGED)
		snprintf(out, sizeof out, "damaged %lld", (long long)bad);
	else
		for (size_t i = 0; st == RF_OK && i < n; i++)
			snprintf(out + strlen(out), sizeof out - strlen(out), "%s%lld", i ? " " : "",
				 (long long)ids[i]);
	ck_assert_msg(st == RF_OK || st == RF_ERR_INVALID || st == RF_ERR_DAMAGED, "status %d", st);
	free(ids);
	sqlite3_close(db);
	return out;
}

static const char *search(const char *s)
{
	return ask(&(entry_filter){.search = s});
}

static int collect(const entry *e, void *ctx)
{
	char *out = ctx;

	snprintf(out + strlen(out), 256 - strlen(out), "%s%lld", *out ? " " : "", (long long)e->id);
	return 0;
}

/* What the journal shows for a search (newest first), whichever way it found them. */
static const char *shown(journal *j, const entry_filter *f)
{
	static char out[256];

	out[0] = '\0';
	ck_assert_int_eq(journal_each(j, f, false, collect, out), RF_OK);
	return out;
}

START_TEST(words_are_found_whole_by_their_start_or_any_part_and_absent_ones_are_not)
{
	journal *j = three();

	ck_assert_str_eq(search("rattle"), "1");
	ck_assert_str_eq(search("RATT"), "1");       /* the start of a word */
	ck_assert_str_eq(search("attl"), "1");       /* any part of it, as a search finds */
	ck_assert_str_eq(search("window was"), "2"); /* several words */
	ck_assert_str_eq(search("carousel"), "3");   /* a Gibbs answer */
	ck_assert_str_eq(search("nowhere"), "");     /* a miss reads nothing */
	ck_assert_str_eq(search("window rattle"), "");
	ck_assert_str_eq(shown(j, &(entry_filter){.search = "attl"}), "1");
	ck_assert_str_eq(shown(j, &(entry_filter){.search = "nowhere"}), "");
	/* the words are sealed: none of them in the file */
	ck_assert(!tu_file_contains(tu_path("j.db"), "carousel"));
	ck_assert(!tu_file_contains(tu_path("j.db-wal"), "carousel"));
	journal_close(&j);
}
END_TEST

START_TEST(accents_and_case_do_not_matter)
{
	journal *j = three();

	ck_assert_str_eq(search("mama sonrio"), "1");
	ck_assert_str_eq(search("MAMÁ"), "1");
	ck_assert_str_eq(search("sonri"), "1");
	/* what does not fold to Latin letters is read entry by entry */
	ck_assert_str_eq(search("宝宝"), "scan");
	journal_close(&j);
}
END_TEST

START_TEST(themes_and_feelings_are_found_by_their_start_and_by_a_word)
{
	journal *j = three();

	ck_assert_str_eq(ask(&(entry_filter){.theme = "gho"}), "1");
	ck_assert_str_eq(ask(&(entry_filter){.theme = "nursery"}), "1");
	ck_assert_str_eq(ask(&(entry_filter){.theme = "repair"}), "2");
	ck_assert_str_eq(ask(&(entry_filter){.theme = "window"}), ""); /* a word, not a theme */
	ck_assert_str_eq(ask(&(entry_filter){.emotion = "tend"}), "1");
	ck_assert_str_eq(ask(&(entry_filter){.emotion = "joy", .search = "quiet"}), "2");
	ck_assert_str_eq(ask(&(entry_filter){.emotion = "joy", .search = "rattle"}), "");
	ck_assert_str_eq(shown(j, &(entry_filter){.theme = "gho"}), "1");
	journal_close(&j);
}
END_TEST

START_TEST(a_deleted_or_changed_entry_leaves_the_index)
{
	journal *j = three();
	entry *e = NULL;

	ck_assert_int_eq(journal_get(j, 2, &e), RF_OK);
	entry_set(&e->notice_text, "The blanket now.");
	ck_assert_int_eq(journal_update(j, e), RF_OK);
	entry_free(&e);
	ck_assert_str_eq(search("window"), "");
	ck_assert_str_eq(search("blanket"), "2");
	ck_assert_int_eq(journal_delete(j, 1), RF_OK);
	ck_assert_str_eq(search("rattle"), "");
	ck_assert_str_eq(search("attl"), "");
	ck_assert_str_eq(ask(&(entry_filter){.theme = "gho"}), "");
	ck_assert_str_eq(search("blanket"), "2");
	journal_close(&j);
}
END_TEST

START_TEST(imported_entries_are_in_the_index)
{
	journal *j = three();
	entry *v[2] = {make("an imported hedgehog", NULL, NULL), make("another", NULL, NULL)};
	size_t added = 0, skipped = 0;

	ck_assert_int_eq(journal_import(j, v, 2, &added, &skipped), RF_OK);
	ck_assert_int_eq(added, 2);
	ck_assert_str_eq(search("hedgehog"), "4");
	entry_free(&v[0]);
	entry_free(&v[1]);
	/* in batches inside one transaction (as reflect import does): at its commit */
	ck_assert_int_eq(journal_begin(j), RF_OK);
	for (int i = 0; i < 2; i++) {
		entry *w[1] = {make(i ? "a second otter" : "a first otter", NULL, NULL)};
		ck_assert_int_eq(journal_import(j, w, 1, &added, &skipped), RF_OK);
		entry_free(&w[0]);
	}
	ck_assert_int_eq(journal_commit(j), RF_OK);
	ck_assert_str_eq(search("otter"), "6 7");
	ck_assert_str_eq(search("second"), "7");
	ck_assert_str_eq(shown(j, &(entry_filter){.search = "otter"}), "7 6");
	journal_close(&j);
}
END_TEST

static void flip(const char *path, int64_t id, int i)
{
	sqlite3 *db = NULL;
	sqlite3_blob *b = NULL;
	unsigned char c;

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_blob_open(db, "main", "search_index", "data", id, 1, &b), SQLITE_OK);
	ck_assert_int_eq(sqlite3_blob_read(b, &c, 1, i), SQLITE_OK);
	c ^= 0x20;
	ck_assert_int_eq(sqlite3_blob_write(b, &c, 1, i), SQLITE_OK);
	sqlite3_blob_close(b);
	sqlite3_close(db);
}

START_TEST(a_tampered_bucket_is_detected_named_and_the_search_still_right)
{
	static const char *const words[] = {
		"mama", "sonrio", "at", "the", "rattle", "thinking", "of", "orlo", "ghosts", "in",
		"nursery", "tenderness", "window", "was", "quiet", "rupture", "and", "repair", "joy",
		"plain", "gibbs", "description", "with", "a", "carousel"};
	enum { NW = sizeof words / sizeof words[0] };
	char want[NW][3][64];
	journal *j = three();
	const journal_damage *d;
	size_t n = 0;
	bool named = false;
	long long row = tu_sql_int(tu_path("j.db"),
				   "SELECT id FROM search_index WHERE id >= 0 AND id < 2048 LIMIT 1");

	ck_assert_int_ge(row, 0);
	for (size_t i = 0; i < NW; i++) {
		snprintf(want[i][0], 64, "%s", shown(j, &(entry_filter){.search = words[i]}));
		snprintf(want[i][1], 64, "%s", shown(j, &(entry_filter){.theme = words[i]}));
		snprintf(want[i][2], 64, "%s", shown(j, &(entry_filter){.emotion = words[i]}));
	}
	flip(tu_path("j.db"), row, 40); /* one byte of a sealed bucket */
	ck_assert_int_eq(journal_check(j), RF_ERR_DAMAGED);
	d = journal_damage_list(j, &n);
	for (size_t i = 0; i < n; i++)
		named = named || (strcmp(d[i].table, "search") == 0 && d[i].id == row);
	ck_assert_msg(named, "the altered bucket is named by check");
	/* and built again: the next check finds it whole */
	ck_assert_int_eq(journal_check(j), RF_OK);
	/* met by a search: named, every entry read (the same results), the index built again */
	flip(tu_path("j.db"), row, 40);
	journal_close(&j);
	ck_assert_int_eq(journal_open(tu_path("j.db"), TU_PASS, strlen(TU_PASS), &j), RF_OK);
	named = false;
	for (size_t i = 0; i < NW; i++) {
		ck_assert_str_eq(shown(j, &(entry_filter){.search = words[i]}), want[i][0]);
		ck_assert_str_eq(shown(j, &(entry_filter){.theme = words[i]}), want[i][1]);
		ck_assert_str_eq(shown(j, &(entry_filter){.emotion = words[i]}), want[i][2]);
		d = journal_damage_list(j, &n);
		for (size_t k = 0; k < n; k++)
			named = named || (strcmp(d[k].table, "search") == 0 && d[k].id == row);
	}
	ck_assert_msg(named, "the altered bucket is named by a search");
	ck_assert_str_eq(search("rattle"), "1");
	ck_assert_int_eq(journal_check(j), RF_OK);
	journal_close(&j);
}
END_TEST

START_TEST(a_missing_or_rolled_back_index_is_built_again)
{
	journal *j = three();
	/* an index from before (a row put back as it was) does not match its state */
	tu_sql(tu_path("j.db"), "CREATE TABLE keep AS SELECT * FROM search_index");
	{
		entry *e = make("a later zebra", NULL, NULL);
		ck_assert_int_eq(journal_add(j, e), RF_OK);
		entry_free(&e);
	}
	ck_assert_str_eq(search("zebra"), "4");
	tu_sql(tu_path("j.db"), "UPDATE search_index SET rev = (SELECT rev FROM keep WHERE "
				"keep.id = search_index.id), data = (SELECT data FROM keep WHERE "
				"keep.id = search_index.id) WHERE id IN (SELECT id FROM keep WHERE id >= 0)");
	tu_sql(tu_path("j.db"), "DELETE FROM search_index WHERE id >= 0 AND id NOT IN (SELECT id FROM keep)");
	tu_sql(tu_path("j.db"), "DROP TABLE keep");
	journal_close(&j);
	ck_assert_int_eq(journal_open(tu_path("j.db"), TU_PASS, strlen(TU_PASS), &j), RF_OK);
	ck_assert_str_eq(shown(j, &(entry_filter){.search = "zebra"}), "4");
	ck_assert_str_eq(search("zebra"), "4"); /* built again */
	/* none at all (a journal from before the index): built when first needed */
	tu_sql(tu_path("j.db"), "DELETE FROM search_index");
	journal_close(&j);
	ck_assert_int_eq(journal_open(tu_path("j.db"), TU_PASS, strlen(TU_PASS), &j), RF_OK);
	ck_assert_int_eq(journal_check(j), RF_OK); /* no index is not damage */
	ck_assert_str_eq(shown(j, &(entry_filter){.search = "rattle"}), "1");
	ck_assert_str_eq(search("rattle"), "1");
	ck_assert_str_eq(search("zebra"), "4");
	ck_assert_int_gt(tu_sql_int(tu_path("j.db"), "SELECT COUNT(*) FROM search_index"), 2);
	journal_close(&j);
}
END_TEST

START_TEST(a_new_passphrase_seals_a_new_index)
{
	journal *j = three();

	ck_assert_int_eq(journal_passwd(j, "another passphrase", 18, NULL), RF_OK);
	ck_assert_str_eq(shown(j, &(entry_filter){.search = "rattle"}), "1");
	ck_assert_int_eq(journal_subkey(j, 1, "rsearch_", hkey), RF_OK);
	ck_assert_int_eq(journal_subkey(j, 2, "rsearch_", skey), RF_OK);
	ck_assert_str_eq(search("rattle"), "1");
	journal_close(&j);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("search_index");
	TCase *tc = tcase_create("search_index");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, words_are_found_whole_by_their_start_or_any_part_and_absent_ones_are_not);
	tcase_add_test(tc, accents_and_case_do_not_matter);
	tcase_add_test(tc, themes_and_feelings_are_found_by_their_start_and_by_a_word);
	tcase_add_test(tc, a_deleted_or_changed_entry_leaves_the_index);
	tcase_add_test(tc, imported_entries_are_in_the_index);
	tcase_add_test(tc, a_tampered_bucket_is_detected_named_and_the_search_still_right);
	tcase_add_test(tc, a_missing_or_rolled_back_index_is_built_again);
	tcase_add_test(tc, a_new_passphrase_seals_a_new_index);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
