/* deid.c - de-identification: the sealed identifiers list, detection of identifying details in
 * an entry's texts (identifiers as whole words, emails, phone numbers, dates of birth, street
 * addresses and postcodes, in several languages) and their redaction. */
#include "reflect/deid.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>
#include <utf8proc.h>

#include "reflect/text.h"

/* ---- small helpers ---- */

static void wipe_free(char **s)
{
	if (s == NULL || *s == NULL)
		return;
	sodium_memzero(*s, strlen(*s));
	free(*s);
	*s = NULL;
}

static char *dup_n(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d == NULL)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

/* Grow *v (element size sz) to hold at least need elements; overflow-checked. */
static rf_status grow(void **v, size_t *cap, size_t need, size_t sz)
{
	size_t ncap;
	void *nv;

	if (need <= *cap)
		return RF_OK;
	ncap = *cap ? *cap : 16;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return RF_ERR_NOMEM;
		ncap *= 2;
	}
	if (ncap > SIZE_MAX / sz)
		return RF_ERR_NOMEM;
	nv = realloc(*v, ncap * sz);
	if (nv == NULL)
		return RF_ERR_NOMEM;
	*v = nv;
	*cap = ncap;
	return RF_OK;
}

static uint32_t fnv(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

/* ---- tokens: runs of letters, marks and digits, folded for matching ---- */

enum { T_DIGITS = 1, T_UPPER = 2, T_ALLUPPER = 4 };

typedef struct tok {
	size_t s, e;	/* bytes of the original text */
	size_t f, flen; /* the folded form in toks.fold */
	uint32_t h;	/* hash of the folded form */
	unsigned flags;
} tok;

typedef struct toks {
	tok *v;
	size_t n, cap;
	char *fold;
	size_t flen, fcap;
} toks;

static void toks_clear(toks *t)
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

static bool word_cp(int32_t cp)
{
	utf8proc_category_t c = utf8proc_category(cp);

	return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO);
}

static rf_status toks_push(toks *t, const char *text, size_t s, size_t e)
{
	const char *src = text + s;
	size_t n = e - s;
	bool ascii = true;
	unsigned flags = 0;
	rf_status st;
	tok *k;

	for (size_t i = 0; i < n; i++)
		if ((unsigned char)src[i] >= 0x80)
			ascii = false;
	if ((st = grow((void **)&t->v, &t->cap, t->n + 1, sizeof *t->v)) != RF_OK)
		return st;
	k = &t->v[t->n];
	k->s = s;
	k->e = e;
	k->f = t->flen;
	if (ascii) {
		bool digits = true, allup = true;
		if ((st = grow((void **)&t->fold, &t->fcap, t->flen + n + 1, 1)) != RF_OK)
			return st;
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)src[i];
			if (!isdigit(c))
				digits = false;
			if (islower(c))
				allup = false;
			t->fold[t->flen + i] = (char)tolower(c);
		}
		k->flen = n;
		if (digits)
			flags |= T_DIGITS;
		if (isupper((unsigned char)src[0]))
			flags |= T_UPPER;
		if (allup && !digits)
			flags |= T_ALLUPPER;
	} else {
		utf8proc_uint8_t *out = NULL;
		utf8proc_int32_t cp;
		utf8proc_ssize_t fl =
		    utf8proc_map((const utf8proc_uint8_t *)src, (utf8proc_ssize_t)n, &out,
				 UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
				     UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_IGNORE);
		if (fl < 0)
			return RF_ERR_INVALID;
		st = grow((void **)&t->fold, &t->fcap, t->flen + (size_t)fl + 1, 1);
		if (st != RF_OK) {
			free(out);
			return st;
		}
		memcpy(t->fold + t->flen, out, (size_t)fl);
		sodium_memzero(out, (size_t)fl);
		free(out);
		k->flen = (size_t)fl;
		if (utf8proc_iterate((const utf8proc_uint8_t *)src, (utf8proc_ssize_t)n, &cp) > 0 &&
		    utf8proc_category(cp) == UTF8PROC_CATEGORY_LU)
			flags |= T_UPPER;
	}
	t->fold[t->flen + k->flen] = '\0';
	k->h = fnv(t->fold + k->f, k->flen);
	t->flen += k->flen + 1;
	k->flags = flags;
	t->n++;
	return RF_OK;
}

/* Split text into folded word tokens. */
static rf_status tokenize(const char *text, size_t len, toks *t)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
	size_t i = 0, start = 0;
	bool in = false;
	rf_status st;

	t->n = 0;
	t->flen = 0;
	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n;
		if (p[i] < 0x80) {
			/* ASCII, the common case: no table look-up. */
			if (isalnum(p[i])) {
				if (!in) {
					in = true;
					start = i;
				}
			} else if (in) {
				if ((st = toks_push(t, text, start, i)) != RF_OK)
					return st;
				in = false;
			}
			i++;
			continue;
		}
		n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0) {
			cp = -1;
			n = 1;
		}
		if (cp >= 0 && solo_script(cp)) {
			if (in && (st = toks_push(t, text, start, i)) != RF_OK)
				return st;
			in = false;
			if ((st = toks_push(t, text, i, i + (size_t)n)) != RF_OK)
				return st;
		} else if (cp >= 0 && word_cp(cp)) {
			if (!in) {
				in = true;
				start = i;
			}
		} else if (in) {
			if ((st = toks_push(t, text, start, i)) != RF_OK)
				return st;
			in = false;
		}
		i += (size_t)n;
	}
	if (in && (st = toks_push(t, text, start, len)) != RF_OK)
		return st;
	return RF_OK;
}

