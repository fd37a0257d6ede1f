/* check_pattern.c - review patterns on hand-built fixtures; every expected figure is worked out
 * by hand in the comments beside it. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "reflect/entry.h"
#include "reflect/pattern.h"

#define NEAR(x, want) ck_assert_msg(fabs((x) - (want)) < 1e-4, "%s = %f, wanted %f", #x, (x), (want))

static entry *mk(const char *json)
{
	entry *e = NULL;

	ck_assert_int_eq(entry_from_json(json, strlen(json), &e, NULL), RF_OK);
	return e;
}

/* Feed entries given as JSON, in the order given (newest first, as journal_each does). */
static const pattern_report *feed(pattern *p, const char *const *v, size_t n)
{
	const pattern_report *r = NULL;

	for (size_t i = 0; i < n; i++) {
		entry *e = mk(v[i]);
		ck_assert_int_eq(pattern_add(p, e), RF_OK);
		entry_free(&e);
	}
	ck_assert_int_eq(pattern_finish(p, &r), RF_OK);
	return r;
}

static void ids_are(const pattern_ids *ids, const int64_t *want, size_t n)
{
	int64_t *v = NULL;
	size_t got = 0;

	ck_assert_int_eq(pattern_ids_get(ids, &v, &got), RF_OK);
	ck_assert_uint_eq(got, n);
	ck_assert_uint_eq(pattern_ids_count(ids), n);
	for (size_t i = 0; i < n; i++)
		ck_assert_int_eq(v[i], want[i]);
	free(v);
}

/* Fixture A, newest first.
 *  id day         family visit        act emotions        themes
 *  8  2026-11-18  F-1    home visit   9   fear, sadness   ghosts, sleep
 *  7  2026-11-17  F-3    group        7   sadness, joy    play
 *  6  2026-11-16  F-1    home visit   8   fear            ghosts
 *  5  2026-11-11  F-2    clinic       -   joy             play
 *  4  2026-11-10  F-1    home visit   6   fear, sadness   ghosts
 *  3  2026-11-09  F-2    clinic       4   joy             sleep
 *  2  2026-11-03  F-1    home visit   5   fear            ghosts, sleep
 *  1  2026-11-02  F-1    home visit   3   fear, joy       ghosts
 * Weeks: W45 = {1,2}, W46 = {3,4,5}, W47 = {6,7,8}. */
static const char *const A[] = {
	"{\"id\":8,\"visit_date\":\"2026-11-18\",\"family\":\"F-1\",\"visit_type\":\"home visit\","
	"\"pause\":{\"activation\":9},\"notice\":{\"emotions\":[\"fear\",\"sadness\"]},"
	"\"themes\":[\"ghosts\",\"sleep\"]}",
	"{\"id\":7,\"visit_date\":\"2026-11-17\",\"family\":\"F-3\",\"visit_type\":\"group\","
	"\"pause\":{\"activation\":7},\"notice\":{\"emotions\":[\"sadness\",\"joy\"]},"
	"\"themes\":[\"play\"]}",
	"{\"id\":6,\"visit_date\":\"2026-11-16\",\"family\":\"F-1\",\"visit_type\":\"home visit\","
	"\"pause\":{\"activation\":8},\"notice\":{\"emotions\":[\"fear\"]},"
	"\"themes\":[\"ghosts\"]}",
	"{\"id\":5,\"visit_date\":\"2026-11-11\",\"family\":\"F-2\",\"visit_type\":\"clinic\","
	"\"notice\":{\"emotions\":[\"joy\"]},\"themes\":[\"play\"]}",
	"{\"id\":4,\"visit_date\":\"2026-11-10\",\"family\":\"F-1\",\"visit_type\":\"home visit\","
	"\"pause\":{\"activation\":6},\"notice\":{\"emotions\":[\"fear\",\"sadness\"]},"
	"\"themes\":[\"ghosts\"]}",
	"{\"id\":3,\"visit_date\":\"2026-11-09\",\"family\":\"F-2\",\"visit_type\":\"clinic\","
	"\"pause\":{\"activation\":4},\"notice\":{\"emotions\":[\"joy\"]},"
	"\"themes\":[\"sleep\"]}",
	"{\"id\":2,\"visit_date\":\"2026-11-03\",\"family\":\"F-1\",\"visit_type\":\"home visit\","
	"\"pause\":{\"activation\":5},\"notice\":{\"emotions\":[\"Fear\"]},"
	"\"themes\":[\"ghosts\",\"sleep\"]}",
	"{\"id\":1,\"visit_date\":\"2026-11-02\",\"family\":\"F-1\",\"visit_type\":\"home visit\","
	"\"pause\":{\"activation\":3},\"notice\":{\"emotions\":[\"fear\",\"joy\"]},"
	"\"themes\":[\"ghosts\"]}",
};
#define NA (sizeof(A) / sizeof(A[0]))

START_TEST(counts_labels_most_first_with_their_entries)
{
	pattern *p = NULL;
	const pattern_report *r;

	ck_assert_int_eq(pattern_new(NULL, &p), RF_OK);
	r = feed(p, A, NA);
	ck_assert_uint_eq(r->entries, 8);
	ck_assert_str_eq(r->first, "2026-11-02");
	ck_assert_str_eq(r->last, "2026-11-18");
	/* fear 1,2,4,6,8 (entry 2 says "Fear": the same label) = 5; joy 1,3,5,7 = 4;
	 * sadness 4,7,8 = 3. */
	ck_assert_uint_eq(r->nemotions, 3);
	ck_assert_str_eq(r->emotions[0].name, "fear");
	ck_assert_uint_eq(r->emotions[0].count, 5);
	ck_assert_str_eq(r->emotions[1].name, "joy");
	ck_assert_uint_eq(r->emotions[1].count, 4);
	ck_assert_str_eq(r->emotions[2].name, "sadness");
	ck_assert_uint_eq(r->emotions[2].count, 3);
	/* ghosts 5, sleep 3 (2,3,8), play 2 (5,7). */
	ck_assert_uint_eq(r->nthemes, 3);
	ck_assert_str_eq(r->themes[0].name, "ghosts");
	ck_assert_str_eq(r->themes[1].name, "sleep");
	ck_assert_uint_eq(r->themes[1].count, 3);
	ck_assert_str_eq(r->themes[2].name, "play");
	ck_assert_uint_eq(r->themes[2].count, 2);
	{
		const int64_t fear[] = {8, 6, 4, 2, 1}, play[] = {7, 5};
		ids_are(r->emotions[0].ids, fear, 5);
		ids_are(r->themes[2].ids, play, 2);
	}
	pattern_free(&p);
	ck_assert_ptr_null(p);
}
END_TEST

START_TEST(ties_are_ordered_by_name)
{
	static const char *const v[] = {
		"{\"id\":2,\"visit_date\":\"2026-11-03\",\"notice\":{\"emotions\":[\"worry\"]}}",
		"{\"id\":1,\"visit_date\":\"2026-11-02\",\"notice\":{\"emotions\":[\"awe\"]}}",
	};
	pattern *p = NULL;
	const pattern_report *r;

	ck_assert_int_eq(pattern_new(NULL, &p), RF_OK);
	r = feed(p, v, 2);
	ck_assert_uint_eq(r->nemotions, 2);
	ck_assert_str_eq(r->emotions[0].name, "awe");
	ck_assert_str_eq(r->emotions[1].name, "worry");
	pattern_free(&p);
}
END_TEST

