/* escape.c - plain prose rendered as cmark would render it, without parsing Markdown.
 * See escape.h for what "plain" is; check_escape.c holds the proof by comparison. */
#include "reflect/escape.h"

#include <stdint.h>
#include <string.h>

/* ASCII characters allowed anywhere within a line: letters, digits and these. Everything else
 * in ASCII either starts markup somewhere (* _ ` [ ] < > & # \ ~ | { } ^), is whitespace
 * cmark treats specially (tab, CR), or is a control character. A table, read as it is on any
 * thread: a look-up per character of a text. */
#define L_ 1
static const bool inner_table[256] = {
    [' '] = L_, ['.'] = L_, [','] = L_, [';'] = L_, [':'] = L_, ['?'] = L_, ['\''] = L_,
    ['"'] = L_, ['('] = L_, [')'] = L_, ['/'] = L_, ['-'] = L_, ['%'] = L_, ['$'] = L_,
    ['@'] = L_, ['+'] = L_, ['='] = L_, ['!'] = L_,
    ['0'] = L_, ['1'] = L_, ['2'] = L_, ['3'] = L_, ['4'] = L_, ['5'] = L_, ['6'] = L_,
    ['7'] = L_, ['8'] = L_, ['9'] = L_,
    ['a'] = L_, ['b'] = L_, ['c'] = L_, ['d'] = L_, ['e'] = L_, ['f'] = L_, ['g'] = L_,
    ['h'] = L_, ['i'] = L_, ['j'] = L_, ['k'] = L_, ['l'] = L_, ['m'] = L_, ['n'] = L_,
    ['o'] = L_, ['p'] = L_, ['q'] = L_, ['r'] = L_, ['s'] = L_, ['t'] = L_, ['u'] = L_,
    ['v'] = L_, ['w'] = L_, ['x'] = L_, ['y'] = L_, ['z'] = L_,
    ['A'] = L_, ['B'] = L_, ['C'] = L_, ['D'] = L_, ['E'] = L_, ['F'] = L_, ['G'] = L_,
    ['H'] = L_, ['I'] = L_, ['J'] = L_, ['K'] = L_, ['L'] = L_, ['M'] = L_, ['N'] = L_,
    ['O'] = L_, ['P'] = L_, ['Q'] = L_, ['R'] = L_, ['S'] = L_, ['T'] = L_, ['U'] = L_,
    ['V'] = L_, ['W'] = L_, ['X'] = L_, ['Y'] = L_, ['Z'] = L_,
};
#undef L_

static inline bool inner_ok(unsigned char c)
{
	return inner_table[c];
}

/* The length of a valid UTF-8 sequence at s (at least 2 bytes), 0 when it is not one. */
static size_t utf8_len(const unsigned char *s)
{
	uint32_t cp;
	size_t n;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	/* Unicode spaces and line separators: left to cmark. */
	if (cp == 0x85 || cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) ||
	    cp == 0x2028 || cp == 0x2029 || cp == 0x202f || cp == 0x205f || cp == 0x3000 ||
	    cp == 0xfeff)
		return 0;
	return n;
}

/* One line (without its newline): plain, or empty. */
static bool line_ok(const unsigned char *s, size_t n)
{
	size_t i = 0;

	if (n == 0)
		return true;
	if (s[0] >= '0' && s[0] <= '9') {
		/* "1." or "1)" would start an ordered list (or be escaped as one). */
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i < n && (s[i] == '.' || s[i] == ')'))
			return false;
	} else if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') ||
		     s[0] >= 0x80 || s[0] == '"' || s[0] == '\'' || s[0] == '(')) {
		return false;
	}
	while (i < n) {
		if (s[i] >= 0x80) {
			size_t k = utf8_len(s + i);
			if (k == 0 || i + k > n)
				return false;
			i += k;
		} else if (inner_ok(s[i])) {
			i++;
		} else {
			return false;
		}
	}
	return true;
}

/* The length of the line at s (up to its newline or the end) without trailing spaces; *full
 * is its whole length. A line of spaces only is blank (0). */
static size_t trimmed(const char *s, size_t *full)
{
	size_t n = strcspn(s, "\n");

	*full = n;
	while (n > 0 && s[n - 1] == ' ')
		n--;
	return n;
}

bool escape_is_plain(const char *text)
{
	const char *s = text;
	bool any = false, must_end = false;

	if (s == NULL)
		return false;
	for (;;) {
		size_t full, n = trimmed(s, &full);
		if (n == 0) {
			must_end = false; /* a blank line ends the paragraph */
		} else {
			/* Trailing spaces only where a paragraph ends (cmark drops them there;
			 * elsewhere they would be a line break). */
			if (must_end || !line_ok((const unsigned char *)s, n))
				return false;
			must_end = n < full;
			any = true;
		}
		if (s[full] == '\0')
			break;
		s += full + 1;
	}
	return any;
}

/* Walk the paragraphs of plain text: para(ctx, start) once each, line(ctx, s, n) for each of
 * its lines, end(ctx) after it. */
struct walk {
	escape_out out;
	void *ctx;
	int mode; /* 0 html, 1 md, 2 visible */
	bool first_para;
};

static void text_out(struct walk *w, const char *s, size_t n)
{
	const char *run = s;

	if (w->mode == 2) {
		w->out(w->ctx, s, n);
		return;
	}
	/* cmark's HTML escapes '"'; its CommonMark escapes every '!'. */
	for (const char *p; (p = memchr(run, w->mode == 0 ? '"' : '!', (size_t)(s + n - run)));) {
		w->out(w->ctx, run, (size_t)(p - run));
		if (w->mode == 0)
			w->out(w->ctx, "&quot;", 6);
		else
			w->out(w->ctx, "\\!", 2);
		run = p + 1;
	}
	w->out(w->ctx, run, (size_t)(s + n - run));
}

static void walk(const char *text, struct walk *w)
{
	const char *s = text;
	bool in_para = false;

	for (;;) {
		size_t full, n = trimmed(s, &full);
		if (n == 0) {
			if (in_para) {
				w->out(w->ctx, w->mode == 0 ? "</p>\n" : "\n", w->mode == 0 ? 5 : 1);
				in_para = false;
			}
		} else {
			if (!in_para) {
				if (w->mode == 0)
					w->out(w->ctx, "<p>", 3);
				else if (w->mode == 1 && !w->first_para)
					w->out(w->ctx, "\n", 1);
				w->first_para = false;
				in_para = true;
			} else if (w->mode == 0) {
				/* a line break inside a field stays one (a hard break) */
				w->out(w->ctx, "<br />\n", 7);
			} else if (w->mode == 1) {
				w->out(w->ctx, "  \n", 3);
			} else {
				w->out(w->ctx, "\n", 1);
			}
			text_out(w, s, n);
		}
		if (s[full] == '\0')
			break;
		s += full + 1;
	}
	if (in_para)
		w->out(w->ctx, w->mode == 0 ? "</p>\n" : "\n", w->mode == 0 ? 5 : 1);
}

void escape_plain_html(const char *text, escape_out out, void *ctx)
{
	struct walk w = {out, ctx, 0, true};

	walk(text, &w);
}

void escape_plain_md(const char *text, escape_out out, void *ctx)
{
	struct walk w = {out, ctx, 1, true};

	walk(text, &w);
}

void escape_plain_visible(const char *text, escape_out out, void *ctx)
{
	struct walk w = {out, ctx, 2, true};

	walk(text, &w);
}
