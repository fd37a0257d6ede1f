/* check_supervision.c - the reflective supervision log: sessions, hours in a window, peer
 * supervision kept apart, entries discussed. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "reflect/supervision.h"
#include "support/testutil.h"

static int64_t log_session(journal *j, const char *date, int minutes, supervision_format f,
			   supervision_setting s, bool peer, const int64_t *entries, size_t n)
{
	supervision_session x;
	int64_t item = 0;

	memset(&x, 0, sizeof x);
	memcpy(x.date, date, 11);
	x.minutes = minutes;
	x.format = f;
	x.setting = s;
	x.peer = peer;
	x.provider = "Dr Kim";
	x.endorsement = "Infant Mental Health Mentor";
	x.entries = (int64_t *)entries;
	x.nentries = n;
	ck_assert_int_eq(supervision_add(j, &x, &item), RF_OK);
	ck_assert_int_gt(item, 0);
	return item;
}

START_TEST(hours_count_the_window_and_leave_peer_supervision_out)
{
	journal *j = tu_journal("sup.db");
	supervision_hours h;

	log_session(j, "2026-11-20", 60, SUPERVISION_INDIVIDUAL, SUPERVISION_AGENCY, false, NULL, 0);
	log_session(j, "2026-03-01", 90, SUPERVISION_GROUP, SUPERVISION_CONSULTANT, false, NULL, 0);
	log_session(j, "2025-11-20", 30, SUPERVISION_INDIVIDUAL, SUPERVISION_AGENCY, false, NULL, 0);
	log_session(j, "2025-06-01", 120, SUPERVISION_INDIVIDUAL, SUPERVISION_AGENCY, false, NULL, 0);
	log_session(j, "2026-10-01", 45, SUPERVISION_INDIVIDUAL, SUPERVISION_AGENCY, true, NULL, 0);
	log_session(j, "2026-12-01", 60, SUPERVISION_INDIVIDUAL, SUPERVISION_AGENCY, false, NULL, 0);

	ck_assert_int_eq(supervision_hours_in(j, "2026-11-20", 1, &h), RF_OK);
	ck_assert_str_eq(h.from, "2025-11-20");
	ck_assert_str_eq(h.to, "2026-11-20");
	ck_assert_int_eq(h.counted_minutes, 60 + 90 + 30);
	ck_assert_uint_eq(h.sessions, 3);
	ck_assert_int_eq(h.group_minutes, 90);
	ck_assert_int_eq(h.individual_minutes, 90);
	ck_assert_int_eq(h.consultant_minutes, 90);
	ck_assert_int_eq(h.agency_minutes, 90);
	ck_assert_int_eq(h.peer_minutes, 45);
	ck_assert_uint_eq(h.peer_sessions, 1);

	ck_assert_int_eq(supervision_hours_in(j, "2026-11-20", 2, &h), RF_OK);
	ck_assert_str_eq(h.from, "2024-11-20");
	ck_assert_int_eq(h.counted_minutes, 60 + 90 + 30 + 120);

	ck_assert_int_eq(supervision_hours_in(j, "2028-02-29", 1, &h), RF_OK);
	ck_assert_str_eq(h.from, "2027-02-28");
	ck_assert_int_eq(supervision_hours_in(j, "2026-11-20", 3, &h), RF_ERR_INVALID);
	{
		char b[24];
		supervision_format_hours(150, b);
		ck_assert_str_eq(b, "2.5");
		supervision_format_hours(45, b);
		ck_assert_str_eq(b, "0.8");
		supervision_format_hours(2, b);
		ck_assert_str_eq(b, "0.0");
		supervision_format_hours(24 * 60, b);
		ck_assert_str_eq(b, "24.0");
	}
	ck_assert_int_eq(supervision_hours_in(j, "2026-13-01", 1, &h), RF_ERR_INVALID);
	journal_close(&j);
	tu_cleanup();
}
END_TEST

START_TEST(sessions_are_checked_and_listed_by_date)
{
	journal *j = tu_journal("sup.db");
	supervision_session x, *v = NULL;
	size_t n = 0;
	char longtext[SUPERVISION_TEXT_MAX + 2];

	memset(&x, 0, sizeof x);
	memcpy(x.date, "2026-02-30", 11);
	x.minutes = 60;
	ck_assert_int_eq(supervision_add(j, &x, NULL), RF_ERR_INVALID);
	memcpy(x.date, "2026-02-03", 11);
	x.minutes = 0;
	ck_assert_int_eq(supervision_add(j, &x, NULL), RF_ERR_INVALID);
	x.minutes = SUPERVISION_MINUTES_MAX + 1;
	ck_assert_int_eq(supervision_add(j, &x, NULL), RF_ERR_INVALID);
	x.minutes = 50;
	memset(longtext, 'a', sizeof longtext - 1);
	longtext[sizeof longtext - 1] = '\0';
	x.provider = longtext;
	ck_assert_int_eq(supervision_add(j, &x, NULL), RF_ERR_INVALID);
	x.provider = "Quillon Abernathy-Vance";
	ck_assert_int_eq(supervision_add(j, &x, NULL), RF_OK);
	log_session(j, "2026-01-05", 60, SUPERVISION_GROUP, SUPERVISION_CONSULTANT, true, NULL, 0);

	ck_assert_int_eq(supervision_list(j, &v, &n), RF_OK);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(v[0].date, "2026-01-05");
	ck_assert(v[0].peer);
	ck_assert_int_eq(v[0].format, SUPERVISION_GROUP);
	ck_assert_int_eq(v[0].setting, SUPERVISION_CONSULTANT);
	ck_assert_str_eq(v[0].endorsement, "Infant Mental Health Mentor");
	ck_assert_str_eq(v[1].provider, "Quillon Abernathy-Vance");
	ck_assert_ptr_null(v[1].endorsement);
	ck_assert(!tu_file_contains(tu_path("sup.db"), "Abernathy"));
	ck_assert(!tu_file_contains(tu_path("sup.db-wal"), "Abernathy"));
	ck_assert_int_eq(supervision_remove(j, v[1].item), RF_OK);
	supervision_list_free(&v, n);
	ck_assert_ptr_null(v);
	ck_assert_int_eq(supervision_list(j, &v, &n), RF_OK);
	ck_assert_uint_eq(n, 1);
	supervision_list_free(&v, n);
	journal_close(&j);
	tu_cleanup();
}
END_TEST

START_TEST(entries_discussed_are_listed_once)
{
	journal *j = tu_journal("sup.db");
	int64_t a[] = {7, 3}, b[] = {3, 12}, *ids = NULL;
	size_t n = 99;

	ck_assert_int_eq(supervision_discussed(j, &ids, &n), RF_OK);
	ck_assert_uint_eq(n, 0);
	free(ids);
	log_session(j, "2026-01-05", 60, SUPERVISION_INDIVIDUAL, SUPERVISION_AGENCY, false, a, 2);
	log_session(j, "2026-01-12", 60, SUPERVISION_GROUP, SUPERVISION_AGENCY, false, b, 2);
	ck_assert_int_eq(supervision_discussed(j, &ids, &n), RF_OK);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(ids[0], 3);
	ck_assert_int_eq(ids[1], 7);
	ck_assert_int_eq(ids[2], 12);
	free(ids);
	journal_close(&j);
	tu_cleanup();
}
END_TEST

int main(void)
{
	Suite *s = suite_create("supervision");
	TCase *tc = tcase_create("supervision");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, hours_count_the_window_and_leave_peer_supervision_out);
	tcase_add_test(tc, sessions_are_checked_and_listed_by_date);
	tcase_add_test(tc, entries_discussed_are_listed_once);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