START_TEST(weekly_volume_and_activation_mean_and_spread)
{
	pattern *p = NULL;
	const pattern_report *r;

	ck_assert_int_eq(pattern_new(NULL, &p), RF_OK);
	r = feed(p, A, NA);
	ck_assert_uint_eq(r->nweeks, 3);
	/* W45: entries 1,2, ratings 3,5: mean 4, sd sqrt(((3-4)^2+(5-4)^2)/2) = 1. */
	ck_assert_str_eq(r->weeks[0].week, "2026-W45");
	ck_assert_str_eq(r->weeks[0].monday, "2026-11-02");
	ck_assert_uint_eq(r->weeks[0].entries, 2);
	ck_assert_uint_eq(r->weeks[0].n, 2);
	NEAR(r->weeks[0].mean, 4.0);
	NEAR(r->weeks[0].sd, 1.0);
	/* W46: entries 3,4,5, ratings 4,6 (5 has none): mean 5, sd 1. */
	ck_assert_str_eq(r->weeks[1].week, "2026-W46");
	ck_assert_uint_eq(r->weeks[1].entries, 3);
	ck_assert_uint_eq(r->weeks[1].n, 2);
	NEAR(r->weeks[1].mean, 5.0);
	NEAR(r->weeks[1].sd, 1.0);
	/* W47: ratings 9,7,8: mean 8, sd sqrt((1+1+0)/3) = 0.81650. */
	ck_assert_str_eq(r->weeks[2].week, "2026-W47");
	ck_assert_uint_eq(r->weeks[2].n, 3);
	NEAR(r->weeks[2].mean, 8.0);
	NEAR(r->weeks[2].sd, sqrt(2.0 / 3.0));
	{
		const int64_t w46[] = {5, 4, 3};
		ids_are(r->weeks[1].ids, w46, 3);
	}
	pattern_free(&p);
}
END_TEST

START_TEST(empty_weeks_are_kept_and_iso_years_turn)
{
	static const char *const v[] = {
		/* 2027-01-04 is Monday of 2027-W01; 2026-12-21 is Monday of 2026-W52. */
		"{\"id\":2,\"visit_date\":\"2027-01-04\"}",
		"{\"id\":1,\"visit_date\":\"2026-12-21\"}",
	};
	pattern *p = NULL;
	const pattern_report *r;

	ck_assert_int_eq(pattern_new(NULL, &p), RF_OK);
	r = feed(p, v, 2);
	/* 2026 has 53 ISO weeks: W52, W53 (empty; 2027-01-01 belongs to it), 2027-W01. */
	ck_assert_uint_eq(r->nweeks, 3);
	ck_assert_str_eq(r->weeks[0].week, "2026-W52");
	ck_assert_str_eq(r->weeks[1].week, "2026-W53");
	ck_assert_uint_eq(r->weeks[1].entries, 0);
	ck_assert_uint_eq(pattern_ids_count(r->weeks[1].ids), 0);
	ck_assert_str_eq(r->weeks[2].week, "2027-W01");
	ck_assert_uint_eq(r->weeks[2].n, 0);
	pattern_free(&p);
}
END_TEST

START_TEST(pairs_ranked_by_evidence_with_count_and_lift)
{
	pattern_opts o = {0};
	pattern *p = NULL;
	const pattern_report *r;

	/* Every pair with the support, whatever its false-discovery rate (fdr 1), to see the
	 * order: the one-sided Fisher exact p first, N = 8.
	 *   fear+ghosts   1,2,4,6,8  5 of 5 and 5: p = 1 / C(8,5) = 1/56, lift 1.6
	 *   joy+play      5,7        joy 4, play 2: p = C(4,2) / C(8,2) = 6/28, lift 2.0
	 *   fear+sadness  4,8        fear 5, sadness 3: p = (C(5,2)C(3,1) + C(5,3)) / C(8,3)
	 *                            = 40/56 (and fear+sleep, ghosts+sleep, sadness+ghosts
	 *                            the same: ties go by the names)
	 * So the pair with the most evidence comes first though its lift is lower. The rate is
	 * over every pair that could have shown (both labels on 2 entries or more), not only the
	 * six that did: 6 labels, 15 pairs; BH q for the first = p * 15 / 1 = 15/56. */
	o.min_support = 2;
	o.fdr = 1.0;
	ck_assert_int_eq(pattern_new(&o, &p), RF_OK);
	r = feed(p, A, NA);
	ck_assert_uint_eq(r->pairs_tested, 15);
	ck_assert_uint_eq(r->npairs, 6);
	ck_assert_str_eq(r->pairs[0].a, "fear");
	ck_assert_str_eq(r->pairs[0].b, "ghosts");
	ck_assert_uint_eq(r->pairs[0].count, 5);
	ck_assert_uint_eq(r->pairs[0].a_count, 5);
	ck_assert_uint_eq(r->pairs[0].b_count, 5);
	NEAR(r->pairs[0].lift, 1.6);
	NEAR(r->pairs[0].p, 1.0 / 56);
	NEAR(r->pairs[0].q, 15.0 / 56);
	ck_assert_str_eq(r->pairs[1].a, "joy");
	ck_assert_str_eq(r->pairs[1].b, "play");
	ck_assert_int_eq(r->pairs[1].a_kind, PATTERN_EMOTION);
	ck_assert_int_eq(r->pairs[1].b_kind, PATTERN_THEME);
	ck_assert_uint_eq(r->pairs[1].count, 2);
	NEAR(r->pairs[1].lift, 2.0);
	NEAR(r->pairs[1].p, 6.0 / 28);
	ck_assert_str_eq(r->pairs[2].a, "fear");
	ck_assert_str_eq(r->pairs[2].b, "sadness");
	NEAR(r->pairs[2].p, 40.0 / 56);
	NEAR(r->pairs[2].lift, 16.0 / 15.0);
	ck_assert_str_eq(r->pairs[3].a, "fear");
	ck_assert_str_eq(r->pairs[3].b, "sleep");
	ck_assert_str_eq(r->pairs[4].a, "ghosts");
	ck_assert_str_eq(r->pairs[4].b, "sleep");
	ck_assert_str_eq(r->pairs[5].a, "sadness");
	ck_assert_str_eq(r->pairs[5].b, "ghosts");
	{
		const int64_t jp[] = {7, 5};
		ids_are(r->pairs[1].ids, jp, 2);
	}
	pattern_free(&p);
}
END_TEST

START_TEST(only_pairs_within_the_false_discovery_rate_are_kept)
{
	pattern_opts o = {0};
	pattern *p = NULL;
	const pattern_report *r;

	/* With the support at 2 and the rate at 5%, the pairs that could show beyond chance even
	 * at best (Tarone): fear+ghosts (5 and 5: at best 1/56) and sadness+sleep (3 and 3: at
	 * best 1/C(8,3) = 1/56); 5 and 4 at best 5/70 could not. Two tests: fear+ghosts has
	 * q = 2/56 = 0.036, within 5%. */
	o.min_support = 2;
	ck_assert_int_eq(pattern_new(&o, &p), RF_OK);
	r = feed(p, A, NA);
	ck_assert_uint_eq(r->pairs_tested, 2);
	ck_assert_uint_eq(r->npairs, 1);
	pattern_free(&p);
	/* At 20%, twelve pairs could show (not play, on 2 entries, with fear, ghosts or joy: at
	 * best 10/28 or 6/28): fear+ghosts has q = 12/56 = 0.214, over the bound: nothing. */
	o.fdr = 0.2;
	ck_assert_int_eq(pattern_new(&o, &p), RF_OK);
	r = feed(p, A, NA);
	ck_assert_uint_eq(r->pairs_tested, 12);
	ck_assert_uint_eq(r->npairs, 0);
	NEAR(r->fdr, 0.2);
	pattern_free(&p);
}
END_TEST

