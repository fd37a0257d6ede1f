/* contacts.c - email addresses (also written "jane [at] example [dot] org", "ana arroba correo
 * punto es", with a fullwidth ＠, at localhost or an IP literal) and phone numbers (Google's
 * libphonenumber through phone_shim.cc, and digit groups it does not take: any dash, dots,
 * extensions, 7-digit local numbers). */
#include "deid_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- emails ---- */

static bool local_c(unsigned char c)
{
	return isalnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-' || c >= 0x80;
}

static bool label_c(unsigned char c)
{
	return isalnum(c) || c == '-' || c >= 0x80;
}

/* An "at" written out at p: '@', '＠', "[at]", "(at)", "{at}", " at " (then only with a
 * written-out dot after). *n is its length, *weak set for the bare word. */
static bool at_mark(const char *s, size_t len, size_t p, size_t *n, bool *weak)
{
	static const char *const marks[] = {"[at]", "(at)", "{at}", "[AT]", "(AT)", "{AT}",
					    "<at>", "(arroba)", "[arroba]", " (arroba) ", " [arroba] ",
					    " arroba ", NULL};
	*weak = false;
	if (s[p] == '@') {
		*n = 1;
		return true;
	}
	/* Every mark starts with one of these bytes: most of a text is passed over here, once
	 * per byte, so the rest is tried only where a mark may start. */
	switch (s[p]) {
	case '\xEF':
	case '[':
	case '(':
	case '{':
	case '<':
		break;
	case ' ':
		if (p + 1 < len && (s[p + 1] == 'a' || s[p + 1] == 'A' || s[p + 1] == '(' ||
				    s[p + 1] == '['))
			break;
		return false;
	default:
		return false;
	}
	if (p + 3 <= len && memcmp(s + p, "\xEF\xBC\xA0", 3) == 0) {
		*n = 3;
		return true;
	}
	for (size_t i = 0; marks[i] != NULL; i++) {
		size_t ml;
		if (marks[i][0] != s[p])
			continue; /* (most marks begin otherwise: not compared at all) */
		ml = strlen(marks[i]);
		if (p + ml <= len && memcmp(s + p, marks[i], ml) == 0) {
			*n = ml;
			*weak = marks[i][0] == ' ' && marks[i][1] == 'a';
			return true;
		}
	}
	if (p + 4 <= len && s[p] == ' ' && (s[p + 1] == 'a' || s[p + 1] == 'A') &&
	    (s[p + 2] == 't' || s[p + 2] == 'T') && s[p + 3] == ' ') {
		*n = 4;
		*weak = true;
		return true;
	}
	return false;
}

/* A dot at p: ".", "[dot]", "(dot)", " dot ", " . "; *n its length. */
static bool dot_mark(const char *s, size_t len, size_t p, size_t *n, bool *spelled)
{
	static const char *const marks[] = {"[dot]",	 "(dot)",    "{dot}",	" dot ",
					    " . ",	 "[.]",	     "(.)",	"[DOT]",
					    "(DOT)",	 " DOT ",    "\xEF\xBC\x8E", " (punto) ",
					    "(punto)", "[punto]", " punto ", NULL};
	*spelled = false;
	if (s[p] == '.') {
		*n = 1;
		return true;
	}
	for (size_t i = 0; marks[i] != NULL; i++) {
		size_t ml = strlen(marks[i]);
		if (p + ml <= len && memcmp(s + p, marks[i], ml) == 0) {
			*n = ml;
			*spelled = true;
			return true;
		}
	}
	return false;
}

/* "jane dot doe at...", "jane(dot)doe(at)...": a local part with its dots written out
 * reaches back over them; l is where it starts without them. */
static size_t spelled_local(const char *s, size_t l)
{
	static const char *const marks[] = {" dot ", "(dot)", "[dot]", "{dot}", " punto ",
					    "(punto)", "[punto]", " DOT ", NULL};
	bool more = true;

	while (more) {
		more = false;
		for (size_t i = 0; marks[i] != NULL; i++) {
			size_t ml = strlen(marks[i]);
			if (l > ml && memcmp(s + l - ml, marks[i], ml) == 0 &&
			    local_c((unsigned char)s[l - ml - 1]) && s[l - ml - 1] != '.') {
				l -= ml;
				while (l > 0 && local_c((unsigned char)s[l - 1]))
					l--;
				more = true;
				break;
			}
		}
	}
	return l;
}

