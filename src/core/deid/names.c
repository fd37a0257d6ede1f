/* names.c - names in a text: every variant of a listed name (each part, possessives, titles,
 * initials, hyphenated and glued compounds, one-letter scripts in a row) and possible names
 * nobody listed (capitalised words that no word list of the text's language knows). */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "deid_int.h"
#include "reflect/text.h"

/* The bytes between two words join one name: spaces, NBSP, hyphens, dashes, line breaks. */
static bool name_gap(const char *s, size_t a, size_t b)
{
	if (b - a > 12)
		return false;
	for (size_t i = a; i < b;) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '-') {
			i++;
		} else if (c == 0xC2 && i + 1 < b &&
			   ((unsigned char)s[i + 1] == 0xA0 || (unsigned char)s[i + 1] == 0xAD)) {
			i += 2;
		} else if (c == 0xE2 && i + 2 < b && (unsigned char)s[i + 1] == 0x80 &&
			   (((unsigned char)s[i + 2] >= 0x90 && (unsigned char)s[i + 2] <= 0x94) ||
			    (unsigned char)s[i + 2] == 0xAF || (unsigned char)s[i + 2] == 0x8B)) {
			i += 3;
		} else {
			return false;
		}
	}
	return true;
}

static bool text_hyphen(char c)
{
	return c == '-';
}

/* An initial or a title may be followed by a dot. */
static bool dotted_gap(const char *s, size_t a, size_t b)
{
	if (a < b && s[a] == '.')
		a++;
	return name_gap(s, a, b);
}

/* A listed part written with digits for letters ("J4ylen", "JAYL3N"; 0 and 1 already fold to
 * o and l): the node, or -1. Only for a word of letters and such digits, two letters at least. */
static int listed_as_digits(const deid_list *l, const char *w, size_t n)
{
	char b[64];
	size_t letters = 0;
	bool digit = false;

	if (n >= sizeof b)
		return -1;
	for (size_t i = 0; i < n; i++) {
		char c = w[i];
		if (c == '3' || c == '4' || c == '5' || c == '7') {
			b[i] = c == '3' ? 'e' : c == '4' ? 'a' : c == '5' ? 's' : 't';
			digit = true;
		} else if (c >= '0' && c <= '9') {
			return -1;
		} else {
			b[i] = c;
			letters += (unsigned char)c >= 'a' && (unsigned char)c <= 'z';
		}
	}
	return digit && letters >= 2 ? deid_find_part(l, b, n, -1) : -1;
}

/* Token i of t on the identifiers list (a part, a part with a plural or possessive s, or a
 * glued compound that starts or ends with a part): its first node, or -1. */
int deid_listed(const deid_list *l, const dtoks *t, size_t i)
{
	const dtok *k = &t->v[i];
	const char *w = deid_tf(t, i);
	int n;

	if (l == NULL || l->nnode == 0 || !(k->flags & T_ALPHA))
		return -1;
	if ((n = deid_find_part(l, w, k->flen, -1)) >= 0)
		return n;
	if (k->flen > 3 && w[k->flen - 1] == 's' && (n = deid_find_part(l, w, k->flen - 1, -1)) >= 0)
		return n;
	if ((n = listed_as_digits(l, w, k->flen)) >= 0)
		return n;
	if (k->flen >= 5) {
		size_t min = (k->flags & T_UPPER) ? 3 : 4;
		bool cap = (k->flags & T_UPPER) != 0;
		for (size_t L = min; L + 2 <= k->flen && L < 64; L++) {
			size_t r = k->flen - L;
			if (!(l->lengths & ((uint64_t)1 << L)))
				continue;
			/* glued to another listed name or a word ("jaylenokafor", "Okaforsmith"),
			 * not to any letters at all ("mayapple"), and not a word itself */
			if ((n = deid_find_part(l, w, L, -1)) >= 0 &&
			    (cap || deid_find_part(l, w + L, r, -1) >= 0 ||
			     (r >= 3 && deid_word_known(w + L, r))) &&
			    !deid_word_known(w, k->flen))
				return n;
			if ((n = deid_find_part(l, w + r, L, -1)) >= 0 &&
			    (cap || deid_find_part(l, w, r, -1) >= 0 || (r >= 3 && deid_word_known(w, r))) &&
			    !deid_word_known(w, k->flen))
				return n;
		}
	}
	return -1;
}