START_TEST(minimum_support_keeps_noise_out)
{
	pattern *p = NULL;
	const pattern_report *r;

	/* The default support is 3 for a small set: only fear+ghosts (5 entries) reaches it,
	 * among the two pairs that could (as above): p = 1/56, q = 2/56, within 5%. */
	ck_assert_int_eq(pattern_new(NULL, &p), RF_OK);
	r = feed(p, A, NA);
	ck_assert_uint_eq(r->min_support, 3);
	ck_assert_uint_eq(r->pairs_tested, 2);
	ck_assert_uint_eq(r->npairs, 1);
	NEAR(r->pairs[0].q, 2.0 / 56);
	ck_assert_str_eq(r->pairs[0].a, "fear");
	ck_assert_uint_eq(r->pairs[0].count, 5);
	pattern_free(&p);
}
END_TEST

START_TEST(pairs_at_chance_are_left_out)
{
	/* a and b each on half of 4 entries, together on 1: lift 1*4/(2*2) = 1, not more
	 * than chance. */
	static const char *const v[] = {
		"{\"id\":4,\"visit_date\":\"2026-11-05\",\"themes\":[\"a\",\"b\"]}",
		"{\"id\":3,\"visit_date\":\"2026-11-04\",\"themes\":[\"a\"]}",
		"{\"id\":2,\"visit_date\":\"2026-11-03\",\"themes\":[\"b\"]}",
		"{\"id\":1,\"visit_date\":\"2026-11-02\"}",
	};
	pattern_opts o = {0};
	pattern *p = NULL;
	const pattern_report *r;

	o.min_support = 1;
	ck_assert_int_eq(pattern_new(&o, &p), RF_OK);
	r = feed(p, v, 4);
	ck_assert_uint_eq(r->npairs, 0);
	pattern_free(&p);
}
END_TEST

/* 2100 entries with a theme each of their own (too many labels for a table of every pair: counted
 * in a hash map instead), and three with fear + sleep. */
static const pattern_report *thousands(pattern *p)
{
	const pattern_report *r = NULL;
	char json[200];

	for (int i = 0; i < 2103; i++) {
		entry *e;
		if (i < 3)
			snprintf(json, sizeof(json),
				 "{\"id\":%d,\"visit_date\":\"2026-11-02\",\"notice\":{\"emotions\":"
				 "[\"fear\"]},\"themes\":[\"sleep\"]}",
				 5000 - i);
		else
			snprintf(json, sizeof(json),
				 "{\"id\":%d,\"visit_date\":\"2026-11-01\",\"notice\":{\"emotions\":"
				 "[\"calm\"]},\"themes\":[\"t%d\"]}",
				 5000 - i, i);
		e = mk(json);
		ck_assert_int_eq(pattern_add(p, e), RF_OK);
		entry_free(&e);
	}
	ck_assert_int_eq(pattern_finish(p, &r), RF_OK);
	return r;
}

START_TEST(pairs_among_thousands_of_labels)
{
	pattern_opts o = {0};
	pattern *p = NULL;
	const pattern_report *r;

	/* With the support at 3: fear + sleep, count 3, lift 3 * 2103 / (3 * 3) = 701. */
	o.min_support = 3;
	ck_assert_int_eq(pattern_new(&o, &p), RF_OK);
	r = thousands(p);
	ck_assert_uint_eq(r->nthemes, 2101);
	ck_assert_uint_eq(r->npairs, 1);
	ck_assert_str_eq(r->pairs[0].a, "fear");
	ck_assert_str_eq(r->pairs[0].b, "sleep");
	NEAR(r->pairs[0].lift, 701.0);
	{
		const int64_t ids[] = {5000, 4999, 4998};
		ids_are(r->pairs[0].ids, ids, 3);
	}
	pattern_free(&p);
	/* By default the support grows with the set: round(sqrt(2103) / 4) = 11, and three
	 * entries among 2103 are not a pattern. */
	ck_assert_int_eq(pattern_new(NULL, &p), RF_OK);
	r = thousands(p);
	ck_assert_uint_eq(r->min_support, 11);
	ck_assert_uint_eq(r->npairs, 0);
	pattern_free(&p);
}
END_TEST

START_TEST(labels_against_families_and_visit_types)
{
	pattern_opts o = {0};
	pattern *p = NULL;
	const pattern_report *r;

	o.min_support = 2;
	o.fdr = 1.0;
	ck_assert_int_eq(pattern_new(&o, &p), RF_OK);
	r = feed(p, A, NA);
	/* Families: F-1 = 1,2,4,6,8 (5), F-2 = 3,5 (2), F-3 = 7 (1); visit types follow them.
	 *   fear with F-1 (5 of 5 and 5): p = 1/56, lift 1.6; ghosts the same; and with home visit
	 *   joy with F-2 (3,5; joy 4, F-2 2): p = 6/28, lift 2.0; and with clinic
	 *   sadness with F-1 (4,8; sadness 3): p = 40/56, lift 16/15; sleep the same; and with
	 *   home visit. Ties: families before visit types, then by name. */
	/* Counted: 6 labels on 2 entries or more, with F-1, F-2, home visit and clinic. */
	ck_assert_uint_eq(r->assocs_tested, 24);
	ck_assert_uint_eq(r->nassocs, 10);
	ck_assert_str_eq(r->assocs[0].label, "fear");
	ck_assert_int_eq(r->assocs[0].with, PATTERN_WITH_FAMILY);
	ck_assert_str_eq(r->assocs[0].value, "F-1");
	ck_assert_uint_eq(r->assocs[0].count, 5);
	ck_assert_uint_eq(r->assocs[0].label_count, 5);
	ck_assert_uint_eq(r->assocs[0].value_count, 5);
	NEAR(r->assocs[0].lift, 1.6);
	NEAR(r->assocs[0].p, 1.0 / 56);
	ck_assert_str_eq(r->assocs[1].label, "ghosts");
	ck_assert_int_eq(r->assocs[1].kind, PATTERN_THEME);
	ck_assert_str_eq(r->assocs[2].label, "fear");
	ck_assert_int_eq(r->assocs[2].with, PATTERN_WITH_VISIT_TYPE);
	ck_assert_str_eq(r->assocs[2].value, "home visit");
	ck_assert_str_eq(r->assocs[4].label, "joy");
	ck_assert_str_eq(r->assocs[4].value, "F-2");
	NEAR(r->assocs[4].lift, 2.0);
	ck_assert_str_eq(r->assocs[5].label, "joy");
	ck_assert_str_eq(r->assocs[5].value, "clinic");
	ck_assert_str_eq(r->assocs[6].label, "sadness");
	ck_assert_str_eq(r->assocs[6].value, "F-1");
	NEAR(r->assocs[6].lift, 16.0 / 15.0);
	NEAR(r->assocs[6].p, 40.0 / 56);
	{
		const int64_t sad[] = {8, 4};
		ids_are(r->assocs[6].ids, sad, 2);
	}
	pattern_free(&p);
}
END_TEST

