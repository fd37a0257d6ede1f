/* deid.c - de-identification: the sealed identifiers list and the words marked safe, every
 * variant of a listed name (each part, any case or accent, possessives, titles, initials,
 * hyphenated or glued compounds, confusable letters), possible names nobody listed, and the
 * readable replacements ("[child F-03]", "[phone]") of a redacted entry. The folding of texts
 * is in deid/fold.c, the language word lists in deid/words.c, the patterns (emails, phones,
 * dates of birth, addresses) in deid/patterns.c. */
#include "reflect/deid.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "deid/deid_int.h"
#include "reflect/text.h"

/* The longest text scanned at once (a field of an entry, a title). */
#define DEID_MAX_TEXT (16u << 20)

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

/* ---- the identifiers list ---- */

typedef struct ident {
	int64_t id;
	char *text;
	char *kind;
	char **part; /* folded words */
	size_t nparts;
	bool person;
} ident;

/* One word of an identifier (or a safe word) in the look-up table. */
typedef struct pnode {
	uint32_t h;
	const char *w; /* folded */
	size_t wl;
	int ident; /* -1: a safe word */
	bool seq;  /* the first of an identifier's one-letter words ("美玲"), matched in a row */
	int next;
} pnode;

/* The placeholders given so far in one export: a person of a family and their number. */
typedef struct seen {
	uint32_t fam;
	int ident;
	int num;
} seen;

struct deid_list {
	ident *v;
	size_t n, cap;
	char **safe; /* folded safe words */
	size_t nsafe, safecap;
	pnode *node;
	size_t nnode, nodecap;
	int *bucket;
	size_t nbucket; /* a power of two */
	uint64_t lengths; /* bit L: some part is L bytes long (folded) */
	seen *seen;
	size_t nseen, seencap;
	bool damaged; /* some identifiers could not be read */
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
	return strcmp(kind, "child") == 0 || strcmp(kind, "parent") == 0 ||
	       strcmp(kind, "carer") == 0;
}

rf_status deid_list_new(deid_list **out)
{
	deid_list *l = calloc(1, sizeof *l);

	*out = NULL;
	if (l == NULL)
		return RF_ERR_NOMEM;
	*out = l;
	return RF_OK;
}

static void ident_clear(ident *d)
{
	wipe_free(&d->text);
	free(d->kind);
	d->kind = NULL;
	for (size_t i = 0; i < d->nparts; i++)
		wipe_free(&d->part[i]);
	free(d->part);
	d->part = NULL;
	d->nparts = 0;
}

/* Put every node into buckets again (after the table grew). */
static rf_status rehash(deid_list *l, size_t want)
{
	size_t nb = 64;
	int *b;

	while (nb < want * 2)
		nb *= 2;
	if ((b = malloc(nb * sizeof *b)) == NULL)
		return RF_ERR_NOMEM;
	for (size_t i = 0; i < nb; i++)
		b[i] = -1;
	for (size_t i = 0; i < l->nnode; i++) {
		size_t k = l->node[i].h & (nb - 1);
		l->node[i].next = b[k];
		b[k] = (int)i;
	}
	free(l->bucket);
	l->bucket = b;
	l->nbucket = nb;
	return RF_OK;
}

static rf_status node_add(deid_list *l, const char *w, int ident, bool seq)
{
	rf_status st;
	size_t wl = strlen(w);
	pnode *p;

	if ((st = deid_grow((void **)&l->node, &l->nodecap, l->nnode + 1, sizeof *l->node)) !=
	    RF_OK)
		return st;
	if (l->nnode + 1 > l->nbucket && (st = rehash(l, l->nnode + 1)) != RF_OK)
		return st;
	p = &l->node[l->nnode];
	p->h = deid_hash(w, wl);
	p->w = w;
	p->wl = wl;
	p->ident = ident;
	p->seq = seq;
	p->next = l->bucket[p->h & (l->nbucket - 1)];
	l->bucket[p->h & (l->nbucket - 1)] = (int)l->nnode;
	l->nnode++;
	if (ident >= 0 && wl < 64)
		l->lengths |= (uint64_t)1 << wl;
	return RF_OK;
}

