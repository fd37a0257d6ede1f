/* patterns.c - dates of birth (English and Spanish month names, numeric and compact dates,
 * a full date next to a child's name) and addresses (house numbers and streets in any case,
 * Spanish streets, PO boxes and Apartados, ZIP codes, UK and other postcodes). Emails and
 * phones are in contacts.c. */
#include "deid_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

rf_status deid_span_add(dspans *sp, size_t s, size_t e, deid_what what, int ident)
{
	rf_status st;

	if (e <= s)
		return RF_OK;
	if ((st = deid_grow((void **)&sp->v, &sp->cap, sp->n + 1, sizeof *sp->v)) != RF_OK)
		return st;
	sp->v[sp->n++] = (dspan){s, e, what, ident};
	return RF_OK;
}

/* ---- folded word lists, made once ---- */

typedef struct phrase {
	char w[4][24]; /* folded words */
	size_t n;
	uint32_t h; /* deid_hash of the first word, as a token's h */
	size_t len; /* the first word's length */
} phrase;

static bool fold_into(const char *plain, phrase *p)
{
	dtoks t = {0};

	p->n = 0;
	if (deid_tokenize(plain, strlen(plain), &t) != RF_OK)
		return false;
	for (size_t i = 0; i < t.n && i < 4; i++) {
		snprintf(p->w[i], sizeof p->w[i], "%s", deid_tf(&t, i));
		p->n++;
	}
	deid_toks_clear(&t);
	return p->n > 0;
}

#define MAXP 160
typedef struct plist {
	const char *const *plain;
	phrase p[MAXP];
	size_t n;
	bool made;
	uint64_t first[4]; /* bit (hash & 255) of each phrase's first word: a quick "no" */
	int16_t head[256]; /* by (hash >> 8) & 255 of the first word: the first phrase, -1 */
	int16_t next[MAXP]; /* the next phrase in the same chain, -1 */
	uint32_t bit;	    /* this list's bit in a token's kw (deid_mark_words) */
	bool single;	    /* every phrase is one word */
} plist;

static void plist_make(plist *l)
{
	if (l->made)
		return;
	for (size_t i = 0; i < 256; i++)
		l->head[i] = -1;
	for (size_t i = 0; l->plain[i] != NULL && l->n < MAXP; i++)
		if (fold_into(l->plain[i], &l->p[l->n])) {
			size_t wl = strlen(l->p[l->n].w[0]);
			uint32_t h = deid_hash(l->p[l->n].w[0], wl);
			l->p[l->n].h = h;
			l->p[l->n].len = wl;
			l->first[(h & 255) >> 6] |= (uint64_t)1 << (h & 63);
			l->next[l->n] = l->head[(h >> 8) & 255];
			l->head[(h >> 8) & 255] = (int16_t)l->n;
			l->n++;
		}
	l->made = true;
}

/* plist_at where a phrase may start. */
static size_t plist_match(plist *l, const dtoks *t, size_t i)
{
	size_t best = 0;
	uint32_t h = t->v[i].h;

	plist_make(l);
	if (!(l->first[(h & 255) >> 6] & ((uint64_t)1 << (h & 63))))
		return 0;
	for (int k = l->head[(h >> 8) & 255]; k >= 0; k = l->next[k]) {
		const phrase *p = &l->p[k];
		size_t m = 0;
		if (p->h != h || p->len != t->v[i].flen || i + p->n > t->n || p->n <= best)
			continue;
		for (m = 0; m < p->n; m++)
			if (strcmp(deid_tf(t, i + m), p->w[m]) != 0)
				break;
		if (m == p->n)
			best = p->n;
	}
	return best;
}

/* How many tokens from i match one of l's phrases (the longest), or 0. Marked tokens say at
 * once whether any phrase of l starts with the word (most words: none). */