/* The bytes a mark can start with (at_mark: 1), and those a mark that starts with a space
 * goes on with (3; "(" and "[" are both): the rest of a text is passed over a byte at a time
 * with one look-up, and a space is seen from the byte after it (spaces are many, "a"s fewer). */
static const unsigned char mark_first[256] = {
    ['@'] = 1, [0xEF] = 1, ['['] = 1, ['('] = 1, ['{'] = 1, ['<'] = 1, ['a'] = 3, ['A'] = 3,
};

rf_status deid_find_emails(const char *s, size_t len, dspans *sp)
{
	rf_status st;

	for (size_t p = 0; p < len; p++) {
		size_t mn, l, r, labels = 0, last = 0, lastlen = 0, end, from = p;
		bool weak, spelled = false, ip = true, ok = false;
		unsigned char m;

		/* four bytes at a time while none can start a mark (none the last) */
		while (p + 4 < len &&
		       (mark_first[(unsigned char)s[p]] | mark_first[(unsigned char)s[p + 1]] |
			mark_first[(unsigned char)s[p + 2]] | mark_first[(unsigned char)s[p + 3]]) == 0)
			p += 4;
		while ((m = mark_first[(unsigned char)s[p]]) == 0 && p + 1 < len)
			p++;
		if (m == 0)
			break;
		/* A space before "a", "A", "(" or "[" is where a mark may start, before the
		 * byte after it (when the space is not behind where this pass began). */
		if (p > from && s[p - 1] == ' ' &&
		    (s[p] == 'a' || s[p] == 'A' || s[p] == '(' || s[p] == '[')) {
			p--;
			m = 2;
		} else if (m == 3) {
			continue;
		}
		if (m == 2 && !(p + 1 < len && (s[p + 1] == 'a' || s[p + 1] == 'A' ||
						s[p + 1] == '(' || s[p + 1] == '[')))
			continue;
		/* of the marks, only " at " and " arroba " begin with a space and an "a": not
		 * "a", "and", "about" */
		if (m == 2 && (s[p + 1] == 'a' || s[p + 1] == 'A') &&
		    !(p + 2 < len && (s[p + 2] == 't' || s[p + 2] == 'T' || s[p + 2] == 'r' ||
				      s[p + 2] == 'R')))
			continue;
		if (!at_mark(s, len, p, &mn, &weak))
			continue;
		/* the local part, maybe with a space before the mark */
		l = p;
		if (!weak && l > 0 && s[l - 1] == ' ')
			l--;
		end = l;
		while (l > 0 && local_c((unsigned char)s[l - 1]))
			l--;
		while (l < end && s[l] == '.')
			l++;
		if (l == end)
			continue;
		l = spelled_local(s, l);
		/* the domain: labels joined by dots, written or not */
		r = p + mn;
		if (!weak && r < len && s[r] == ' ')
			r++;
		if (r < len && s[r] == '[') {
			/* an IP literal: [192.168.0.1] */
			size_t k = r + 1;
			while (k < len && (isdigit((unsigned char)s[k]) || s[k] == '.' || s[k] == ':' ||
					   isxdigit((unsigned char)s[k])))
				k++;
			if (k < len && s[k] == ']' && k > r + 3) {
				if ((st = deid_span_add(sp, l, k + 1, DEID_EMAIL, -1)) != RF_OK)
					return st;
				p = k;
				continue;
			}
		}
		end = r;
		for (;;) {
			size_t a = end, dn;
			bool sp2;
			/* a fullwidth full stop (．) divides labels as a dot does */
			while (end < len && label_c((unsigned char)s[end]) &&
			       !(end + 3 <= len && memcmp(s + end, "\xEF\xBC\x8E", 3) == 0))
				end++;
			if (end == a)
				break;
			for (size_t k = a; k < end; k++)
				if (!isdigit((unsigned char)s[k]))
					ip = false;
			labels++;
			last = a;
			lastlen = end - a;
			{
				/* "example [dot] org": a space either side of a bracketed dot */
				size_t at = end;
				if (at + 1 < len && s[at] == ' ' && (s[at + 1] == '[' || s[at + 1] == '(' ||
								    s[at + 1] == '{'))
					at++;
				/* "jo @gmail .com": a space before a plain dot, when the at was
				 * a real one */
				else if (!weak && at + 2 < len && s[at] == ' ' && s[at + 1] == '.' &&
					 label_c((unsigned char)s[at + 2]))
					at++;
				if (at < len && dot_mark(s, len, at, &dn, &sp2)) {
					size_t nx = at + dn;
					if (sp2 && nx + 1 < len && s[nx] == ' ' && s[at] != ' ')
						nx++;
					if (nx < len && label_c((unsigned char)s[nx])) {
						spelled = spelled || sp2;
						end = nx;
						continue;
					}
				}
			}
			break;
		}
		if (labels == 0)
			continue;
		if (labels == 1 && lastlen == 9 && strncasecmp(s + last, "localhost", 9) == 0)
			ok = true;
		else if (labels == 4 && ip)
			ok = true;
		else if (labels == 1 && !weak && lastlen >= 3 && p - l >= 2 && s[p - 1] != ' ' &&
			 p + mn < len && s[p + mn] != ' ') {
			/* jane@example: a name at a host, no domain after it (not "about @sleep") */
			ok = true;
			for (size_t k = last; k < last + lastlen; k++)
				if (!isalpha((unsigned char)s[k]))
					ok = false;
		}
		else if (labels >= 2) {
			size_t letters = 0;
			for (size_t k = last; k < last + lastlen; k++)
				if (isalpha((unsigned char)s[k]) || (unsigned char)s[k] >= 0x80)
					letters++;
			ok = letters >= 2;
		}
		if (weak && !spelled && !ok)
			continue;
		if (weak && labels < 2)
			continue;
		if (!ok)
			continue;
		if ((st = deid_span_add(sp, l, end, DEID_EMAIL, -1)) != RF_OK)
			return st;
		p = end > p ? end - 1 : p;
	}
	return RF_OK;
}