/* The word before token i ends a sentence (or there is none). */
static bool sentence_start(const char *s, const dtoks *t, size_t i)
{
	size_t p = t->v[i].s;
	size_t lim = i > 0 ? t->v[i - 1].e : 0;

	if (t->v[i].flags & T_CAMEL)
		return false;
	while (p > lim) {
		unsigned char c = (unsigned char)s[p - 1];
		if (c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == '\n')
			return true;
		if (c == ' ' || c == '\t' || c == '\r' || c == '"' || c == '\'' || c == '(' ||
		    c == '[' || c == '*' || c == '_' || c == '#' || c == '-' || c == '>' ||
		    c >= 0x80) {
			/* quotes, brackets, bullets; “ ” ¿ ¡ « byte by byte */
			p--;
			continue;
		}
		return false;
	}
	return i == 0;
}

/* ' or ’ between a word and its s. */
static bool possessive_gap(const char *s, size_t a, size_t b)
{
	return (b == a + 1 && s[a] == '\'') ||
	       (b == a + 3 && memcmp(s + a, "\xE2\x80\x99", 3) == 0);
}

/* The language of a text, from its small words: DEID_LANG_EN, DEID_LANG_ES, or both (0) when
 * it cannot tell. */
static int text_lang(const dtoks *t)
{
	size_t en = 0, es = 0;

	for (size_t i = 0; i < t->n; i++) {
		int g;
		if (!(t->v[i].flags & T_LOWER1) || t->v[i].letters < 2)
			continue;
		g = deid_word_langs_h(deid_tf(t, i), t->v[i].flen, t->v[i].h);
		if (g == DEID_LANG_EN)
			en++;
		else if (g == DEID_LANG_ES)
			es++;
	}
	if (en >= 2 && en >= 3 * es)
		return DEID_LANG_EN;
	if (es >= 2 && es >= 3 * en)
		return DEID_LANG_ES;
	return 0;
}

/* Token j a capitalised ordinary word that no word list writes with a capital ("Sociales",
 * "Temprana"; not "Hope", "Cruz", which English lists as names too), within a sentence (not
 * "Today" in "Today Precious held...") and no kin word ("Tía" in "Tía Rocío"). */
static bool common_capital(const char *s, const dtoks *t, size_t j, int lang)
{
	const dtok *k = &t->v[j];
	const char *w = deid_tf(t, j);

	if (!(k->flags & T_UPPER) || !(k->flags & T_ALPHA) || (k->flags & T_ALLUPPER) ||
	    k->letters < 2 || deid_word_proper(w, k->flen) || deid_word_kin(w, k->flen))
		return false;
	return (deid_word_known_in(w, k->flen, lang) || deid_word_vocabulary(w, k->flen)) &&
	       !sentence_start(s, t, j);
}

/* A word in the word list of lang (0: either) as it is, or as its plural ("dolores"), or
 * known vocabulary: not through the other inflection rules. */
static bool listed_word(const char *w, size_t n, int lang)
{
	int in = lang ? lang : DEID_LANG_EN | DEID_LANG_ES;

	if ((deid_word_langs(w, n) & in) || deid_word_vocabulary(w, n))
		return true;
	if (n > 2 && w[n - 1] == 's' &&
	    ((deid_word_langs(w, n - 1) & in) || deid_word_vocabulary(w, n - 1)))
		return true; /* GPs, dolores */
	return n > 4 && w[n - 1] == 's' && w[n - 2] == 'e' && (deid_word_langs(w, n - 2) & in);
}

