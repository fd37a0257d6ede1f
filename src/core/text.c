/* text.c - UTF-8 helpers on top of utf8proc: folding for search, widths, excerpts. */
#include "reflect/text.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <stdint.h>
#include <stdio.h>

#include <unicode/uspoof.h>
#include <utf8proc.h>

char *text_fold(const char *s)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t n;
	size_t len = 0;

	if (s == NULL)
		return NULL;
	/* ASCII (most labels and texts): compatibility, composition, marks and ignorables change
	 * none of it, and case folding is lower-casing; utf8proc's map costs far more (a theme
	 * filter folds every label of every entry). */
	while ((unsigned char)s[len] != 0 && (unsigned char)s[len] < 0x80)
		len++;
	if (s[len] == '\0') {
		char *low = malloc(len + 1);
		if (low == NULL)
			return NULL;
		for (size_t i = 0; i <= len; i++)
			low[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i]);
		return low;
	}
	n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
			 UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
				 UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_IGNORE);
	if (n < 0)
		return NULL;
	return (char *)out;
}

/* Fast path: pure ASCII text folds by lower-casing alone. */
static bool ascii_only(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

static bool ascii_contains(const char *hay, const char *needle)
{
	char small[4096], *low = small;
	size_t n = strlen(hay);
	bool found;

	if (*needle == '\0')
		return true;
	if (n >= sizeof small && (low = malloc(n + 1)) == NULL)
		return false;
	for (size_t i = 0; i <= n; i++) {
		unsigned char c = (unsigned char)hay[i];
		low[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	found = strstr(low, needle) != NULL;
	explicit_bzero(low, n + 1);
	if (low != small)
		free(low);
	return found;
}

bool text_contains_folded(const char *hay, const char *folded_needle)
{
	char *f;
	bool found;

	if (hay == NULL || folded_needle == NULL)
		return false;
	if (ascii_only(hay))
		return ascii_contains(hay, folded_needle);
	f = text_fold(hay);
	if (f == NULL)
		return false;
	found = strstr(f, folded_needle) != NULL;
	free(f);
	return found;
}

bool text_valid_utf8(const char *s, size_t len)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t cp;

	while (len > 0) {
		utf8proc_ssize_t n;
		uint64_t w;
		/* ASCII, most of any text: nothing to decode, eight bytes at a time */
		while (len >= 8 && (memcpy(&w, p, 8), (w & 0x8080808080808080u) == 0)) {
			p += 8;
			len -= 8;
		}
		if (len == 0)
			break;
		if (*p < 0x80) {
			p++;
			len--;
			continue;
		}
		n = utf8proc_iterate(p, (utf8proc_ssize_t)len, &cp);
		if (n <= 0 || cp < 0)
			return false;
		p += n;
		len -= (size_t)n;
	}
	return true;
}

int text_width(const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t cp;
	int w = 0;

	if (s == NULL)
		return 0;
	while (*p) {
		utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);
		if (n <= 0) {
			p++;
			w++;
			continue;
		}
		w += utf8proc_charwidth(cp);
		p += n;
	}
	return w;
}

char *text_excerpt(const char *s, int max_cols)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)(s ? s : "");
	size_t cap = strlen((const char *)p) + 4;
	char *out = malloc(cap);
	size_t o = 0;
	int w = 0;
	bool space = false;

	if (out == NULL)
		return NULL;
	while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
		p++;
	while (*p) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);
		int cw;
		if (n <= 0) {
			p++;
			continue;
		}
		if (cp == '\n' || cp == '\t' || cp == '\r' || cp == ' ') {
			space = true;
			p += n;
			continue;
		}
		cw = utf8proc_charwidth(cp);
		if (w + (space ? 1 : 0) + cw > max_cols - 1) {
			/* Room for the ellipsis: cut here. */
			memcpy(out + o, "\xe2\x80\xa6", 3);
			o += 3;
			break;
		}
		if (space && o > 0) {
			out[o++] = ' ';
			w++;
		}
		space = false;
		memcpy(out + o, p, (size_t)n);
		o += (size_t)n;
		w += cw;
		p += n;
	}
	out[o] = '\0';
	return out;
}