static inline size_t plist_at(plist *l, const dtoks *t, size_t i)
{
	if (t->marked) {
		if (!(t->v[i].kw & l->bit))
			return 0;
		if (l->single)
			return 1; /* the word is a phrase of l, and no phrase is longer */
	}
	return plist_match(l, t, i);
}

static const char *const birth_plain[] = {
    "born", "dob", "d o b", "date of birth", "birth date", "birthdate", "birthday",
    "was born", "nacido", "nacida", "nació", "nace", "nacimiento", "fecha de nacimiento",
    "f nac", "f de nac", "fecha nac", "fecha de nac", "fec nac", "f nacimiento", "cumpleaños", "cumple", "vino al mundo", "came into the world", "arrived on",
    "delivered on", "due date", "ne le", "née le", "né le", "ne en", "née en", "date de naissance",
    "geboren", "geb", "geburtsdatum", "nascido", "nascida", "nasceu", "data de nascimento",
    "data di nascita", "nato", "nata", "nacieron", "nacidos", "nacidas", "naciera", "nacer",
    "naciste", "nacimos", "nacerá", "parto", "delivery", "birth", NULL,
};
static plist births = {.plain = birth_plain};

static const char *const month_plain[] = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "enero", "febrero", "marzo", "abril", "mayo", "junio",
    "julio", "agosto", "septiembre", "setiembre", "octubre", "noviembre", "diciembre", "ene",
    "abr", "ago", "dic", "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
    "septembre", "octobre", "novembre", "décembre", "januar", "februar", "märz", "juni", "juli",
    "oktober", "dezember", "janeiro", "fevereiro", "março", "maio", "junho", "julho",
    "setembro", "outubro", "novembro", "dezembro", NULL,
};
static plist monthl = {.plain = month_plain};

static bool is_month(const dtoks *t, size_t i)
{
	return plist_at(&monthl, t, i) == 1;
}

/* Token i is the folded word (the lengths first: the words compared are mostly short
 * literals, and most tokens differ in length). */
static inline bool teq(const dtoks *t, size_t i, const char *folded)
{
	size_t n = strlen(folded);

	return i < t->n && t->v[i].flen == n && memcmp(deid_tf(t, i), folded, n) == 0;
}

/* ---- dates ---- */

/* Days written in words: "the fourth of March", "el tres de marzo". */
static const char *const dayword_plain[] = {
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth", "twentieth", "thirtieth", "uno", "primero",
    "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez", "once", "doce",
    "trece", "catorce", "quince", "dieciséis", "diecisiete", "dieciocho", "diecinueve",
    "veinte", "veintiuno", "veintidós", "veintitrés", "veinticuatro", "veinticinco",
    "veintiséis", "veintisiete", "veintiocho", "veintinueve", "treinta", NULL,
};
static plist daywords = {.plain = dayword_plain};

static bool is_day(const dtoks *t, size_t i)
{
	const char *w = deid_tf(t, i);
	char num[3] = {0};
	size_t d = 0;
	bool digit = false;

	/* a 1 folds to l with the letters of "12th" or "1st" */
	while (d < 3 && (isdigit((unsigned char)w[d]) || w[d] == 'l')) {
		digit = digit || w[d] != 'l';
		if (d < 2)
			num[d] = w[d] == 'l' ? '1' : w[d];
		d++;
	}
	if (d == 0 && plist_at(&daywords, t, i) == 1)
		return true;
	if (d == 0 || d > 2 || atoi(num) < 1 || atoi(num) > 31)
		return false;
	w += d;
	if (!digit && *w == '\0')
		return false; /* "I" folds to "l" too */
	/* 3rd, 1st, 2nd, 4th (folded: "lst"), 1º */
	return *w == '\0' || strcmp(w, "st") == 0 || strcmp(w, "nd") == 0 ||
	       strcmp(w, "rd") == 0 || strcmp(w, "th") == 0 || strcmp(w, "o") == 0 ||
	       strcmp(w, "a") == 0 || strcmp(w, "er") == 0 || strcmp(w, "lst") == 0;
}