/* Token i of t a possible name nobody listed? lang: the text's language (0: unknown). */
static bool possible_name(const deid_list *l, const char *s, const dtoks *t, size_t i, int *langp)
{
	const dtok *k = &t->v[i];
	const char *w = deid_tf(t, i);
	int lang;

	if (!(k->flags & T_UPPER) || !(k->flags & T_ALPHA) || k->letters < 2)
		return false;
	for (size_t b = k->s; b < k->e; b++)
		if (isdigit((unsigned char)s[b]))
			return false;
	if ((k->flags & T_ALLUPPER) && k->letters <= 5)
		return false; /* NICU, IMH, OK: abbreviations */
	if (deid_word_capitalised(w, k->flen) || deid_word_title(w, k->flen) ||
	    (l != NULL && deid_is_safe(l, w, k->flen)))
		return false;
	/* after a title: Mrs Smith, Sra. García */
	if (i > 0 && deid_word_title(deid_tf(t, i - 1), t->v[i - 1].flen) &&
	    (t->v[i - 1].flags & T_UPPER) && dotted_gap(s, t->v[i - 1].e, k->s))
		return true;
	/* the text's language, the first time a capitalised word needs it (most words are not) */
	if (*langp < 0)
		*langp = text_lang(t);
	lang = *langp;
	if (!deid_word_known_in(w, k->flen, lang) && !deid_word_vocabulary(w, k->flen))
		return true;
	/* capitals throughout say nothing of names: only an unknown word counts (CANARY) */
	if (k->flags & T_ALLUPPER)
		return false;
	/* Lucía's knee: a possessive is English, so the word must be an English one */
	if (i + 1 < t->n && t->v[i + 1].flen == 1 && deid_tf(t, i + 1)[0] == 's' &&
	    possessive_gap(s, k->e, t->v[i + 1].s) &&
	    (!deid_word_english(w, k->flen) || deid_word_proper(w, k->flen) ||
	     !sentence_start(s, t, i)))
		return true;
	/* At a sentence's start a word that English lists as a name ("Pedro", "Teresa") is that
	 * name when it is only known through an inflection rule (not a Spanish verb, which starts
	 * sentences: "Miró a su madre"); in Spanish also when it is no English word at all:
	 * Debian's Spanish list holds given names in small letters ("pedro", "teresa"), and a
	 * bare noun seldom starts a Spanish sentence. */
	if (sentence_start(s, t, i) && deid_word_proper(w, k->flen)) {
		bool listed = listed_word(w, k->flen, lang);
		if (!listed && (lang == DEID_LANG_EN || !deid_word_verb_es(w, k->flen)))
			return true;
		if (listed && lang == DEID_LANG_ES && !(deid_word_langs(w, k->flen) & DEID_LANG_EN) &&
		    !deid_word_vocabulary(w, k->flen))
			return true;
	}
	if (sentence_start(s, t, i))
		return false; /* known: an ordinary word that starts a sentence */
	/* Ordinary words in title case side by side name a service, not a person: "Servicios
	 * Sociales", "Atención Temprana", "Child Protective Services". */
	if (common_capital(s, t, i, lang) &&
	    ((i > 0 && name_gap(s, t->v[i - 1].e, k->s) && common_capital(s, t, i - 1, lang)) ||
	     (i + 1 < t->n && name_gap(s, k->e, t->v[i + 1].s) &&
	      common_capital(s, t, i + 1, lang))))
		return false;
	/* Capitalised within a sentence, and not a word of the kind written with a capital
	 * (days, months, languages, Mum, services...): a name ("with Hope", "con Rocío"). */
	return true;
}

/* The identifier a run of listed words names: the one most of them are parts of; -2 when
 * several persons share the words (a family name). */
static int which_ident(const deid_list *l, const dtoks *t, const int *first, size_t a, size_t b)
{
	int best = -1, bestn = 0, ties = 0;

	for (int n = first[a]; n >= 0; n = deid_find_part(l, l->node[n].w, l->node[n].wl, n)) {
		int id = l->node[n].ident, cnt = 0;
		for (size_t i = a; i <= b; i++) {
			if (first[i] < 0)
				continue;
			for (size_t p = 0; p < l->v[id].nparts; p++)
				if (strcmp(l->v[id].part[p], l->node[first[i]].w) == 0 ||
				    strcmp(l->v[id].part[p], deid_tf(t, i)) == 0) {
					cnt++;
					break;
				}
		}
		if (cnt > bestn) {
			best = id;
			bestn = cnt;
			ties = 0;
		} else if (cnt == bestn && id != best && strcmp(l->v[id].text, l->v[best].text) != 0) {
			ties++;
		}
	}
	if (ties > 0 && best >= 0 && l->v[best].person)
		return -2;
	return best;
}