START_TEST(shift_between_two_given_periods)
{
	pattern_opts o = {0};
	pattern *p = NULL;
	const pattern_report *r;

	o.recent_since = "2026-11-16";
	o.recent_until = "2026-11-18";
	o.earlier_since = "2026-11-02";
	o.earlier_until = "2026-11-15";
	ck_assert_int_eq(pattern_new(&o, &p), RF_OK);
	r = feed(p, A, NA);
	/* Recent: 6,7,8 (3 entries); earlier: 1..5 (5 entries).
	 *   sadness  7,8 of 3 = .6667 against 4 of 5 = .2      change +.4667
	 *   joy      7 = .3333 against 1,3,5 = .6              change -.2667
	 *   play     7 = .3333 against 5 = .2                  change +.1333
	 *   fear, ghosts +.0667 (2/3 - 3/5); sleep -.0667 (1/3 - 2/5) */
	ck_assert_uint_eq(r->recent.entries, 3);
	ck_assert_uint_eq(r->earlier.entries, 5);
	ck_assert_uint_eq(r->nshifts, 6);
	ck_assert_str_eq(r->shifts[0].name, "sadness");
	ck_assert_uint_eq(r->shifts[0].recent, 2);
	ck_assert_uint_eq(r->shifts[0].earlier, 1);
	NEAR(r->shifts[0].change, 2.0 / 3.0 - 0.2);
	ck_assert_str_eq(r->shifts[1].name, "joy");
	NEAR(r->shifts[1].change, 1.0 / 3.0 - 0.6);
	ck_assert_str_eq(r->shifts[2].name, "play");
	NEAR(r->shifts[2].change, 1.0 / 3.0 - 0.2);
	ck_assert_str_eq(r->shifts[3].name, "fear");
	ck_assert_str_eq(r->shifts[4].name, "ghosts");
	ck_assert_str_eq(r->shifts[5].name, "sleep");
	NEAR(r->shifts[5].change, 1.0 / 3.0 - 0.4);
	{
		const int64_t sad[] = {8, 7, 4};
		ids_are(r->shifts[0].ids, sad, 3);
	}
	pattern_free(&p);
}
END_TEST

START_TEST(shift_by_default_ends_on_the_newest_entry)
{
	pattern_opts o = {0};
	pattern *p = NULL;
	const pattern_report *r;

	/* The last 7 days up to 2026-11-18 are 11-12..11-18: entries 6,7,8; before: 1..5. */
	o.recent_days = 7;
	ck_assert_int_eq(pattern_new(&o, &p), RF_OK);
	r = feed(p, A, NA);
	ck_assert_str_eq(r->recent.since, "2026-11-12");
	ck_assert_str_eq(r->recent.until, "2026-11-18");
	ck_assert_str_eq(r->earlier.since, "");
	ck_assert_str_eq(r->earlier.until, "2026-11-11");
	ck_assert_uint_eq(r->recent.entries, 3);
	ck_assert_uint_eq(r->earlier.entries, 5);
	ck_assert_str_eq(r->shifts[0].name, "sadness");
	pattern_free(&p);
	/* With the default 28 days everything is recent and nothing is earlier. */
	ck_assert_int_eq(pattern_new(NULL, &p), RF_OK);
	r = feed(p, A, NA);
	ck_assert_str_eq(r->recent.since, "2026-10-22");
	ck_assert_uint_eq(r->recent.entries, 8);
	ck_assert_uint_eq(r->earlier.entries, 0);
	pattern_free(&p);
}
END_TEST

START_TEST(bad_dates_in_options_are_refused)
{
	pattern_opts o = {0};
	pattern *p = NULL;

	o.recent_since = "2026-13-01";
	ck_assert_int_eq(pattern_new(&o, &p), RF_ERR_INVALID);
	ck_assert_ptr_null(p);
}
END_TEST

/* Fixture B: words. Stop words (the, was, with, felt) drop out and break phrases. */
static const char *const B[] = {
	"{\"id\":4,\"visit_date\":\"2026-11-05\",\"notice\":{\"text\":\"Quiet morning.\"}}",
	"{\"id\":3,\"visit_date\":\"2026-11-04\",\"notice\":{\"text\":\"Mother laughed with the "
	"baby.\"}}",
	"{\"id\":2,\"visit_date\":\"2026-11-03\",\"notice\":{\"text\":\"Baby cried; home visit "
	"felt rushed.\"}}",
	"{\"id\":1,\"visit_date\":\"2026-11-02\",\"notice\":{\"text\":\"The baby slept. Mother "
	"held the baby close.\"},\"curious\":{\"text\":\"Was the home visit calm?\"},"
	"\"pause\":{\"text\":\"mother mother mother\"}}",
};

START_TEST(words_and_phrases_by_tf_idf)
{
	pattern *p = NULL;
	const pattern_report *r;

	ck_assert_int_eq(pattern_new(NULL, &p), RF_OK);
	r = feed(p, B, 4);
	/* N = 4. score = (occurrences / N) * ln(N / entries with it) * (1.5 for a phrase of
	 * two) * (contexts / occurrences); at least 2 entries.
	 *   "home visit": 2 in 2 entries, said in two different contexts: (2/4) ln 2 * 1.5
	 *   mother: 2 in 2 entries (the Pause text is not read): (2/4) ln 2
	 *   baby is in 3 of the 4 entries, more than half: left out.
	 * "held the baby" is in one entry only; "cried; home" is no phrase (a break).
	 * home and visit are only ever said in "home visit": they give way to the phrase. */
	ck_assert_uint_eq(r->nwords, 2);
	ck_assert_str_eq(r->words[0].word, "home visit");
	NEAR(r->words[0].score, 0.75 * log(2.0));
	ck_assert_str_eq(r->words[1].word, "mother");
	NEAR(r->words[1].score, 0.5 * log(2.0));
	ck_assert_uint_eq(r->words[1].count, 2);
	{
		const int64_t hv[] = {2, 1};
		ids_are(r->words[0].ids, hv, 2);
	}
	pattern_free(&p);
}
END_TEST

START_TEST(a_word_said_apart_from_its_phrase_stays)
{
	static const char *const v[] = {
		"{\"id\":8,\"visit_date\":\"2026-11-09\",\"notice\":{\"text\":\"calm\"}}",
		"{\"id\":7,\"visit_date\":\"2026-11-08\",\"notice\":{\"text\":\"rain\"}}",
		"{\"id\":6,\"visit_date\":\"2026-11-07\",\"notice\":{\"text\":\"sun\"}}",
		"{\"id\":5,\"visit_date\":\"2026-11-06\",\"notice\":{\"text\":\"quiet\"}}",
		"{\"id\":4,\"visit_date\":\"2026-11-05\",\"notice\":{\"text\":\"home early\"}}",
		"{\"id\":3,\"visit_date\":\"2026-11-04\",\"notice\":{\"text\":\"home alone\"}}",
		"{\"id\":2,\"visit_date\":\"2026-11-03\",\"notice\":{\"text\":\"home visit again\"}}",
		"{\"id\":1,\"visit_date\":\"2026-11-02\",\"notice\":{\"text\":\"first home visit\"}}",
	};
	pattern *p = NULL;
	const pattern_report *r;

	ck_assert_int_eq(pattern_new(NULL, &p), RF_OK);
	r = feed(p, v, 8);
	/* "home visit" 2 of 8, in two contexts: (2/8) ln(8/2) * 1.5; visit is only said in it
	 * and gives way; home is said 4 times (half the entries, not more), twice in the
	 * phrase (2 < 4 * 0.8), each time beside other words: it stays, (4/8) ln(8/4). */
	ck_assert_uint_eq(r->nwords, 2);
	ck_assert_str_eq(r->words[0].word, "home visit");
	NEAR(r->words[0].score, 0.25 * log(4.0) * 1.5);
	ck_assert_str_eq(r->words[1].word, "home");
	NEAR(r->words[1].score, 0.5 * log(2.0));
	pattern_free(&p);
}
END_TEST