static const char *tf(const toks *t, size_t i)
{
	return t->fold + t->v[i].f;
}

static bool teq(const toks *t, size_t i, const char *w)
{
	return strcmp(tf(t, i), w) == 0;
}

/* ---- the identifiers list ---- */

typedef struct ident {
	int64_t id;
	char *text;
	char *kind;
	char **tok; /* folded words */
	size_t ntok;
	uint32_t h0; /* hash of the first word */
	bool person;
	int next; /* the next identifier in the same bucket, -1 at the end */
} ident;

#define BUCKETS 256

struct deid_list {
	ident *v;
	size_t n, cap;
	int head[BUCKETS];
};

static const char *const kinds[] = {"child", "parent", "carer", "name", "place", "other"};

bool deid_kind_valid(const char *kind)
{
	if (kind == NULL)
		return false;
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
		if (strcmp(kind, kinds[i]) == 0)
			return true;
	return false;
}

static bool person_kind(const char *kind)
{
	return strcmp(kind, "place") != 0 && strcmp(kind, "other") != 0;
}

rf_status deid_list_new(deid_list **out)
{
	deid_list *l = calloc(1, sizeof *l);

	*out = NULL;
	if (l == NULL)
		return RF_ERR_NOMEM;
	for (int i = 0; i < BUCKETS; i++)
		l->head[i] = -1;
	*out = l;
	return RF_OK;
}

static void ident_clear(ident *d)
{
	wipe_free(&d->text);
	free(d->kind);
	d->kind = NULL;
	for (size_t i = 0; i < d->ntok; i++)
		wipe_free(&d->tok[i]);
	free(d->tok);
	d->tok = NULL;
	d->ntok = 0;
}

rf_status deid_list_add(deid_list *l, int64_t id, const char *text, const char *kind)
{
	toks t = {0};
	ident d = {0};
	rf_status st;

	if (kind == NULL)
		kind = "name";
	if (text == NULL || !deid_kind_valid(kind) || !text_valid_utf8(text, strlen(text)))
		return RF_ERR_INVALID;
	if ((st = tokenize(text, strlen(text), &t)) != RF_OK)
		goto out;
	if (t.n == 0 || t.n > 16) {
		st = RF_ERR_INVALID;
		goto out;
	}
	d.id = id;
	d.text = strdup(text);
	d.kind = strdup(kind);
	d.tok = calloc(t.n, sizeof *d.tok);
	if (d.text == NULL || d.kind == NULL || d.tok == NULL) {
		st = RF_ERR_NOMEM;
		goto out;
	}
	for (size_t i = 0; i < t.n; i++) {
		if ((d.tok[i] = strdup(tf(&t, i))) == NULL) {
			st = RF_ERR_NOMEM;
			goto out;
		}
		d.ntok++;
	}
	d.h0 = t.v[0].h;
	d.person = person_kind(kind);
	if ((st = grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v)) != RF_OK)
		goto out;
	d.next = l->head[d.h0 % BUCKETS];
	l->head[d.h0 % BUCKETS] = (int)l->n;
	l->v[l->n++] = d;
	memset(&d, 0, sizeof d);
out:
	ident_clear(&d);
	toks_clear(&t);
	return st;
}

void deid_list_free(deid_list **l)
{
	if (l == NULL || *l == NULL)
		return;
	for (size_t i = 0; i < (*l)->n; i++)
		ident_clear(&(*l)->v[i]);
	free((*l)->v);
	free(*l);
	*l = NULL;
}

size_t deid_list_count(const deid_list *l)
{
	return l ? l->n : 0;
}

int64_t deid_list_id(const deid_list *l, size_t i)
{
	return i < deid_list_count(l) ? l->v[i].id : 0;
}

const char *deid_list_text(const deid_list *l, size_t i)
{
	return i < deid_list_count(l) ? l->v[i].text : NULL;
}

const char *deid_list_kind(const deid_list *l, size_t i)
{
	return i < deid_list_count(l) ? l->v[i].kind : NULL;
}

struct load_ctx {
	deid_list *l;
	rf_status st;
};

static int load_one(int64_t id, const char *data, size_t len, void *vctx)
{
	struct load_ctx *c = vctx;
	json_t *root = json_loadb(data, len, 0, NULL);
	const char *text, *kind;

	if (root == NULL) {
		c->st = RF_ERR_PARSE;
		return 1;
	}
	text = json_string_value(json_object_get(root, "text"));
	kind = json_string_value(json_object_get(root, "kind"));
	if (kind != NULL && !deid_kind_valid(kind))
		kind = "other";
	if (text != NULL)
		c->st = deid_list_add(c->l, id, text, kind);
	/* Wipe the parsed copy of the name before letting it go. */
	if (text != NULL)
		sodium_memzero((char *)text, strlen(text));
	json_decref(root);
	if (c->st == RF_ERR_INVALID)
		c->st = RF_OK; /* an entry with no words matches nothing; skip it */
	return c->st != RF_OK;
}

