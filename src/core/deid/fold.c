/* fold.c - the words of a text in one folded form, each with its bytes in the original: NFKC
 * (fullwidth and other compatibility forms), case folded, accents stripped, and reduced to its
 * Unicode TR39 confusable skeleton (ICU's uspoof_getSkeleton), so that "JAYLEN", "Jaylén",
 * "Ｊａｙｌｅｎ" and "Јaylen" (a Cyrillic J) fold alike. Each code point is folded once and
 * remembered, so a text is folded in one linear pass. */
#include "reflect/grow.h"
#include "deid_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <unicode/uspoof.h>
#include <unicode/ustring.h>
#include <utf8proc.h>

uint32_t deid_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

rf_status deid_grow(void **v, size_t *cap, size_t need, size_t sz)
{
	return rf_grow(v, cap, need, sz, 16);
}

/* ---- one code point's folded form ---- */

#define CP_MAX 12
typedef struct cpfold {
	int32_t cp; /* -1: empty slot */
	uint8_t n;
	char s[CP_MAX];
} cpfold;

#define CACHE 4096
/* Each thread keeps its own folds (an export scans on several at once). */
static _Thread_local cpfold cache[CACHE];
static _Thread_local bool cache_ready;
static cpfold ascii[128];
static char ascii1[128]; /* ascii[c] when it is one byte (all but "m", "rn"), else 0 */
static char small1[256]; /* ascii1[c] for a small letter c, else 0 */
static bool ready;
static USpoofChecker *spoof;

/* Case fold and strip marks (NFKC): utf8proc. */
static size_t nfkc_fold(const char *in, size_t n, char *out, size_t cap)
{
	utf8proc_uint8_t *m = NULL;
	utf8proc_ssize_t r =
	    utf8proc_map((const utf8proc_uint8_t *)in, (utf8proc_ssize_t)n, &m,
			 UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
			     UTF8PROC_STRIPMARK | UTF8PROC_IGNORE);
	size_t k = 0;

	if (r > 0 && (size_t)r < cap) {
		memcpy(out, m, (size_t)r);
		k = (size_t)r;
	}
	free(m);
	out[k] = '\0';
	return k;
}

/* cp -> NFKC casefold -> TR39 skeleton -> casefold again; "i" and "l" (and "1", "I", "|")
 * are one letter, as they are to a reader. */
/* Small capitals (ᴊᴀʏʟᴇɴ) look like the letters they are, but neither NFKC nor TR39 says so:
 * the letter for each, or 0. */
static int32_t small_capital(int32_t cp)
{
	static const struct {
		int32_t cp;
		char c;
	} caps[] = {
	    {0x1D00, 'a'}, {0x0299, 'b'}, {0x1D04, 'c'}, {0x1D05, 'd'}, {0x1D07, 'e'},
	    {0xA730, 'f'}, {0x0262, 'g'}, {0x029C, 'h'}, {0x026A, 'i'}, {0x1D0A, 'j'},
	    {0x1D0B, 'k'}, {0x029F, 'l'}, {0x1D0D, 'm'}, {0x0274, 'n'}, {0x1D0F, 'o'},
	    {0x1D18, 'p'}, {0xA7AF, 'q'}, {0x0280, 'r'}, {0xA731, 's'}, {0x1D1B, 't'},
	    {0x1D1C, 'u'}, {0x1D20, 'v'}, {0x1D21, 'w'}, {0x028F, 'y'}, {0x1D22, 'z'},
	};

	for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++)
		if (caps[i].cp == cp)
			return caps[i].c;
	return 0;
}