/* ---- phones ---- */

/* Digit groups joined by spaces, dots, dashes (any dash) or slashes, maybe "+" first and a
 * group in parentheses: 9 to 15 digits, or 7 to 8 in two or more groups ("555-0132"). */
static size_t dash_at(const char *s, size_t len, size_t j)
{
	if (s[j] == ' ' || s[j] == '.' || s[j] == '-' || s[j] == '/')
		return 1;
	/* en dash, em dash, minus, non-breaking hyphen, figure dash */
	if (j + 3 <= len && (unsigned char)s[j] == 0xE2 && (unsigned char)s[j + 1] == 0x80 &&
	    ((unsigned char)s[j + 2] >= 0x90 && (unsigned char)s[j + 2] <= 0x94))
		return 3;
	if (j + 3 <= len && memcmp(s + j, "\xE2\x88\x92", 3) == 0)
		return 3;
	/* a no-break space, a middle dot (415·555·0132) */
	if (j + 2 <= len && (memcmp(s + j, "\xC2\xA0", 2) == 0 || memcmp(s + j, "\xC2\xB7", 2) == 0))
		return 2;
	return 0;
}

/* " ext. 12", " x204", " extension 12", " ext 12", " #12", " ext: 12" after a number. */
static size_t extension(const char *s, size_t len, size_t e)
{
	static const char *const marks[] = {"extension", "ext.", "ext", "ext:", "x", "#", "ext.:",
					    "ext. ", "extensión", "ext ", NULL};
	size_t k = e;

	while (k < len && (s[k] == ' ' || s[k] == ','))
		k++;
	for (size_t i = 0; marks[i] != NULL; i++) {
		size_t ml = strlen(marks[i]), m = k + ml;
		if (m > len || strncasecmp(s + k, marks[i], ml) != 0)
			continue;
		while (m < len && (s[m] == ' ' || s[m] == '.' || s[m] == ':'))
			m++;
		if (m < len && isdigit((unsigned char)s[m])) {
			size_t d = m;
			while (d < len && isdigit((unsigned char)s[d]) && d - m < 6)
				d++;
			if (d - m <= 5 && (d == len || !isalnum((unsigned char)s[d])))
				return d;
		}
	}
	return e;
}