/* The first node for folded word w (then follow find_next), or -1. */
static int find_node(const deid_list *l, const char *w, size_t wl, int from)
{
	uint32_t h = deid_hash(w, wl);
	int k = from >= 0 ? l->node[from].next : (l->nbucket ? l->bucket[h & (l->nbucket - 1)] : -1);

	for (; k >= 0; k = l->node[k].next)
		if (l->node[k].h == h && l->node[k].wl == wl && memcmp(l->node[k].w, w, wl) == 0)
			return k;
	return -1;
}

static bool is_safe(const deid_list *l, const char *w, size_t wl)
{
	for (int k = find_node(l, w, wl, -1); k >= 0; k = find_node(l, w, wl, k))
		if (l->node[k].ident < 0)
			return true;
	return false;
}

/* The first identifier node for w, or -1. */
static int find_part(const deid_list *l, const char *w, size_t wl, int from)
{
	int k = find_node(l, w, wl, from);

	while (k >= 0 && (l->node[k].ident < 0 || l->node[k].seq))
		k = find_node(l, w, wl, k);
	return k;
}

rf_status deid_list_add(deid_list *l, int64_t id, const char *text, const char *kind)
{
	dtoks t = {0};
	ident d = {0};
	rf_status st;

	if (kind == NULL)
		kind = "name";
	if (text == NULL || !deid_kind_valid(kind) || !text_valid_utf8(text, strlen(text)))
		return RF_ERR_INVALID;
	if (strlen(text) > 1000)
		return RF_ERR_TOO_BIG;
	if ((st = deid_tokenize(text, strlen(text), &t)) != RF_OK)
		goto out;
	if (t.n == 0 || t.n > 16) {
		st = RF_ERR_INVALID;
		goto out;
	}
	d.id = id;
	d.text = strdup(text);
	d.kind = strdup(kind);
	d.part = calloc(t.n, sizeof *d.part);
	if (d.text == NULL || d.kind == NULL || d.part == NULL) {
		st = RF_ERR_NOMEM;
		goto out;
	}
	for (size_t i = 0; i < t.n; i++) {
		if ((d.part[i] = strdup(deid_tf(&t, i))) == NULL) {
			st = RF_ERR_NOMEM;
			goto out;
		}
		d.nparts++;
	}
	d.person = person_kind(kind);
	if ((st = deid_grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v)) != RF_OK)
		goto out;
	l->v[l->n] = d;
	memset(&d, 0, sizeof d);
	/* Each part of two or more letters is matched alone; the whole is matched too when it is
	 * one word ("Li"). */
	{
		bool any = false;
		for (size_t i = 0; i < t.n; i++) {
			if (t.v[i].letters < 2 && !(t.n == 1 && t.v[i].letters >= 1))
				continue;
			any = true;
			if ((st = node_add(l, l->v[l->n].part[i], (int)l->n, false)) != RF_OK)
				break;
		}
		/* every word one letter long (a name in Chinese characters): matched in a row */
		if (!any && st == RF_OK)
			st = node_add(l, l->v[l->n].part[0], (int)l->n, true);
	}
	l->n++;
out:
	ident_clear(&d);
	deid_toks_clear(&t);
	return st;
}

rf_status deid_list_allow(deid_list *l, const char *word)
{
	char *f;
	rf_status st;

	if (word == NULL || !text_valid_utf8(word, strlen(word)) || strlen(word) > 200)
		return RF_ERR_INVALID;
	if ((f = deid_fold_word(word, strlen(word))) == NULL)
		return RF_ERR_NOMEM;
	if (f[0] == '\0') {
		free(f);
		return RF_ERR_INVALID;
	}
	if ((st = deid_grow((void **)&l->safe, &l->safecap, l->nsafe + 1, sizeof *l->safe)) !=
	    RF_OK) {
		free(f);
		return st;
	}
	l->safe[l->nsafe++] = f;
	return node_add(l, f, -1, false);
}

void deid_list_free(deid_list **l)
{
	if (l == NULL || *l == NULL)
		return;
	for (size_t i = 0; i < (*l)->n; i++)
		ident_clear(&(*l)->v[i]);
	for (size_t i = 0; i < (*l)->nsafe; i++)
		wipe_free(&(*l)->safe[i]);
	free((*l)->safe);
	free((*l)->v);
	free((*l)->node);
	free((*l)->bucket);
	free((*l)->seen);
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
	bool allow;
	rf_status st;
};