static void fold_cp(int32_t cp, cpfold *o)
{
	char u8[8], a[64], b[64];
	int32_t cap = small_capital(cp);
	utf8proc_ssize_t n = utf8proc_encode_char(cap ? cap : cp, (utf8proc_uint8_t *)u8);
	size_t k = nfkc_fold(u8, (size_t)n, a, sizeof a);

	if (k > 0 && spoof != NULL) {
		UErrorCode e = U_ZERO_ERROR;
		int32_t sn = uspoof_getSkeletonUTF8(spoof, 0, a, (int32_t)k, b, sizeof b, &e);
		if (U_SUCCESS(e) && sn > 0 && (size_t)sn < sizeof b)
			k = nfkc_fold(b, (size_t)sn, a, sizeof a);
	}
	for (size_t i = 0; i < k; i++)
		if (a[i] == 'i')
			a[i] = 'l';
	/* a parenthesized letter (⒜) folds to "(a)": the letter alone */
	if (k == 3 && a[0] == '(' && a[2] == ')' && cp > 0x7F) {
		a[0] = a[1];
		k = 1;
	}
	o->cp = cp;
	if (k >= CP_MAX)
		k = 0;
	memcpy(o->s, a, k);
	o->n = (uint8_t)k;
}

void deid_fold_ready(void)
{
	UErrorCode e = U_ZERO_ERROR;

	if (ready)
		return;
	spoof = uspoof_open(&e);
	if (U_FAILURE(e))
		spoof = NULL;
	for (int c = 0; c < 128; c++) {
		if (isalnum(c))
			fold_cp(c, &ascii[c]);
		else
			ascii[c].cp = -1;
		ascii1[c] = ascii[c].cp >= 0 && ascii[c].n == 1 ? ascii[c].s[0] : 0;
		small1[c] = c >= 'a' && c <= 'z' ? ascii1[c] : 0;
	}
	ready = true;
}

static const cpfold *cp_folded(int32_t cp, cpfold *tmp)
{
	size_t h = ((uint32_t)cp * 2654435761u) % CACHE;

	if (!cache_ready) {
		for (int i = 0; i < CACHE; i++)
			cache[i].cp = -1;
		cache_ready = true;
	}
	for (size_t probe = 0; probe < 8; probe++) {
		cpfold *c = &cache[(h + probe) % CACHE];
		if (c->cp == cp)
			return c;
		if (c->cp == -1) {
			fold_cp(cp, c);
			return c;
		}
	}
	fold_cp(cp, tmp);
	return tmp;
}

/* ---- tokens ---- */

void deid_toks_clear(dtoks *t)
{
	free(t->v);
	if (t->fold != NULL) {
		sodium_memzero(t->fold, t->fcap);
		free(t->fold);
	}
	memset(t, 0, sizeof *t);
}

/* Scripts written without spaces between words: each character is a word of its own. */
static bool solo_script(int32_t cp)
{
	return (cp >= 0x0E00 && cp <= 0x0EFF) || (cp >= 0x1000 && cp <= 0x109F) ||
	       (cp >= 0x1780 && cp <= 0x17FF) || (cp >= 0x3040 && cp <= 0x30FF) ||
	       (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FFFF);
}

enum { C_OTHER, C_LOWER, C_UPPER, C_LETTER, C_DIGIT, C_MARK, C_FORMAT, C_SOLO };

/* The class of each ASCII character (most of any text): a look-up, not three calls. */
#define L_ C_LOWER
#define U_ C_UPPER
#define D_ C_DIGIT
static const unsigned char ascii_class[128] = {
    ['0'] = D_, ['1'] = D_, ['2'] = D_, ['3'] = D_, ['4'] = D_, ['5'] = D_, ['6'] = D_,
    ['7'] = D_, ['8'] = D_, ['9'] = D_, ['a'] = L_, ['b'] = L_, ['c'] = L_, ['d'] = L_,
    ['e'] = L_, ['f'] = L_, ['g'] = L_, ['h'] = L_, ['i'] = L_, ['j'] = L_, ['k'] = L_,
    ['l'] = L_, ['m'] = L_, ['n'] = L_, ['o'] = L_, ['p'] = L_, ['q'] = L_, ['r'] = L_,
    ['s'] = L_, ['t'] = L_, ['u'] = L_, ['v'] = L_, ['w'] = L_, ['x'] = L_, ['y'] = L_,
    ['z'] = L_, ['A'] = U_, ['B'] = U_, ['C'] = U_, ['D'] = U_, ['E'] = U_, ['F'] = U_,
    ['G'] = U_, ['H'] = U_, ['I'] = U_, ['J'] = U_, ['K'] = U_, ['L'] = U_, ['M'] = U_,
    ['N'] = U_, ['O'] = U_, ['P'] = U_, ['Q'] = U_, ['R'] = U_, ['S'] = U_, ['T'] = U_,
    ['U'] = U_, ['V'] = U_, ['W'] = U_, ['X'] = U_, ['Y'] = U_, ['Z'] = U_,
};
#undef L_
#undef U_
#undef D_