static bool date_groups(const size_t *g, const char *sep, size_t n)
{
	if (n < 3 || sep[0] != sep[1] || sep[0] == ' ')
		return false;
	return (g[0] == 4 && g[1] <= 2 && g[2] <= 2) ||
	       (g[0] <= 2 && g[1] <= 2 && (g[2] == 4 || g[2] == 2));
}

static const unsigned char num_first[256] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1,
    ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1, ['+'] = 1, ['('] = 1,
};

static rf_status own_phones(const char *s, size_t len, dspans *sp)
{
	rf_status st;
	size_t i = 0;

	while (i < len) {
		size_t j = i, end = i, digits = 0, ng = 0, g[16];
		char sep[16];
		bool plus = false;
		unsigned char prev, c = (unsigned char)s[i];
		bool start;

		/* a number starts at a digit, a '+' or a '(': pass over the rest quickly */
		if (!num_first[c]) {
			i++;
			while (i < len && !num_first[(unsigned char)s[i]])
				i++;
			continue;
		}
		memset(sep, 0, sizeof sep);
		prev = i > 0 ? (unsigned char)s[i - 1] : ' ';
		start = isdigit(c) || ((c == '+' || c == '(') && i + 1 < len &&
				       isdigit((unsigned char)s[i + 1]));
		if (!start || isalnum(prev) || prev == '_' ||
		    ((prev == '-' || prev == '.' || prev == '/' || prev == ',') && i > 1 &&
		     isalnum((unsigned char)s[i - 2]))) {
			i++;
			continue;
		}
		if (s[j] == '+') {
			plus = true;
			j++;
		}
		for (;;) {
			size_t n = 0, dl;
			bool paren = j < len && s[j] == '(';
			if (paren)
				j++;
			while (j < len && isdigit((unsigned char)s[j])) {
				j++;
				n++;
			}
			if (n == 0 || (paren && (j >= len || s[j] != ')')))
				break;
			if (paren)
				j++;
			digits += n;
			if (ng < 16)
				g[ng++] = n;
			end = j;
			if (j < len && (dl = dash_at(s, len, j)) > 0 && j + dl < len &&
			    (isdigit((unsigned char)s[j + dl]) || s[j + dl] == '(')) {
				if (ng <= 16)
					sep[ng - 1] = dl == 1 ? s[j] : '-';
				j += dl;
			} else if (j + 2 < len && s[j] == ' ' && (dl = dash_at(s, len, j + 1)) > 0 &&
				   s[j + 1] != ' ' && j + 1 + dl < len && s[j + 1 + dl] == ' ') {
				if (ng <= 16)
					sep[ng - 1] = '-';
				j += 2 + dl;
			} else {
				break;
			}
		}
		if (end < len && isalpha((unsigned char)s[end])) {
			i = end > i ? end : i + 1;
			continue;
		}
		if (date_groups(g, sep, ng)) {
			i = end > i ? end : i + 1;
			continue;
		}
		/* "2019-2024": a span of years, not a number to call. */
		if (!plus && ng == 2 && g[0] == 4 && g[1] == 4 && (s[i] == '1' || s[i] == '2')) {
			i = end;
			continue;
		}
		if ((digits >= 9 && digits <= 15) ||
		    (digits >= 7 && digits <= 8 && (ng >= 2 || plus)) ||
		    (digits == 7 && ng == 1 && i >= 1)) {
			size_t e = extension(s, len, end);
			bool compact_date = false;
			if (digits == 8 && ng == 1) {
				/* 20240304: a date, left to dates of birth */
				compact_date = true;
			}
			if (!compact_date && (st = deid_span_add(sp, i, e, DEID_PHONE, -1)) != RF_OK)
				return st;
		}
		i = end > i ? end : i + 1;
	}
	return RF_OK;
}

struct pctx {
	const char *s; /* the piece of the text handed to the library */
	size_t len;
	size_t base; /* where the piece starts in the text */
	dspans *sp;
	rf_status st;
};