rf_status deid_list_load(journal *j, deid_list **out)
{
	struct load_ctx c = {NULL, RF_OK};
	rf_status st;

	*out = NULL;
	if ((st = deid_list_new(&c.l)) != RF_OK)
		return st;
	st = journal_item_each(j, DEID_ITEM_KIND, load_one, &c);
	if (st == RF_OK)
		st = c.st;
	if (st != RF_OK) {
		deid_list_free(&c.l);
		return st;
	}
	*out = c.l;
	return RF_OK;
}

/* True when two identifiers are the same words. */
static bool same_words(const ident *a, const ident *b)
{
	if (a->ntok != b->ntok)
		return false;
	for (size_t i = 0; i < a->ntok; i++)
		if (strcmp(a->tok[i], b->tok[i]) != 0)
			return false;
	return true;
}

rf_status deid_identifier_add(journal *j, const char *text, const char *kind, int64_t *id)
{
	deid_list *have = NULL, *one = NULL;
	json_t *o = NULL;
	char *data = NULL;
	rf_status st;

	*id = 0;
	if (kind == NULL)
		kind = "name";
	if ((st = deid_list_new(&one)) != RF_OK ||
	    (st = deid_list_add(one, 0, text, kind)) != RF_OK)
		goto out;
	if ((st = deid_list_load(j, &have)) != RF_OK)
		goto out;
	for (size_t i = 0; i < have->n; i++) {
		if (same_words(&have->v[i], &one->v[0])) {
			*id = have->v[i].id;
			st = RF_ERR_EXISTS;
			goto out;
		}
	}
	o = json_pack("{s:s, s:s}", "text", text, "kind", kind);
	if (o == NULL || (data = json_dumps(o, JSON_COMPACT)) == NULL) {
		st = RF_ERR_NOMEM;
		goto out;
	}
	st = journal_item_put(j, DEID_ITEM_KIND, id, data, strlen(data));
out:
	if (o != NULL) {
		const char *t = json_string_value(json_object_get(o, "text"));
		if (t != NULL)
			sodium_memzero((char *)t, strlen(t));
		json_decref(o);
	}
	wipe_free(&data);
	deid_list_free(&have);
	deid_list_free(&one);
	return st;
}

rf_status deid_identifier_remove(journal *j, int64_t id)
{
	return journal_item_delete(j, DEID_ITEM_KIND, id);
}

/* ---- spans found in one text ---- */

typedef struct span {
	size_t s, e;
	deid_what what;
	bool person; /* a family member's name: replaced by the family code */
} span;

typedef struct spans {
	span *v;
	size_t n, cap;
} spans;

static rf_status add_span(spans *sp, size_t s, size_t e, deid_what what, bool person)
{
	rf_status st;

	if (e <= s)
		return RF_OK;
	if ((st = grow((void **)&sp->v, &sp->cap, sp->n + 1, sizeof *sp->v)) != RF_OK)
		return st;
	sp->v[sp->n++] = (span){s, e, what, person};
	return RF_OK;
}

/* Identifiers: consecutive folded words equal to an identifier's words. */
static rf_status find_identifiers(const deid_list *l, const toks *t, spans *sp)
{
	rf_status st;

	if (l == NULL || l->n == 0)
		return RF_OK;
	for (size_t i = 0; i < t->n; i++) {
		for (int k = l->head[t->v[i].h % BUCKETS]; k >= 0; k = l->v[k].next) {
			const ident *d = &l->v[k];
			size_t m;
			if (d->h0 != t->v[i].h || d->ntok > t->n - i)
				continue;
			for (m = 0; m < d->ntok; m++)
				if (strcmp(tf(t, i + m), d->tok[m]) != 0)
					break;
			if (m < d->ntok)
				continue;
			st = add_span(sp, t->v[i].s, t->v[i + d->ntok - 1].e, DEID_IDENTIFIER,
				      d->person);
			if (st != RF_OK)
				return st;
		}
	}
	return RF_OK;
}

static bool email_local(unsigned char c)
{
	return isalnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-' || c >= 0x80;
}

static bool email_domain(unsigned char c)
{
	return isalnum(c) || c == '.' || c == '-' || c >= 0x80;
}