/* The bytes of a word of ASCII letters and digits. */
static const unsigned char word_byte[256] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
    ['8'] = 1, ['9'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
    ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1,
    ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1,
    ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1, ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1,
    ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1,
    ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1,
    ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
};

static int cp_class_wide(int32_t cp);

static inline int cp_class(int32_t cp)
{
	if (cp >= 0 && cp < 0x80)
		return ascii_class[cp]; /* C_OTHER is 0 */
	return cp_class_wide(cp);
}

static int cp_class_wide(int32_t cp)
{
	utf8proc_category_t c;

	if (cp < 0)
		return C_OTHER;
	if (solo_script(cp))
		return C_SOLO;
	/* letters in circles, parentheses and squares (Ⓙⓐⓨ, ⒜, 🄰) are symbols to Unicode but
	 * letters once NFKC folds them: a name written in them is a name */
	if ((cp >= 0x24B6 && cp <= 0x24CF) || (cp >= 0x1F110 && cp <= 0x1F129) ||
	    (cp >= 0x1F130 && cp <= 0x1F149))
		return C_UPPER;
	if ((cp >= 0x24D0 && cp <= 0x24E9) || (cp >= 0x249C && cp <= 0x24B5))
		return C_LOWER;
	c = utf8proc_category(cp);
	switch (c) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LT:
		return C_UPPER;
	case UTF8PROC_CATEGORY_LL:
		return C_LOWER;
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
		return C_LETTER;
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
		return C_MARK;
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		/* fullwidth digits are digits */
		return C_DIGIT;
	case UTF8PROC_CATEGORY_CF:
		return C_FORMAT;
	default:
		return C_OTHER;
	}
}

static inline int32_t next_cp(const char *s, size_t len, size_t i, size_t *n)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t k;

	if ((unsigned char)s[i] < 0x80) {
		*n = 1;
		return (unsigned char)s[i];
	}
	k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
	if (k <= 0) {
		*n = 1;
		return -1;
	}
	*n = (size_t)k;
	return cp;
}

static bool hyphen_cp(int32_t cp)
{
	return cp == '-' || cp == 0x2010 || cp == 0x2011;
}

/* At i a hyphen that breaks a word at the end of a line ("Oka-\nfor")? *after is where the
 * word goes on. */
static bool line_break_hyphen(const char *s, size_t len, size_t i, size_t *after)
{
	size_t n, k;
	int32_t cp = next_cp(s, len, i, &n);
	bool nl = false;

	if (!hyphen_cp(cp))
		return false;
	k = i + n;
	while (k < len && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r' || s[k] == '\n')) {
		if (s[k] == '\n')
			nl = true;
		k++;
	}
	if (!nl || k >= len)
		return false;
	cp = next_cp(s, len, k, &n);
	if (cp_class(cp) != C_LOWER)
		return false;
	*after = k;
	return true;
}

/* push for a word of ASCII bytes only (most words): the same token, from the tables alone,
 * in one pass that folds and hashes as it classifies. A digit folds as itself unless the word
 * has two letters or more ("0kafor"), known only at its end: then it is folded again. With
 * split, the token ends before a capital that follows a small letter (not an "I"), as
 * deid_tokenize splits glued words ("JaylenOkafor"). t has room for it. Where it ended. */