static int load_one(int64_t id, const char *data, size_t len, void *vctx)
{
	struct load_ctx *c = vctx;
	json_t *root = json_loadb(data, len, 0, NULL);
	const char *text, *kind;

	if (root == NULL) {
		c->st = RF_ERR_DAMAGED;
		return 1;
	}
	text = json_string_value(json_object_get(root, c->allow ? "word" : "text"));
	kind = json_string_value(json_object_get(root, "kind"));
	if (kind != NULL && !deid_kind_valid(kind))
		kind = "other";
	if (text != NULL)
		c->st = c->allow ? deid_list_allow(c->l, text) : deid_list_add(c->l, id, text, kind);
	if (text != NULL)
		sodium_memzero((char *)text, strlen(text));
	json_decref(root);
	if (c->st == RF_ERR_INVALID || c->st == RF_ERR_TOO_BIG)
		c->st = RF_OK; /* an entry with no words matches nothing; skip it */
	return c->st != RF_OK;
}

static size_t item_damage(const journal *j)
{
	size_t n = 0, k = 0;
	const journal_damage *d = journal_damage_list(j, &n);

	for (size_t i = 0; i < n; i++)
		if (strcmp(d[i].table, "items") == 0)
			k++;
	return k;
}

rf_status deid_list_load(journal *j, deid_list **out)
{
	struct load_ctx c = {NULL, false, RF_OK};
	size_t before = item_damage(j);
	rf_status st;

	*out = NULL;
	if ((st = deid_list_new(&c.l)) != RF_OK)
		return st;
	st = journal_item_each(j, DEID_ITEM_KIND, load_one, &c);
	if (st == RF_OK)
		st = c.st;
	if (st == RF_OK) {
		c.allow = true;
		st = journal_item_each(j, DEID_ALLOW_KIND, load_one, &c);
		if (st == RF_OK)
			st = c.st;
	}
	/* A record that could not be opened may be a name: the list is not whole. */
	if (st == RF_OK && item_damage(j) > before)
		st = RF_ERR_DAMAGED;
	if (st != RF_OK) {
		deid_list_free(&c.l);
		return st;
	}
	*out = c.l;
	return RF_OK;
}

static bool same_words(const ident *a, const ident *b)
{
	if (a->nparts != b->nparts)
		return false;
	for (size_t i = 0; i < a->nparts; i++)
		if (strcmp(a->part[i], b->part[i]) != 0)
			return false;
	return true;
}

rf_status deid_identifier_add_in(journal *j, deid_list *have, const char *text, const char *kind,
				 int64_t *id)
{
	deid_list *one = NULL;
	json_t *o = NULL;
	char *data = NULL;
	rf_status st;

	*id = 0;
	if (kind == NULL)
		kind = "name";
	if ((st = deid_list_new(&one)) != RF_OK ||
	    (st = deid_list_add(one, 0, text, kind)) != RF_OK)
		goto out;
	/* the same words: found through the first word's node, not by reading every one */
	for (int k = find_part(have, one->v[0].part[0], strlen(one->v[0].part[0]), -1); k >= 0;
	     k = find_part(have, one->v[0].part[0], strlen(one->v[0].part[0]), k)) {
		if (same_words(&have->v[have->node[k].ident], &one->v[0])) {
			*id = have->v[have->node[k].ident].id;
			st = RF_ERR_EXISTS;
			goto out;
		}
	}
	for (size_t i = 0; i < have->n && one->v[0].nparts == 1 && have->nnode == 0; i++)
		if (same_words(&have->v[i], &one->v[0])) {
			*id = have->v[i].id;
			st = RF_ERR_EXISTS;
			goto out;
		}
	o = json_pack("{s:s, s:s}", "text", text, "kind", kind);
	if (o == NULL || (data = json_dumps(o, JSON_COMPACT)) == NULL) {
		st = RF_ERR_NOMEM;
		goto out;
	}
	if ((st = journal_item_put(j, DEID_ITEM_KIND, id, data, strlen(data))) == RF_OK)
		st = deid_list_add(have, *id, text, kind);
out:
	if (o != NULL) {
		const char *t = json_string_value(json_object_get(o, "text"));
		if (t != NULL)
			sodium_memzero((char *)t, strlen(t));
		json_decref(o);
	}
	wipe_free(&data);
	deid_list_free(&one);
	return st;
}