START_TEST(words_are_scored_against_the_whole_journal)
{
	pattern *p = NULL;
	const pattern_report *r;
	entry *ctx = mk("{\"id\":9,\"notice\":{\"text\":\"The mother rested.\"}}");

	ck_assert_int_eq(pattern_new(NULL, &p), RF_OK);
	ck_assert_int_eq(pattern_add_context(p, ctx), RF_OK);
	entry_free(&ctx);
	r = feed(p, B, 4);
	/* 5 entries in all, 4 in the set. mother is in 3 of 5: (2/4) ln(5/3) = .25541;
	 * "home visit" (2/4) ln(5/2) * 1.5 = .68722; baby is in 3 of the 4: left out. */
	ck_assert_uint_eq(r->entries, 4);
	ck_assert_uint_eq(r->nwords, 2);
	ck_assert_str_eq(r->words[0].word, "home visit");
	NEAR(r->words[0].score, 0.75 * log(2.5));
	ck_assert_str_eq(r->words[1].word, "mother");
	NEAR(r->words[1].score, 0.5 * log(5.0 / 3.0));
	pattern_free(&p);
}
END_TEST

START_TEST(words_are_read_from_the_newest_entries_only_when_asked)
{
	pattern_opts o = {0};
	pattern *p = NULL;
	const pattern_report *r;

	/* Only the first 3 added (ids 4, 3, 2) are read: baby is in 3 and 2, twice in all:
	 * (2/3) ln(3/2); home, visit and mother are in one entry each. */
	o.max_word_scan = 3;
	ck_assert_int_eq(pattern_new(&o, &p), RF_OK);
	r = feed(p, B, 4);
	ck_assert_uint_eq(r->entries, 4);
	ck_assert_uint_eq(r->words_entries, 3);
	ck_assert_str_eq(r->words_since, "2026-11-03");
	ck_assert_uint_eq(r->nwords, 1);
	ck_assert_str_eq(r->words[0].word, "baby");
	NEAR(r->words[0].score, 2.0 / 3.0 * log(1.5));
	pattern_free(&p);
}
END_TEST

START_TEST(words_can_come_in_a_second_pass)
{
	pattern *p = NULL;
	const pattern_report *r = NULL;
	entry *full[4];

	/* First the metadata (as journal_each gives it without bodies), then the words in the
	 * same order: the same figures as words_and_phrases_by_tf_idf. */
	ck_assert_int_eq(pattern_new(NULL, &p), RF_OK);
	for (size_t i = 0; i < 4; i++) {
		entry *meta = mk(B[i]);
		full[i] = mk(B[i]);
		entry_set(&meta->notice_text, NULL);
		entry_set(&meta->curious_text, NULL);
		ck_assert_int_eq(pattern_add(p, meta), RF_OK);
		entry_free(&meta);
	}
	ck_assert(!pattern_words_full(p));
	{
		entry *stranger = mk("{\"id\":77,\"notice\":{\"text\":\"baby\"}}");
		ck_assert_int_eq(pattern_add_words(p, stranger, true), RF_ERR_NOT_FOUND);
		entry_free(&stranger);
	}
	ck_assert_int_eq(pattern_add_words(p, full[1], true), RF_OK);
	/* Out of order (entry 4 was added before entry 3) is refused. */
	ck_assert_int_eq(pattern_add_words(p, full[0], true), RF_ERR_INVALID);
	ck_assert_int_eq(pattern_add_words(p, full[2], true), RF_OK);
	ck_assert_int_eq(pattern_add_words(p, full[2], true), RF_OK); /* read once only */
	ck_assert_int_eq(pattern_add_words(p, full[3], true), RF_OK);
	ck_assert_int_eq(pattern_finish(p, &r), RF_OK);
	/* Entry 4 ("Quiet morning.") was never read: N = 3 for the words.
	 *   "home visit" (2/3) ln(3/2) * 1.5, mother (2/3) ln(3/2); baby (4/3) ln(3/3) = 0. */
	ck_assert_uint_eq(r->words_entries, 3);
	ck_assert_uint_eq(r->nwords, 2);
	ck_assert_str_eq(r->words[0].word, "home visit");
	NEAR(r->words[0].score, log(1.5));
	ck_assert_str_eq(r->words[1].word, "mother");
	{
		const int64_t mother[] = {3, 1};
		ids_are(r->words[1].ids, mother, 2);
	}
	for (size_t i = 0; i < 4; i++)
		entry_free(&full[i]);
	pattern_free(&p);
}
END_TEST

START_TEST(words_are_folded_and_spanish_stop_words_drop)
{
	static const char *const v[] = {
		"{\"id\":3,\"visit_date\":\"2026-11-04\",\"notice\":{\"text\":\"Nada.\"}}",
		"{\"id\":2,\"visit_date\":\"2026-11-03\",\"notice\":{\"text\":\"MAMÁ y bebé\"}}",
		("{\"id\":1,\"visit_date\":\"2026-11-02\","
		 "\"curious\":{\"text\":\"La mamá cantó a la bebé\"}}"),
	};
	pattern *p = NULL;
	const pattern_report *r;

	ck_assert_int_eq(pattern_new(NULL, &p), RF_OK);
	r = feed(p, v, 3);
	/* mamá and bebé: 2 of 3 entries (matched without case or accents), (2/3) ln(3/2) each,
	 * shown as first written, in lower case with the accents; "nada", "la", "y", "a" are
	 * stop words; "mama canto" is in one entry only. */
	ck_assert_uint_eq(r->nwords, 2);
	ck_assert_str_eq(r->words[0].word, "bebé");
	ck_assert_str_eq(r->words[1].word, "mamá");
	NEAR(r->words[1].score, 2.0 / 3.0 * log(1.5));
	pattern_free(&p);
}
END_TEST

START_TEST(ideographs_are_read_as_character_pairs)
{
	static const char *const v[] = {
		"{\"id\":3,\"visit_date\":\"2026-11-04\",\"notice\":{\"text\":\"很好\"}}",
		"{\"id\":2,\"visit_date\":\"2026-11-03\",\"notice\":{\"text\":\"宝宝哭了。\"}}",
		"{\"id\":1,\"visit_date\":\"2026-11-02\",\"notice\":{\"text\":\"宝宝睡觉 slept\"}}",
	};
	pattern *p = NULL;
	const pattern_report *r;

	ck_assert_int_eq(pattern_new(NULL, &p), RF_OK);
	r = feed(p, v, 3);
	/* 宝宝睡觉 gives 宝宝 宝睡 睡觉; 宝宝哭了 gives 宝宝 宝哭 哭了: only 宝宝 is in two
	 * entries: (2/3) ln(3/2). */
	ck_assert_uint_eq(r->nwords, 1);
	ck_assert_str_eq(r->words[0].word, "宝宝");
	NEAR(r->words[0].score, 2.0 / 3.0 * log(1.5));
	pattern_free(&p);
}
END_TEST

START_TEST(a_lone_ideograph_is_a_word)
{
	static const char *const v[] = {
		"{\"id\":3,\"visit_date\":\"2026-11-04\",\"notice\":{\"text\":\"ok\"}}",
		"{\"id\":2,\"visit_date\":\"2026-11-03\",\"notice\":{\"text\":\"我 tired\"}}",
		"{\"id\":1,\"visit_date\":\"2026-11-02\",\"notice\":{\"text\":\"tired 我\"}}",
	};
	pattern *p = NULL;
	const pattern_report *r;

	ck_assert_int_eq(pattern_new(NULL, &p), RF_OK);
	r = feed(p, v, 3);
	/* Both in 2 of 3 entries. "tired" is said twice in the same context (nothing either
	 * side), so it counts half; a character of a script without spaces has no context
	 * read and counts whole. */
	ck_assert_uint_eq(r->nwords, 2);
	ck_assert_str_eq(r->words[0].word, "我");
	ck_assert_str_eq(r->words[1].word, "tired");
	pattern_free(&p);
}
END_TEST