static size_t push_ascii(dtoks *t, const char *text, size_t s, size_t e, bool camel, bool split)
{
	unsigned flags = camel ? T_CAMEL : 0, lower, upper = 0, ndigits = 0, other = 0;
	uint32_t h = 2166136261u; /* deid_hash, as the bytes are written */
	dtok *k = &t->v[t->n];
	char *o = t->fold + t->flen, *start = o;
	size_t i;

	/* the first letter (a capital or not) is the first of the token: a split comes after
	 * a small letter of it */
	for (i = s; i < e; i++)
		if (ascii_class[(unsigned char)text[i]] == C_UPPER ||
		    ascii_class[(unsigned char)text[i]] == C_LOWER) {
			flags |= ascii_class[(unsigned char)text[i]] == C_UPPER ? T_UPPER : T_LOWER1;
			break;
		}
	for (i = s; i < e; i++) {
		unsigned char b = (unsigned char)text[i], f = (unsigned char)small1[b];
		int c;
		if (f != 0) {
			/* most bytes: a small letter that folds to one */
			*o++ = (char)f;
			h = (h ^ f) * 16777619u;
			continue;
		}
		c = ascii_class[b];
		if (c == C_OTHER) {
			other++;
			continue;
		}
		if (c == C_DIGIT) {
			ndigits++;
			*o++ = (char)b;
			h = (h ^ b) * 16777619u;
			continue;
		}
		if (c == C_UPPER) {
			/* split: [s, e) holds letters and digits only, so the byte before is
			 * the one before in the word */
			if (split && i > s && ascii_class[(unsigned char)text[i - 1]] == C_LOWER &&
			    b != 'I') {
				e = i;
				break;
			}
			upper++;
		}
		for (size_t m = 0; m < ascii[b].n; m++) {
			f = (unsigned char)ascii[b].s[m];
			*o++ = (char)f;
			h = (h ^ f) * 16777619u;
		}
	}
	/* the rest were small letters */
	if (ndigits > 0)
		t->digits = true;
	lower = (unsigned)(e - s) - upper - ndigits - other;
	if (lower + upper > 0)
		flags |= T_ALPHA;
	if (lower + upper >= 2 && lower == 0)
		flags |= T_ALLUPPER;
	if (lower + upper >= 2 && ndigits > 0) {
		/* digits among letters fold as the letters they look like */
		o = start;
		h = 2166136261u;
		for (i = s; i < e; i++) {
			unsigned char b = (unsigned char)text[i];
			if (ascii_class[b] == C_OTHER)
				continue;
			for (size_t m = 0; m < ascii[b].n; m++) {
				unsigned char f = (unsigned char)ascii[b].s[m];
				*o++ = (char)f;
				h = (h ^ f) * 16777619u;
			}
		}
	}
	*o = '\0';
	k->s = s;
	k->e = e;
	k->f = t->flen;
	k->flen = (size_t)(o - start);
	k->h = h;
	k->flags = flags;
	k->letters = lower + upper;
	t->flen += k->flen + 1;
	if (k->flen > 0)
		t->n++;
	return e;
}

/* Room in t for one more token and the folds of n more bytes. */
static inline rf_status room(dtoks *t, size_t n)
{
	rf_status st;

	if ((t->n + 1 > t->cap &&
	     (st = deid_grow((void **)&t->v, &t->cap, t->n + 1, sizeof *t->v)) != RF_OK) ||
	    (t->flen + n * CP_MAX + 1 > t->fcap &&
	     (st = deid_grow((void **)&t->fold, &t->fcap, t->flen + n * CP_MAX + 1, 1)) != RF_OK))
		return st;
	return RF_OK;
}

/* The ASCII letters and digits from i on, a word ending at ASCII punctuation or a space (not
 * a hyphen, which may break it across lines) or at the end of the text, pushed as the loop
 * of deid_tokenize would push them: most words. *end is where it ended; false when the word
 * goes on otherwise (non-ASCII, a hyphen), left to that loop. */