rf_status deid_identifier_add(journal *j, const char *text, const char *kind, int64_t *id)
{
	deid_list *have = NULL;
	rf_status st;

	*id = 0;
	if ((st = deid_list_load(j, &have)) != RF_OK)
		return st;
	st = deid_identifier_add_in(j, have, text, kind, id);
	deid_list_free(&have);
	return st;
}

rf_status deid_identifier_remove(journal *j, int64_t id)
{
	return journal_item_delete(j, DEID_ITEM_KIND, id);
}

rf_status deid_allow_add(journal *j, const char *word, int64_t *id)
{
	deid_list *have = NULL, *one = NULL;
	json_t *o = NULL;
	char *data = NULL;
	rf_status st;

	*id = 0;
	if ((st = deid_list_new(&one)) != RF_OK || (st = deid_list_allow(one, word)) != RF_OK ||
	    (st = deid_list_load(j, &have)) != RF_OK)
		goto out;
	if (is_safe(have, one->safe[0], strlen(one->safe[0]))) {
		st = RF_ERR_EXISTS;
		goto out;
	}
	o = json_pack("{s:s}", "word", word);
	if (o == NULL || (data = json_dumps(o, JSON_COMPACT)) == NULL) {
		st = RF_ERR_NOMEM;
		goto out;
	}
	st = journal_item_put(j, DEID_ALLOW_KIND, id, data, strlen(data));
out:
	json_decref(o);
	wipe_free(&data);
	deid_list_free(&have);
	deid_list_free(&one);
	return st;
}

/* ---- finding names ---- */

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

/* Token i of t on the identifiers list (a part, a part with a plural or possessive s, or a
 * glued compound that starts or ends with a part): its first node, or -1. */
