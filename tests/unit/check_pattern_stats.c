/* check_pattern_stats.c - the statistics of pairs and associations (src/core/pattern/stats.c):
 * the one-sided Fisher exact test, Benjamini-Hochberg, and ranking by evidence. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reflect/entry.h"
#include "reflect/pattern.h"
#include "../../src/core/pattern/internal.h"

#define NEAR(x, want) ck_assert_msg(fabs((x) - (want)) < 1e-9 * (fabs(want) + 1e-300) + 1e-12, "%s = %.12g, wanted %.12g", #x, (double)(x), (double)(want))

START_TEST(fisher_matches_the_hypergeometric_tail)
{
	/* n = 10, a = 4 with one, b = 5 with the other, k = 3 together:
	 * P(X = 3) = C(4,3) C(6,2) / C(10,5) = 4 * 15 / 252; P(X = 4) = C(4,4) C(6,1) / 252. */
	NEAR(exp(pt_fisher_log_p(10, 4, 5, 3)), (60.0 + 6.0) / 252.0);
	/* k at or below what must happen is certain: p = 1 (ln 0). */
	NEAR(pt_fisher_log_p(10, 4, 5, 0), 0.0);
	NEAR(pt_fisher_log_p(10, 8, 8, 6), 0.0);
	/* All 13 of 13 together with 22 of 85: C(22,13) / C(85,13). */
	{
		double want = lgamma(23) - lgamma(14) - lgamma(10) -
			      (lgamma(86) - lgamma(14) - lgamma(73));
		NEAR(pt_fisher_log_p(85, 22, 13, 13), want);
	}
	/* Very small p stays finite as ln p (100,000 entries). */
	ck_assert(isfinite(pt_fisher_log_p(100000, 5000, 5000, 4000)));
	ck_assert(pt_fisher_log_p(100000, 5000, 5000, 4000) < -1000);
}
END_TEST

START_TEST(benjamini_hochberg_q_values)
{
	/* p = 0.01, 0.04, 0.03, 0.5 over 4 tests: sorted 0.01 0.03 0.04 0.5;
	 * raw p*m/rank: 0.04, 0.06, 0.0533, 0.5; running minimum from the top: 0.04, 0.0533,
	 * 0.0533, 0.5. */
	double p[] = {0.01, 0.04, 0.03, 0.5}, lp[4], q[4];
	for (int i = 0; i < 4; i++)
		lp[i] = log(p[i]);
	ck_assert_int_eq(pt_bh(lp, 4, 4, q), RF_OK);
	NEAR(q[0], 0.04);
	NEAR(q[1], 0.04 * 4 / 3);
	NEAR(q[2], 0.04 * 4 / 3);
	NEAR(q[3], 0.5);
	/* More tests than p values given: the others count. */
	ck_assert_int_eq(pt_bh(lp, 1, 10, q), RF_OK);
	NEAR(q[0], 0.1);
}
END_TEST

static const pattern_report *feed_json(pattern *p, const char *const *v, size_t n)
{
	const pattern_report *r = NULL;

	for (size_t i = 0; i < n; i++) {
		entry *e = NULL;
		ck_assert_int_eq(entry_from_json(v[i], strlen(v[i]), &e, NULL), RF_OK);
		ck_assert_int_eq(pattern_add(p, e), RF_OK);
		entry_free(&e);
	}
	ck_assert_int_eq(pattern_finish(p, &r), RF_OK);
	return r;
}

START_TEST(evidence_not_count_decides_the_order)
{
	/* 40 entries. x and y together on all 6 entries of y (x on 10): strong. a and b on 12
	 * together, but a is on 30 and b on 16 (chance gives 12): not beyond chance. */
	char *v[40];
	pattern_opts o = {0};
	pattern *p = NULL;
	const pattern_report *r;

	for (int i = 0; i < 40; i++) {
		char emo[64] = "", th[64] = "";
		v[i] = malloc(256);
		snprintf(emo, sizeof(emo), "%s%s%s", i < 30 ? "\"a\"" : "",
			 i < 30 && i < 10 ? "," : "", i < 10 ? "\"x\"" : "");
		snprintf(th, sizeof(th), "%s%s%s", i >= 18 && i < 34 ? "\"b\"" : "",
			 i >= 18 && i < 34 && i >= 4 && i < 10 ? "," : "", i >= 4 && i < 10 ? "\"y\"" : "");
		snprintf(v[i], 256,
			 "{\"id\":%d,\"visit_date\":\"2026-11-%02d\",\"notice\":{\"emotions\":[%s]},"
			 "\"themes\":[%s]}",
			 i + 1, 1 + i % 28, emo, th);
	}
	o.min_support = 3;
	ck_assert_int_eq(pattern_new(&o, &p), RF_OK);
	r = feed_json(p, (const char *const *)v, 40);
	ck_assert_uint_ge(r->npairs, 1);
	ck_assert_str_eq(r->pairs[0].a, "x");
	ck_assert_str_eq(r->pairs[0].b, "y");
	ck_assert_uint_eq(r->pairs[0].count, 6);
	for (size_t i = 0; i < r->npairs; i++) {
		ck_assert(r->pairs[i].q <= 0.05);
		ck_assert(!(strcmp(r->pairs[i].a, "a") == 0 && strcmp(r->pairs[i].b, "b") == 0));
		if (i > 0)
			ck_assert(r->pairs[i - 1].log_p <= r->pairs[i].log_p);
	}
	for (int i = 0; i < 40; i++)
		free(v[i]);
	pattern_free(&p);
}
END_TEST

START_TEST(plain_words_for_how_often_together)
{
	pattern_pair pp = {0};
	char buf[256];

	pp.a = "fear";
	pp.b = "removal";
	pp.count = 13;
	pp.a_count = 22;
	pp.b_count = 13;
	pattern_pair_name(&pp, buf, sizeof(buf));
	ck_assert_str_eq(buf, "fear and removal");
	pattern_pair_words(&pp, buf, sizeof(buf));
	ck_assert_str_eq(buf, "almost always together (13 of 13)");
	pp.count = 9;
	pattern_pair_words(&pp, buf, sizeof(buf));
	ck_assert_str_eq(buf, "often together (9 of 13)");
	pp.count = 4;
	pattern_pair_words(&pp, buf, sizeof(buf));
	ck_assert_str_eq(buf, "together more than chance would give (4 of 13)");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pattern_stats");
	TCase *t = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(t, fisher_matches_the_hypergeometric_tail);
	tcase_add_test(t, benjamini_hochberg_q_values);
	tcase_add_test(t, evidence_not_count_decides_the_order);
	tcase_add_test(t, plain_words_for_how_often_together);
	suite_add_tcase(s, t);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