static int lib_found(size_t s, size_t e, void *vctx)
{
	struct pctx *c = vctx;
	size_t digits = 0, g[16], ng = 0, run = 0;
	char sep[16] = {0};
	bool plus = c->s[s] == '+';

	for (size_t i = s; i <= e; i++) {
		if (i < e && isdigit((unsigned char)c->s[i])) {
			digits++;
			run++;
			continue;
		}
		if (run > 0 && ng < 16) {
			g[ng] = run;
			sep[ng] = i < e ? c->s[i] : 0;
			ng++;
		}
		run = 0;
	}
	if (digits < 7)
		return 0; /* short codes and ZIP codes are not phones */
	/* dates (2026-11-20, 03/04/2024 10) and spans of years (2019-2024, 2001 - 2002) */
	if (!plus && ng >= 3 && date_groups(g, sep, ng))
		return 0;
	if (!plus && ng >= 2 && g[0] == 4 && (c->s[s] == '1' || c->s[s] == '2') &&
	    (g[1] == 4 || (ng >= 3 && g[1] <= 2 && g[2] <= 2)))
		return 0;
	e = extension(c->s, c->len, e);
	c->st = deid_span_add(c->sp, c->base + s, c->base + e, DEID_PHONE, -1);
	return c->st != RF_OK;
}

/* The text goes to the library in pieces of about PIECE bytes, cut where a line or a word
 * ends, each beginning OVERLAP bytes before the last one ended, so that every number (and
 * its extension) lies whole in some piece: the library's matcher slows down faster than the
 * text grows (a long text with many numbers in it took minutes), pieces keep the scan linear. */
#define PIECE 4096
#define OVERLAP 160

static size_t word_end_before(const char *s, size_t from, size_t at)
{
	size_t k = at;

	while (k > from && s[k] != ' ' && s[k] != '\n' && s[k] != '\t')
		k--;
	if (k > from)
		return k;
	/* one long word: any character boundary */
	for (k = at; k > from && ((unsigned char)s[k] & 0xC0) == 0x80; k--)
		;
	return k > from ? k : at;
}

/* The bytes enough_digits counts: a digit (1), or the first byte of a fullwidth form (2). */
static const unsigned char digitish[256] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1,
    ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1, [0xEF] = 2,
};

static bool enough_digits(const char *s, size_t len)
{
	size_t digits = 0;

	for (size_t i = 0; i < len && digits < 7; i++) {
		unsigned char d = digitish[(unsigned char)s[i]];
		if (d != 0 && (d == 1 || i + 2 < len))
			digits++;
	}
	return digits >= 7;
}

/* What a phone number starts with (num_first: 1) and the bytes enough_digits counts (2). */
static const unsigned char phone_byte[256] = {
    ['0'] = 3, ['1'] = 3, ['2'] = 3, ['3'] = 3, ['4'] = 3, ['5'] = 3, ['6'] = 3,
    ['7'] = 3, ['8'] = 3, ['9'] = 3, ['+'] = 1, ['('] = 1, [0xEF] = 2,
};

rf_status deid_find_phones(const char *s, size_t len, dspans *sp)
{
	static const char *const regions[] = {"US", "GB", "ES", NULL};
	rf_status st;
	unsigned any = 0;
	size_t digits = 0;

	/* One pass first: most texts hold nothing a number starts with, and fewer digits than
	 * any piece of them needs for the library (enough_digits, over the whole text: no
	 * piece has more). */
	for (size_t i = 0; i < len; i++) {
		unsigned char b = phone_byte[(unsigned char)s[i]];
		any |= b;
		digits += b >> 1;
	}
	for (size_t i = len >= 2 ? len - 2 : 0; i < len; i++)
		if ((unsigned char)s[i] == 0xEF)
			digits--; /* counted only with two bytes after it */
	if ((any & 1) && (st = own_phones(s, len, sp)) != RF_OK)
		return st;
	for (size_t a = 0; digits >= 7 && a < len;) {
		size_t b = len - a <= PIECE ? len : word_end_before(s, a, a + PIECE);
		struct pctx c = {s + a, b - a, a, sp, RF_OK};
		/* not enough digits for any number: spare the library */
		bool enough = enough_digits(s + a, b - a);
		for (size_t r = 0; regions[r] != NULL && enough; r++) {
			if (deid_phone_find(s + a, b - a, regions[r], lib_found, &c) < 0)
				break; /* the library failed: our own patterns stand */
			if (c.st != RF_OK)
				return c.st;
		}
		if (b >= len)
			break;
		a = b - a > 2 * OVERLAP ? word_end_before(s, a, b - OVERLAP) : b;
	}
	return RF_OK;
}