static rf_status find_emails(const char *s, size_t len, spans *sp)
{
	rf_status st;

	for (size_t p = 0; p < len; p++) {
		size_t l = p, r = p + 1, dot = 0, tld = 0;
		if (s[p] != '@')
			continue;
		while (l > 0 && email_local((unsigned char)s[l - 1]))
			l--;
		while (l < p && s[l] == '.')
			l++;
		if (l == p)
			continue;
		while (r < len && email_domain((unsigned char)s[r]))
			r++;
		while (r > p + 1 && (s[r - 1] == '.' || s[r - 1] == '-'))
			r--;
		for (size_t i = p + 1; i < r; i++)
			if (s[i] == '.')
				dot = i;
		if (dot == 0 || dot == p + 1)
			continue;
		for (size_t i = dot + 1; i < r; i++)
			if (isalpha((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80)
				tld++;
		if (tld < 2)
			continue;
		if ((st = add_span(sp, l, r, DEID_EMAIL, false)) != RF_OK)
			return st;
		p = r;
	}
	return RF_OK;
}

/* Phone numbers (and long reference numbers): digit groups joined by single spaces, dots,
 * dashes or slashes, maybe "+" first and a group in parentheses; 9 to 15 digits, or 7 to 8
 * in two or more groups. Dates are left to the date-of-birth check. */
static bool date_groups(const size_t *g, const char *sep, size_t n)
{
	if (n < 3 || sep[0] != sep[1] || sep[0] == ' ')
		return false;
	return (g[0] == 4 && g[1] <= 2 && g[2] <= 2) ||
	       (g[0] <= 2 && g[1] <= 2 && (g[2] == 4 || g[2] == 2));
}

static rf_status find_phones(const char *s, size_t len, spans *sp)
{
	rf_status st;
	size_t i = 0;

	while (i < len) {
		size_t j = i, end = i, digits = 0, ng = 0, g[16];
		char sep[16] = {0};
		bool plus = false;
		unsigned char prev = i > 0 ? (unsigned char)s[i - 1] : ' ';
		unsigned char c = (unsigned char)s[i];
		bool start = isdigit(c) || ((c == '+' || c == '(') && i + 1 < len &&
					    isdigit((unsigned char)s[i + 1]));

		if (!start || isalnum(prev) || prev == '_' || prev >= 0x80 ||
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
			size_t n = 0;
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
			if (j < len && (s[j] == ' ' || s[j] == '.' || s[j] == '-' || s[j] == '/') &&
			    j + 1 < len && (isdigit((unsigned char)s[j + 1]) || s[j + 1] == '(')) {
				if (ng <= 16)
					sep[ng - 1] = s[j];
				j++;
			} else if (j + 2 < len && s[j] == ' ' && s[j + 1] == '-' &&
				   s[j + 2] == ' ') {
				if (ng <= 16)
					sep[ng - 1] = '-';
				j += 3;
			} else {
				break;
			}
		}
		if (end < len &&
		    (isalnum((unsigned char)s[end]) || (unsigned char)s[end] >= 0x80)) {
			i = end > i ? end : i + 1;
			continue;
		}
		if (date_groups(g, sep, ng)) {
			/* A date (maybe followed by more numbers): step past its three parts. */
			size_t k = i, parts = 0;
			while (k < len && parts < 3) {
				while (k < len && isdigit((unsigned char)s[k]))
					k++;
				parts++;
				if (parts < 3)
					k++;
			}
			i = k > i ? k : i + 1;
			continue;
		}
		/* "2019-2024", "1998/2003": a span of years, not a number to call. */
		if (!plus && ng == 2 && g[0] == 4 && g[1] == 4 && (s[i] == '1' || s[i] == '2')) {
			size_t k = i + 4;
			while (k < end && !isdigit((unsigned char)s[k]))
				k++;
			if (k < end && (s[k] == '1' || s[k] == '2')) {
				i = end;
				continue;
			}
		}
		if ((digits >= 9 && digits <= 15) ||
		    (digits >= 7 && digits <= 8 && (ng >= 2 || plus))) {
			if ((st = add_span(sp, i, end, DEID_PHONE, false)) != RF_OK)
				return st;
		}
		i = end > i ? end : i + 1;
	}
	return RF_OK;
}

/* ---- dates of birth ---- */

static const char *const birth_words[] = {
    "born",
    "dob",
    "d o b",
    "date of birth",
    "birth date",
    "birthdate",
    "birthday",
    "nacido",
    "nacida",
    "nacio",
    "fecha de nacimiento",
    "cumpleanos",
    "ne le",
    "nee le",
    "ne en",
    "nee en",
    "date de naissance",
    "anniversaire",
    "geboren",
    "geb",
    "geburtsdatum",
    "geburtstag",
    "nascido",
    "nascida",
    "nasceu",
    "data de nascimento",
    "aniversario",
    "nato",
    "nata",
    "data di nascita",
    "compleanno",
    "geboortedatum",
    "verjaardag",
    "urodzony",
    "urodzona",
    "data urodzenia",
    NULL,
};

static const char *const months[] = {
    "january",	 "february",  "march",	   "april",	"may",	      "june",	   "july",
    "august",	 "september", "october",   "november",	"december",   "jan",	   "feb",
    "mar",	 "apr",	      "jun",	   "jul",	"aug",	      "sep",	   "sept",
    "oct",	 "nov",	      "dec",	   "enero",	"febrero",    "marzo",	   "abril",
    "mayo",	 "junio",     "julio",	   "agosto",	"septiembre", "setiembre", "octubre",
    "noviembre", "diciembre", "janvier",   "fevrier",	"mars",	      "avril",	   "mai",
    "juin",	 "juillet",   "aout",	   "septembre", "octobre",    "novembre",  "decembre",
    "januar",	 "februar",   "marz",	   "juni",	"juli",	      "oktober",   "dezember",
    "janeiro",	 "fevereiro", "marco",	   "maio",	"junho",      "julho",	   "setembro",
    "outubro",	 "novembro",  "dezembro",  "gennaio",	"febbraio",   "aprile",	   "maggio",
    "giugno",	 "luglio",    "settembre", "ottobre",	"dicembre",   "januari",   "februari",
    "maart",	 "mei",	      "augustus",  NULL,
};

static bool is_month(const toks *t, size_t i)
{
	for (size_t k = 0; months[k] != NULL; k++)
		if (teq(t, i, months[k]))
			return true;
	return false;
}

/* A day of the month: "3", "03", "3rd", "1st", "1er", "1o" (from "1º"). */
static bool is_day(const toks *t, size_t i)
{
	const char *w = tf(t, i);
	size_t d = 0;

	while (isdigit((unsigned char)w[d]))
		d++;
	if (d == 0 || d > 2 || atoi(w) < 1 || atoi(w) > 31)
		return false;
	w += d;
	return *w == '\0' || strcmp(w, "st") == 0 || strcmp(w, "nd") == 0 || strcmp(w, "rd") == 0 ||
	       strcmp(w, "th") == 0 || strcmp(w, "er") == 0 || strcmp(w, "o") == 0 ||
	       strcmp(w, "a") == 0 || strcmp(w, "e") == 0;
}

static bool is_year(const toks *t, size_t i)
{
	return (t->v[i].flags & T_DIGITS) && t->v[i].flen == 4;
}

static bool is_num(const toks *t, size_t i, size_t maxlen)
{
	return (t->v[i].flags & T_DIGITS) && t->v[i].flen <= maxlen;
}

/* The text between tokens i and i+1 is one date separator. */
static bool date_sep(const char *s, const toks *t, size_t i)
{
	return t->v[i + 1].s == t->v[i].e + 1 &&
	       (s[t->v[i].e] == '/' || s[t->v[i].e] == '.' || s[t->v[i].e] == '-');
}

static bool joiner(const toks *t, size_t i)
{
	return teq(t, i, "of") || teq(t, i, "de") || teq(t, i, "di") || teq(t, i, "del") ||
	       teq(t, i, "the");
}

/* A date starting at token i; returns the index after its last token, or 0. */
static size_t date_at(const char *s, const toks *t, size_t i)
{
	size_t k = i;

	/* numeric: 3/4/2024, 2024-03-04, 03.04.24, 3/4 */
	if (is_num(t, i, 4) && i + 1 < t->n && date_sep(s, t, i) && is_num(t, i + 1, 2)) {
		k = i + 2;
		if (k < t->n && date_sep(s, t, i + 1) && (is_num(t, k, 2) || is_year(t, k)))
			k++;
		return k;
	}
	/* day [of] month [of] [year] */
	if (is_day(t, i)) {
		k = i + 1;
		if (k < t->n && joiner(t, k))
			k++;
		if (k < t->n && is_month(t, k)) {
			k++;
			if (k + 1 < t->n && joiner(t, k) && is_year(t, k + 1))
				k++;
			if (k < t->n && is_year(t, k))
				k++;
			return k;
		}
		return 0;
	}
	/* month day [year] */
	if (is_month(t, i) && i + 1 < t->n && is_day(t, i + 1)) {
		k = i + 2;
		if (k < t->n && is_year(t, k))
			k++;
		return k;
	}
	return 0;
}

/* Match a phrase of space-separated folded words at token i; returns how many tokens. */
static size_t phrase_at(const toks *t, size_t i, const char *phrase)
{
	size_t n = 0;
	const char *p = phrase;

	if (tf(t, i)[0] != phrase[0])
		return 0; /* the common case, cheaply */

	while (*p) {
		const char *sp = strchr(p, ' ');
		size_t wl = sp ? (size_t)(sp - p) : strlen(p);
		if (i + n >= t->n || t->v[i + n].flen != wl || memcmp(tf(t, i + n), p, wl) != 0)
			return 0;
		n++;
		p += wl;
		if (*p == ' ')
			p++;
	}
	return n;
}

static rf_status find_birthdates(const char *s, const toks *t, spans *sp)
{
	rf_status st;

	for (size_t i = 0; i < t->n; i++) {
		size_t kw = 0;
		for (size_t b = 0; birth_words[b] != NULL && kw == 0; b++)
			kw = phrase_at(t, i, birth_words[b]);
		if (kw == 0)
			continue;
		for (size_t d = i + kw; d < t->n && d <= i + kw + 5; d++) {
			size_t end = date_at(s, t, d);
			if (end > d) {
				if ((st = add_span(sp, t->v[d].s, t->v[end - 1].e, DEID_BIRTHDATE,
						   false)) != RF_OK)
					return st;
				i = end - 1;
				break;
			}
		}
	}
	return RF_OK;
}

/* ---- street addresses ---- */

static const char *const street_suffix[] = {
    "street", "st",	   "road",   "rd",	 "avenue", "ave",     "av",   "lane",
    "ln",     "drive",	   "dr",     "close",	 "court",  "ct",      "way",  "place",
    "pl",     "boulevard", "blvd",   "crescent", "cres",   "terrace", "tce",  "gardens",
    "gdns",   "grove",	   "square", "sq",	 "row",	   "walk",    "mews", "parkway",
    "pkwy",   "highway",   "hwy",    "circle",	 "cir",	   "trail",   "end",  NULL,
};

static const char *const street_first_fr[] = {
    "rue",   "avenue", "boulevard", "bd",    "chemin", "allee", "impasse",
    "place", "route",  "quai",	    "cours", "square", NULL,
};

static const char *const street_first[] = {
    "calle",  "avenida", "avda",    "rua",   "travessa", "via",	   "viale",
    "piazza", "corso",	 "plaza",   "paseo", "carrer",	 "camino", "estrada",
    "largo",  "praca",	 "alameda", "rue",   NULL,
};

static const char *const street_compound[] = {
    "strasse", "str", "weg",  "allee", "gasse", "platz", "damm", "straat", "laan", "gracht",
    "plein",   "vej", "gade", "gatan", "vagen", "veien", "gata", "katu",   NULL,
};

static const char *const articles[] = {
    "de",  "la",  "du", "des",	 "d",	"l",   "del", "do", "da",
    "dos", "das", "di", "della", "von", "van", "der", NULL,
};

static bool in_list(const char *const *list, const char *w)
{
	for (size_t k = 0; list[k] != NULL; k++)
		if (list[k][0] == w[0] && strcmp(list[k], w) == 0)
			return true;
	return false;
}

/* A house number: 1 to 5 digits, maybe one letter after ("221b"). */
static bool house_number(const toks *t, size_t i)
{
	const char *w = tf(t, i);
	size_t d = 0;

	while (isdigit((unsigned char)w[d]))
		d++;
	if (d == 0 || d > 5)
		return false;
	return w[d] == '\0' || (isalpha((unsigned char)w[d]) && w[d + 1] == '\0');
}

static bool ends_with(const char *w, size_t wl, const char *suf)
{
	size_t sl = strlen(suf);

	return wl > sl + 1 && memcmp(w + wl - sl, suf, sl) == 0;
}

/* UK postcode: "SW1A 1AA", "M1 1AE" (capitals, one space). */
static bool postcode_out(const char *s, const tok *k)
{
	size_t n = k->e - k->s, i = 0;
	const char *w = s + k->s;

	while (i < n && i < 2 && isupper((unsigned char)w[i]))
		i++;
	if (i == 0 || i >= n || !isdigit((unsigned char)w[i]))
		return false;
	i++;
	if (i < n && (isdigit((unsigned char)w[i]) || isupper((unsigned char)w[i])))
		i++;
	return i == n;
}

static bool postcode_in(const char *s, const tok *k)
{
	const char *w = s + k->s;

	return k->e - k->s == 3 && isdigit((unsigned char)w[0]) && isupper((unsigned char)w[1]) &&
	       isupper((unsigned char)w[2]);
}

static rf_status find_addresses(const char *s, const toks *t, spans *sp)
{
	rf_status st;

	for (size_t i = 0; i < t->n; i++) {
		size_t end = 0;
		if (house_number(t, i) && i + 1 < t->n) {
			/* 12 Oak Street; 221b Baker St */
			if (t->v[i + 1].flags & T_UPPER) {
				for (size_t k = i + 2; k < t->n && k <= i + 4; k++) {
					if (in_list(street_suffix, tf(t, k)) &&
					    (t->v[k].flags & T_UPPER)) {
						end = k + 1;
						break;
					}
					if (!(t->v[k].flags & T_UPPER))
						break;
				}
			}
			/* 12 rue de la Paix; 5 bis avenue Foch */
			if (end == 0) {
				size_t k = i + 1;
				if (k < t->n && (teq(t, k, "bis") || teq(t, k, "ter")))
					k++;
				if (k + 1 < t->n && in_list(street_first_fr, tf(t, k))) {
					size_t m = k + 1;
					while (m < t->n && m <= k + 4 &&
					       in_list(articles, tf(t, m)))
						m++;
					if (m < t->n && (t->v[m].flags & T_UPPER))
						end = m + 1;
				}
			}
		}
		/* Calle Mayor 5; Via Roma, 10; Rua das Flores 123 */
		if (end == 0 && in_list(street_first, tf(t, i)) && i + 2 < t->n) {
			for (size_t k = i + 1; k < t->n && k <= i + 6; k++) {
				if (k > i + 1 && house_number(t, k)) {
					end = k + 1;
					break;
				}
				if (!(t->v[k].flags & T_UPPER) && !in_list(articles, tf(t, k)))
					break;
			}
		}
		/* Hauptstraße 5; Lindenweg 12a; Keizersgracht 123 */
		if (end == 0 && (t->v[i].flags & T_UPPER) && i + 1 < t->n &&
		    house_number(t, i + 1)) {
			for (size_t k = 0; street_compound[k] != NULL; k++) {
				if (ends_with(tf(t, i), t->v[i].flen, street_compound[k])) {
					end = i + 2;
					break;
				}
			}
		}
		/* SW1A 1AA */
		if (end == 0 && i + 1 < t->n && t->v[i + 1].s == t->v[i].e + 1 &&
		    s[t->v[i].e] == ' ' && postcode_out(s, &t->v[i]) &&
		    postcode_in(s, &t->v[i + 1]))
			end = i + 2;
		if (end > i) {
			if ((st = add_span(sp, t->v[i].s, t->v[end - 1].e, DEID_ADDRESS, false)) !=
			    RF_OK)
				return st;
			i = end - 1;
		}
	}
	return RF_OK;
}

/* Everything identifying in one text. */
static rf_status find_all(const deid_list *l, const char *s, size_t len, toks *t, spans *sp)
{
	rf_status st;

	sp->n = 0;
	if ((st = tokenize(s, len, t)) != RF_OK || (st = find_identifiers(l, t, sp)) != RF_OK ||
	    (st = find_emails(s, len, sp)) != RF_OK || (st = find_phones(s, len, sp)) != RF_OK ||
	    (st = find_birthdates(s, t, sp)) != RF_OK || (st = find_addresses(s, t, sp)) != RF_OK)
		return st;
	return RF_OK;
}

const char *deid_what_name(deid_what w)
{
	switch (w) {
	case DEID_IDENTIFIER:
		return "a name on your identifiers list";
	case DEID_EMAIL:
		return "an email address";
	case DEID_PHONE:
		return "a phone or reference number";
	case DEID_BIRTHDATE:
		return "what looks like a date of birth";
	case DEID_ADDRESS:
		return "what looks like a street address";
	}
	return "an identifying detail";
}

rf_status deid_scan_text(const deid_list *l, const char *text, size_t len, bool *found)
{
	toks t = {0};
	spans sp = {0};
	rf_status st;

	*found = false;
	st = find_all(l, text, len, &t, &sp);
	if (st == RF_OK)
		*found = sp.n > 0;
	free(sp.v);
	toks_clear(&t);
	return st;
}

/* ---- every text of an entry ---- */

typedef rf_status (*field_fn)(const char *field, char **text, void *ctx);

static rf_status each_list(strlist *l, const char *field, field_fn fn, void *ctx)
{
	rf_status st;

	for (size_t i = 0; i < l->n; i++)
		if ((st = fn(field, &l->v[i], ctx)) != RF_OK)
			return st;
	return RF_OK;
}

static rf_status each_field(entry *e, field_fn fn, void *ctx)
{
	struct {
		const char *name;
		char **p;
	} texts[] = {
	    {"family", &e->family},
	    {"visit_type", &e->visit_type},
	    {"life_stage", &e->life_stage},
	    {"pause.text", &e->pause_text},
	    {"pause.body", &e->pause_body},
	    {"notice.text", &e->notice_text},
	    {"notice.between", &e->notice_between},
	    {"notice.stirred", &e->notice_stirred},
	    {"curious.text", &e->curious_text},
	    {"curious.parent", &e->curious_parent},
	    {"curious.infant", &e->curious_infant},
	};
	rf_status st;

	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		if (*texts[i].p != NULL && (st = fn(texts[i].name, texts[i].p, ctx)) != RF_OK)
			return st;
	/* Answers to the Gibbs or NMC questions. */
	for (int i = 0; i < ENTRY_ANSWERS; i++)
		if (e->answers[i] != NULL &&
		    (st = fn(entry_answer_path(i), &e->answers[i], ctx)) != RF_OK)
			return st;
	if ((st = each_list(&e->emotions, "notice.emotions", fn, ctx)) != RF_OK ||
	    (st = each_list(&e->questions, "curious.questions", fn, ctx)) != RF_OK ||
	    (st = each_list(&e->themes, "themes", fn, ctx)) != RF_OK ||
	    (st = each_list(&e->competencies, "competencies", fn, ctx)) != RF_OK)
		return st;
	for (size_t i = 0; i < e->nresponses; i++) {
		entry_response *r = &e->responses[i];
		if ((r->from != NULL && (st = fn("responses.from", &r->from, ctx)) != RF_OK) ||
		    (r->at != NULL && (st = fn("responses.at", &r->at, ctx)) != RF_OK) ||
		    (r->text != NULL && (st = fn("responses.text", &r->text, ctx)) != RF_OK))
			return st;
	}
	return RF_OK;
}

struct scan_ctx {
	const deid_list *l;
	const entry *e;
	deid_findings *f;
	toks t;
	spans sp;
	size_t cap;
};

static rf_status scan_field(const char *field, char **text, void *vctx)
{
	struct scan_ctx *c = vctx;
	rf_status st;

	if ((st = find_all(c->l, *text, strlen(*text), &c->t, &c->sp)) != RF_OK)
		return st;
	for (size_t i = 0; i < c->sp.n; i++) {
		deid_finding *fd;
		if ((st = grow((void **)&c->f->v, &c->cap, c->f->n + 1, sizeof *c->f->v)) != RF_OK)
			return st;
		fd = &c->f->v[c->f->n];
		memset(fd, 0, sizeof *fd);
		fd->entry = c->e->id;
		snprintf(fd->field, sizeof fd->field, "%s", field);
		fd->what = c->sp.v[i].what;
		if ((fd->words = dup_n(*text + c->sp.v[i].s, c->sp.v[i].e - c->sp.v[i].s)) == NULL)
			return RF_ERR_NOMEM;
		c->f->n++;
	}
	return RF_OK;
}

rf_status deid_scan_entry(const deid_list *l, const entry *e, deid_findings *f)
{
	struct scan_ctx c = {l, e, f, {0}, {0}, f->n};
	rf_status st;

	/* The fields are only read: each_field takes a non-const entry to serve redaction too. */
	st = each_field((entry *)e, scan_field, &c);
	free(c.sp.v);
	toks_clear(&c.t);
	return st;
}

void deid_findings_clear(deid_findings *f)
{
	if (f == NULL)
		return;
	for (size_t i = 0; i < f->n; i++)
		wipe_free(&f->v[i].words);
	free(f->v);
	f->v = NULL;
	f->n = 0;
}

/* ---- redaction ---- */

struct redact_ctx {
	const deid_list *l;
	const char *family; /* "[F-12]" or NULL */
	size_t count;
	toks t;
	spans sp;
};

static int span_cmp(const void *a, const void *b)
{
	const span *x = a, *y = b;

	if (x->s != y->s)
		return x->s < y->s ? -1 : 1;
	return x->e < y->e ? 1 : (x->e > y->e ? -1 : 0);
}

/* Replace every span of *text; loops until nothing is found (a replacement can never bring
 * back a name, but the check costs little and makes that sure). */
static rf_status redact_field(const char *field, char **text, void *vctx)
{
	struct redact_ctx *c = vctx;
	rf_status st;

	(void)field;
	for (int round = 0; round < 4; round++) {
		size_t len = strlen(*text), o = 0, at = 0, need = len + 1;
		char *out;
		if ((st = find_all(c->l, *text, len, &c->t, &c->sp)) != RF_OK)
			return st;
		if (c->sp.n == 0)
			return RF_OK;
		qsort(c->sp.v, c->sp.n, sizeof *c->sp.v, span_cmp);
		/* Merge overlapping spans; a merged span stays a person's only if all parts are. */
		{
			size_t m = 0;
			for (size_t i = 1; i < c->sp.n; i++) {
				if (c->sp.v[i].s < c->sp.v[m].e) {
					if (c->sp.v[i].e > c->sp.v[m].e)
						c->sp.v[m].e = c->sp.v[i].e;
					c->sp.v[m].person = c->sp.v[m].person && c->sp.v[i].person;
				} else {
					c->sp.v[++m] = c->sp.v[i];
				}
			}
			c->sp.n = m + 1;
		}
		for (size_t i = 0; i < c->sp.n; i++)
			need += 16 + (c->family ? strlen(c->family) : 0);
		if ((out = malloc(need)) == NULL)
			return RF_ERR_NOMEM;
		for (size_t i = 0; i < c->sp.n; i++) {
			const char *rep = c->sp.v[i].person && c->family ? c->family : "[redacted]";
			memcpy(out + o, *text + at, c->sp.v[i].s - at);
			o += c->sp.v[i].s - at;
			memcpy(out + o, rep, strlen(rep));
			o += strlen(rep);
			at = c->sp.v[i].e;
			c->count++;
		}
		memcpy(out + o, *text + at, len - at);
		o += len - at;
		out[o] = '\0';
		wipe_free(text);
		*text = out;
	}
	return RF_ERR_INVALID;
}

rf_status deid_redact_entry(const deid_list *l, const entry *e, entry **out, size_t *count)
{
	struct redact_ctx c = {l, NULL, 0, {0}, {0}};
	char *fam = NULL;
	entry *d = NULL;
	rf_status st = RF_OK;

	*out = NULL;
	if (count)
		*count = 0;
	if ((d = entry_dup(e)) == NULL)
		return RF_ERR_NOMEM;
	if (e->family != NULL && e->family[0] != '\0') {
		bool found = true;
		if ((st = deid_scan_text(l, e->family, strlen(e->family), &found)) != RF_OK)
			goto out;
		if (!found) {
			size_t n = strlen(e->family) + 3;
			if ((fam = malloc(n)) == NULL) {
				st = RF_ERR_NOMEM;
				goto out;
			}
			snprintf(fam, n, "[%s]", e->family);
			c.family = fam;
		}
	}
	if ((st = each_field(d, redact_field, &c)) != RF_OK)
		goto out;
	if (count)
		*count = c.count;
	*out = d;
	d = NULL;
out:
	free(c.sp.v);
	toks_clear(&c.t);
	wipe_free(&fam);
	entry_free(&d);
	return st;
}
