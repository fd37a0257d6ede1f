/* check_escape.c - Check tests for escape.c: plain prose is rendered byte for byte as cmark
 * renders it (HTML, CommonMark, and the visible text export.c's check reads), and anything
 * that could be markup is left to cmark. */
#include <check.h>
#include <cmark.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reflect/escape.h"

struct buf {
	char *s;
	size_t n, cap;
};

static void out(void *ctx, const char *s, size_t n)
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

static void add(struct buf *b, const char *s)
{
	if (s != NULL)
		out(b, s, strlen(s));
}

/* The visible text as export.c's visible_ok collects it. */
static char *cmark_visible(cmark_node *doc)
{
	struct buf b = {0};
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;

	add(&b, "");
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		switch (cmark_node_get_type(node)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
		case CMARK_NODE_CODE_BLOCK:
			if (ev == CMARK_EVENT_ENTER)
				add(&b, cmark_node_get_literal(node));
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			add(&b, "\n");
			break;
		case CMARK_NODE_LINK:
		case CMARK_NODE_IMAGE:
			if (ev == CMARK_EVENT_EXIT) {
				add(&b, "\n");
				add(&b, cmark_node_get_url(node));
				add(&b, "\n");
				add(&b, cmark_node_get_title(node));
				add(&b, "\n");
			}
			break;
		case CMARK_NODE_PARAGRAPH:
		case CMARK_NODE_HEADING:
		case CMARK_NODE_ITEM:
		case CMARK_NODE_BLOCK_QUOTE:
			if (ev == CMARK_EVENT_EXIT)
				add(&b, "\n");
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
	return b.s;
}

/* Compare escape.c with cmark on text; returns whether text was plain. */
static bool same_as_cmark(const char *text)
{
	cmark_node *doc = cmark_parse_document(text, strlen(text), CMARK_OPT_VALIDATE_UTF8);
	char *html = cmark_render_html(doc, CMARK_OPT_SAFE);
	char *md = cmark_render_commonmark(doc, CMARK_OPT_DEFAULT, 0);
	char *vis = cmark_visible(doc);
	bool plain = escape_is_plain(text);

	if (plain) {
		struct buf h = {0}, m = {0}, v = {0};
		escape_plain_html(text, out, &h);
		escape_plain_md(text, out, &m);
		escape_plain_visible(text, out, &v);
		ck_assert_msg(h.s && strcmp(h.s, html) == 0, "html of [%s]: [%s] not [%s]", text,
			      h.s, html);
		ck_assert_msg(m.s && strcmp(m.s, md) == 0, "md of [%s]: [%s] not [%s]", text, m.s, md);
		ck_assert_msg(v.s && strcmp(v.s, vis) == 0, "visible of [%s]: [%s] not [%s]", text,
			      v.s, vis);
		free(h.s);
		free(m.s);
		free(v.s);
	}
	free(html);
	free(md);
	free(vis);
	cmark_node_free(doc);
	return plain;
}

START_TEST(markup_is_left_to_cmark)
{
	static const char *const markup[] = {
	    "a *b* c", "a _b_ c", "# heading", "a <b> c", "Tom & Jerry", "a `code` b", "1. first",
	    "2) second", "> quoted", "a | b", "see [this]", "a\tb", "line\r\nnext", "- item",
	    "+ item", "===", "a\n---", "    code", " leading space", "trailing space \nthen more",
	    "two spaces  \nbreak", "a \\ b", "~~~", "a ~ b", "x^2", "{x}", "", "\n\n", "a\001b",
	    "bad \xff utf8", "overlong \xc0\xaf", "surrogate \xed\xa0\x80", "nbsp\xc2\xa0here",
	    "*", "_", "#", "<", "&", "`", ">", "|", "[", "-dash", "=eq", ".dot", ",comma",
	};

	for (size_t i = 0; i < sizeof markup / sizeof markup[0]; i++) {
		ck_assert_msg(!escape_is_plain(markup[i]), "[%s] taken as plain", markup[i]);
		same_as_cmark(markup[i]);
	}
}
END_TEST

START_TEST(plain_prose_matches_cmark)
{
	static const char *const plain[] = {
	    "The mother held the baby.",
	    "I wonder what the baby was telling us? She said \"not now\" (twice).",
	    "First paragraph.\n\nSecond one, with a line\nbreak inside it.",
	    "Leading\n\n\n\nblank lines collapse.\n",
	    "\n\nStarts after blank lines.\n\n",
	    "It cost $5 - 10% off; 3:30 pm. Email me @ noon! 2 + 2 = 4",
	    "2 children, 10 visits.",
	    "Mamá sonrió; el bebé lloró. Ñandú, ça va? Ünïcödé — “quotes” and ‘these’ …",
	    "日本語のテキスト。\n\n한국어 텍스트",
	    "emoji 🙂 and 👶🏽 fine",
	    "'single' and \"double\" quotes",
	    "(bracketed start)",
	    "a  b   c",
	    "Sentences end with a space. ",
	    "First.   \n   \nSecond after a line of spaces.  \n",
	    "re-traumatization, parent's view/story",
	};

	for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
		ck_assert_msg(same_as_cmark(plain[i]), "[%s] not taken as plain", plain[i]);
}
END_TEST

/* Random strings over an alphabet rich in the characters that matter: every one taken as
 * plain must render exactly as cmark renders it. */
START_TEST(random_text_matches_cmark)
{
	static const char *const atoms[] = {
	    "a", "b", "Z", "1", "9", "12", " ", "  ", "\n", "\n\n", ".", ",", ";", ":", "?", "!",
	    "'", "\"", "(", ")", "/", "-", "%", "$", "@", "+", "=", "*", "_", "#", "<", ">", "&",
	    "`", "[", "]", "|", "~", "\\", "\t", "\r", "é", "ß", "“", "—", "日", "🙂", "\xc2\xa0",
	    "1.", "1)", "amp;", "word",
	};
	uint64_t x = 0x243f6a8885a308d3ULL;
	size_t plain = 0;

	for (int round = 0; round < 40000; round++) {
		char s[128] = "";
		size_t len = 0;
		int k;
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		k = 1 + (int)(x % 12);
		for (int i = 0; i < k; i++) {
			const char *a;
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			/* Mostly letters and spaces, so that many strings are plain. */
			a = (x >> 8) % 3 == 0 ? atoms[x % (sizeof atoms / sizeof atoms[0])]
					      : ((x >> 16) % 4 == 0 ? " " : "word");
			if (len + strlen(a) + 1 >= sizeof s)
				break;
			strcat(s, a);
			len += strlen(a);
		}
		plain += same_as_cmark(s);
	}
	ck_assert_uint_gt(plain, 5000);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("escape");
	TCase *tc = tcase_create("escape");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, markup_is_left_to_cmark);
	tcase_add_test(tc, plain_prose_matches_cmark);
	tcase_add_test(tc, random_text_matches_cmark);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
