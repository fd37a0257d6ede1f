/* check_speed.c - Check tests for the faster paths (issue 16): each must give exactly what the
 * plain path gives. The quick JSON reader against jansson's, searches against entry_matches
 * on every entry, list --limit's cut against the first entries of a full listing, and the
 * one-pass readers' order and choice. No timings here: those live in make bench. */
#include <check.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reflect/json_fast.h"
#include "reflect/journal.h"
#include "reflect/text.h"
#include "support/testutil.h"

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static unsigned below(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* ---- the quick JSON reader ---- */

/* json_fast_load either declines or gives what json_loadb gives. */
static bool fast_agrees(const char *text, size_t len)
{
	json_error_t err;
	json_t *fast = json_fast_load(text, len);
	json_t *slow = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
	bool taken = fast != NULL;

	if (fast != NULL) {
		ck_assert_msg(slow != NULL, "quick reader took what jansson refuses: %.*s", (int)len,
			      text);
		ck_assert_msg(json_equal(fast, slow), "different values for %.*s", (int)len, text);
	}
	json_decref(fast);
	json_decref(slow);
	return taken;
}

START_TEST(json_fast_same_as_jansson)
{
	static const char *const cases[] = {
	    "{}", "[]", " { \"a\" : 1 } ", "{\"a\":[1,2,{\"b\":null}],\"c\":true,\"d\":false}",
	    "{\"t\":\"caf\\u00e9 \\ud83d\\ude42 \\\"q\\\" \\\\ \\/ \\b\\f\\n\\r\\t\"}",
	    "{\"n\":-12,\"z\":0,\"big\":123456789012345678}", "{\"r\":1.5}", "{\"e\":1e3}",
	    "{\"a\":1,\"a\":2}", "{\"u\":\"\\u0000\"}", "{\"s\":\"\\ud800\"}", "{\"s\":\"\\udc00x\"}",
	    "{\"bad\":\"\xff\"}", "{\"x\":01}", "{\"x\":-}", "{\"x\":tru}", "{\"x\":1,}", "[1,]",
	    "{\"x\" 1}", "{\"x\":\"a\nb\"}", "{\"x\":\"\\q\"}", "\"str\"", "12", "{\"a\":1} x",
	    "{\"é\":\"ü\"}", "{\"k\":[[[[[[[]]]]]]]}", "{\"x\":99999999999999999999}",
	};
	size_t taken = 0;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		taken += fast_agrees(cases[i], strlen(cases[i]));
	ck_assert_uint_ge(taken, 7);
}
END_TEST

/* A real entry document, cut and changed at random: never a different value. */
START_TEST(json_fast_random_damage)
{
	const char *doc =
	    "{\"written_at\":\"2026-11-02T10:00:00Z\",\"family\":\"F-12\",\"visit_type\":\"home "
	    "visit\",\"pause\":{\"text\":\"I slowed down.\",\"activation\":4,\"body\":\"tight "
	    "\\\"jaw\\\"\"},\"notice\":{\"text\":\"Mamá held the baby \\u2014 gently\","
	    "\"emotions\":[\"joy\",\"fear\"]},\"curious\":{\"questions\":[\"What was the baby "
	    "telling us?\"]},\"themes\":[\"attachment\"],\"for_supervision\":true,"
	    "\"responses\":[{\"from\":\"Ana\",\"at\":\"2026-11-03T09:00:00Z\",\"text\":\"Yes.\"}]}";
	static const char bytes[] = "{}[]\",:\\u0123456789eE.-+ntf \n\xc3\xa9";
	size_t n = strlen(doc), taken = 0;
	char buf[1024];

	ck_assert(fast_agrees(doc, n));
	for (int round = 0; round < 20000; round++) {
		size_t len = n;
		memcpy(buf, doc, n);
		for (unsigned k = 1 + below(3); k > 0; k--) {
			size_t at = below((unsigned)len);
			switch (below(3)) {
			case 0: /* change a byte */
				buf[at] = bytes[below(sizeof bytes - 1)];
				break;
			case 1: /* drop a byte */
				memmove(buf + at, buf + at + 1, len - at - 1);
				len--;
				break;
			default: /* add a byte */
				if (len + 1 < sizeof buf) {
					memmove(buf + at + 1, buf + at, len - at);
					buf[at] = bytes[below(sizeof bytes - 1)];
					len++;
				}
				break;
			}
		}
		taken += fast_agrees(buf, len);
	}
	ck_assert_uint_gt(taken, 100);
}
END_TEST

/* ---- searches, limits and one-pass readers on a random journal ---- */

static const char *const words[] = {
    "baby",  "Rattle", "rattles", "MOTHER", "held",   "café",   "Cafe", "naïve", "Ñandú",
    "mamá",  "the",    "quiet",   "F-12",   "ghosts", "nursery", "日本", "ﬁne",  "fine",
    "Straße", "strasse", "joy",   "x",      "a b",    "  ",      ".",     "\n",   "'s",
};

static char *random_text(void)
{
	char buf[400] = "";
	size_t len = 0;

	if (below(5) == 0)
		return NULL;
	for (unsigned k = below(12); k > 0; k--) {
		const char *w = words[below(sizeof words / sizeof words[0])];
		if (len + strlen(w) + 2 >= sizeof buf)
			break;
		strcat(buf, w);
		strcat(buf, " ");
		len += strlen(w) + 1;
	}
	return strdup(buf);
}

static void set_random(char **field)
{
	char *t = random_text();

	entry_set(field, t);
	free(t);
}

static entry *random_entry(int i)
{
	entry *e = entry_new();
	char fam[16];

	ck_assert_ptr_nonnull(e);
	e->written = 1790000000 + (int64_t)(below(50) * 86400) + i;
	snprintf(fam, sizeof fam, "F-%u", 1 + below(20));
	entry_set(&e->family, fam);
	set_random(&e->pause_text);
	set_random(&e->pause_body);
	set_random(&e->notice_text);
	set_random(&e->notice_between);
	set_random(&e->notice_stirred);
	set_random(&e->curious_text);
	set_random(&e->curious_parent);
	set_random(&e->curious_infant);
	strlist_add(&e->themes, below(3) == 0 ? "ghosts in the nursery" : "attachment");
	strlist_add(&e->emotions, below(2) ? "joy" : "fear");
	if (below(4) == 0)
		strlist_add(&e->questions, "What was the baby telling us?");
	if (below(6) == 0)
		entry_add_response(e, "Ana", "2026-11-03T09:00:00Z", below(2) ? "Rattle on" : "ok");
	e->for_supervision = below(3) == 0;
	return e;
}

struct ids {
	int64_t v[1024];
	size_t n;
};

static int collect(const entry *e, void *ctx)
{
	struct ids *l = ctx;

	ck_assert_uint_lt(l->n, 1024);
	l->v[l->n++] = e->id;
	return 0;
}

struct brute {
	const entry_filter *f;
	struct ids *out;
};

static int brute_one(const entry *e, void *ctx)
{
	struct brute *b = ctx;

	if (entry_matches(e, b->f))
		collect(e, b->out);
	return 0;
}

static void assert_same(const struct ids *a, const struct ids *b, const char *what)
{
	ck_assert_msg(a->n == b->n, "%s: %zu entries, not %zu", what, a->n, b->n);
	for (size_t i = 0; i < a->n; i++)
		ck_assert_msg(a->v[i] == b->v[i], "%s: entry %zu is %lld, not %lld", what, i,
			      (long long)a->v[i], (long long)b->v[i]);
}

static journal *random_journal(const char *name, int n)
{
	journal *j = tu_journal(name);
	entry **v = calloc((size_t)n, sizeof *v);
	size_t added = 0, skipped = 0;

	for (int i = 0; i < n; i++)
		v[i] = random_entry(i);
	/* Half imported at once, half added one by one; then some edited and deleted. */
	ck_assert_int_eq(journal_import(j, v, (size_t)n / 2, &added, &skipped), RF_OK);
	for (int i = n / 2; i < n; i++)
		ck_assert_int_eq(journal_add(j, v[i]), RF_OK);
	for (int i = 0; i < n; i += 7) {
		entry *e = NULL;
		if (v[i]->id == 0 || journal_get(j, v[i]->id, &e) != RF_OK)
			continue;
		set_random(&e->notice_text);
		ck_assert_int_eq(journal_update(j, e), RF_OK);
		entry_free(&e);
	}
	for (int i = 3; i < n; i += 11)
		if (v[i]->id != 0)
			ck_assert_int_eq(journal_delete(j, v[i]->id), RF_OK);
	entry_list_free(&v, (size_t)n);
	return j;
}

START_TEST(search_same_as_matching_every_entry)
{
	static const char *const needles[] = {
	    "rattle", "RATTLE", "cafe", "café", "naive", "nandu", "Mamá", "日本", "fine", "ﬁ",
	    "strasse", "the q", "f-12", "F-1", "joy", "nursery", "telling us", "rattle on", "'s",
	    "x", "nothing like it", "e", "  ",
	};
	journal *j = random_journal("search.db", 300);

	for (size_t i = 0; i < sizeof needles / sizeof needles[0]; i++) {
		for (int variant = 0; variant < 3; variant++) {
			entry_filter f = {0};
			struct ids fast = {{0}, 0}, slow = {{0}, 0};
			struct brute b = {&f, &slow};
			f.search = needles[i];
			if (variant == 1)
				f.theme = "attachment";
			if (variant == 2)
				f.flagged = true;
			ck_assert_int_eq(journal_each(j, &f, true, collect, &fast), RF_OK);
			ck_assert_int_eq(journal_each(j, NULL, true, brute_one, &b), RF_OK);
			assert_same(&fast, &slow, needles[i]);
		}
	}
	journal_close(&j);
}
END_TEST

START_TEST(limit_is_the_first_of_the_full_list)
{
	journal *j = random_journal("limit.db", 120);
	struct ids all = {{0}, 0};
	entry_filter theme = {0};

	theme.theme = "ghosts in the nursery";
	ck_assert_int_eq(journal_each(j, NULL, false, collect, &all), RF_OK);
	for (size_t limit = 1; limit <= all.n + 2; limit += (limit < 12 ? 1 : 17)) {
		struct ids cut = {{0}, 0}, want = all;
		want.n = limit < all.n ? limit : all.n;
		ck_assert_int_eq(journal_each_newest(j, NULL, true, limit, collect, &cut), RF_OK);
		assert_same(&cut, &want, "newest");
	}
	/* With a condition: the first few that pass it. */
	{
		struct ids full = {{0}, 0}, cut = {{0}, 0};
		ck_assert_int_eq(journal_each(j, &theme, true, collect, &full), RF_OK);
		ck_assert_uint_gt(full.n, 3);
		ck_assert_int_eq(journal_each_newest(j, &theme, true, 3, collect, &cut), RF_OK);
		full.n = 3;
		assert_same(&cut, &full, "newest with a theme");
	}
	journal_close(&j);
}
END_TEST

static int id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

START_TEST(one_pass_readers_keep_order_and_choice)
{
	journal *j = random_journal("order.db", 80);
	struct ids newest = {{0}, 0}, oldest = {{0}, 0}, some = {{0}, 0}, want = {{0}, 0};
	int64_t pick[40];
	size_t np = 0;

	ck_assert_int_eq(journal_each(j, NULL, true, collect, &newest), RF_OK);
	ck_assert_int_eq(journal_each_oldest(j, NULL, true, collect, &oldest), RF_OK);
	ck_assert_uint_eq(newest.n, oldest.n);
	for (size_t i = 0; i < newest.n; i++)
		ck_assert_int_eq(newest.v[i], oldest.v[oldest.n - 1 - i]);
	/* Every third entry, and an id that is not there: oldest first, nothing else. */
	for (size_t i = 0; i < oldest.n; i += 3) {
		pick[np++] = oldest.v[i];
		want.v[want.n++] = oldest.v[i];
	}
	pick[np++] = 999999;
	qsort(pick, np, sizeof pick[0], id_cmp);
	ck_assert_int_eq(journal_each_of(j, pick, np, collect, &some), RF_OK);
	assert_same(&some, &want, "each_of");
	journal_close(&j);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("speed");
	TCase *tc = tcase_create("speed");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, json_fast_same_as_jansson);
	tcase_add_test(tc, json_fast_random_damage);
	tcase_add_test(tc, search_same_as_matching_every_entry);
	tcase_add_test(tc, limit_is_the_first_of_the_full_list);
	tcase_add_test(tc, one_pass_readers_keep_order_and_choice);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	tu_cleanup();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
