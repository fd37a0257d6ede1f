/* check_import_batches.c - an import of many batches in one write transaction scans the tables
 * for the ids' and sequence numbers' high-water marks once, not once a batch; the marks stored
 * in that transaction are trusted only within it: a later transaction scans again (a digest
 * record put back from an older copy never makes an import give an id twice). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reflect/entry.h"
#include "reflect/journal.h"
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

/* Import two new entries named after tag; the status of journal_import. */
static rf_status import_two(journal *j, const char *tag, size_t *added)
{
	char a[64], b[64];
	entry *v[2];
	size_t skipped = 0;
	rf_status st;

	snprintf(a, sizeof a, "%s one", tag);
	snprintf(b, sizeof b, "%s two", tag);
	v[0] = make(a);
	v[1] = make(b);
	st = journal_import(j, v, 2, added, &skipped);
	entry_free(&v[0]);
	entry_free(&v[1]);
	return st;
}

START_TEST(batches_in_one_transaction_continue_each_others_ids)
{
	journal *j = tu_journal("j.db");
	size_t added = 0, n = 0;

	ck_assert_int_eq(journal_begin(j), RF_OK);
	for (int b = 0; b < 5; b++) {
		char tag[16];
		snprintf(tag, sizeof tag, "batch %d", b);
		ck_assert_int_eq(import_two(j, tag, &added), RF_OK);
		ck_assert_uint_eq(added, 2);
		/* a batch of duplicates stores nothing, and the next goes on from the marks */
		ck_assert_int_eq(import_two(j, tag, &added), RF_OK);
		ck_assert_uint_eq(added, 0);
	}
	ck_assert_int_eq(journal_commit(j), RF_OK);
	ck_assert_int_eq(journal_count(j, &n), RF_OK);
	ck_assert_uint_eq(n, 10);
	ck_assert_int_eq(tu_sql_int(tu_path("j.db"), "SELECT MAX(id) FROM entries"), 10);
	ck_assert_int_eq(journal_check(j), RF_OK);
	journal_close(&j);
}
END_TEST

START_TEST(the_marks_are_scanned_again_in_the_next_transaction)
{
	journal *j = tu_journal("j.db");
	size_t added = 0, n = 0;

	ck_assert_int_eq(import_two(j, "first", &added), RF_OK);
	/* the digest record as it is now, kept aside */
	tu_sql(tu_path("j.db"), "CREATE TABLE kept AS SELECT value FROM meta WHERE key = 'digest'");
	ck_assert_int_eq(import_two(j, "second", &added), RF_OK);
	/* put back: its marks say the next entry is 3, but 3 and 4 are taken */
	tu_sql(tu_path("j.db"),
	       "UPDATE meta SET value = (SELECT value FROM kept) WHERE key = 'digest'");
	ck_assert_int_eq(import_two(j, "third", &added), RF_OK);
	ck_assert_uint_eq(added, 2);
	ck_assert_int_eq(journal_count(j, &n), RF_OK);
	ck_assert_uint_eq(n, 6);
	journal_close(&j);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("import_batches");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, batches_in_one_transaction_continue_each_others_ids);
	tcase_add_test(tc, the_marks_are_scanned_again_in_the_next_transaction);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