static bool discussed_3(int64_t id, void *ctx)
{
	(void)ctx;
	return id == 3;
}

START_TEST(open_questions_are_flagged_and_not_yet_discussed)
{
	static const char *const v[] = {
		"{\"id\":4,\"visit_date\":\"2026-11-05\",\"for_supervision\":true,"
		"\"curious\":{\"questions\":[\"Whose fear was it?\",\"Why now?\"]}}",
		"{\"id\":3,\"visit_date\":\"2026-11-04\",\"for_supervision\":true,"
		"\"curious\":{\"questions\":[\"Discussed by callback\"]}}",
		"{\"id\":2,\"visit_date\":\"2026-11-03\",\"for_supervision\":true,"
		"\"curious\":{\"questions\":[\"Discussed by list\"]}}",
		"{\"id\":1,\"visit_date\":\"2026-11-02\",\"for_supervision\":false,"
		"\"curious\":{\"questions\":[\"Not for supervision\"]}}",
		"{\"id\":5,\"visit_date\":\"2026-10-01\",\"for_supervision\":true,"
		"\"curious\":{\"questions\":[\"Older, still open\"]}}",
	};
	const int64_t done[] = {2};
	pattern_opts o = {0};
	pattern *p = NULL;
	const pattern_report *r;

	o.discussed = discussed_3;
	o.discussed_ids = done;
	o.ndiscussed = 1;
	ck_assert_int_eq(pattern_new(&o, &p), RF_OK);
	r = feed(p, v, 5);
	ck_assert_uint_eq(r->nquestions, 3);
	ck_assert_int_eq(r->questions[0].entry, 4);
	ck_assert_str_eq(r->questions[0].text, "Whose fear was it?");
	ck_assert_str_eq(r->questions[0].day, "2026-11-05");
	ck_assert_int_eq(r->questions[1].entry, 4);
	ck_assert_str_eq(r->questions[1].text, "Why now?");
	ck_assert_int_eq(r->questions[2].entry, 5);
	pattern_free(&p);
}
END_TEST

START_TEST(self_care_rises_when_activation_stays_high)
{
	/* Three weeks at a plateau of 8, then a calm phone check-in (3) and an entry rated 5
	 * on the last day. Weekly medians: 8, 8, then 6.5 (8, 8, 3, 5); two of three at 7 or
	 * more, and all nine ratings together have a median of 8: it holds. (The mean of the
	 * last five, 5, 3, 8, 8, 8 = 6.4, would have let it go.) */
	static const char *const v[] = {
		"{\"id\":9,\"visit_date\":\"2026-11-20\",\"written_at\":\"2026-11-20T20:00:00Z\",\"pause\":{\"activation\":5}}",
		"{\"id\":8,\"visit_date\":\"2026-11-20\",\"written_at\":\"2026-11-20T19:00:00Z\",\"visit_type\":\"phone check-in\",\"pause\":{\"activation\":3}}",
		"{\"id\":7,\"visit_date\":\"2026-11-18\",\"pause\":{\"activation\":8}}",
		"{\"id\":6,\"visit_date\":\"2026-11-16\",\"pause\":{\"activation\":8}}",
		"{\"id\":5,\"visit_date\":\"2026-11-12\",\"pause\":{\"activation\":8}}",
		"{\"id\":4,\"visit_date\":\"2026-11-10\",\"pause\":{\"activation\":8}}",
		"{\"id\":10,\"visit_date\":\"2026-11-06\"}",
		"{\"id\":3,\"visit_date\":\"2026-11-06\",\"pause\":{\"activation\":9}}",
		"{\"id\":2,\"visit_date\":\"2026-11-04\",\"pause\":{\"activation\":8}}",
		"{\"id\":1,\"visit_date\":\"2026-11-02\",\"pause\":{\"activation\":8}}",
	};
	pattern *p = NULL;
	const pattern_report *r;

	ck_assert_int_eq(pattern_new(NULL, &p), RF_OK);
	r = feed(p, v, 10);
	ck_assert(r->self_care.signal);
	ck_assert(r->self_care.sustained);
	ck_assert_uint_eq(r->self_care.nmedians, 3);
	NEAR(r->self_care.medians[0], 8.0);
	NEAR(r->self_care.medians[1], 8.0);
	NEAR(r->self_care.medians[2], 6.5);
	NEAR(r->self_care.recent_mean, 6.4);
	ck_assert_uint_eq(r->self_care.rated, 9);
	ck_assert_ptr_nonnull(strstr(r->self_care.why, "stayed high for weeks"));
	ck_assert_ptr_nonnull(strstr(r->self_care.why, "8.0, 8.0 and 6.5"));
	ck_assert_ptr_nonnull(strstr(r->self_care.why, "vicarious trauma"));
	ck_assert_ptr_nonnull(strstr(r->self_care.why, "hardened"));
	ck_assert_ptr_nonnull(strstr(r->self_care.why, "supervision"));
	{
		const int64_t ids[] = {9, 8, 7, 6, 5, 4, 3, 2, 1};
		ids_are(r->self_care.ids, ids, 9);
	}
	pattern_free(&p);
}
END_TEST

START_TEST(self_care_lets_go_when_weeks_calm_down)
{
	/* Weekly medians 8, 5, 4: one week of three at 7 or more: no signal, and it says what
	 * it saw. */
	static const char *const v[] = {
		"{\"id\":6,\"visit_date\":\"2026-11-18\",\"pause\":{\"activation\":4}}",
		"{\"id\":5,\"visit_date\":\"2026-11-16\",\"pause\":{\"activation\":4}}",
		"{\"id\":4,\"visit_date\":\"2026-11-12\",\"pause\":{\"activation\":5}}",
		"{\"id\":3,\"visit_date\":\"2026-11-10\",\"pause\":{\"activation\":5}}",
		"{\"id\":2,\"visit_date\":\"2026-11-04\",\"pause\":{\"activation\":8}}",
		"{\"id\":1,\"visit_date\":\"2026-11-02\",\"pause\":{\"activation\":8}}",
	};
	pattern *p = NULL;
	const pattern_report *r;

	ck_assert_int_eq(pattern_new(NULL, &p), RF_OK);
	r = feed(p, v, 6);
	ck_assert(!r->self_care.signal);
	ck_assert(!r->self_care.sustained);
	ck_assert_ptr_nonnull(strstr(r->self_care.why, "8.0, 5.0 and 4.0"));
	ck_assert_ptr_nonnull(strstr(r->self_care.why, "not staying high"));
	pattern_free(&p);
}
END_TEST

START_TEST(self_care_stays_quiet_below_the_level)
{
	/* 8,7,7,6,6: mean 6.8; weekly means are one week only: no rise. */
	static const char *const v[] = {
		"{\"id\":5,\"visit_date\":\"2026-11-06\",\"pause\":{\"activation\":8}}",
		"{\"id\":4,\"visit_date\":\"2026-11-05\",\"pause\":{\"activation\":7}}",
		"{\"id\":3,\"visit_date\":\"2026-11-04\",\"pause\":{\"activation\":7}}",
		"{\"id\":2,\"visit_date\":\"2026-11-03\",\"pause\":{\"activation\":6}}",
		"{\"id\":1,\"visit_date\":\"2026-11-02\",\"pause\":{\"activation\":6}}",
	};
	pattern *p = NULL;
	const pattern_report *r;

	ck_assert_int_eq(pattern_new(NULL, &p), RF_OK);
	r = feed(p, v, 5);
	ck_assert(!r->self_care.signal);
	NEAR(r->self_care.recent_mean, 6.8);
	ck_assert_ptr_nonnull(strstr(r->self_care.why, "not staying high"));
	ck_assert_uint_eq(pattern_ids_count(r->self_care.ids), 0);
	pattern_free(&p);
}
END_TEST