static bool digits_only(const dtoks *t, size_t i)
{
	const char *w = deid_tf(t, i);

	for (; *w; w++)
		if (!isdigit((unsigned char)*w))
			return false;
	return true;
}

static bool is_year(const dtoks *t, size_t i)
{
	const char *w = deid_tf(t, i);

	return t->v[i].flen == 4 && digits_only(t, i) && (w[0] == '1' || w[0] == '2');
}

static bool is_num(const dtoks *t, size_t i, size_t maxlen)
{
	return t->v[i].flen <= maxlen && digits_only(t, i);
}

/* A compact date: 20240304 or 04032024. */
static bool compact_date(const dtoks *t, size_t i)
{
	const char *w = deid_tf(t, i);
	int y, m, d;

	if (t->v[i].flen != 8 || !digits_only(t, i))
		return false;
	y = atoi((char[]){w[0], w[1], w[2], w[3], 0});
	m = atoi((char[]){w[4], w[5], 0});
	d = atoi((char[]){w[6], w[7], 0});
	if (y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31)
		return true;
	d = atoi((char[]){w[0], w[1], 0});
	m = atoi((char[]){w[2], w[3], 0});
	y = atoi((char[]){w[4], w[5], w[6], w[7], 0});
	return y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static bool date_sep(const char *s, const dtoks *t, size_t i)
{
	return t->v[i + 1].s == t->v[i].e + 1 &&
	       (s[t->v[i].e] == '/' || s[t->v[i].e] == '.' || s[t->v[i].e] == '-');
}

static bool joiner(const dtoks *t, size_t i)
{
	return teq(t, i, "of") || teq(t, i, "de") || teq(t, i, "del") || teq(t, i, "the");
}

/* A date at token i: the index after its last token, or 0. *full: day, month and year (or
 * a month and year). */
static size_t date_at(const char *s, const dtoks *t, size_t i, bool *full)
{
	size_t k;

	*full = false;
	if (compact_date(t, i)) {
		*full = true;
		return i + 1;
	}
	/* 3/4/2024, 2024-03-04, 03.04.24 */
	if (is_num(t, i, 4) && i + 1 < t->n && date_sep(s, t, i) && is_num(t, i + 1, 2)) {
		k = i + 2;
		if (k < t->n && date_sep(s, t, i + 1) && (is_num(t, k, 2) || is_year(t, k))) {
			*full = true;
			k++;
		}
		return k;
	}
	/* 3 [of] March [of] [2024]; 3rd March 2024 */
	if (is_day(t, i)) {
		k = i + 1;
		if (k < t->n && joiner(t, k))
			k++;
		if (k < t->n && is_month(t, k)) {
			k++;
			if (k + 1 < t->n && joiner(t, k) && is_year(t, k + 1))
				k++;
			if (k < t->n && is_year(t, k)) {
				*full = true;
				k++;
			}
			return k;
		}
		return 0;
	}
	/* March 3[,] [2024]; March 2024; marzo de 2024 */
	if (is_month(t, i) && i + 1 < t->n) {
		k = i + 1;
		/* March the 4th */
		if (teq(t, k, "the") && k + 1 < t->n && is_day(t, k + 1))
			k++;
		if (is_day(t, k)) {
			k++;
			if (k < t->n && is_year(t, k)) {
				*full = true;
				k++;
			}
			return k;
		}
		if (joiner(t, k) && k + 1 < t->n && is_year(t, k + 1))
			k++;
		if (is_year(t, k)) {
			*full = true;
			return k + 1;
		}
	}
	return 0;
}

size_t deid_date_at(const char *s, const dtoks *t, size_t i)
{
	bool full;
	size_t e = date_at(s, t, i, &full);

	return full ? e : 0;
}

rf_status deid_find_birthdates(const char *s, const dtoks *t, bool child_named, dspans *sp)
{
	rf_status st;

	for (size_t i = 0; i < t->n; i++) {
		size_t kw = plist_at(&births, t, i), end;
		bool full;
		/* "b. 03/04/2024" */
		if (kw == 0 && teq(t, i, "b") && t->v[i].e < strlen(s) && s[t->v[i].e] == '.')
			kw = 1;
		if (kw == 0) {
			/* any full date in a text that names a listed child */
			if (child_named && (end = deid_date_at(s, t, i)) > i) {
				st = deid_span_add(sp, t->v[i].s, t->v[end - 1].e, DEID_BIRTHDATE, -1);
				if (st != RF_OK)
					return st;
				i = end - 1;
			}
			continue;
		}
		for (size_t d = i + kw; d < t->n && d <= i + kw + 5; d++) {
			end = date_at(s, t, d, &full);
			/* "born in 2023": a year alone, close to the birth word */
			if (end <= d && d <= i + kw + 2 && is_year(t, d))
				end = d + 1;
			if (end > d) {
				st = deid_span_add(sp, t->v[d].s, t->v[end - 1].e, DEID_BIRTHDATE, -1);
				if (st != RF_OK)
					return st;
				i = end - 1;
				break;
			}
		}
	}
	return RF_OK;
}

/* ---- addresses ---- */

static const char *const suffix_plain[] = {
    "street", "st", "road", "rd", "avenue", "ave", "av", "lane", "ln", "drive", "dr", "close",
    "court", "ct", "way", "place", "pl", "boulevard", "blvd", "crescent", "cres", "terrace",
    "tce", "gardens", "gdns", "grove", "square", "sq", "row", "walk", "mews", "parkway",
    "pkwy", "highway", "hwy", "circle", "cir", "trail", "hill", "green", "park", "rise",
    "vale", "view", "heights", "estate", NULL,
};
static plist suffixes = {.plain = suffix_plain};

/* Street words strong enough in small letters: "on oak street". */
static const char *const strong_plain[] = {
    "street", "st", "road", "rd", "avenue", "ave", "lane", "boulevard", "blvd", "highway",
    "parkway", "terrace", "crescent", NULL,
};
static plist strong = {.plain = strong_plain};

static const char *const first_plain[] = {
    "calle", "c", "avenida", "avda", "av", "paseo", "plaza", "camino", "carretera", "ronda",
    "travesía", "callejón", "glorieta", "pasaje", "urbanización", "urb", "barrio",
    "colonia", "col", "rua", "rue", NULL,
};
static plist firsts = {.plain = first_plain};

static const char *const stop_plain[] = {
    "the", "a", "an", "this", "that", "her", "his", "their", "our", "my", "your", "its",
    "same", "long", "busy", "quiet", "other", "next", "one", "el", "la", "una", "un", "esa",
    "esta", "su", "mi", NULL,
};
static plist stops = {.plain = stop_plain};

static const char *const article_plain[] = {"de", "la", "del", "los", "las", "el", "san",
					    "santa", "das", "dos", "da", "do", "des", "du", NULL};
static plist articles = {.plain = article_plain};

/* Street names written as one word: Hauptstraße 5, Lindenweg 12a, Keizersgracht 123. */
static const char *const compound_plain[] = {
    "strasse", "straße", "str", "weg", "allee", "gasse", "platz", "damm", "straat", "laan",
    "gracht", "plein", "vej", "gade", "gatan", "vägen", "veien", "gata", "katu", NULL,
};
static plist compounds = {.plain = compound_plain};

/* ---- the first words of every list's phrases, in one table ---- */

static plist *const kw_lists[] = {&births, &monthl,   &daywords, &suffixes,
				  &strong, &firsts,   &stops,	 &articles};
#define KW_SLOTS 1024 /* a power of two, well over the words of all lists */
/* A slot: the word's hash and the bits of the lists with a phrase starting with it (0:
 * empty), apart from the word itself, so that the look-up of a word on no list (most) reads
 * 8 KiB of table at most. */
typedef struct kwslot {
	uint32_t h;
	uint32_t lists;
} kwslot;
static kwslot kwtab[KW_SLOTS];
static struct {
	const char *w;
	size_t len;
} kwword[KW_SLOTS];
static bool kw_made;

/* The words deid_find_addresses compares a token with (teq) where a street by number or a
 * PO box starts: as they are written there, not folded again. */
static const char *const addr_literal[] = {"carrera", "cra", "transversal", "diagonal", "po",
					   "p", "post", "apartado", "apdo", NULL};
#define KW_LITERAL ((uint32_t)1 << 31)

static void kw_put(const char *w, size_t len, uint32_t h, uint32_t bit)
{
	size_t at = h & (KW_SLOTS - 1);

	while (kwtab[at].lists != 0 &&
	       !(kwtab[at].h == h && kwword[at].len == len && memcmp(kwword[at].w, w, len) == 0))
		at = (at + 1) & (KW_SLOTS - 1);
	kwword[at].w = w;
	kwword[at].len = len;
	kwtab[at].h = h;
	kwtab[at].lists |= bit;
}

/* Token i may be one of addr_literal (unmarked tokens: any may). */
static inline bool literal_at(const dtoks *t, size_t i)
{
	return !t->marked || (t->v[i].kw & KW_LITERAL);
}

static void kw_make(void)
{
	if (kw_made)
		return;
	for (size_t b = 0; b < sizeof kw_lists / sizeof kw_lists[0]; b++) {
		plist *l = kw_lists[b];
		plist_make(l);
		l->bit = (uint32_t)1 << b;
		l->single = true;
		for (size_t k = 0; k < l->n; k++)
			l->single = l->single && l->p[k].n == 1;
		for (size_t k = 0; k < l->n; k++)
			kw_put(l->p[k].w[0], l->p[k].len, l->p[k].h, l->bit);
	}
	for (size_t k = 0; addr_literal[k] != NULL; k++)
		kw_put(addr_literal[k], strlen(addr_literal[k]),
		       deid_hash(addr_literal[k], strlen(addr_literal[k])), KW_LITERAL);
	kw_made = true;
}

void deid_patterns_ready(void)
{
	kw_make();
	plist_make(&compounds);
}

/* memcmp(a, b, n) == 0 for the short words of the lists, without a call */
static inline bool same_bytes(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

void deid_mark_words(dtoks *t)
{
	kw_make();
	for (size_t i = 0; i < t->n; i++) {
		dtok *k = &t->v[i];
		size_t at = k->h & (KW_SLOTS - 1);
		k->kw = 0;
		for (; kwtab[at].lists != 0; at = (at + 1) & (KW_SLOTS - 1))
			if (kwtab[at].h == k->h && kwword[at].len == k->flen &&
			    same_bytes(kwword[at].w, deid_tf(t, i), k->flen)) {
				k->kw = kwtab[at].lists;
				break;
			}
	}
	t->marked = true;
}

static bool street_compound(const dtoks *t, size_t i)
{
	const char *w = deid_tf(t, i);
	size_t n = t->v[i].flen;

	plist_make(&compounds);
	for (size_t k = 0; k < compounds.n; k++) {
		size_t sl = strlen(compounds.p[k].w[0]);
		if (n > sl + 1 && memcmp(w + n - sl, compounds.p[k].w[0], sl) == 0)
			return true;
	}
	return false;
}

static inline bool house_number(const dtoks *t, size_t i)
{
	const char *w = deid_tf(t, i);
	size_t d = 0;

	if (w[0] < '0' || w[0] > '9')
		return false; /* most words */
	while (isdigit((unsigned char)w[d]))
		d++;
	if (d == 0 || d > 5)
		return false;
	return w[d] == '\0' || (isalpha((unsigned char)w[d]) && w[d + 1] == '\0');
}

/* The raw word of token i, ASCII upper-cased, into b. */
static size_t raw_upper(const char *s, const dtok *k, char *b, size_t cap)
{
	size_t n = 0;

	for (size_t i = k->s; i < k->e && n + 1 < cap; i++)
		b[n++] = (char)toupper((unsigned char)s[i]);
	b[n] = '\0';
	return n;
}

/* UK postcode: "SW1A 1AA", "m1 1ae", "SW1A1AA". */
static bool postcode_out(const char *w, size_t n)
{
	size_t i = 0;

	while (i < n && i < 2 && isalpha((unsigned char)w[i]))
		i++;
	if (i == 0 || i >= n || !isdigit((unsigned char)w[i]))
		return false;
	i++;
	if (i < n && isalnum((unsigned char)w[i]))
		i++;
	return i == n;
}

static bool postcode_in(const char *w, size_t n)
{
	return n == 3 && isdigit((unsigned char)w[0]) && isalpha((unsigned char)w[1]) &&
	       isalpha((unsigned char)w[2]);
}

static bool postcode(const char *s, const dtoks *t, size_t i, size_t *end)
{
	char a[16], b[16];
	size_t an, bn;

	if (t->v[i].e - t->v[i].s > 8)
		return false;
	/* Every outward code (either way below) has a digit second or third: most words have
	 * none, and need not be copied. */
	if (t->v[i].e - t->v[i].s < 2 || !(isdigit((unsigned char)s[t->v[i].s + 1]) ||
					   (t->v[i].e - t->v[i].s > 2 &&
					    isdigit((unsigned char)s[t->v[i].s + 2]))))
		return false;
	an = raw_upper(s, &t->v[i], a, sizeof a);
	/* "SW1A1AA" in one */
	if (an >= 5 && an <= 7 && postcode_in(a + an - 3, 3) && postcode_out(a, an - 3) &&
	    (t->v[i].flags & T_ALLUPPER)) {
		*end = i + 1;
		return true;
	}
	if (i + 1 >= t->n || t->v[i + 1].s != t->v[i].e + 1 || s[t->v[i].e] != ' ')
		return false;
	bn = raw_upper(s, &t->v[i + 1], b, sizeof b);
	if (postcode_out(a, an) && postcode_in(b, bn)) {
		*end = i + 2;
		return true;
	}
	return false;
}

/* Sentence punctuation between two words ("camino. Al" is no street). */
static bool stop_between(const char *s, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++)
		if (s[i] == '.' || s[i] == ',' || s[i] == ';' || s[i] == ':' || s[i] == '!' ||
		    s[i] == '?' || s[i] == '\n')
			return true;
	return false;
}

/* A street word in small letters ("8 beech close") one or two words after the house number
 * i, one space apart, and ending its clause: "2 girls close to mum" is no address. */
static bool clause_end(const char *s, const dtoks *t, size_t i, size_t k)
{
	char c = s[t->v[k].e];

	if (k > i + 3)
		return false;
	for (size_t m = i; m < k; m++)
		if (t->v[m + 1].s != t->v[m].e + 1 || s[t->v[m].e] != ' ')
			return false;
	return c == '\0' || c == '.' || c == ',' || c == ';' || c == '\n';
}

/* N, S, E, W, NE ... in "1234 W Main St" */
static bool direction(const dtoks *t, size_t i)
{
	static const char *const d[] = {"n", "s", "e", "w", "ne", "nw", "se", "sw", NULL};

	for (size_t k = 0; d[k] != NULL; k++)
		if (teq(t, i, d[k]))
			return true;
	return false;
}

static bool cap(const dtoks *t, size_t i)
{
	return (t->v[i].flags & T_UPPER) != 0;
}

static bool us_state(const char *s, const dtok *k)
{
	return k->e - k->s == 2 && isupper((unsigned char)s[k->s]) &&
	       isupper((unsigned char)s[k->s + 1]);
}

/* Can any form below start in these tokens? Each needs a digit (a house number, a ZIP, a
 * postcode: in the text as written, or a fullwidth one in a folded word), a street word
 * ("Street", "Road") or a word that opens a street ("calle", "PO", "apartado"): most texts
 * of a journal have none, and the look at every token is skipped. */
static bool address_possible(const char *s, const dtoks *t)
{
	uint32_t words = suffixes.bit | firsts.bit | KW_LITERAL;

	(void)s;
	if (!t->marked || t->digits)
		return true;
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].kw & words)
			return true;
	return false;
}