char *text_trim(char *s)
{
	size_t n;
	char *start = s;

	if (s == NULL)
		return s;
	while (*start && isspace((unsigned char)*start))
		start++;
	if (start != s)
		memmove(s, start, strlen(start) + 1);
	n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* ---- terminal safety ---- */

static bool hidden_format(int32_t c)
{
	return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
	       (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029;
}

static bool zero_width(int32_t c)
{
	return (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF || c == 0x180E ||
	       c == 0x00AD || c == 0x034F || (c >= 0xFE00 && c <= 0xFE0F);
}

char *text_safe_n(const char *s, size_t n, bool one_line)
{
	size_t cap, at = 0;
	char *out;
	const unsigned char *p = (const unsigned char *)(s ? s : ""), *end;

	if (s == NULL)
		n = 0;
	if (n > (SIZE_MAX - 1) / 6)
		return NULL;
	cap = n * 6 + 1; /* the longest form, "\u202e", is 6 bytes for at least 1 byte in */
	out = malloc(cap);
	if (out == NULL)
		return NULL;
	end = p + n;
	while (p < end) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(p, end - p, &c);
		if (k <= 0) {
			at += (size_t)snprintf(out + at, cap - at, "\\x%02x", *p);
			p++;
			continue;
		}
		if (c == '\n' && !one_line) {
			out[at++] = '\n';
		} else if (c == '\t' && !one_line) {
			out[at++] = '\t';
		} else if (c < 0x20) {
			/* the control pictures: ESC shows as U+241B, a newline as U+2424 */
			utf8proc_int32_t pic = c == '\n' ? 0x2424 : 0x2400 + c;
			at += (size_t)utf8proc_encode_char(pic, (utf8proc_uint8_t *)out + at);
		} else if (c == 0x7F) {
			at += (size_t)utf8proc_encode_char(0x2421, (utf8proc_uint8_t *)out + at);
		} else if ((c >= 0x80 && c <= 0x9F) || hidden_format(c)) {
			at += (size_t)snprintf(out + at, cap - at, "\\u%04x", (unsigned)c);
		} else {
			memcpy(out + at, p, (size_t)k);
			at += (size_t)k;
		}
		p += k;
	}
	out[at] = '\0';
	return out;
}

char *text_safe(const char *s, bool one_line)
{
	return text_safe_n(s, s ? strlen(s) : 0, one_line);
}

size_t text_utf8_complete(const char *s, size_t n)
{
	/* look back over at most 3 bytes for the lead byte of an unfinished sequence */
	for (size_t back = 1; back <= 3 && back <= n; back++) {
		unsigned char c = (unsigned char)s[n - back];
		size_t need;
		if ((c & 0xC0) == 0x80)
			continue; /* a continuation byte: keep looking */
		need = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
		return need > back ? n - back : n;
	}
	return n;
}

text_name_problem text_name_check(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	UErrorCode err = U_ZERO_ERROR;
	USpoofChecker *sc;
	int32_t r;

	if (s == NULL || *s == '\0')
		return TEXT_NAME_EMPTY;
	while (*p) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(p, -1, &c);
		if (k <= 0)
			return TEXT_NAME_CONTROL;
		if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F))
			return TEXT_NAME_CONTROL;
		if (hidden_format(c))
			return TEXT_NAME_BIDI;
		if (zero_width(c))
			return TEXT_NAME_INVISIBLE;
		p += k;
	}
	sc = uspoof_open(&err);
	if (U_FAILURE(err))
		return TEXT_NAME_OK; /* nothing to check with: the checks above still hold */
	uspoof_setChecks(sc, USPOOF_RESTRICTION_LEVEL | USPOOF_MIXED_NUMBERS | USPOOF_INVISIBLE,
			 &err);
	uspoof_setRestrictionLevel(sc, USPOOF_HIGHLY_RESTRICTIVE);
	r = uspoof_checkUTF8(sc, s, -1, NULL, &err);
	uspoof_close(sc);
	if (U_FAILURE(err))
		return TEXT_NAME_OK;
	return r != 0 ? TEXT_NAME_MIXED : TEXT_NAME_OK;
}
