/* check_entry_json.c - entry_json_write, the streamed JSON an export writes: byte for byte what
 * entry_to_json (jansson's dump) gives, for made-up entries holding every control character,
 * quotes, backslashes and multi-byte UTF-8, in every form (flags) and indented inside a
 * document; refused where jansson refuses (text that is not UTF-8). */
#include <check.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reflect/entry.h"

struct buf {
	char *s;
	size_t n, cap;
};

static void sink(void *ctx, const char *s, size_t n)
{
	struct buf *b = ctx;

	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->s = realloc(b->s, b->cap);
		ck_assert_ptr_nonnull(b->s);
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

/* What entry_json_write gives, as a string (NULL when it fails). */
static char *streamed(const entry *e, int flags, unsigned lead)
{
	struct buf b = {NULL, 0, 0};

	sink(&b, "", 0);
	if (entry_json_write(e, flags, lead, sink, &b) != RF_OK) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

/* s with lead spaces after every line break (how an export indents an entry). */
static char *led(const char *s, unsigned lead)
{
	struct buf b = {NULL, 0, 0};

	sink(&b, "", 0);
	for (; *s; s++) {
		sink(&b, s, 1);
		for (unsigned i = 0; *s == '\n' && i < lead; i++)
			sink(&b, " ", 1);
	}
	return b.s;
}

static uint32_t rnd_state = 16;

static uint32_t rnd(void)
{
	rnd_state = rnd_state * 1664525u + 1013904223u;
	return rnd_state >> 8;
}

/* A made-up text: ASCII, every control character, quotes, backslashes, slashes, DEL, and
 * two-, three- and four-byte UTF-8. */
static char *text(void)
{
	static const char *const pieces[] = {
	    "a", "Jaylen ", "the baby", " ", "\"", "\\", "/", "\x7f", "\n", "\r", "\t", "\b", "\f",
	    "\x01", "\x1f", "\x0b", "\x1b", "é", "mamá", "宝宝", "\xF0\x9F\x98\x80", "\xE2\x80\xA8",
	    "'", "<>&", "\xC2\xA0", "{}[]:,", "\xEF\xBF\xBF", "0", "-1e5", "null",
	};
	size_t n = rnd() % 12, len = 0;
	char *s = malloc(512);

	ck_assert_ptr_nonnull(s);
	for (size_t i = 0; i < n; i++) {
		const char *p = pieces[rnd() % (sizeof pieces / sizeof pieces[0])];
		size_t k = strlen(p);
		memcpy(s + len, p, k);
		len += k;
	}
	s[len] = '\0';
	return s;
}

/* A field: NULL, empty, or a made-up text. */
static char *field(void)
{
	switch (rnd() % 4) {
	case 0:
		return NULL;
	case 1:
		return strdup("");
	default:
		return text();
	}
}

static void list(strlist *l)
{
	size_t n = rnd() % 4;

	for (size_t i = 0; i < n; i++) {
		char *t = text();
		l->v = realloc(l->v, (l->n + 1) * sizeof *l->v);
		ck_assert_ptr_nonnull(l->v);
		l->v[l->n++] = t; /* empty items too, which strlist_add would skip */
	}
}

static entry *made_up(void)
{
	entry *e = entry_new();

	ck_assert_ptr_nonnull(e);
	e->id = rnd() % 3 == 0 ? 0 : (int64_t)(rnd() % 100000) * 1000003;
	e->written = (int64_t)(rnd() % 2000000000);
	e->visit_date = rnd() % 2 ? strdup("2026-11-20") : NULL;
	e->family = field();
	e->visit_type = field();
	e->life_stage = field();
	e->pause_text = field();
	e->pause_body = field();
	e->activation = rnd() % 3 == 0 ? ENTRY_NO_ACTIVATION : (int)(rnd() % 11);
	e->notice_text = field();
	e->notice_between = field();
	e->notice_stirred = field();
	list(&e->emotions);
	e->curious_text = field();
	e->curious_parent = field();
	e->curious_infant = field();
	list(&e->questions);
	for (int i = 0; i < ENTRY_ANSWERS; i++)
		e->answers[i] = rnd() % 3 == 0 ? field() : NULL;
	list(&e->themes);
	list(&e->competencies);
	e->for_supervision = rnd() % 2;
	e->portfolio = rnd() % 2;
	e->safety_concern = rnd() % 4 == 0;
	for (size_t i = 0, n = rnd() % 3; i < n; i++) {
		char *t = text();
		ck_assert_int_eq(entry_add_response(e, "Ana", rnd() % 2 ? "2026-11-21T10:00:00Z" : "",
						    t),
				 RF_OK);
		free(t);
		if (rnd() % 3 == 0) {
			free(e->responses[i].from);
			e->responses[i].from = field();
		}
	}
	return e;
}

static const int forms[] = {
    0,
    ENTRY_JSON_ID,
    ENTRY_JSON_PRETTY,
    ENTRY_JSON_ID | ENTRY_JSON_PRETTY,
    ENTRY_JSON_META,
    ENTRY_JSON_BODY,
    ENTRY_JSON_META | ENTRY_JSON_PRETTY,
    ENTRY_JSON_BODY | ENTRY_JSON_PRETTY | ENTRY_JSON_ID,
    ENTRY_JSON_NORESP,
    ENTRY_JSON_NORESP | ENTRY_JSON_PRETTY | ENTRY_JSON_ID,
    ENTRY_JSON_META | ENTRY_JSON_BODY | ENTRY_JSON_ID,
};

START_TEST(streamed_json_is_what_jansson_writes)
{
	for (int round = 0; round < 1000; round++) {
		entry *e = made_up();
		for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++) {
			char *want = entry_to_json(e, forms[f]), *got = streamed(e, forms[f], 0);
			char *want4, *got4;
			json_error_t err;
			json_t *back;
			ck_assert_ptr_nonnull(want);
			ck_assert_ptr_nonnull(got);
			ck_assert_str_eq(got, want);
			/* indented inside a document: every line break followed by four spaces */
			want4 = led(want, (forms[f] & ENTRY_JSON_PRETTY) ? 4 : 0);
			got4 = streamed(e, forms[f], 4);
			ck_assert_ptr_nonnull(got4);
			ck_assert_str_eq(got4, want4);
			back = json_loads(got4, 0, &err);
			ck_assert_msg(back != NULL, "does not parse: %s", err.text);
			json_decref(back);
			entry_free_text(&want);
			free(want4);
			free(got);
			free(got4);
		}
		entry_free(&e);
	}
}
END_TEST

START_TEST(every_control_character_is_escaped)
{
	entry *e = entry_new();
	char s[2] = {0, 0}, *got;

	for (int c = 1; c < 0x20; c++) {
		s[0] = (char)c;
		ck_assert_int_eq(entry_set(&e->pause_text, s), RF_OK);
		got = streamed(e, 0, 0);
		ck_assert_ptr_nonnull(got);
		/* the text appears escaped, never as the raw byte */
		ck_assert_ptr_null(strchr(got, c));
		{
			char *want = entry_to_json(e, 0);
			ck_assert_str_eq(got, want);
			entry_free_text(&want);
		}
		free(got);
	}
	ck_assert_int_eq(entry_set(&e->pause_text, "a\"b\\c\x7f/"), RF_OK);
	got = streamed(e, 0, 0);
	ck_assert_ptr_nonnull(strstr(got, "\"a\\\"b\\\\c\x7f/\""));
	free(got);
	entry_free(&e);
}
END_TEST

START_TEST(text_that_is_not_utf8_is_refused_as_jansson_refuses_it)
{
	static const char *const bad[] = {
	    "\x80",	    "a\xC0\xAF",	"\xC1\xBF",	    "\xE0\x80\xAF", "\xED\xA0\x80",
	    "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xE2\x82", "caf\xE9", "\xF0\x9F\x98",
	};
	static const char *const good[] = {"\xC2\x80", "\xDF\xBF", "\xE0\xA0\x80", "\xED\x9F\xBF",
					   "\xEE\x80\x80", "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF"};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		entry *e = entry_new();
		e->notice_text = strdup(bad[i]);
		ck_assert_ptr_null(entry_to_json(e, 0));
		ck_assert_ptr_null(streamed(e, 0, 0));
		free(e->notice_text);
		e->notice_text = NULL;
		strlist_add(&e->themes, bad[i]);
		ck_assert_ptr_null(streamed(e, ENTRY_JSON_PRETTY, 4));
		entry_free(&e);
	}
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		entry *e = entry_new();
		char *want, *got;
		e->notice_text = strdup(good[i]);
		want = entry_to_json(e, 0);
		got = streamed(e, 0, 0);
		ck_assert_ptr_nonnull(want);
		ck_assert_ptr_nonnull(got);
		ck_assert_str_eq(got, want);
		entry_free_text(&want);
		free(got);
		entry_free(&e);
	}
}
END_TEST

START_TEST(a_response_without_text_is_refused_as_jansson_refuses_it)
{
	entry *e = entry_new();

	ck_assert_int_eq(entry_add_response(e, "Ana", "", "fine"), RF_OK);
	free(e->responses[0].text);
	e->responses[0].text = NULL;
	ck_assert_ptr_null(entry_to_json(e, 0));
	ck_assert_ptr_null(streamed(e, 0, 0));
	/* left out of the form without responses, as jansson leaves it out */
	{
		char *want = entry_to_json(e, ENTRY_JSON_NORESP), *got = streamed(e, ENTRY_JSON_NORESP, 0);
		ck_assert_ptr_nonnull(got);
		ck_assert_str_eq(got, want);
		entry_free_text(&want);
		free(got);
	}
	entry_free(&e);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("entry_json");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, streamed_json_is_what_jansson_writes);
	tcase_add_test(tc, every_control_character_is_escaped);
	tcase_add_test(tc, text_that_is_not_utf8_is_refused_as_jansson_refuses_it);
	tcase_add_test(tc, a_response_without_text_is_refused_as_jansson_refuses_it);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