static bool push_ascii_run(dtoks *t, const char *text, size_t len, size_t i, size_t *end,
			   rf_status *st)
{
	size_t j = i;

	while (j < len && word_byte[(unsigned char)text[j]])
		j++;
	if (j < len && ((unsigned char)text[j] >= 0x80 || text[j] == '-'))
		return false;
	*st = RF_OK;
	*end = j;
	for (size_t s = i; s < j;) {
		/* each segment takes at most two bytes a byte ("m": "rn") and its NUL */
		if ((*st = room(t, j - s)) != RF_OK)
			return true;
		s = push_ascii(t, text, s, j, s > i, true);
	}
	return true;
}

/* Fold bytes [s, e) of text as one token and push it. */
static rf_status push(dtoks *t, const char *text, size_t s, size_t e, bool camel)
{
	unsigned flags = camel ? T_CAMEL : 0, letters = 0;
	bool first = true, alpha = false, digits = true, allup = true;
	cpfold tmp;
	rf_status st;
	dtok *k;
	size_t i;

	for (i = s; i < e && (unsigned char)text[i] < 0x80; i++)
		;
	if (i == e) {
		if ((st = room(t, e - s)) == RF_OK)
			push_ascii(t, text, s, e, camel, false);
		return st;
	}

	/* One pass to learn what the word holds (digits fold as letters only among letters). */
	for (size_t i = s; i < e;) {
		size_t n;
		int c = cp_class(next_cp(text, e, i, &n));
		if (c == C_LOWER || c == C_UPPER || c == C_LETTER || c == C_SOLO) {
			alpha = true;
			letters++;
			if (first && c == C_UPPER)
				flags |= T_UPPER;
			if (first && c == C_LOWER)
				flags |= T_LOWER1;
			if (c == C_LOWER)
				allup = false;
			first = false;
			digits = false;
		} else if (c == C_DIGIT) {
			t->digits = true;
		} else if (c != C_MARK && c != C_FORMAT) {
			/* a joined line break: not part of the word */
		} else if (c == C_MARK || c == C_FORMAT) {
		}
		i += n;
	}
	if (alpha)
		flags |= T_ALPHA;
	/* digits fold as the letters they look like only among letters ("0kafor"), not in a
	 * house number ("221b") */
	if (letters < 2)
		alpha = false;
	else if (digits)
		flags |= T_DIGITS;
	if (alpha && allup)
		flags |= T_ALLUPPER;
	if ((st = deid_grow((void **)&t->v, &t->cap, t->n + 1, sizeof *t->v)) != RF_OK ||
	    (st = deid_grow((void **)&t->fold, &t->fcap, t->flen + (e - s) * CP_MAX + 1, 1)) !=
		RF_OK)
		return st;
	k = &t->v[t->n];
	k->s = s;
	k->e = e;
	k->f = t->flen;
	k->flen = 0;
	for (size_t i = s; i < e;) {
		size_t n;
		int32_t cp = next_cp(text, e, i, &n);
		int c = cp_class(cp);
		const cpfold *f = NULL;
		i += n;
		if (c == C_OTHER || c == C_FORMAT || c == C_MARK || cp < 0)
			continue;
		if (cp < 0x80) {
			if (c == C_DIGIT && !alpha) {
				t->fold[k->f + k->flen++] = (char)cp;
				continue;
			}
			f = &ascii[cp];
		} else if (c == C_DIGIT && !alpha) {
			/* a fullwidth or other digit: its value */
			char tmpd[16];
			utf8proc_ssize_t m = utf8proc_encode_char(cp, (utf8proc_uint8_t *)tmpd);
			size_t fl = nfkc_fold(tmpd, (size_t)m, tmpd, sizeof tmpd);
			memcpy(t->fold + k->f + k->flen, tmpd, fl);
			k->flen += fl;
			continue;
		} else {
			f = cp_folded(cp, &tmp);
		}
		memcpy(t->fold + k->f + k->flen, f->s, f->n);
		k->flen += f->n;
	}
	t->fold[k->f + k->flen] = '\0';
	k->h = deid_hash(t->fold + k->f, k->flen);
	k->flags = flags;
	k->letters = letters;
	t->flen += k->flen + 1;
	if (k->flen == 0)
		return RF_OK; /* nothing but marks: no word */
	t->n++;
	return RF_OK;
}