static int listed(const deid_list *l, const dtoks *t, size_t i)
{
	const dtok *k = &t->v[i];
	const char *w = deid_tf(t, i);
	int n;

	if (l == NULL || l->nnode == 0 || !(k->flags & T_ALPHA))
		return -1;
	if ((n = find_part(l, w, k->flen, -1)) >= 0)
		return n;
	if (k->flen > 3 && w[k->flen - 1] == 's' && (n = find_part(l, w, k->flen - 1, -1)) >= 0)
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
			if ((n = find_part(l, w, L, -1)) >= 0 &&
			    (cap || find_part(l, w + L, r, -1) >= 0 ||
			     (r >= 3 && deid_word_known(w + L, r))) &&
			    !deid_word_known(w, k->flen))
				return n;
			if ((n = find_part(l, w + r, L, -1)) >= 0 &&
			    (cap || find_part(l, w, r, -1) >= 0 || (r >= 3 && deid_word_known(w, r))) &&
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
		g = deid_word_langs(deid_tf(t, i), t->v[i].flen);
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

/* Token i of t a possible name nobody listed? lang: the text's language (0: unknown). */
static bool possible_name(const deid_list *l, const char *s, const dtoks *t, size_t i, int lang)
{
	const dtok *k = &t->v[i];
	const char *w = deid_tf(t, i);

	if (!(k->flags & T_UPPER) || !(k->flags & T_ALPHA) || k->letters < 2)
		return false;
	for (size_t b = k->s; b < k->e; b++)
		if (isdigit((unsigned char)s[b]))
			return false;
	if ((k->flags & T_ALLUPPER) && k->letters <= 5)
		return false; /* NICU, IMH, OK: abbreviations */
	if (deid_word_capitalised(w, k->flen) || deid_word_title(w, k->flen) ||
	    (l != NULL && is_safe(l, w, k->flen)))
		return false;
	/* after a title: Mrs Smith, Sra. García */
	if (i > 0 && deid_word_title(deid_tf(t, i - 1), t->v[i - 1].flen) &&
	    (t->v[i - 1].flags & T_UPPER) && dotted_gap(s, t->v[i - 1].e, k->s))
		return true;
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
	if (sentence_start(s, t, i))
		return false; /* known: an ordinary word that starts a sentence */
	/* Capitalised within a sentence, and not a word of the kind written with a capital
	 * (days, months, languages, Mum, services...): a name ("with Hope", "con Rocío"). */
	return true;
}

/* The identifier a run of listed words names: the one most of them are parts of; -2 when
 * several persons share the words (a family name). */
static int which_ident(const deid_list *l, const dtoks *t, const int *first, size_t a, size_t b)
{
	int best = -1, bestn = 0, ties = 0;

	for (int n = first[a]; n >= 0; n = find_part(l, l->node[n].w, l->node[n].wl, n)) {
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
static rf_status find_names(const deid_list *l, const char *s, const dtoks *t, dspans *sp,
			    bool *child, int **scratch, size_t *scap, bool listed_only)
{
	rf_status st;
	int *first, lang = 0;

	*child = false;
	if ((st = deid_grow((void **)scratch, scap, t->n + 1, sizeof **scratch)) != RF_OK)
		return st;
	first = *scratch;
	if (l != NULL && !listed_only)
		lang = text_lang(t);
	for (size_t i = 0; i < t->n; i++)
		first[i] = listed(l, t, i);
	/* identifiers of one-letter words, in a row */
	for (size_t i = 0; l != NULL && l->nnode > 0 && i < t->n; i++) {
		const char *w = deid_tf(t, i);
		if (first[i] >= 0 || t->v[i].letters != 1)
			continue;
		for (int k = find_node(l, w, t->v[i].flen, -1); k >= 0;
		     k = find_node(l, w, t->v[i].flen, k)) {
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
			if (l != NULL && !listed_only && possible_name(l, s, t, i, lang)) {
				/* a run of capitalised unknown words is one name */
				while (b + 1 < t->n && first[b + 1] < 0 &&
				       name_gap(s, t->v[b].e, t->v[b + 1].s) &&
				       possible_name(l, s, t, b + 1, lang))
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
typedef struct finder {
	dtoks t;
	dspans sp;
	int *scratch;
	size_t scap;
	bool listed_only; /* no possible names (a text that is a name by design) */
} finder;

static void finder_clear(finder *f)
{
	deid_toks_clear(&f->t);
	free(f->sp.v);
	free(f->scratch);
	bool lo = f->listed_only;
	memset(f, 0, sizeof *f);
	f->listed_only = lo;
}

/* Which replacement wins when two findings cover the same words. */
static int rank(deid_what w)
{
	switch (w) {
	case DEID_IDENTIFIER:
		return 0;
	case DEID_BIRTHDATE:
		return 1;
	case DEID_EMAIL:
		return 2;
	case DEID_ADDRESS:
		return 3;
	case DEID_PHONE:
		return 4;
	case DEID_NAME:
		return 5;
	}
	return 6;
}

static int span_cmp(const void *a, const void *b)
{
	const dspan *x = a, *y = b;

	if (x->s != y->s)
		return x->s < y->s ? -1 : 1;
	if (x->e != y->e)
		return x->e < y->e ? 1 : -1;
	return rank(x->what) - rank(y->what);
}

/* Sort the spans and drop those inside another (one finding for the same words). */
static void spans_tidy(dspans *sp)
{
	size_t m = 0;

	if (sp->n < 2)
		return;
	qsort(sp->v, sp->n, sizeof *sp->v, span_cmp);
	for (size_t i = 1; i < sp->n; i++)
		if (sp->v[i].e > sp->v[m].e || sp->v[i].s >= sp->v[m].e)
			sp->v[++m] = sp->v[i];
	sp->n = m + 1;
}

static rf_status find_all(const deid_list *l, const char *s, size_t len, finder *f)
{
	rf_status st;
	bool child = false;

	f->sp.n = 0;
	if (len > DEID_MAX_TEXT)
		return RF_ERR_TOO_BIG;
	if (!text_valid_utf8(s, len))
		return RF_ERR_INVALID;
	if (l != NULL && (st = deid_words_ready()) != RF_OK)
		return st;
	if ((st = deid_tokenize(s, len, &f->t)) != RF_OK ||
	    (st = find_names(l, s, &f->t, &f->sp, &child, &f->scratch, &f->scap,
				     f->listed_only)) != RF_OK ||
	    (st = deid_find_emails(s, len, &f->sp)) != RF_OK ||
	    (st = deid_find_phones(s, len, &f->sp)) != RF_OK ||
	    (st = deid_find_birthdates(s, &f->t, child, &f->sp)) != RF_OK ||
	    (st = deid_find_addresses(s, &f->t, &f->sp)) != RF_OK)
		return st;
	spans_tidy(&f->sp);
	return RF_OK;
}

const char *deid_what_name(deid_what w)
{
	switch (w) {
	case DEID_IDENTIFIER:
		return N_("a name on your identifiers list");
	case DEID_EMAIL:
		return N_("an email address");
	case DEID_PHONE:
		return N_("a phone number");
	case DEID_BIRTHDATE:
		return N_("what looks like a date of birth");
	case DEID_ADDRESS:
		return N_("what looks like an address");
	case DEID_NAME:
		return N_("what may be a name (not on your list; 'reflect identifiers allow WORD' if "
			  "it is not)");
	}
	return N_("an identifying detail");
}

rf_status deid_scan_text(const deid_list *l, const char *text, size_t len, bool *found)
{
	finder f = {0};
	rf_status st;

	*found = false;
	st = find_all(l, text, len, &f);
	if (st == RF_OK)
		*found = f.sp.n > 0;
	finder_clear(&f);
	return st;
}

rf_status deid_scan_listed(const deid_list *l, const char *text, bool *found)
{
	finder f = {0};
	rf_status st;

	*found = false;
	if (text == NULL)
		return RF_OK;
	st = find_all(l, text, strlen(text), &f);
	for (size_t i = 0; st == RF_OK && i < f.sp.n; i++)
		if (f.sp.v[i].what != DEID_NAME)
			*found = true;
	finder_clear(&f);
	return st;
}

bool deid_is_name(const deid_list *l, const char *word)
{
	dtoks t = {0};
	bool name = false;

	if (word == NULL || !text_valid_utf8(word, strlen(word)) || deid_words_ready() != RF_OK ||
	    deid_tokenize(word, strlen(word), &t) != RF_OK)
		goto out;
	for (size_t i = 0; i < t.n && !name; i++) {
		const char *w = deid_tf(&t, i);
		size_t n = t.v[i].flen;
		if (!(t.v[i].flags & T_ALPHA))
			continue;
		if (listed(l, &t, i) >= 0)
			name = true;
		else if (t.v[i].letters >= 2 && !deid_word_vocabulary(w, n) &&
			 !(l != NULL && is_safe(l, w, n)) &&
			 (!deid_word_known(w, n) || ((t.v[i].flags & T_UPPER) && deid_word_proper(w, n))))
			name = true;
	}
out:
	deid_toks_clear(&t);
	return name;
}

rf_status deid_family_code_check(const deid_list *l, const char *code)
{
	dtoks t = {0};
	rf_status st;
	finder f = {0};

	if (code == NULL || code[0] == '\0')
		return RF_OK;
	if ((st = find_all(l, code, strlen(code), &f)) != RF_OK)
		goto out;
	if (f.sp.n > 0) {
		st = RF_ERR_REJECTED;
		goto out;
	}
	/* stricter than prose: any capitalised word English knows only as a name */
	for (size_t i = 0; i < f.t.n; i++)
		if ((f.t.v[i].flags & T_UPPER) && f.t.v[i].letters >= 2 &&
		    deid_word_proper(deid_tf(&f.t, i), f.t.v[i].flen) &&
		    !deid_word_vocabulary(deid_tf(&f.t, i), f.t.v[i].flen) &&
		    !(l != NULL && is_safe(l, deid_tf(&f.t, i), f.t.v[i].flen))) {
			st = RF_ERR_REJECTED;
			goto out;
		}
out:
	deid_toks_clear(&t);
	finder_clear(&f);
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
	int64_t entry;
	deid_findings *f;
	finder fd;
	size_t cap;
};

static rf_status scan_field(const char *field, char **text, void *vctx)
{
	struct scan_ctx *c = vctx;
	rf_status st;

	if ((st = find_all(c->l, *text, strlen(*text), &c->fd)) != RF_OK)
		return st;
	for (size_t i = 0; i < c->fd.sp.n; i++) {
		deid_finding *fd;
		if ((st = deid_grow((void **)&c->f->v, &c->cap, c->f->n + 1, sizeof *c->f->v)) !=
		    RF_OK)
			return st;
		fd = &c->f->v[c->f->n];
		memset(fd, 0, sizeof *fd);
		fd->entry = c->entry;
		snprintf(fd->field, sizeof fd->field, "%s", field);
		fd->what = c->fd.sp.v[i].what;
		if ((fd->words = dup_n(*text + c->fd.sp.v[i].s,
				       c->fd.sp.v[i].e - c->fd.sp.v[i].s)) == NULL)
			return RF_ERR_NOMEM;
		c->f->n++;
	}
	return RF_OK;
}

rf_status deid_scan_entry(const deid_list *l, const entry *e, deid_findings *f)
{
	struct scan_ctx c = {.l = l, .entry = e->id, .f = f, .cap = f->n};
	rf_status st;

	/* The fields are only read: each_field takes a non-const entry to serve redaction too. */
	st = each_field((entry *)e, scan_field, &c);
	finder_clear(&c.fd);
	return st;
}

rf_status deid_scan_named(const deid_list *l, const char *field, const char *text,
			  deid_findings *f)
{
	struct scan_ctx c = {.l = l, .entry = 0, .f = f, .cap = f->n};
	char *p = (char *)text;
	rf_status st;

	if (text == NULL)
		return RF_OK;
	st = scan_field(field, &p, &c);
	finder_clear(&c.fd);
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
	deid_list *l;	    /* remembers the placeholders given */
	const char *family; /* the entry's family code when it is safe to show, or NULL */
	size_t count;
	finder fd;
};

/* The number a person of a family is given (1 for the first of their kind seen in it). */
static int person_number(deid_list *l, const char *family, int id, int *of_kind)
{
	uint32_t fam = deid_hash(family ? family : "", family ? strlen(family) : 0);
	int n = 0;

	*of_kind = 0;
	for (size_t i = 0; i < l->nseen; i++) {
		if (l->seen[i].fam != fam ||
		    strcmp(l->v[l->seen[i].ident].kind, l->v[id].kind) != 0)
			continue;
		if (l->seen[i].ident == id)
			return l->seen[i].num;
		n++;
	}
	if (deid_grow((void **)&l->seen, &l->seencap, l->nseen + 1, sizeof *l->seen) != RF_OK)
		return 0;
	l->seen[l->nseen++] = (seen){fam, id, n + 1};
	return n + 1;
}

/* Children listed with a family name in common with child id (siblings): numbered from 1. */
static bool has_sibling(const deid_list *l, int id)
{
	const ident *d = &l->v[id];

	for (size_t i = 0; i < l->n; i++) {
		if ((int)i == id || strcmp(l->v[i].kind, d->kind) != 0 || strcmp(d->kind, "child"))
			continue;
		for (size_t p = 0; p < d->nparts; p++)
			for (size_t q = 0; q < l->v[i].nparts; q++)
				if (p > 0 && strcmp(d->part[p], l->v[i].part[q]) == 0)
					return true;
	}
	return false;
}

static void placeholder(struct redact_ctx *c, const dspan *s, char *out, size_t cap)
{
	const char *fam = c->family;

	switch (s->what) {
	case DEID_EMAIL:
		snprintf(out, cap, "[email]");
		return;
	case DEID_PHONE:
		snprintf(out, cap, "[phone]");
		return;
	case DEID_BIRTHDATE:
		snprintf(out, cap, "[date of birth]");
		return;
	case DEID_ADDRESS:
		snprintf(out, cap, "[address]");
		return;
	case DEID_NAME:
		snprintf(out, cap, "[name]");
		return;
	case DEID_IDENTIFIER:
		break;
	}
	if (s->ident == -2) {
		if (fam != NULL)
			snprintf(out, cap, "[family %s]", fam);
		else
			snprintf(out, cap, "[name]");
		return;
	}
	if (s->ident < 0 || c->l == NULL) {
		snprintf(out, cap, "[name]");
		return;
	}
	{
		const ident *d = &c->l->v[s->ident];
		int of_kind = 0, num;
		char n[16] = "";
		if (!d->person) {
			snprintf(out, cap, "%s",
				 strcmp(d->kind, "place") == 0 ? "[place]"
				 : strcmp(d->kind, "name") == 0 ? "[name]"
								 : "[redacted]");
			return;
		}
		num = person_number(c->l, fam, s->ident, &of_kind);
		if (num > 1 || (num == 1 && has_sibling(c->l, s->ident)))
			snprintf(n, sizeof n, " %d", num);
		if (fam != NULL)
			snprintf(out, cap, "[%s%s %s]", d->kind, n, fam);
		else
			snprintf(out, cap, "[%s%s]", d->kind, n);
	}
}

/* Replace every span of *text. */
static rf_status redact_field(const char *field, char **text, void *vctx)
{
	struct redact_ctx *c = vctx;
	size_t len = strlen(*text), o = 0, at = 0, need = len + 1, m = 0;
	char *out, rep[160];
	rf_status st;

	(void)field;
	if ((st = find_all(c->l, *text, len, &c->fd)) != RF_OK)
		return st;
	if (c->fd.sp.n == 0)
		return RF_OK;
	/* Merge overlapping spans (the first, longest, names the replacement). */
	for (size_t i = 1; i < c->fd.sp.n; i++) {
		if (c->fd.sp.v[i].s < c->fd.sp.v[m].e) {
			if (c->fd.sp.v[i].e > c->fd.sp.v[m].e)
				c->fd.sp.v[m].e = c->fd.sp.v[i].e;
		} else {
			c->fd.sp.v[++m] = c->fd.sp.v[i];
		}
	}
	c->fd.sp.n = m + 1;
	need += c->fd.sp.n * sizeof rep;
	if ((out = malloc(need)) == NULL)
		return RF_ERR_NOMEM;
	for (size_t i = 0; i < c->fd.sp.n; i++) {
		size_t rl;
		placeholder(c, &c->fd.sp.v[i], rep, sizeof rep);
		rl = strlen(rep);
		memcpy(out + o, *text + at, c->fd.sp.v[i].s - at);
		o += c->fd.sp.v[i].s - at;
		memcpy(out + o, rep, rl);
		o += rl;
		at = c->fd.sp.v[i].e;
		c->count++;
	}
	memcpy(out + o, *text + at, len - at);
	o += len - at;
	out[o] = '\0';
	wipe_free(text);
	*text = out;
	return RF_OK;
}

rf_status deid_redact_entry(const deid_list *l, const entry *e, entry **out, size_t *count)
{
	/* The list remembers which placeholder each person was given, so that one export names
	 * them alike throughout; nothing else of it changes. */
	struct redact_ctx c = {.l = (deid_list *)l};
	entry *d = NULL;
	rf_status st = RF_OK;

	*out = NULL;
	if (count)
		*count = 0;
	if ((d = entry_dup(e)) == NULL)
		return RF_ERR_NOMEM;
	if (e->family != NULL && e->family[0] != '\0' &&
	    strlen(e->family) <= 40) {
		st = deid_family_code_check(l, e->family);
		if (st == RF_OK)
			c.family = e->family;
		else if (st != RF_ERR_REJECTED)
			goto out;
		st = RF_OK;
	}
	if ((st = each_field(d, redact_field, &c)) != RF_OK)
		goto out;
	if (count)
		*count = c.count;
	*out = d;
	d = NULL;
out:
	finder_clear(&c.fd);
	entry_free(&d);
	return st;
}

rf_status deid_redact_text(const deid_list *l, const char *text, char **out, size_t *count)
{
	return deid_redact_text_as(l, text, false, out, count);
}

rf_status deid_redact_text_as(const deid_list *l, const char *text, bool listed_only, char **out,
			      size_t *count)
{
	struct redact_ctx c = {.l = (deid_list *)l};

	c.fd.listed_only = listed_only;
	rf_status st;

	*out = NULL;
	if (count)
		*count = 0;
	if ((*out = strdup(text ? text : "")) == NULL)
		return RF_ERR_NOMEM;
	st = redact_field("text", out, &c);
	finder_clear(&c.fd);
	if (st != RF_OK) {
		wipe_free(out);
		return st;
	}
	if (count)
		*count = c.count;
	return RF_OK;
}