rf_status deid_find_addresses(const char *s, const dtoks *t, dspans *sp)
{
	rf_status st;

	if (!address_possible(s, t))
		return RF_OK;

	for (size_t i = 0; i < t->n; i++) {
		size_t end = 0, start = i, k;
		/* the number and the street in one clause: "call 0161 496 0958. The Whitfields
		 * came" is no address */
		if (house_number(t, i) && i + 1 < t->n && !stop_between(s, t->v[i].e, t->v[i + 1].s)) {
			/* 12 Oak Street, 221b baker st, 14 The Green */
			for (k = i + 1; k < t->n && k <= i + 5; k++) {
				if (k > i + 1 && plist_at(&suffixes, t, k) == 1 &&
				    (cap(t, k) || plist_at(&strong, t, k) == 1 ||
				     cap(t, k - 1) || clause_end(s, t, i, k))) {
					end = k + 1;
					break;
				}
				if (!(t->v[k].flags & T_ALPHA) || plist_at(&stops, t, k) > 0 ||
				    (t->v[k].letters < 2 && !direction(t, k)))
					if (!(k == i + 1 && teq(t, k, "the") && cap(t, k)))
						break;
			}
			if (end == 0 && i + 2 < t->n && teq(t, i + 1, "the") && cap(t, i + 1) &&
			    cap(t, i + 2))
				end = i + 3;
		}
		/* on Oak Street, on oak street, in Elm Grove */
		if (end == 0 && (t->v[i].flags & T_ALPHA) && plist_at(&stops, t, i) == 0 &&
		    t->v[i].letters >= 2 && i + 1 < t->n && plist_at(&suffixes, t, i + 1) == 1) {
			bool capped = cap(t, i) && cap(t, i + 1) &&
				      !deid_word_vocabulary(deid_tf(t, i), t->v[i].flen);
			bool lower = plist_at(&strong, t, i + 1) == 1 && i > 0 &&
				     (teq(t, i - 1, "on") || teq(t, i - 1, "off") ||
				      teq(t, i - 1, "in") || teq(t, i - 1, "at") ||
				      teq(t, i - 1, "near") || teq(t, i - 1, "along"));
			if (capped || lower) {
				start = i;
				if (i > 0 && cap(t, i - 1) && (t->v[i - 1].flags & T_ALPHA) &&
				    plist_at(&stops, t, i - 1) == 0 && !teq(t, i - 1, "on") &&
				    !deid_word_vocabulary(deid_tf(t, i - 1), t->v[i - 1].flen))
					start = i - 1;
				end = i + 2;
				if (end < t->n && house_number(t, end))
					end++;
			}
		}
		/* calle Mayor 5, c/ Mayor, avenida de la Paz 10, Plaza de España */
		if (end == 0 && plist_at(&firsts, t, i) == 1 && i + 1 < t->n &&
		    (!teq(t, i, "c") || s[t->v[i].e] == '/') &&
		    (!teq(t, i, "col") || s[t->v[i].e] == '.') &&
		    (t->v[i].flen <= 4 || !stop_between(s, t->v[i].e, t->v[i + 1].s))) {
			k = i + 1;
			while (k < t->n && k <= i + 4 && plist_at(&articles, t, k) == 1)
				k++;
			if (k < t->n && (cap(t, k) || (house_number(t, k + 1 < t->n ? k + 1 : k) &&
						       (t->v[k].flags & T_ALPHA)))) {
				end = k + 1;
				while (end < t->n && end <= k + 3 && cap(t, end))
					end++;
				if (end < t->n && (teq(t, end, "n") || teq(t, end, "no") ||
						   teq(t, end, "nurnero")))
					end++;
				if (end < t->n && house_number(t, end))
					end++;
			}
		}
		/* streets by number: Calle 45 # 12-34, Carrera 7 No. 45-10 */
		if (end == 0 && (plist_at(&firsts, t, i) == 1 ||
				 (literal_at(t, i) &&
				  (teq(t, i, "carrera") || teq(t, i, "cra") ||
				   teq(t, i, "transversal") || teq(t, i, "diagonal")))) &&
		    i + 1 < t->n && house_number(t, i + 1)) {
			k = i + 2;
			if (k < t->n && (teq(t, k, "no") || teq(t, k, "n")))
				k++;
			if (k + 1 < t->n && is_num(t, k, 3) && is_num(t, k + 1, 3) &&
			    s[t->v[k].e] == '-' && t->v[k + 1].s == t->v[k].e + 1)
				end = k + 2;
		}
		/* PO Box 123, P.O. Box 12, Post Office Box 9, Apartado (de Correos) 45, Apdo. 45 */
		if (end == 0 && literal_at(t, i)) {
			k = i;
			if (teq(t, k, "po") || (teq(t, k, "p") && teq(t, k + 1, "o")))
				k += teq(t, k, "po") ? 1 : 2;
			else if (teq(t, k, "post") && teq(t, k + 1, "offlce"))
				k += 2;
			if (k > i && teq(t, k, "box") && k + 1 < t->n && house_number(t, k + 1))
				end = k + 2;
			if (teq(t, i, "apartado") || teq(t, i, "apdo")) {
				k = i + 1;
				if (teq(t, k, "de") && teq(t, k + 1, "correos"))
					k += 2;
				if (k < t->n && house_number(t, k))
					end = k + 1;
			}
		}
		/* ZIP: IL 62704, 62704-1234; 28013 Madrid */
		if (end == 0 && t->v[i].flen == 5 && digits_only(t, i)) {
			if (i > 0 && us_state(s, &t->v[i - 1])) {
				start = i - 1;
				end = i + 1;
			} else if (i + 1 < t->n && t->v[i + 1].flen == 4 && digits_only(t, i + 1) &&
				   s[t->v[i].e] == '-' && t->v[i + 1].s == t->v[i].e + 1) {
				end = i + 2;
			} else if (i + 1 < t->n && cap(t, i + 1) && deid_tf(t, i)[0] <= '5' &&
				   !stop_between(s, t->v[i].e, t->v[i + 1].s)) {
				/* 28013 Madrid, 08001 Barcelona */
				end = i + 2;
			} else if (i > 0 && (teq(t, i - 1, "zlp") || teq(t, i - 1, "cp") ||
					     teq(t, i - 1, "postal") || teq(t, i - 1, "postcode"))) {
				start = i - 1;
				end = i + 1;
			} else if (i > 1 && teq(t, i - 1, "code") &&
				   (teq(t, i - 2, "zlp") || teq(t, i - 2, "postal") ||
				    teq(t, i - 2, "post"))) {
				/* ZIP code 90012, postal code 10027 */
				start = i - 2;
				end = i + 1;
			}
			if (end != 0 && i > 0 && us_state(s, &t->v[i - 1]))
				start = i - 1;
		}
		if (end == 0 && (t->v[i].flags & T_UPPER) && i + 1 < t->n && house_number(t, i + 1) &&
		    street_compound(t, i))
			end = i + 2;
		if (end == 0)
			postcode(s, t, i, &end);
		if (end > i) {
			st = deid_span_add(sp, t->v[start].s, t->v[end - 1].e, DEID_ADDRESS, -1);
			if (st != RF_OK)
				return st;
			i = end - 1;
		}
	}
	return RF_OK;
}
