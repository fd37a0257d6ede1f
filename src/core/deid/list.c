/* list.c - the identifiers list: names and places sealed in the journal as items, each folded
 * into its words (parts) in a hash table, so a text of any length is matched against thousands
 * of names in one pass; and the words marked safe ("identifiers allow"). */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "deid_int.h"
#include "reflect/text.h"

static void wipe_free(char **s)
{
	if (s == NULL || *s == NULL)
		return;
	sodium_memzero(*s, strlen(*s));
	free(*s);
	*s = NULL;
}

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
	deid_clean_forget(l); /* its first stamp */
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
int deid_find_node(const deid_list *l, const char *w, size_t wl, int from)
{
	uint32_t h = deid_hash(w, wl);
	int k = from >= 0 ? l->node[from].next : (l->nbucket ? l->bucket[h & (l->nbucket - 1)] : -1);

	for (; k >= 0; k = l->node[k].next)
		if (l->node[k].h == h && l->node[k].wl == wl && memcmp(l->node[k].w, w, wl) == 0)
			return k;
	return -1;
}

bool deid_is_safe(const deid_list *l, const char *w, size_t wl)
{
	for (int k = deid_find_node(l, w, wl, -1); k >= 0; k = deid_find_node(l, w, wl, k))
		if (l->node[k].ident < 0)
			return true;
	return false;
}

/* The first identifier node for w, or -1. */
int deid_find_part(const deid_list *l, const char *w, size_t wl, int from)
{
	int k = deid_find_node(l, w, wl, from);

	while (k >= 0 && (l->node[k].ident < 0 || l->node[k].seq))
		k = deid_find_node(l, w, wl, k);
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
	deid_clean_forget(l); /* a text found clean may name this one */
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
	deid_clean_forget(l);
	return node_add(l, f, -1, false);
}

void deid_list_free(deid_list **l)
{
	if (l == NULL || *l == NULL)
		return;
	deid_words_forget();
	deid_clean_forget(*l);
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
	for (int k = deid_find_part(have, one->v[0].part[0], strlen(one->v[0].part[0]), -1); k >= 0;
	     k = deid_find_part(have, one->v[0].part[0], strlen(one->v[0].part[0]), k)) {
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
	if (deid_is_safe(have, one->safe[0], strlen(one->safe[0]))) {
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