/* Names in t: listed ones (with their titles and initials) and possible ones. *child is set
 * when a listed child is named. */
rf_status deid_find_names(const deid_list *l, const char *s, const dtoks *t, dspans *sp,
			    bool *child, int **scratch, size_t *scap, bool listed_only)
{
	rf_status st;
	int *first, lang = -1; /* not known yet */

	*child = false;
	if ((st = deid_grow((void **)scratch, scap, t->n + 1, sizeof **scratch)) != RF_OK)
		return st;
	first = *scratch;
	for (size_t i = 0; i < t->n; i++)
		first[i] = l == NULL || l->nnode == 0 ? -1 : deid_listed(l, t, i);
	/* identifiers of one-letter words, in a row */
	for (size_t i = 0; l != NULL && l->nnode > 0 && i < t->n; i++) {
		const char *w = deid_tf(t, i);
		if (first[i] >= 0 || t->v[i].letters != 1)
			continue;
		for (int k = deid_find_node(l, w, t->v[i].flen, -1); k >= 0;
		     k = deid_find_node(l, w, t->v[i].flen, k)) {
			const ident *d;
			size_t m;
			if (!l->node[k].seq)
				continue;
			d = &l->v[l->node[k].ident];
			if (d->nparts > t->n - i)
				continue;
			for (m = 1; m < d->nparts; m++)
				if (strcmp(deid_tf(t, i + m), d->part[m]) != 0 ||
				    !name_gap(s, t->v[i + m - 1].e, t->v[i + m].s))
					break;
			if (m < d->nparts)
				continue;
			for (m = 0; m < d->nparts; m++)
				first[i + m] = k;
			break;
		}
	}
	for (size_t i = 0; i < t->n; i++) {
		size_t a = i, b = i, start;
		int id;
		if (first[i] < 0) {
			/* (only a capitalised word may be one) */
			if (l != NULL && !listed_only && (t->v[i].flags & T_UPPER) &&
			    possible_name(l, s, t, i, &lang)) {
				/* a run of capitalised unknown words is one name */
				while (b + 1 < t->n && first[b + 1] < 0 &&
				       name_gap(s, t->v[b].e, t->v[b + 1].s) &&
				       possible_name(l, s, t, b + 1, &lang))
					b++;
				if (a > 0 && deid_word_title(deid_tf(t, a - 1), t->v[a - 1].flen) &&
				    dotted_gap(s, t->v[a - 1].e, t->v[a].s))
					a--;
				if ((st = deid_span_add(sp, t->v[a].s, t->v[b].e, DEID_NAME, -1)) !=
				    RF_OK)
					return st;
				i = b;
			}
			continue;
		}
		while (b + 1 < t->n && first[b + 1] >= 0 && name_gap(s, t->v[b].e, t->v[b + 1].s))
			b++;
		id = which_ident(l, t, first, a, b);
		/* Okafor-Smith: a hyphenated family name goes with it */
		while (b + 1 < t->n && (t->v[b + 1].flags & T_UPPER) &&
		       t->v[b + 1].s == t->v[b].e + 1 && text_hyphen(s[t->v[b].e]))
			b++;
		start = a;
		/* J. Okafor; Mr Okafor; Sra. García; Dr. J. Okafor */
		if (start > 0 && t->v[start - 1].letters == 1 && (t->v[start - 1].flags & T_UPPER) &&
		    dotted_gap(s, t->v[start - 1].e, t->v[start].s))
			start--;
		if (start > 0 && deid_word_title(deid_tf(t, start - 1), t->v[start - 1].flen) &&
		    dotted_gap(s, t->v[start - 1].e, t->v[start].s))
			start--;
		if (id >= 0 && strcmp(l->v[id].kind, "child") == 0)
			*child = true;
		if ((st = deid_span_add(sp, t->v[start].s, t->v[b].e, DEID_IDENTIFIER, id)) != RF_OK)
			return st;
		i = b;
	}
	return RF_OK;
}

/* Everything identifying in one text. */