rf_status deid_tokenize(const char *text, size_t len, dtoks *t)
{
	size_t i = 0, start = 0;
	bool in = false, camel = false;
	int prev = C_OTHER;
	rf_status st;

	deid_fold_ready();
	t->n = 0;
	t->flen = 0;
	t->marked = false;
	t->digits = false;
	while (i < len) {
		size_t n, after;
		int32_t cp;
		int c;

		/* most words: ASCII letters and digits, pushed at once */
		if (!in && (unsigned char)text[i] < 0x80 && ascii_class[(unsigned char)text[i]] &&
		    push_ascii_run(t, text, len, i, &after, &st)) {
			if (st != RF_OK)
				return st;
			i = after;
			prev = C_OTHER;
			continue;
		}
		/* spaces and ASCII punctuation between words: passed over (a hyphen within a
		 * word is seen below) */
		if (!in && (unsigned char)text[i] < 0x80 &&
		    ascii_class[(unsigned char)text[i]] == C_OTHER) {
			while (i < len && (unsigned char)text[i] < 0x80 &&
			       ascii_class[(unsigned char)text[i]] == C_OTHER)
				i++;
			camel = false;
			prev = C_OTHER;
			continue;
		}
		cp = next_cp(text, len, i, &n);
		c = cp < 0 ? C_OTHER : cp_class(cp);

		if (c == C_SOLO) {
			if (in && (st = push(t, text, start, i, camel)) != RF_OK)
				return st;
			in = false;
			camel = false;
			if ((st = push(t, text, i, i + n, false)) != RF_OK)
				return st;
			prev = C_OTHER;
		} else if (c == C_LOWER || c == C_UPPER || c == C_LETTER || c == C_DIGIT ||
			   c == C_MARK || (c == C_FORMAT && in)) {
			if (in && c == C_UPPER && prev == C_LOWER && cp != 'I') {
				/* (not at an "I", which may stand for an "l": "JayIen") */
				/* JaylenOkafor: two words glued */
				if ((st = push(t, text, start, i, camel)) != RF_OK)
					return st;
				start = i;
				camel = true;
			} else if (!in) {
				in = true;
				start = i;
				camel = false;
			}
			if (c != C_FORMAT && c != C_MARK)
				prev = c;
		} else if (in && line_break_hyphen(text, len, i, &after)) {
			i = after;
			continue;
		} else {
			if (in && (st = push(t, text, start, i, camel)) != RF_OK)
				return st;
			in = false;
			camel = false;
			prev = C_OTHER;
		}
		i += n;
		/* The rest of a run of ASCII of one class changes nothing above (small letters,
		 * capitals or digits within a word, spaces and punctuation between words): pass
		 * over it. */
		if (in ? (c == C_LOWER || c == C_UPPER || c == C_DIGIT) : c == C_OTHER)
			while (i < len && (unsigned char)text[i] < 0x80 &&
			       ascii_class[(unsigned char)text[i]] == c)
				i++;
	}
	if (in && (st = push(t, text, start, len, camel)) != RF_OK)
		return st;
	return RF_OK;
}

char *deid_fold_word(const char *s, size_t n)
{
	dtoks t = {0};
	char *out = NULL;
	size_t o = 0, need = 1;

	if (deid_tokenize(s, n, &t) != RF_OK)
		goto done;
	for (size_t i = 0; i < t.n; i++)
		need += t.v[i].flen;
	if ((out = malloc(need)) == NULL)
		goto done;
	for (size_t i = 0; i < t.n; i++) {
		memcpy(out + o, deid_tf(&t, i), t.v[i].flen);
		o += t.v[i].flen;
	}
	out[o] = '\0';
done:
	deid_toks_clear(&t);
	return out;
}