START_TEST(self_care_notices_a_rising_trend)
{
	pattern *p = NULL;
	const pattern_report *r;

	/* Fixture A: last five ratings 9,7,8,6,4 average 6.8 (< 7), but weekly means rise
	 * 4 -> 5 -> 8, ending at or above 6. */
	ck_assert_int_eq(pattern_new(NULL, &p), RF_OK);
	r = feed(p, A, NA);
	ck_assert(r->self_care.signal);
	NEAR(r->self_care.recent_mean, 6.8);
	ck_assert_ptr_nonnull(strstr(r->self_care.why, "4.0, 5.0, then 8.0"));
	{
		const int64_t rated[] = {8, 7, 6, 4, 3, 2, 1};
		ids_are(r->self_care.ids, rated, 7);
	}
	pattern_free(&p);
}
END_TEST

START_TEST(self_care_says_when_there_is_too_little)
{
	static const char *const v[] = {
		"{\"id\":1,\"visit_date\":\"2026-11-02\",\"pause\":{\"activation\":10}}",
	};
	pattern *p = NULL;
	const pattern_report *r;

	ck_assert_int_eq(pattern_new(NULL, &p), RF_OK);
	r = feed(p, v, 1);
	ck_assert(!r->self_care.signal);
	ck_assert_ptr_nonnull(strstr(r->self_care.why, "Fewer than 5"));
	pattern_free(&p);
}
END_TEST

START_TEST(revisit_finds_earlier_entries_of_the_family_and_emotions)
{
	pattern_opts o = {0};
	pattern *p = NULL;
	const pattern_report *r;

	/* Newest entry 8 (F-1; fear, sadness): F-1 before it 6,4,2,1; fear 6,4,2,1;
	 * sadness 7,4. */
	ck_assert_int_eq(pattern_new(NULL, &p), RF_OK);
	r = feed(p, A, NA);
	ck_assert_int_eq(r->revisit.entry, 8);
	ck_assert_str_eq(r->revisit.family.name, "F-1");
	{
		const int64_t fam[] = {6, 4, 2, 1}, sad[] = {7, 4};
		ids_are(r->revisit.family.ids, fam, 4);
		ck_assert_uint_eq(r->revisit.nemotions, 2);
		ck_assert_str_eq(r->revisit.emotions[0].name, "fear");
		ids_are(r->revisit.emotions[0].ids, fam, 4);
		ck_assert_str_eq(r->revisit.emotions[1].name, "sadness");
		ids_are(r->revisit.emotions[1].ids, sad, 2);
	}
	pattern_free(&p);

	/* From entry 4, at most 1 each: F-1 -> 2; fear -> 2; sadness -> none. The counts
	 * stay honest: F-1 and fear each have 2 earlier entries (2 and 1), of which 1 is
	 * listed; no cap is given as a total. */
	o.revisit_of = 4;
	o.revisit_max = 1;
	ck_assert_int_eq(pattern_new(&o, &p), RF_OK);
	r = feed(p, A, NA);
	ck_assert_int_eq(r->revisit.entry, 4);
	{
		const int64_t two[] = {2};
		ids_are(r->revisit.family.ids, two, 1);
		ck_assert_uint_eq(r->revisit.family.total, 2);
		ids_are(r->revisit.emotions[0].ids, two, 1);
		ck_assert_uint_eq(r->revisit.emotions[0].total, 2);
		ck_assert_uint_eq(pattern_ids_count(r->revisit.emotions[1].ids), 0);
		ck_assert_uint_eq(r->revisit.emotions[1].total, 0);
	}
	{
		char *text = pattern_to_text(r, 80);
		ck_assert_ptr_nonnull(strstr(text, "family F-1: #2 and 1 more"));
		pattern_free_text(&text);
	}
	pattern_free(&p);
}
END_TEST

START_TEST(revisit_of_an_entry_outside_the_set_is_not_found)
{
	pattern_opts o = {0};
	pattern *p = NULL;
	const pattern_report *r = NULL;
	entry *e = mk(A[0]);

	o.revisit_of = 99;
	ck_assert_int_eq(pattern_new(&o, &p), RF_OK);
	ck_assert_int_eq(pattern_add(p, e), RF_OK);
	ck_assert_int_eq(pattern_finish(p, &r), RF_ERR_NOT_FOUND);
	ck_assert_ptr_null(r);
	entry_free(&e);
	pattern_free(&p);
}
END_TEST

START_TEST(an_empty_set_gives_an_empty_report)
{
	pattern *p = NULL;
	const pattern_report *r = NULL;
	char *text, *json;

	ck_assert_int_eq(pattern_new(NULL, &p), RF_OK);
	ck_assert_int_eq(pattern_finish(p, &r), RF_OK);
	ck_assert_uint_eq(r->entries, 0);
	ck_assert_uint_eq(r->nweeks, 0);
	ck_assert(!r->self_care.signal);
	ck_assert_int_eq(r->revisit.entry, 0);
	text = pattern_to_text(r, 80);
	ck_assert_ptr_nonnull(strstr(text, "no entries here yet"));
	json = pattern_json_text(r, 0);
	ck_assert_ptr_nonnull(strstr(json, "\"entries\":0"));
	pattern_free_text(&text);
	pattern_free_text(&json);
	ck_assert_ptr_null(json);
	/* Adding after finishing is refused. */
	{
		entry *e = mk(A[0]);
		ck_assert_int_eq(pattern_add(p, e), RF_ERR_INVALID);
		entry_free(&e);
	}
	pattern_free(&p);
}
END_TEST

START_TEST(json_has_the_interface_shape)
{
	pattern_opts o = {0};
	pattern *p = NULL;
	const pattern_report *r;
	json_t *j, *x;
	char *text;

	o.min_support = 2;
	o.fdr = 1.0;
	ck_assert_int_eq(pattern_new(&o, &p), RF_OK);
	r = feed(p, A, NA);
	j = pattern_to_json(r, PATTERN_JSON_IDS);
	ck_assert_ptr_nonnull(j);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "entries")), 8);
	x = json_array_get(json_object_get(j, "emotions"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(x, "name")), "fear");
	ck_assert_int_eq(json_integer_value(json_object_get(x, "count")), 5);
	ck_assert_uint_eq(json_array_size(json_object_get(x, "ids")), 5);
	x = json_array_get(json_object_get(j, "pairs"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(x, "a")), "fear");
	ck_assert_str_eq(json_string_value(json_object_get(x, "b")), "ghosts");
	ck_assert_int_eq(json_integer_value(json_object_get(x, "count")), 5);
	NEAR(json_real_value(json_object_get(x, "lift")), 1.6);
	NEAR(json_real_value(json_object_get(x, "p")), 0.01786);
	NEAR(json_real_value(json_object_get(x, "q")), 0.2679);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "pairs_tested")), 15);
	/* Activation by family: F-1 rated 3, 5, 6, 8, 9 (mean 6.2); the others 4 and 7 (5.5).
	 * F-2 and F-3 have fewer than 3 ratings. */
	x = json_object_get(json_object_get(j, "activation"), "families");
	ck_assert_uint_eq(json_array_size(x), 1);
	x = json_array_get(x, 0);
	ck_assert_str_eq(json_string_value(json_object_get(x, "family")), "F-1");
	NEAR(json_real_value(json_object_get(x, "mean")), 6.2);
	ck_assert_int_eq(json_integer_value(json_object_get(x, "n")), 5);
	NEAR(json_real_value(json_object_get(x, "others_mean")), 5.5);
	x = json_array_get(json_object_get(json_object_get(j, "activation"), "visit_types"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(x, "visit_type")), "home visit");
	ck_assert(json_is_null(json_object_get(j, "subject")));
	ck_assert(json_is_array(json_object_get(json_object_get(j, "practice"), "months")));
	x = json_array_get(json_object_get(json_object_get(j, "activation"), "weeks"), 2);
	ck_assert_str_eq(json_string_value(json_object_get(x, "week")), "2026-W47");
	NEAR(json_real_value(json_object_get(x, "mean")), 8.0);
	ck_assert_int_eq(json_integer_value(json_object_get(x, "n")), 3);
	NEAR(json_real_value(json_object_get(x, "sd")), 0.8165);
	x = json_object_get(j, "self_care");
	ck_assert(json_is_true(json_object_get(x, "signal")));
	ck_assert(json_is_string(json_object_get(x, "why")));
	ck_assert(json_is_array(json_object_get(j, "words")));
	ck_assert(json_is_array(json_object_get(j, "open_questions")));
	ck_assert(json_is_array(json_object_get(j, "associations")));
	ck_assert(json_is_array(json_object_get(json_object_get(j, "shift"), "labels")));
	ck_assert(json_is_array(json_object_get(json_object_get(j, "volume"), "weeks")));
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(j, "revisit"), "entry")), 8);
	json_decref(j);
	/* The text form streams the same id lists. */
	text = pattern_json_text(r, PATTERN_JSON_IDS | PATTERN_JSON_PRETTY);
	ck_assert_ptr_nonnull(text);
	ck_assert_ptr_null(strstr(text, "\\u0001"));
	j = json_loads(text, 0, NULL);
	ck_assert_ptr_nonnull(j);
	x = json_array_get(json_object_get(j, "themes"), 2); /* play: 7, 5 */
	ck_assert_str_eq(json_string_value(json_object_get(x, "name")), "play");
	ck_assert_uint_eq(json_array_size(json_object_get(x, "ids")), 2);
	ck_assert_int_eq(json_integer_value(json_array_get(json_object_get(x, "ids"), 0)), 7);
	ck_assert_int_eq(json_integer_value(json_array_get(json_object_get(x, "ids"), 1)), 5);
	x = json_object_get(json_object_get(j, "revisit"), "family");
	ck_assert_uint_eq(json_array_size(json_object_get(x, "ids")), 4);
	json_decref(j);
	pattern_free_text(&text);
	/* Without PATTERN_JSON_IDS there are no id lists. */
	text = pattern_json_text(r, 0);
	ck_assert_ptr_null(strstr(text, "\"ids\":"));
	pattern_free_text(&text);
	pattern_free(&p);
}
END_TEST

START_TEST(text_fits_the_width_given)
{
	pattern_opts o = {0};
	pattern *p = NULL;
	const pattern_report *r;
	char *text, *line, *save = NULL;

	o.min_support = 2;
	o.fdr = 1.0;
	ck_assert_int_eq(pattern_new(&o, &p), RF_OK);
	r = feed(p, A, NA);
	text = pattern_to_text(r, 60);
	ck_assert_ptr_nonnull(strstr(text, "Review: 8 entries, 2 Nov to 18 Nov"));
	ck_assert_ptr_nonnull(strstr(text, "fear and ghosts: almost always together (5 of 5)"));
	/* F-1 (6.2) does not stand out from the others (5.5) by a point: a plain line. */
	ck_assert_ptr_nonnull(strstr(text, "F-1: 6.2 on average over 5 entries"));
	ck_assert_ptr_nonnull(strstr(text, "2 Nov"));
	ck_assert_ptr_null(strstr(text, "lift"));
	ck_assert_ptr_null(strstr(text, "2026-W"));
	ck_assert_ptr_nonnull(strstr(text, "Self-care"));
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		size_t cols = 0;
		/* Count code points: the text has no wide characters. */
		for (const unsigned char *c = (const unsigned char *)line; *c; c++)
			cols += (*c & 0xc0) != 0x80;
		ck_assert_msg(cols <= 60, "line too wide (%zu): %s", cols, line);
	}
	pattern_free_text(&text);
	pattern_free(&p);
}
END_TEST

START_TEST(sparklines_scale_to_the_maximum)
{
	const double v[] = {0, 5, 10, -1, 1.25};
	char out[64];

	pattern_sparkline(v, 5, 10, out, sizeof(out));
	/* 0 the lowest bar; 5 = ceil(4)-1 = 4th bar; 10 the highest; -1 a gap; 1.25 the
	 * lowest (ceil(1)-1 = 0). */
	ck_assert_str_eq(out, "\xe2\x96\x81\xe2\x96\x84\xe2\x96\x88 \xe2\x96\x81");
	/* A small buffer is cut at a whole character. */
	pattern_sparkline(v, 5, 10, out, 5);
	ck_assert_str_eq(out, "\xe2\x96\x81");
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("pattern");
	TCase *t = tcase_create("pattern");

	tcase_add_test(t, counts_labels_most_first_with_their_entries);
	tcase_add_test(t, ties_are_ordered_by_name);
	tcase_add_test(t, weekly_volume_and_activation_mean_and_spread);
	tcase_add_test(t, empty_weeks_are_kept_and_iso_years_turn);
	tcase_add_test(t, pairs_ranked_by_evidence_with_count_and_lift);
	tcase_add_test(t, only_pairs_within_the_false_discovery_rate_are_kept);
	tcase_add_test(t, minimum_support_keeps_noise_out);
	tcase_add_test(t, pairs_at_chance_are_left_out);
	tcase_add_test(t, pairs_among_thousands_of_labels);
	tcase_add_test(t, labels_against_families_and_visit_types);
	tcase_add_test(t, shift_between_two_given_periods);
	tcase_add_test(t, shift_by_default_ends_on_the_newest_entry);
	tcase_add_test(t, bad_dates_in_options_are_refused);
	tcase_add_test(t, words_and_phrases_by_tf_idf);
	tcase_add_test(t, a_word_said_apart_from_its_phrase_stays);
	tcase_add_test(t, words_are_scored_against_the_whole_journal);
	tcase_add_test(t, words_are_read_from_the_newest_entries_only_when_asked);
	tcase_add_test(t, words_can_come_in_a_second_pass);
	tcase_add_test(t, words_are_folded_and_spanish_stop_words_drop);
	tcase_add_test(t, ideographs_are_read_as_character_pairs);
	tcase_add_test(t, a_lone_ideograph_is_a_word);
	tcase_add_test(t, open_questions_are_flagged_and_not_yet_discussed);
	tcase_add_test(t, self_care_rises_when_activation_stays_high);
	tcase_add_test(t, self_care_lets_go_when_weeks_calm_down);
	tcase_add_test(t, self_care_stays_quiet_below_the_level);
	tcase_add_test(t, self_care_notices_a_rising_trend);
	tcase_add_test(t, self_care_says_when_there_is_too_little);
	tcase_add_test(t, revisit_finds_earlier_entries_of_the_family_and_emotions);
	tcase_add_test(t, revisit_of_an_entry_outside_the_set_is_not_found);
	tcase_add_test(t, an_empty_set_gives_an_empty_report);
	tcase_add_test(t, json_has_the_interface_shape);
	tcase_add_test(t, text_fits_the_width_given);
	tcase_add_test(t, sparklines_scale_to_the_maximum);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *r = srunner_create(suite());
	int failed;

	srunner_run_all(r, CK_NORMAL);
	failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
