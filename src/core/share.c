/* share.c - sharing for supervision inside a journal: outgoing bundles and their log, receiving
 * (every check first, then one transaction), held entries and the supervisor's responses. */
#include "reflect/i18n.h"
#include "reflect/share.h"
#include "reflect/unread.h"

#include "reflect/attest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <sodium.h>

#include "reflect/deid.h"
#include "reflect/pattern.h"
#include "reflect/supervision.h"
#include "reflect/text.h"

#define KIND_HELD "shared"
#define KIND_RESPONSE "response-out"
#define KIND_LOG "share-log"
#define KIND_SEEN "bundle-seen"
#define RESPONSE_MAX (64 * 1024)

/* ---- small helpers ---- */

struct item {
	int64_t id;
	char *data; /* NUL-terminated copy, wiped on free */
	size_t len;
};

struct items {
	struct item *v;
	size_t n, cap;
	rf_status st;
};

static int collect_item(int64_t id, const char *data, size_t len, void *ctx)
{
	struct items *l = ctx;
	char *copy;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct item *v;
		if (cap > SIZE_MAX / sizeof *v) {
			l->st = RF_ERR_NOMEM;
			return 1;
		}
		v = realloc(l->v, cap * sizeof *v);
		if (v == NULL) {
			l->st = RF_ERR_NOMEM;
			return 1;
		}
		l->v = v;
		l->cap = cap;
	}
	copy = malloc(len + 1);
	if (copy == NULL) {
		l->st = RF_ERR_NOMEM;
		return 1;
	}
	memcpy(copy, data, len);
	copy[len] = '\0';
	l->v[l->n].id = id;
	l->v[l->n].data = copy;
	l->v[l->n].len = len;
	l->n++;
	return 0;
}

static void items_free(struct items *l)
{
	for (size_t i = 0; i < l->n; i++) {
		sodium_memzero(l->v[i].data, l->v[i].len);
		free(l->v[i].data);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}

static rf_status items_load(journal *j, const char *kind, struct items *l)
{
	rf_status st;

	memset(l, 0, sizeof *l);
	st = journal_item_each(j, kind, collect_item, l);
	if (st == RF_OK)
		st = l->st;
	if (st != RF_OK)
		items_free(l);
	return st;
}

static void key_hex(const unsigned char k[IDENTITY_KEYBYTES], char out[2 * IDENTITY_KEYBYTES + 1])
{
	sodium_bin2hex(out, 2 * IDENTITY_KEYBYTES + 1, k, IDENTITY_KEYBYTES);
}

static void iso_time(int64_t t, char out[21])
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL || strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, 21, "1970-01-01T00:00:00Z");
}

static void copy_name(char dst[IDENTITY_NAME_MAX + 1], const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n > IDENTITY_NAME_MAX)
		n = IDENTITY_NAME_MAX;
	if (n)
		memcpy(dst, s, n);
	dst[n] = '\0';
}

/* An item made of a JSON object on its first line and a body after it. Parses the first line
 * into *meta (json_decref it); *body points into data. */
static bool split_item(const char *data, size_t len, json_t **meta, const char **body,
		       size_t *blen)
{
	const char *nl = memchr(data, '\n', len);

	*meta = NULL;
	if (nl == NULL)
		return false;
	*meta = json_loadb(data, (size_t)(nl - data), 0, NULL);
	if (!json_is_object(*meta)) {
		json_decref(*meta);
		*meta = NULL;
		return false;
	}
	*body = nl + 1;
	*blen = len - (size_t)(nl - data) - 1;
	return true;
}

/* Put an item: the compact JSON of meta, a newline, then body. */
static rf_status put_split(journal *j, const char *kind, int64_t *id, json_t *meta,
			   const char *body, size_t blen)
{
	char *m = json_dumps(meta, JSON_COMPACT);
	size_t mlen, len;
	char *buf;
	rf_status st;

	if (m == NULL)
		return RF_ERR_NOMEM;
	mlen = strlen(m);
	if (blen > SIZE_MAX - mlen - 1) {
		free(m);
		return RF_ERR_TOO_BIG;
	}
	len = mlen + 1 + blen;
	buf = malloc(len + 1);
	if (buf == NULL) {
		free(m);
		return RF_ERR_NOMEM;
	}
	memcpy(buf, m, mlen);
	buf[mlen] = '\n';
	if (blen)
		memcpy(buf + mlen + 1, body, blen);
	buf[len] = '\0';
	st = journal_item_put(j, kind, id, buf, len);
	sodium_memzero(buf, len);
	free(buf);
	free(m);
	return st;
}

static json_int_t jint(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static const char *jstr(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "";
}

static bool push_id(int64_t **v, size_t *n, size_t *cap, int64_t id)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 16;
		int64_t *p;
		if (c > SIZE_MAX / sizeof *p)
			return false;
		p = realloc(*v, c * sizeof *p);
		if (p == NULL)
			return false;
		*v = p;
		*cap = c;
	}
	(*v)[(*n)++] = id;
	return true;
}

/* ---- outgoing ---- */

#define KIND_GROUP "group"
#define KIND_THREAD_IN "thread-in"

void share_outgoing_free(share_outgoing **o)
{
	if (o == NULL || *o == NULL)
		return;
	free((*o)->data);
	free((*o)->entries);
	free((*o)->items);
	free((*o)->keys);
	free((*o)->hashes);
	free(*o);
	*o = NULL;
}

static rf_status contact_for_sending(journal *j, const char *to, identity_contact *c, rf_detail *d)
{
	rf_status st = identity_contact_find(j, to, c);

	if (st == RF_ERR_NOT_FOUND)
		return rf_fail(d, st, 0, 0,
			       _("there is no contact or group named '%s'; add their card with 'reflect "
			       "contact add' ('reflect contact list' and 'reflect group list' show "
			       "them)"),
			       to);
	if (st != RF_OK)
		return st;
	if (c->has_pending)
		return rf_fail(d, RF_ERR_REJECTED, 0, 0,
			       _("'%s' has a changed card that is not verified yet; check its "
			       "fingerprint with them, then run 'reflect contact verify %s'"),
			       c->name, c->name);
	return RF_OK;
}

/* ---- groups ---- */

static bool group_parse(const struct item *it, share_group *g)
{
	json_t *o = json_loadb(it->data, it->len, 0, NULL), *m, *x;
	size_t k;
	bool ok = false;

	memset(g, 0, sizeof *g);
	if (o == NULL)
		return false;
	g->item = it->id;
	copy_name(g->name, jstr(o, "name"));
	m = json_object_get(o, "members");
	ok = g->name[0] != '\0';
	json_array_foreach(m, k, x)
	{
		if (json_is_string(x) && strlist_add(&g->members, json_string_value(x)) != RF_OK)
			ok = false;
	}
	json_decref(o);
	if (!ok)
		strlist_clear(&g->members);
	return ok;
}

rf_status share_group_list(journal *j, share_group **out, size_t *nout)
{
	struct items l;
	share_group *v = NULL;
	size_t n = 0;
	rf_status st = items_load(j, KIND_GROUP, &l);

	*out = NULL;
	*nout = 0;
	if (st != RF_OK)
		return st;
	if (l.n && (v = calloc(l.n, sizeof *v)) == NULL) {
		items_free(&l);
		return RF_ERR_NOMEM;
	}
	for (size_t i = 0; i < l.n; i++)
		if (group_parse(&l.v[i], &v[n]))
			n++;
	items_free(&l);
	*out = v;
	*nout = n;
	return RF_OK;
}

void share_group_list_free(share_group **v, size_t n)
{
	if (v == NULL || *v == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		strlist_clear(&(*v)[i].members);
	free(*v);
	*v = NULL;
}

/* The group called name (exactly, else case aside); false when none. g->members is the
 * caller's to clear. */
static bool group_find(journal *j, const char *name, share_group *g, rf_status *st)
{
	share_group *v = NULL;
	size_t n = 0;
	bool found = false;

	*st = share_group_list(j, &v, &n);
	for (int pass = 0; pass < 2 && !found && *st == RF_OK; pass++)
		for (size_t i = 0; i < n && !found; i++)
			if (pass == 0 ? strcmp(v[i].name, name) == 0
				      : identity_name_same(v[i].name, name)) {
				*g = v[i];
				memset(&v[i].members, 0, sizeof v[i].members);
				found = true;
			}
	share_group_list_free(&v, n);
	return found;
}

rf_status share_group_add(journal *j, const char *name, const char *const *members, size_t n,
			  rf_detail *d)
{
	share_group g;
	identity_contact c;
	json_t *o, *a;
	char *s;
	int64_t item = 0;
	rf_status st;

	if (!identity_name_valid(name))
		return rf_fail(d, RF_ERR_INVALID, 0, 0, _("a group's name is 1 to %d bytes of text on one line"),
			       IDENTITY_NAME_MAX);
	if (n == 0 || n > BUNDLE_RECIPIENTS_MAX - 1)
		return rf_fail(d, RF_ERR_INVALID, 0, 0, _("a group has 1 to %d members"),
			       BUNDLE_RECIPIENTS_MAX - 1);
	st = identity_contact_find(j, name, &c);
	if (st == RF_OK)
		return rf_fail(d, RF_ERR_EXISTS, 0, 0,
			       _("'%s' is a contact's name; give the group another name"), name);
	a = json_array();
	if (a == NULL)
		return RF_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		st = contact_for_sending(j, members[i], &c, d);
		if (st != RF_OK) {
			json_decref(a);
			return st;
		}
		if (json_array_append_new(a, json_string(c.name)) != 0) {
			json_decref(a);
			return RF_ERR_NOMEM;
		}
	}
	if (group_find(j, name, &g, &st)) {
		item = g.item;
		strlist_clear(&g.members);
	}
	if (st != RF_OK) {
		json_decref(a);
		return st;
	}
	o = json_pack("{s:s, s:o}", "name", name, "members", a);
	s = o ? json_dumps(o, JSON_COMPACT) : NULL;
	json_decref(o);
	if (s == NULL)
		return RF_ERR_NOMEM;
	st = journal_item_put(j, KIND_GROUP, &item, s, strlen(s));
	free(s);
	return st;
}

rf_status share_group_remove(journal *j, const char *name)
{
	share_group g;
	rf_status st;

	if (!group_find(j, name, &g, &st))
		return st == RF_OK ? RF_ERR_NOT_FOUND : st;
	strlist_clear(&g.members);
	return journal_item_delete(j, KIND_GROUP, g.item);
}

/* The contacts that the names (contacts or groups) stand for, each once, and a label. */
static rf_status resolve_to(journal *j, const identity *me, const char *const *to, size_t nto,
			    identity_contact **out, size_t *nout, char label[SHARE_TO_MAX],
			    rf_detail *d)
{
	identity_contact *v = NULL;
	size_t n = 0;
	rf_status st = RF_OK;

	*out = NULL;
	*nout = 0;
	label[0] = '\0';
	for (size_t i = 0; i < nto && st == RF_OK; i++) {
		identity_contact c;
		share_group g;
		strlist one = {0};
		strlist *names = &one;
		bool group = false;
		st = identity_contact_find(j, to[i], &c);
		if (st == RF_ERR_NOT_FOUND) {
			group = group_find(j, to[i], &g, &st);
			if (st != RF_OK)
				break;
			if (group)
				names = &g.members;
		}
		if (!group)
			st = strlist_add(&one, to[i]);
		for (size_t k = 0; st == RF_OK && k < names->n; k++) {
			bool dup = false;
			st = contact_for_sending(j, names->v[k], &c, d);
			if (st != RF_OK)
				break;
			if (identity_same_keys(&c.card, identity_pub(me)))
				continue;
			for (size_t m = 0; m < n && !dup; m++)
				dup = sodium_memcmp(v[m].card.sign_pk, c.card.sign_pk, IDENTITY_KEYBYTES) == 0;
			if (dup)
				continue;
			if (n >= BUNDLE_RECIPIENTS_MAX) {
				st = rf_fail(d, RF_ERR_INVALID, 0, 0,
					     _("a bundle is for at most %d people"), BUNDLE_RECIPIENTS_MAX);
				break;
			}
			identity_contact *p = realloc(v, (n + 1) * sizeof *v);
			if (p == NULL) {
				st = RF_ERR_NOMEM;
				break;
			}
			v = p;
			v[n++] = c;
		}
		if (st == RF_OK) {
			size_t at = strlen(label);
			snprintf(label + at, SHARE_TO_MAX - at, "%s%s", at ? ", " : "",
				 group ? g.name : c.name);
		}
		strlist_clear(&one);
		if (group)
			strlist_clear(&g.members);
	}
	if (st == RF_OK && n == 0)
		st = rf_fail(d, RF_ERR_INVALID, 0, 0, "%s", _("there is no one to send it to"));
	if (st != RF_OK) {
		free(v);
		return st;
	}
	*out = v;
	*nout = n;
	return RF_OK;
}

struct flagged {
	entry **v;
	size_t n, cap;
	rf_status st;
};

static int take_flagged(const entry *e, void *ctx)
{
	struct flagged *f = ctx;
	entry *copy;

	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 16;
		entry **v;
		if (cap > SIZE_MAX / sizeof *v) {
			f->st = RF_ERR_NOMEM;
			return 1;
		}
		v = realloc(f->v, cap * sizeof *v);
		if (v == NULL) {
			f->st = RF_ERR_NOMEM;
			return 1;
		}
		f->v = v;
		f->cap = cap;
	}
	copy = entry_dup(e);
	if (copy == NULL) {
		f->st = RF_ERR_NOMEM;
		return 1;
	}
	f->v[f->n++] = copy;
	return 0;
}

static share_outgoing *outgoing_new(bundle_kind kind, const identity_contact *c, size_t nc,
				    const char *label)
{
	share_outgoing *o = calloc(1, sizeof *o);

	if (o == NULL)
		return NULL;
	o->kind = kind;
	snprintf(o->to, sizeof o->to, "%s", label);
	memcpy(o->to_sign_pk, c[0].card.sign_pk, IDENTITY_KEYBYTES);
	o->keys = calloc(nc, sizeof *o->keys);
	if (o->keys == NULL) {
		free(o);
		return NULL;
	}
	for (size_t i = 0; i < nc; i++)
		memcpy(o->keys[i], c[i].card.sign_pk, IDENTITY_KEYBYTES);
	o->nkeys = nc;
	return o;
}

/* The de-identification scan before sealing (the same as an export's): every text of every
 * entry, stopped on, replaced, or kept as the person chose. */
/* A shallow copy's thread taken off (the copy's owner still holds it). */
static void without_thread(entry *e)
{
	e->responses = NULL;
	e->nresponses = 0;
}

static rf_status deid_pass(journal *j, entry **v, entry **copies, size_t n, share_deid mode,
			   deid_findings *found, size_t *replaced, rf_detail *d)
{
	deid_list *ids = NULL;
	rf_status st;

	if (mode == SHARE_DEID_KEEP)
		return RF_OK;
	if ((st = deid_list_load(j, &ids)) != RF_OK)
		return rf_fail(d, st, 0, 0, "%s",
			       _("the identifiers list could not be read, so the entries could not "
				 "be checked for names"));
	for (size_t i = 0; i < n && st == RF_OK; i++) {
		/* what goes: the thread beside an entry stays (bundle_write_to leaves it out), so
		 * its writers' names are no finding */
		entry sent = *v[i];
		without_thread(&sent);
		if (mode == SHARE_DEID_STOP) {
			st = deid_scan_entry(ids, &sent, found);
		} else {
			entry *copy = NULL;
			size_t k = 0;
			if (found != NULL)
				st = deid_scan_entry(ids, &sent, found);
			if (st == RF_OK && (st = deid_redact_entry(ids, &sent, &copy, &k)) == RF_OK) {
				copies[i] = copy; /* v[i] is the caller's; the copy is sent */
				v[i] = copy;
				if (replaced)
					*replaced += k;
			}
		}
	}
	deid_list_free(&ids);
	if (st == RF_OK && mode == SHARE_DEID_STOP && found != NULL && found->n > 0)
		st = rf_fail(d, RF_ERR_REJECTED, 0, 0, "%s",
			     _("the entries hold identifying details"));
	return st;
}

/* What an entry says, apart from its thread: to tell whether it changed since it was sent. */
static bool content_hash(const entry *e, char out[33])
{
	unsigned char h[16];
	entry tmp = *e;
	char *js;

	tmp.responses = NULL;
	tmp.nresponses = 0;
	js = entry_to_json(&tmp, ENTRY_JSON_NORESP);
	if (js == NULL)
		return false;
	crypto_generichash(h, sizeof h, (const unsigned char *)js, strlen(js), NULL, 0);
	entry_free_text(&js);
	sodium_bin2hex(out, 33, h, sizeof h);
	return true;
}

static bool json_has_string(json_t *a, const char *s)
{
	size_t k;
	json_t *x;

	json_array_foreach(a, k, x)
	{
		if (json_is_string(x) && strcmp(json_string_value(x), s) == 0)
			return true;
	}
	return false;
}

/* Did the entry go to the person with this key, as it is now? */
static bool sent_unchanged(const struct items *log, const char *khex, int64_t id, const char *hash)
{
	bool same = false;

	for (size_t i = 0; i < log->n; i++) { /* oldest first: the last one sent counts */
		json_t *o = json_loadb(log->v[i].data, log->v[i].len, 0, NULL);
		json_t *ids = json_object_get(o, "entries"), *hs = json_object_get(o, "hashes");
		if (o != NULL && strcmp(jstr(o, "kind"), "entries") == 0 &&
		    (strcmp(jstr(o, "key"), khex) == 0 ||
		     json_has_string(json_object_get(o, "keys"), khex))) {
			for (size_t k = 0; k < json_array_size(ids); k++)
				if (json_integer_value(json_array_get(ids, k)) == id)
					same = json_is_string(json_array_get(hs, k)) &&
					       strcmp(json_string_value(json_array_get(hs, k)), hash) == 0;
		}
		json_decref(o);
	}
	return same;
}

static int safety_first(const void *a, const void *b)
{
	const entry *x = *(entry *const *)a, *y = *(entry *const *)b;

	if (x->safety_concern != y->safety_concern)
		return x->safety_concern ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

rf_status share_prepare_entries(journal *j, const identity *me, const char *const *to, size_t nto,
				const int64_t *ids, size_t nids, bool only_changed,
				share_outgoing **out, rf_detail *d)
{
	deid_findings found = {0};
	rf_status st = share_prepare_entries_deid(j, me, to, nto, ids, nids, only_changed,
						  SHARE_DEID_STOP, &found, NULL, out, d);

	deid_findings_clear(&found);
	return st;
}

rf_status share_prepare_entries_deid(journal *j, const identity *me, const char *const *to,
				     size_t nto, const int64_t *ids, size_t nids, bool only_changed,
				     share_deid mode, deid_findings *found, size_t *replaced,
				     share_outgoing **out, rf_detail *d)
{
	entry **copies = NULL;
	identity_contact *c = NULL;
	size_t nc = 0;
	struct flagged f = {NULL, 0, 0, RF_OK};
	struct items log = {0};
	share_outgoing *o = NULL;
	entry **keep = NULL;
	size_t cap = 0, nkeep = 0, unchanged = 0;
	char label[SHARE_TO_MAX];
	rf_status st;

	*out = NULL;
	st = resolve_to(j, me, to, nto, &c, &nc, label, d);
	if (st != RF_OK)
		return st;
	if (ids == NULL) {
		entry_filter flt;
		memset(&flt, 0, sizeof flt);
		flt.flagged = true;
		st = journal_each(j, &flt, true, take_flagged, &f);
		if (st == RF_OK)
			st = f.st;
		if (st != RF_OK)
			goto out;
	} else {
		for (size_t i = 0; i < nids; i++) {
			entry *e = NULL;
			st = journal_get(j, ids[i], &e);
			if (st == RF_ERR_NOT_FOUND)
				rf_fail(d, st, 0, 0, _("there is no entry %lld"), (long long)ids[i]);
			if (st != RF_OK)
				goto out;
			bool seen = false;
			for (size_t k = 0; k < f.n && !seen; k++)
				seen = f.v[k]->id == ids[i]; /* each entry once */
			f.st = RF_OK;
			if (!seen)
				take_flagged(e, &f);
			entry_free(&e);
			if (f.st != RF_OK) {
				st = f.st;
				goto out;
			}
		}
	}
	if (f.n == 0) {
		st = rf_fail(d, RF_ERR_INVALID, 0, 0, "%s",
			     ids == NULL ? _("no entry is marked for supervision yet")
					 : _("no entries were chosen"));
		goto out;
	}
	if (f.n > 1)
		qsort(f.v, f.n, sizeof *f.v, safety_first); /* a safety concern travels first */
	o = outgoing_new(BUNDLE_ENTRIES, c, nc, label);
	keep = calloc(f.n, sizeof *keep);
	if (o == NULL || keep == NULL || (o->hashes = calloc(f.n, sizeof *o->hashes)) == NULL) {
		st = RF_ERR_NOMEM;
		goto out;
	}
	if (only_changed) {
		st = items_load(j, KIND_LOG, &log);
		if (st != RF_OK)
			goto out;
	}
	for (size_t i = 0; i < f.n; i++) {
		char hash[33];
		bool due = !only_changed;
		if (!content_hash(f.v[i], hash)) {
			st = RF_ERR_NOMEM;
			goto out;
		}
		for (size_t k = 0; k < nc && !due; k++) {
			char khex[2 * IDENTITY_KEYBYTES + 1];
			key_hex(c[k].card.sign_pk, khex);
			due = !sent_unchanged(&log, khex, f.v[i]->id, hash);
		}
		if (!due) {
			unchanged++;
			continue;
		}
		memcpy(o->hashes[nkeep], hash, 33);
		keep[nkeep++] = f.v[i];
		if (!push_id(&o->entries, &o->n, &cap, f.v[i]->id)) {
			st = RF_ERR_NOMEM;
			goto out;
		}
	}
	o->unchanged = unchanged;
	if (nkeep == 0) {
		st = rf_fail(d, RF_ERR_EXISTS, 0, 0, "%s",
			     _("nothing changed since the entries were last sent"));
		goto out;
	}
	/* The scan before sealing, over what goes (the same as an export's). */
	if (mode != SHARE_DEID_KEEP) {
		if ((copies = calloc(nkeep, sizeof *copies)) == NULL) {
			st = RF_ERR_NOMEM;
			goto out;
		}
		if ((st = deid_pass(j, keep, copies, nkeep, mode, found, replaced, d)) != RF_OK)
			goto out;
	}
	{
		identity_public *pubs = calloc(nc, sizeof *pubs);
		if (pubs == NULL) {
			st = RF_ERR_NOMEM;
			goto out;
		}
		for (size_t k = 0; k < nc; k++)
			pubs[k] = c[k].card;
		st = bundle_write_to(me, pubs, nc, NULL, BUNDLE_ENTRIES, keep, nkeep, NULL, 0, o->id,
				     &o->data, &o->len);
		free(pubs);
	}
	if (st == RF_ERR_TOO_BIG)
		rf_fail(d, st, 0, 0, "%s", _("an entry or the number of entries is larger than a bundle holds"));
out:
	for (size_t i = 0; i < f.n; i++)
		entry_free(&f.v[i]);
	free(f.v);
	for (size_t i = 0; copies != NULL && i < nkeep; i++)
		entry_free(&copies[i]);
	free(copies);
	free(keep);
	free(c);
	items_free(&log);
	if (st == RF_OK) {
		*out = o;
		o = NULL;
	}
	share_outgoing_free(&o);
	return st;
}

/* ---- messages going out ---- */

/* A message written here (kind "response-out"): a response on a held entry (held != 0) or a
 * reply on one's own entry (held == 0). */
struct msg_out {
	int64_t item, held, entry_id, at;
	unsigned char author[IDENTITY_KEYBYTES];
	json_t *sent_to; /* signing keys (hex) it went to */
	bool sent_old;   /* sent before recipients were kept: counts as sent to everyone */
	char *text;
};

/* The people a message is for: the entry's author and the others it was shared with (held),
 * or those one's own entry went to; each a pinned contact, never me. */
static rf_status msg_recipients(journal *j, const identity *me, const struct msg_out *m,
				const struct items *held, const struct items *log,
				identity_contact **out, size_t *nout)
{
	identity_contact *v = NULL;
	size_t n = 0;
	json_t *keys = json_array();
	char mine[2 * IDENTITY_KEYBYTES + 1];
	rf_status st = RF_OK;

	*out = NULL;
	*nout = 0;
	if (keys == NULL)
		return RF_ERR_NOMEM;
	key_hex(identity_pub(me)->sign_pk, mine);
	if (m->held != 0) {
		for (size_t i = 0; i < held->n; i++) {
			json_t *meta;
			const char *body;
			size_t blen, k;
			json_t *x;
			if (held->v[i].id != m->held ||
			    !split_item(held->v[i].data, held->v[i].len, &meta, &body, &blen))
				continue;
			json_array_append_new(keys, json_string(jstr(meta, "from_key")));
			json_array_foreach(json_object_get(meta, "to_keys"), k, x)
			{
				json_array_append(keys, x);
			}
			json_decref(meta);
		}
	} else {
		for (size_t i = 0; i < log->n; i++) {
			json_t *o = json_loadb(log->v[i].data, log->v[i].len, 0, NULL), *ids;
			size_t k;
			json_t *x;
			bool has = false;
			if (o == NULL)
				continue;
			ids = json_object_get(o, "entries");
			json_array_foreach(ids, k, x)
			{
				has |= json_integer_value(x) == m->entry_id;
			}
			if (has && strcmp(jstr(o, "kind"), "entries") == 0) {
				if (json_object_get(o, "keys") != NULL)
					json_array_foreach(json_object_get(o, "keys"), k, x)
					{
						json_array_append(keys, x);
					}
				else
					json_array_append_new(keys, json_string(jstr(o, "key")));
			}
			json_decref(o);
		}
	}
	for (size_t i = 0; i < json_array_size(keys) && st == RF_OK; i++) {
		const char *h = json_string_value(json_array_get(keys, i));
		unsigned char k[IDENTITY_KEYBYTES];
		identity_contact c;
		bool dup = false;
		size_t got = 0;
		if (h == NULL || strcmp(h, mine) == 0 || strlen(h) != 2 * IDENTITY_KEYBYTES ||
		    sodium_hex2bin(k, sizeof k, h, strlen(h), NULL, &got, NULL) != 0)
			continue;
		for (size_t q = 0; q < n && !dup; q++)
			dup = sodium_memcmp(v[q].card.sign_pk, k, sizeof k) == 0;
		if (dup || n >= BUNDLE_RECIPIENTS_MAX)
			continue;
		if (identity_contact_by_key(j, k, &c) != RF_OK || c.has_pending)
			continue; /* only pinned, trusted cards */
		identity_contact *p = realloc(v, (n + 1) * sizeof *v);
		if (p == NULL) {
			st = RF_ERR_NOMEM;
			break;
		}
		v = p;
		v[n++] = c;
	}
	json_decref(keys);
	if (st != RF_OK) {
		free(v);
		return st;
	}
	*out = v;
	*nout = n;
	return RF_OK;
}

static void msgs_free(struct msg_out *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		json_decref(v[i].sent_to);
		if (v[i].text != NULL) {
			sodium_memzero(v[i].text, strlen(v[i].text));
			free(v[i].text);
		}
	}
	free(v);
}

static rf_status msgs_load(journal *j, const identity *me, const struct items *held,
			   struct msg_out **out, size_t *nout)
{
	struct items l;
	struct msg_out *v = NULL;
	size_t n = 0;
	rf_status st = items_load(j, KIND_RESPONSE, &l);

	*out = NULL;
	*nout = 0;
	if (st != RF_OK)
		return st;
	if (l.n && (v = calloc(l.n, sizeof *v)) == NULL) {
		items_free(&l);
		return RF_ERR_NOMEM;
	}
	for (size_t i = 0; i < l.n; i++) {
		json_t *m;
		const char *body, *a;
		size_t blen, got = 0;
		struct msg_out *x = &v[n];
		if (!split_item(l.v[i].data, l.v[i].len, &m, &body, &blen))
			continue;
		x->item = l.v[i].id;
		x->held = (int64_t)jint(m, "held");
		x->entry_id = (int64_t)jint(m, "entry_id");
		x->at = (int64_t)jint(m, "at");
		x->sent_to = json_incref(json_object_get(m, "sent_to"));
		x->sent_old = x->sent_to == NULL && jint(m, "sent") != 0;
		a = json_string_value(json_object_get(m, "author"));
		if (a == NULL && x->held != 0) { /* written before authors were kept */
			for (size_t k = 0; k < held->n; k++)
				if (held->v[k].id == x->held) {
					json_t *hm;
					const char *hb;
					size_t hl;
					if (split_item(held->v[k].data, held->v[k].len, &hm, &hb, &hl)) {
						sodium_hex2bin(x->author, IDENTITY_KEYBYTES,
							       jstr(hm, "from_key"), 2 * IDENTITY_KEYBYTES,
							       NULL, &got, NULL);
						json_decref(hm);
					}
				}
		} else if (a != NULL) {
			sodium_hex2bin(x->author, IDENTITY_KEYBYTES, a, strlen(a), NULL, &got, NULL);
		} else {
			memcpy(x->author, identity_pub(me)->sign_pk, IDENTITY_KEYBYTES);
		}
		x->text = malloc(blen + 1);
		json_decref(m);
		if (x->text == NULL) {
			st = RF_ERR_NOMEM;
			break;
		}
		memcpy(x->text, body, blen);
		x->text[blen] = '\0';
		n++;
	}
	items_free(&l);
	if (st != RF_OK) {
		msgs_free(v, n);
		return st;
	}
	*out = v;
	*nout = n;
	return RF_OK;
}

static bool msg_sent_to(const struct msg_out *m, const unsigned char key[IDENTITY_KEYBYTES])
{
	char khex[2 * IDENTITY_KEYBYTES + 1];

	if (m->sent_old)
		return true;
	key_hex(key, khex);
	return json_has_string(m->sent_to, khex);
}

/* The recipients' keys and the author, as one string: messages with the same go together. */
static void audience_key(const unsigned char author[IDENTITY_KEYBYTES], const identity_contact *c,
			 size_t n, char *out, size_t cap)
{
	char h[2 * IDENTITY_KEYBYTES + 1];
	size_t at = 0;

	key_hex(author, h);
	at += (size_t)snprintf(out, cap, "%s", h);
	for (size_t i = 0; i < n && at < cap; i++) {
		key_hex(c[i].card.sign_pk, h);
		at += (size_t)snprintf(out + at, cap - at, ":%s", h);
	}
}

rf_status share_prepare_messages(journal *j, const identity *me, const char *to, bool all,
				 share_outgoing ***out, size_t *nout, rf_detail *d)
{
	struct items held = {0}, log = {0};
	struct msg_out *m = NULL;
	size_t nm = 0, nb = 0;
	share_outgoing **bundles = NULL;
	identity_contact only;
	identity_contact **aud = NULL; /* per message: its audience */
	size_t *naud = NULL;
	char **keys = NULL;
	bool *done = NULL;
	rf_status st;

	*out = NULL;
	*nout = 0;
	if (to != NULL) {
		st = contact_for_sending(j, to, &only, d);
		if (st != RF_OK)
			return st;
	}
	st = items_load(j, KIND_HELD, &held);
	if (st == RF_OK)
		st = items_load(j, KIND_LOG, &log);
	if (st == RF_OK)
		st = msgs_load(j, me, &held, &m, &nm);
	if (st != RF_OK)
		goto out;
	aud = calloc(nm ? nm : 1, sizeof *aud);
	naud = calloc(nm ? nm : 1, sizeof *naud);
	keys = calloc(nm ? nm : 1, sizeof *keys);
	done = calloc(nm ? nm : 1, sizeof *done);
	bundles = calloc(nm ? nm : 1, sizeof *bundles);
	if (aud == NULL || naud == NULL || keys == NULL || done == NULL || bundles == NULL) {
		st = RF_ERR_NOMEM;
		goto out;
	}
	for (size_t i = 0; i < nm && st == RF_OK; i++) {
		identity_contact *c = NULL;
		size_t nc = 0, due = 0;
		st = msg_recipients(j, me, &m[i], &held, &log, &c, &nc);
		if (st != RF_OK)
			break;
		for (size_t k = 0; k < nc; k++) {
			bool keep = (all || !msg_sent_to(&m[i], c[k].card.sign_pk)) &&
				    (to == NULL || sodium_memcmp(c[k].card.sign_pk, only.card.sign_pk,
								 IDENTITY_KEYBYTES) == 0);
			if (keep)
				c[due++] = c[k];
		}
		aud[i] = c;
		naud[i] = due;
		keys[i] = malloc(2 * IDENTITY_KEYBYTES + 1 + due * (2 * IDENTITY_KEYBYTES + 1) + 1);
		if (keys[i] == NULL) {
			st = RF_ERR_NOMEM;
			break;
		}
		audience_key(m[i].author, c, due,
			     keys[i], 2 * IDENTITY_KEYBYTES + 1 + due * (2 * IDENTITY_KEYBYTES + 1) + 1);
		done[i] = due == 0;
	}
	for (size_t i = 0; i < nm && st == RF_OK; i++) {
		bundle_response *br = NULL;
		size_t nbr = 0, c1 = 0, c2 = 0;
		share_outgoing *o;
		identity_public *pubs;
		char label[SHARE_TO_MAX] = "";
		if (done[i])
			continue;
		for (size_t k = 0; k < naud[i]; k++) {
			size_t at = strlen(label);
			snprintf(label + at, sizeof label - at, "%s%s", k ? ", " : "", aud[i][k].name);
		}
		o = outgoing_new(BUNDLE_RESPONSES, aud[i], naud[i], label);
		br = calloc(nm, sizeof *br);
		pubs = calloc(naud[i], sizeof *pubs);
		if (o == NULL || br == NULL || pubs == NULL) {
			share_outgoing_free(&o);
			free(br);
			free(pubs);
			st = RF_ERR_NOMEM;
			break;
		}
		for (size_t q = i; q < nm && st == RF_OK; q++) {
			if (done[q] || strcmp(keys[q], keys[i]) != 0)
				continue;
			done[q] = true;
			br[nbr].entry = m[q].entry_id;
			br[nbr].at = m[q].at;
			br[nbr].text = m[q].text;
			nbr++;
			if (!push_id(&o->entries, &o->n, &c1, m[q].entry_id) ||
			    !push_id(&o->items, &o->nitems, &c2, m[q].item))
				st = RF_ERR_NOMEM;
		}
		for (size_t k = 0; k < naud[i]; k++)
			pubs[k] = aud[i][k].card;
		if (st == RF_OK)
			st = bundle_write_to(me, pubs, naud[i], m[i].author, BUNDLE_RESPONSES, NULL, 0,
					     br, nbr, o->id, &o->data, &o->len);
		free(pubs);
		free(br);
		if (st != RF_OK) {
			share_outgoing_free(&o);
			break;
		}
		bundles[nb++] = o;
	}
out:
	for (size_t i = 0; aud != NULL && i < nm; i++)
		free(aud[i]);
	for (size_t i = 0; keys != NULL && i < nm; i++)
		free(keys[i]);
	free(aud);
	free(naud);
	free(keys);
	free(done);
	msgs_free(m, nm);
	items_free(&held);
	items_free(&log);
	if (st != RF_OK) {
		for (size_t i = 0; i < nb; i++)
			share_outgoing_free(&bundles[i]);
		free(bundles);
		return st;
	}
	if (nb == 0) {
		free(bundles);
		bundles = NULL;
	}
	*out = bundles;
	*nout = nb;
	return RF_OK;
}

rf_status share_prepare_responses(journal *j, const identity *me, const char *to, bool all,
				  share_outgoing **out, rf_detail *d)
{
	share_outgoing **v = NULL;
	size_t n = 0;
	rf_status st = share_prepare_messages(j, me, to, all, &v, &n, d);

	*out = NULL;
	if (st != RF_OK)
		return st;
	if (n == 0)
		return rf_fail(d, RF_ERR_INVALID, 0, 0,
			       all ? _("there are no responses for '%s'")
				   : _("there are no new responses for '%s' (--all sends them all again)"),
			       to);
	/* one contact, so the messages differ only by whose entries they answer: the first
	 * bundle now, the rest on the next share */
	*out = v[0];
	for (size_t i = 1; i < n; i++)
		share_outgoing_free(&v[i]);
	free(v);
	return RF_OK;
}

rf_status share_record(journal *j, const share_outgoing *o)
{
	char idhex[2 * BUNDLE_IDBYTES + 1], khex[2 * IDENTITY_KEYBYTES + 1];
	int64_t now = (int64_t)time(NULL), id = 0;
	json_t *log, *ids, *keys, *hashes;
	char *s = NULL;
	rf_status st = RF_ERR_NOMEM;

	bundle_id_hex(o->id, idhex);
	key_hex(o->to_sign_pk, khex);
	ids = json_array();
	keys = json_array();
	hashes = json_array();
	if (ids == NULL || keys == NULL || hashes == NULL) {
		json_decref(ids);
		json_decref(keys);
		json_decref(hashes);
		return RF_ERR_NOMEM;
	}
	for (size_t i = 0; i < o->n; i++) {
		json_array_append_new(ids, json_integer(o->entries[i]));
		if (o->hashes != NULL)
			json_array_append_new(hashes, json_string(o->hashes[i]));
	}
	for (size_t i = 0; i < o->nkeys; i++) {
		char h[2 * IDENTITY_KEYBYTES + 1];
		key_hex(o->keys[i], h);
		json_array_append_new(keys, json_string(h));
	}
	log = json_pack("{s:s, s:s, s:s, s:o, s:s, s:I, s:I, s:o, s:o}", "kind",
			o->kind == BUNDLE_ENTRIES ? "entries" : "responses", "to", o->to, "key", khex,
			"keys", keys, "bundle", idhex, "at", (json_int_t)now, "count",
			(json_int_t)(o->kind == BUNDLE_ENTRIES ? o->n : o->nitems), "entries", ids,
			"hashes", hashes);
	if (log == NULL)
		return RF_ERR_NOMEM;
	s = json_dumps(log, JSON_COMPACT);
	json_decref(log);
	if (s == NULL)
		return RF_ERR_NOMEM;
	st = journal_begin(j);
	if (st != RF_OK)
		goto out;
	st = journal_item_put(j, KIND_LOG, &id, s, strlen(s));
	for (size_t i = 0; st == RF_OK && i < o->nitems; i++) {
		char *data = NULL;
		size_t len = 0;
		json_t *meta, *sent;
		const char *body;
		size_t blen;
		int64_t item = o->items[i];
		st = journal_item_get(j, KIND_RESPONSE, item, &data, &len);
		if (st != RF_OK)
			break;
		if (!split_item(data, len, &meta, &body, &blen)) {
			st = RF_ERR_DAMAGED;
		} else {
			sent = json_object_get(meta, "sent_to");
			if (!json_is_array(sent)) {
				sent = json_array();
				json_object_set_new(meta, "sent_to", sent);
			}
			for (size_t k = 0; sent != NULL && k < o->nkeys; k++) {
				char h[2 * IDENTITY_KEYBYTES + 1];
				key_hex(o->keys[k], h);
				if (!json_has_string(sent, h))
					json_array_append_new(sent, json_string(h));
			}
			json_object_set_new(meta, "sent", json_integer(now));
			st = put_split(j, KIND_RESPONSE, &item, meta, body, blen);
			json_decref(meta);
		}
		rcrypto_plain_free((unsigned char **)&data, len);
	}
	if (st == RF_OK)
		st = journal_commit(j);
	else
		journal_rollback(j);
out:
	free(s);
	return st;
}

/* ---- receiving ---- */

/* Check the signer against the pinned contacts. */
static bundle_reject check_sender(journal *j, const bundle *b, share_receipt *r, rf_status *st)
{
	identity_contact *v = NULL;
	size_t n = 0;
	bundle_reject why = BUNDLE_UNKNOWN_SENDER;

	*st = identity_contact_list(j, &v, &n);
	if (*st != RF_OK)
		return BUNDLE_UNKNOWN_SENDER;
	for (size_t i = 0; i < n; i++) {
		const identity_contact *c = &v[i];
		if (sodium_memcmp(c->card.sign_pk, b->from.sign_pk, IDENTITY_KEYBYTES) == 0) {
			copy_name(r->from, c->name);
			r->from_verified = c->verified;
			/* the same signing key with another sealing key is a changed card too */
			why = identity_same_keys(&c->card, &b->from) ? BUNDLE_INTACT
								      : BUNDLE_CHANGED_KEY;
			goto out;
		}
	}
	for (size_t i = 0; i < n; i++) {
		const identity_contact *c = &v[i];
		if ((c->has_pending &&
		     sodium_memcmp(c->pending.sign_pk, b->from.sign_pk, IDENTITY_KEYBYTES) == 0) ||
		    sodium_memcmp(c->card.box_pk, b->from.box_pk, IDENTITY_KEYBYTES) == 0 ||
		    (b->from.name[0] != '\0' && strcmp(c->card.name, b->from.name) == 0)) {
			copy_name(r->from, c->name);
			r->from_verified = c->verified;
			why = BUNDLE_CHANGED_KEY;
			goto out;
		}
	}
	copy_name(r->from, b->from.name);
out:
	free(v);
	return why;
}

static bundle_reject check_replay(journal *j, const bundle *b, rf_status *st)
{
	struct items l;
	char idhex[2 * BUNDLE_IDBYTES + 1];
	bundle_reject why = BUNDLE_INTACT;

	bundle_id_hex(b->id, idhex);
	*st = items_load(j, KIND_SEEN, &l);
	if (*st != RF_OK)
		return BUNDLE_INTACT;
	for (size_t i = 0; i < l.n && why == BUNDLE_INTACT; i++) {
		json_t *o = json_loadb(l.v[i].data, l.v[i].len, 0, NULL);
		if (o != NULL && strcmp(jstr(o, "bundle"), idhex) == 0)
			why = BUNDLE_REPLAY;
		json_decref(o);
	}
	items_free(&l);
	return why;
}

/* Is the held item's entry exactly js? */
static bool held_body_is(const struct items *l, int64_t item, const char *js)
{
	for (size_t k = 0; k < l->n; k++) {
		json_t *m;
		const char *body;
		size_t blen;
		bool same;
		if (l->v[k].id != item || !split_item(l->v[k].data, l->v[k].len, &m, &body, &blen))
			continue;
		json_decref(m);
		same = blen == strlen(js) && memcmp(body, js, blen) == 0;
		return same;
	}
	return false;
}

static rf_status import_entries(journal *j, const bundle *b, const char *from, share_receipt *r)
{
	struct items l;
	json_t *to_keys;
	char khex[2 * IDENTITY_KEYBYTES + 1], idhex[2 * BUNDLE_IDBYTES + 1];
	int64_t now = (int64_t)time(NULL);
	rf_status st;

	key_hex(b->from.sign_pk, khex);
	bundle_id_hex(b->id, idhex);
	to_keys = json_array();
	for (size_t i = 0; to_keys != NULL && i < b->nto; i++) {
		char h[2 * IDENTITY_KEYBYTES + 1];
		key_hex(b->to[i].sign_pk, h);
		json_array_append_new(to_keys, json_string(h));
	}
	if (to_keys == NULL)
		return RF_ERR_NOMEM;
	st = items_load(j, KIND_HELD, &l);
	if (st != RF_OK) {
		json_decref(to_keys);
		return st;
	}
	for (size_t i = 0; i < b->nentries && st == RF_OK; i++) {
		const entry *e = b->entries[i];
		int64_t item = 0, held_rev = 0;
		char *js;
		json_t *meta;
		for (size_t k = 0; k < l.n; k++) {
			json_t *m;
			const char *body;
			size_t blen;
			if (!split_item(l.v[k].data, l.v[k].len, &m, &body, &blen))
				continue;
			if (strcmp(jstr(m, "from_key"), khex) == 0 && jint(m, "entry_id") == e->id) {
				item = l.v[k].id;
				held_rev = (int64_t)jint(m, "rev");
			}
			json_decref(m);
			if (item != 0)
				break;
		}
		if (item != 0 && e->rev < held_rev) {
			/* an older copy never replaces a newer one received before */
			r->older++;
			continue;
		}
		meta = json_pack("{s:s, s:s, s:I, s:s, s:I, s:I, s:O}", "from", from, "from_key", khex,
				 "received", (json_int_t)now, "bundle", idhex, "entry_id",
				 (json_int_t)e->id, "rev", (json_int_t)e->rev, "to_keys", to_keys);
		js = entry_to_json(e, 0);
		if (meta == NULL || js == NULL) {
			json_decref(meta);
			entry_free_text(&js);
			st = RF_ERR_NOMEM;
			break;
		}
		if (item != 0 && held_body_is(&l, item, js)) {
			r->unchanged++; /* the same again: nothing to read anew */
			/* but a later revision it is: an older copy arriving after it (bundles are
			 * read in any order) must not replace it */
			if (e->rev > held_rev)
				st = put_split(j, KIND_HELD, &item, meta, js, strlen(js));
			json_decref(meta);
			entry_free_text(&js);
			continue;
		}
		if (item != 0)
			r->updated++;
		else
			r->added++;
		st = put_split(j, KIND_HELD, &item, meta, js, strlen(js));
		json_decref(meta);
		entry_free_text(&js);
	}
	items_free(&l);
	json_decref(to_keys);
	return st;
}

/* The entry ids this journal shared with the contact (by name or by key). */
static rf_status shared_with(journal *j, const char *name, const unsigned char *key, int64_t **ids,
			     size_t *n)
{
	struct items l;
	char khex[2 * IDENTITY_KEYBYTES + 1];
	size_t cap = 0;
	rf_status st;

	*ids = NULL;
	*n = 0;
	key_hex(key, khex);
	st = items_load(j, KIND_LOG, &l);
	if (st != RF_OK)
		return st;
	for (size_t i = 0; i < l.n && st == RF_OK; i++) {
		json_t *o = json_loadb(l.v[i].data, l.v[i].len, 0, NULL), *a;
		size_t k;
		json_t *x;
		if (o == NULL)
			continue;
		if (strcmp(jstr(o, "kind"), "entries") == 0 &&
		    (strcmp(jstr(o, "to"), name) == 0 || strcmp(jstr(o, "key"), khex) == 0 ||
		     json_has_string(json_object_get(o, "keys"), khex))) {
			a = json_object_get(o, "entries");
			json_array_foreach(a, k, x)
			{
				if (json_is_integer(x) &&
				    !push_id(ids, n, &cap, (int64_t)json_integer_value(x)))
					st = RF_ERR_NOMEM;
			}
		}
		json_decref(o);
	}
	items_free(&l);
	return st;
}

static bool has_id(const int64_t *v, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == id)
			return true;
	return false;
}

/* Messages on an entry held here (someone else's): a reply from its author, or a response
 * from another member of the group it was shared with. Kept as items of kind "thread-in". */
static rf_status import_thread(journal *j, const bundle *b, const char *from, share_receipt *r)
{
	struct items held, in;
	char author[2 * IDENTITY_KEYBYTES + 1], sender[2 * IDENTITY_KEYBYTES + 1];
	rf_status st;

	key_hex(b->author, author);
	key_hex(b->from.sign_pk, sender);
	st = items_load(j, KIND_HELD, &held);
	if (st != RF_OK)
		return st;
	st = items_load(j, KIND_THREAD_IN, &in);
	if (st != RF_OK) {
		items_free(&held);
		return st;
	}
	for (size_t i = 0; i < b->nresponses && st == RF_OK; i++) {
		const bundle_response *br = &b->responses[i];
		int64_t h = 0, item = 0;
		bool dup = false;
		json_t *meta;
		for (size_t k = 0; k < held.n && h == 0; k++) {
			json_t *m;
			const char *body;
			size_t blen;
			if (!split_item(held.v[k].data, held.v[k].len, &m, &body, &blen))
				continue;
			/* the author, or someone it was shared with along with this journal */
			if (strcmp(jstr(m, "from_key"), author) == 0 && jint(m, "entry_id") == br->entry &&
			    (strcmp(sender, author) == 0 ||
			     json_has_string(json_object_get(m, "to_keys"), sender)))
				h = held.v[k].id;
			json_decref(m);
		}
		if (h == 0) {
			r->unmatched++;
			continue;
		}
		for (size_t k = 0; k < in.n && !dup; k++) {
			json_t *m;
			const char *body;
			size_t blen;
			if (!split_item(in.v[k].data, in.v[k].len, &m, &body, &blen))
				continue;
			dup = jint(m, "held") == h && strcmp(jstr(m, "from_key"), sender) == 0 &&
			      jint(m, "at") == br->at && blen == strlen(br->text) &&
			      memcmp(body, br->text, blen) == 0;
			json_decref(m);
		}
		if (dup) {
			r->skipped++;
			continue;
		}
		meta = json_pack("{s:I, s:s, s:s, s:I, s:I}", "held", (json_int_t)h, "from", from,
				 "from_key", sender, "at", (json_int_t)br->at, "received",
				 (json_int_t)time(NULL));
		if (meta == NULL) {
			st = RF_ERR_NOMEM;
			break;
		}
		st = put_split(j, KIND_THREAD_IN, &item, meta, br->text, strlen(br->text));
		json_decref(meta);
		if (st == RF_OK)
			r->added++;
	}
	items_free(&held);
	items_free(&in);
	return st;
}

static rf_status import_own(journal *j, const bundle *b, const char *from, share_receipt *r);

static rf_status import_responses(journal *j, const identity *me, const bundle *b,
				  const char *from, share_receipt *r)
{
	if (b->has_author &&
	    sodium_memcmp(b->author, identity_pub(me)->sign_pk, IDENTITY_KEYBYTES) != 0)
		return import_thread(j, b, from, r);
	return import_own(j, b, from, r);
}

/* Messages on this journal's own entries. */
static rf_status import_own(journal *j, const bundle *b, const char *from, share_receipt *r)
{
	int64_t *ids = NULL;
	size_t nids = 0;
	rf_status st = shared_with(j, from, b->from.sign_pk, &ids, &nids);

	for (size_t i = 0; i < b->nresponses && st == RF_OK; i++) {
		const bundle_response *br = &b->responses[i];
		entry *e = NULL;
		char at[21];
		bool dup = false;
		if (!has_id(ids, nids, br->entry)) {
			r->unmatched++;
			continue;
		}
		st = journal_get(j, br->entry, &e);
		if (st == RF_ERR_NOT_FOUND) {
			r->unmatched++;
			st = RF_OK;
			continue;
		}
		if (st != RF_OK)
			break;
		iso_time(br->at, at);
		for (size_t k = 0; k < e->nresponses && !dup; k++)
			dup = e->responses[k].from && e->responses[k].at && e->responses[k].text &&
			      strcmp(e->responses[k].from, from) == 0 &&
			      strcmp(e->responses[k].at, at) == 0 &&
			      strcmp(e->responses[k].text, br->text) == 0;
		if (dup) {
			r->skipped++;
		} else {
			st = entry_add_response(e, from, at, br->text);
			if (st == RF_OK)
				st = journal_update(j, e);
			if (st == RF_OK) /* new on the home list until the entry is opened */
				st = unread_add(j, e->id);
			if (st == RF_OK)
				r->added++;
		}
		entry_free(&e);
	}
	free(ids);
	return st;
}

/* A supervisor's signed statements: each must verify, be signed by the bundle's signer and
 * be for this journal, or nothing is kept. */
static rf_status import_attestations(journal *j, const bundle *b, const identity *me,
				     share_receipt *r)
{
	rf_status st = RF_OK;

	for (size_t i = 0; i < b->nresponses && st == RF_OK; i++) {
		const char *t = b->responses[i].text;
		st = attest_keep(j, t, strlen(t), b->from.sign_pk, identity_pub(me)->sign_pk);
		if (st == RF_OK)
			r->added++;
	}
	return st;
}

rf_status share_receive(journal *j, const identity *me, const unsigned char *data, size_t len,
			share_receipt *r, bundle_reject *why)
{
	bundle *b = NULL;
	char idhex[2 * BUNDLE_IDBYTES + 1], khex[2 * IDENTITY_KEYBYTES + 1];
	char *s = NULL;
	json_t *seen = NULL;
	int64_t item = 0;
	rf_status st;

	memset(r, 0, sizeof *r);
	st = bundle_open(data, len, me, &b, why);
	if (st != RF_OK)
		return st;
	r->kind = b->kind;
	identity_fingerprint(&b->from, r->fingerprint);
	*why = check_sender(j, b, r, &st);
	if (st != RF_OK)
		goto out;
	if (*why != BUNDLE_INTACT) {
		st = RF_ERR_REJECTED;
		goto out;
	}
	*why = check_replay(j, b, &st);
	if (st != RF_OK)
		goto out;
	if (*why != BUNDLE_INTACT) {
		st = RF_ERR_REJECTED;
		goto out;
	}
	bundle_id_hex(b->id, idhex);
	key_hex(b->from.sign_pk, khex);
	seen = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I}", "bundle", idhex, "from", r->from, "key",
			 khex, "kind",
			 b->kind == BUNDLE_ENTRIES	       ? "entries"
			 : b->kind == BUNDLE_ATTESTATION ? "attestation"
							 : "responses",
			 "at",
			 (json_int_t)time(NULL), "count",
			 (json_int_t)(b->kind == BUNDLE_ENTRIES ? b->nentries : b->nresponses));
	s = seen ? json_dumps(seen, JSON_COMPACT) : NULL;
	if (s == NULL) {
		st = RF_ERR_NOMEM;
		goto out;
	}
	st = journal_begin(j);
	if (st != RF_OK)
		goto out;
	if (b->kind == BUNDLE_ENTRIES)
		st = import_entries(j, b, r->from, r);
	else if (b->kind == BUNDLE_ATTESTATION) {
		st = import_attestations(j, b, me, r);
		if (st == RF_ERR_REJECTED)
			*why = BUNDLE_ALTERED; /* a statement that does not verify, or not for me */
	} else
		st = import_responses(j, me, b, r->from, r);
	if (st == RF_OK)
		st = journal_item_put(j, KIND_SEEN, &item, s, strlen(s));
	if (st == RF_OK)
		st = journal_commit(j);
	if (st != RF_OK) {
		journal_rollback(j);
		r->added = r->updated = r->skipped = r->unmatched = 0;
	}
out:
	free(s);
	json_decref(seen);
	bundle_free(&b);
	return st;
}

/* ---- held entries ---- */

static rf_status held_parse(const struct item *it, share_held *h, bool *ok)
{
	json_t *m;
	const char *body;
	size_t blen;
	rf_status st;

	memset(h, 0, sizeof *h);
	*ok = false;
	if (!split_item(it->data, it->len, &m, &body, &blen))
		return RF_OK;
	st = entry_from_json(body, blen, &h->e, NULL);
	if (st == RF_OK) {
		h->item = it->id;
		copy_name(h->from, jstr(m, "from"));
		snprintf(h->from_key, sizeof h->from_key, "%s", jstr(m, "from_key"));
		h->received = (int64_t)jint(m, "received");
		h->entry_id = (int64_t)jint(m, "entry_id");
		h->e->id = h->entry_id;
		*ok = true;
	}
	json_decref(m);
	return st == RF_ERR_NOMEM ? st : RF_OK;
}

static int held_cmp(const void *a, const void *b)
{
	const share_held *x = a, *y = b;

	if (x->e->safety_concern != y->e->safety_concern) /* never buried */
		return x->e->safety_concern ? -1 : 1;
	if (x->e->written != y->e->written)
		return x->e->written < y->e->written ? 1 : -1;
	return x->item < y->item ? 1 : (x->item > y->item ? -1 : 0);
}

static size_t count_for(const share_response_out *v, size_t n, int64_t held)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		c += v[i].held == held;
	return c;
}

rf_status share_held_list(journal *j, const char *from, const entry_filter *f, share_held **out,
			  size_t *nout)
{
	struct items l, in = {0};
	share_held *v = NULL;
	share_response_out *ro = NULL;
	size_t n = 0, nro = 0;
	rf_status st;

	*out = NULL;
	*nout = 0;
	st = items_load(j, KIND_HELD, &l);
	if (st != RF_OK)
		return st;
	st = share_responses_out(j, 0, &ro, &nro);
	if (st == RF_OK)
		st = items_load(j, KIND_THREAD_IN, &in);
	if (st != RF_OK)
		goto out;
	if (l.n > 0) {
		v = calloc(l.n, sizeof *v);
		if (v == NULL) {
			st = RF_ERR_NOMEM;
			goto out;
		}
	}
	for (size_t i = 0; i < l.n; i++) {
		bool ok;
		st = held_parse(&l.v[i], &v[n], &ok);
		if (st != RF_OK)
			goto out;
		if (!ok)
			continue;
		if ((from != NULL && !identity_name_same(v[n].from, from)) ||
		    !entry_matches(v[n].e, f)) {
			entry_free(&v[n].e);
			continue;
		}
		v[n].nresponses = count_for(ro, nro, v[n].item);
		int64_t newest_out = 0, newest_in = 0; /* row ids: the order of arrival here */
		for (size_t k = 0; k < nro; k++)
			if (ro[k].held == v[n].item) {
				if (ro[k].at > v[n].last_out)
					v[n].last_out = ro[k].at;
				if (ro[k].item > newest_out)
					newest_out = ro[k].item;
			}
		for (size_t k = 0; k < in.n; k++) {
			json_t *m;
			const char *body;
			size_t blen;
			if (!split_item(in.v[k].data, in.v[k].len, &m, &body, &blen))
				continue;
			if (jint(m, "held") == v[n].item) {
				v[n].nmessages++;
				if (jint(m, "at") > v[n].last_in)
					v[n].last_in = (int64_t)jint(m, "at");
				if (in.v[k].id > newest_in)
					newest_in = in.v[k].id;
			}
			json_decref(m);
		}
		v[n].reply_waiting = v[n].nresponses > 0 && newest_in > newest_out;
		n++;
	}
	if (n > 1)
		qsort(v, n, sizeof *v, held_cmp);
	*out = v;
	*nout = n;
	v = NULL;
out:
	if (v != NULL)
		share_held_list_free(&v, n);
	share_responses_out_free(&ro, nro);
	items_free(&in);
	items_free(&l);
	return st;
}

void share_held_list_free(share_held **v, size_t n)
{
	if (v == NULL || *v == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		entry_free(&(*v)[i].e);
	free(*v);
	*v = NULL;
}

rf_status share_held_get(journal *j, int64_t item, share_held *out)
{
	struct item it = {item, NULL, 0};
	share_response_out *ro = NULL;
	size_t nro = 0;
	bool ok = false;
	rf_status st;

	memset(out, 0, sizeof *out);
	st = journal_item_get(j, KIND_HELD, item, &it.data, &it.len);
	if (st != RF_OK)
		return st;
	st = held_parse(&it, out, &ok);
	rcrypto_plain_free((unsigned char **)&it.data, it.len);
	if (st != RF_OK)
		return st;
	if (!ok)
		return RF_ERR_DAMAGED;
	st = share_responses_out(j, item, &ro, &nro);
	out->nresponses = nro;
	share_responses_out_free(&ro, nro);
	if (st != RF_OK)
		entry_free(&out->e);
	return st;
}

rf_status share_supervisees(journal *j, strlist *names)
{
	struct items l;
	rf_status st = items_load(j, KIND_HELD, &l);

	memset(names, 0, sizeof *names);
	for (size_t i = 0; st == RF_OK && i < l.n; i++) {
		json_t *m;
		const char *body;
		size_t blen;
		if (!split_item(l.v[i].data, l.v[i].len, &m, &body, &blen))
			continue;
		if (strlist_has(names, jstr(m, "from")) == false)
			st = strlist_add(names, jstr(m, "from"));
		json_decref(m);
	}
	items_free(&l);
	if (st != RF_OK)
		strlist_clear(names);
	return st;
}

/* ---- responses written here ---- */

/* A message's text made tidy: readable text, plain newlines, trimmed; RF_ERR_INVALID when
 * empty or not text. *out is the caller's to wipe (*olen bytes) and free. */
static rf_status clean_text(const char *text, char **out, size_t *olen)
{
	char *t;
	size_t len = 0;

	*out = NULL;
	if (text == NULL || strlen(text) > RESPONSE_MAX || !text_valid_utf8(text, strlen(text)))
		return RF_ERR_INVALID;
	for (const unsigned char *c = (const unsigned char *)text; *c; c++)
		if ((*c < 0x20 && *c != '\n' && *c != '\t' && *c != '\r') || *c == 0x7f)
			return RF_ERR_INVALID;
	t = strdup(text);
	if (t == NULL)
		return RF_ERR_NOMEM;
	*olen = strlen(t);
	for (size_t i = 0; t[i] != '\0'; i++)
		if (t[i] != '\r') /* line ends are kept as plain newlines */
			t[len++] = t[i];
	t[len] = '\0';
	text_trim(t);
	*out = t;
	if (t[0] == '\0')
		return RF_ERR_INVALID;
	return RF_OK;
}

rf_status share_respond(journal *j, int64_t held, const char *text, int64_t *item_out)
{
	share_held h;
	json_t *meta;
	char *t = NULL;
	int64_t item = 0;
	size_t orig = 0;
	rf_status st = clean_text(text, &t, &orig);

	if (st != RF_OK)
		goto out;
	st = share_held_get(j, held, &h);
	if (st != RF_OK)
		goto out;
	meta = json_pack("{s:I, s:s, s:I, s:I, s:I, s:s}", "held", (json_int_t)held, "to", h.from,
			 "entry_id", (json_int_t)h.entry_id, "at", (json_int_t)time(NULL), "sent",
			 (json_int_t)0, "author", h.from_key);
	entry_free(&h.e);
	if (meta == NULL) {
		st = RF_ERR_NOMEM;
		goto out;
	}
	st = put_split(j, KIND_RESPONSE, &item, meta, t, strlen(t));
	json_decref(meta);
	if (st == RF_OK && item_out != NULL)
		*item_out = item;
out:
	if (t != NULL) {
		sodium_memzero(t, orig);
		free(t);
	}
	return st;
}

rf_status share_reply(journal *j, const identity *me, int64_t entry_id, const char *text,
		      int64_t *item_out)
{
	entry *e = NULL;
	json_t *meta = NULL;
	char *t = NULL, at[21], author[2 * IDENTITY_KEYBYTES + 1];
	const char *name = identity_pub(me)->name;
	int64_t item = 0, now = (int64_t)time(NULL);
	size_t orig = 0;
	rf_status st = clean_text(text, &t, &orig);

	if (st != RF_OK)
		goto out;
	st = journal_get(j, entry_id, &e);
	if (st != RF_OK)
		goto out;
	iso_time(now, at);
	key_hex(identity_pub(me)->sign_pk, author);
	meta = json_pack("{s:I, s:s, s:I, s:I, s:I, s:s}", "held", (json_int_t)0, "to", "",
			 "entry_id", (json_int_t)entry_id, "at", (json_int_t)now, "sent",
			 (json_int_t)0, "author", author);
	if (meta == NULL) {
		st = RF_ERR_NOMEM;
		goto out;
	}
	st = journal_begin(j);
	if (st != RF_OK)
		goto out;
	/* in the entry's thread, in order, under this journal's own name */
	st = entry_add_response(e, name[0] ? name : "me", at, t);
	if (st == RF_OK)
		st = journal_update(j, e);
	if (st == RF_OK)
		st = put_split(j, KIND_RESPONSE, &item, meta, t, strlen(t));
	if (st == RF_OK)
		st = journal_commit(j);
	else
		journal_rollback(j);
	if (st == RF_OK && item_out != NULL)
		*item_out = item;
out:
	json_decref(meta);
	entry_free(&e);
	if (t != NULL) {
		sodium_memzero(t, orig);
		free(t);
	}
	return st;
}

rf_status share_held_find(journal *j, const char *from, int64_t entry_id, share_held *out,
			  rf_detail *d)
{
	share_held *v = NULL;
	size_t n = 0, hits = 0, at = 0;
	char names[256] = "";
	rf_status st;

	memset(out, 0, sizeof *out);
	if (from != NULL && !share_is_supervisee(j, from, NULL))
		return rf_fail(d, RF_ERR_NOT_FOUND, 0, 0, _("nothing was shared with you by '%s'"),
			       from);
	st = share_held_list(j, from, NULL, &v, &n);
	if (st != RF_OK)
		return st;
	for (size_t i = 0; i < n; i++) {
		if (v[i].entry_id != entry_id)
			continue;
		if (hits++ == 0)
			at = i;
		size_t l = strlen(names);
		snprintf(names + l, sizeof names - l, "%s%s", l ? ", " : "", v[i].from);
	}
	if (hits == 0) {
		st = from != NULL ? rf_fail(d, RF_ERR_NOT_FOUND, 0, 0,
					    _("%s has shared no entry %lld with you"), v ? v[0].from : from,
					    (long long)entry_id)
				  : rf_fail(d, RF_ERR_NOT_FOUND, 0, 0,
					    _("no one has shared an entry %lld with you"),
					    (long long)entry_id);
	} else if (hits > 1) {
		st = rf_fail(d, RF_ERR_EXISTS, 0, 0,
			     _("%s each shared an entry %lld; say whose with --from NAME"), names,
			     (long long)entry_id);
	} else {
		*out = v[at];
		v[at].e = NULL;
	}
	share_held_list_free(&v, n);
	return st;
}

bool share_is_supervisee(journal *j, const char *name, char canon[IDENTITY_NAME_MAX + 1])
{
	strlist names;
	bool found = false;

	if (share_supervisees(j, &names) != RF_OK)
		return false;
	for (int pass = 0; pass < 2 && !found; pass++)
		for (size_t i = 0; i < names.n && !found; i++)
			if (pass == 0 ? strcmp(names.v[i], name) == 0
				      : identity_name_same(names.v[i], name)) {
				found = true;
				if (canon != NULL)
					copy_name(canon, names.v[i]);
			}
	strlist_clear(&names);
	return found;
}

static int message_cmp(const void *a, const void *b)
{
	const share_message *x = a, *y = b;

	return (x->at > y->at) - (x->at < y->at);
}

rf_status share_thread(journal *j, int64_t held, share_message **out, size_t *nout)
{
	share_response_out *ro = NULL;
	share_message *v = NULL;
	struct items in = {0};
	size_t nro = 0, n = 0;
	rf_status st;

	*out = NULL;
	*nout = 0;
	st = share_responses_out(j, held, &ro, &nro);
	if (st == RF_OK)
		st = items_load(j, KIND_THREAD_IN, &in);
	if (st != RF_OK)
		goto out;
	v = calloc(nro + in.n + 1, sizeof *v);
	if (v == NULL) {
		st = RF_ERR_NOMEM;
		goto out;
	}
	for (size_t i = 0; i < nro; i++) {
		v[n].mine = true;
		v[n].at = ro[i].at;
		v[n].sent = ro[i].sent != 0;
		v[n].text = ro[i].text;
		ro[i].text = NULL;
		n++;
	}
	for (size_t i = 0; i < in.n; i++) {
		json_t *m;
		const char *body;
		size_t blen;
		if (!split_item(in.v[i].data, in.v[i].len, &m, &body, &blen))
			continue;
		if (jint(m, "held") == held) {
			copy_name(v[n].from, jstr(m, "from"));
			v[n].at = (int64_t)jint(m, "at");
			v[n].text = malloc(blen + 1);
			if (v[n].text == NULL) {
				json_decref(m);
				st = RF_ERR_NOMEM;
				break;
			}
			memcpy(v[n].text, body, blen);
			v[n].text[blen] = '\0';
			n++;
		}
		json_decref(m);
	}
	if (n > 1)
		qsort(v, n, sizeof *v, message_cmp);
out:
	share_responses_out_free(&ro, nro);
	items_free(&in);
	if (st != RF_OK) {
		share_thread_free(&v, n);
		return st;
	}
	*out = v;
	*nout = n;
	return RF_OK;
}

void share_thread_free(share_message **v, size_t n)
{
	if (v == NULL || *v == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		if ((*v)[i].text != NULL) {
			sodium_memzero((*v)[i].text, strlen((*v)[i].text));
			free((*v)[i].text);
		}
	free(*v);
	*v = NULL;
}

rf_status share_responses_out(journal *j, int64_t held, share_response_out **out, size_t *nout)
{
	struct items l;
	share_response_out *v = NULL;
	size_t n = 0;
	rf_status st;

	*out = NULL;
	*nout = 0;
	st = items_load(j, KIND_RESPONSE, &l);
	if (st != RF_OK)
		return st;
	if (l.n > 0) {
		v = calloc(l.n, sizeof *v);
		if (v == NULL) {
			st = RF_ERR_NOMEM;
			goto out;
		}
	}
	for (size_t i = 0; i < l.n; i++) {
		json_t *m;
		const char *body;
		size_t blen;
		if (!split_item(l.v[i].data, l.v[i].len, &m, &body, &blen))
			continue;
		if (held == 0 || jint(m, "held") == held) {
			share_response_out *r = &v[n];
			r->item = l.v[i].id;
			r->held = (int64_t)jint(m, "held");
			copy_name(r->to, jstr(m, "to"));
			r->entry_id = (int64_t)jint(m, "entry_id");
			r->at = (int64_t)jint(m, "at");
			r->sent = (int64_t)jint(m, "sent");
			r->text = malloc(blen + 1);
			if (r->text == NULL) {
				json_decref(m);
				st = RF_ERR_NOMEM;
				goto out;
			}
			memcpy(r->text, body, blen);
			r->text[blen] = '\0';
			n++;
		}
		json_decref(m);
	}
	*out = v;
	*nout = n;
	v = NULL;
out:
	share_responses_out_free(&v, n);
	items_free(&l);
	return st;
}

void share_responses_out_free(share_response_out **v, size_t n)
{
	if (v == NULL || *v == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		if ((*v)[i].text != NULL) {
			sodium_memzero((*v)[i].text, strlen((*v)[i].text));
			free((*v)[i].text);
		}
	free(*v);
	*v = NULL;
}

rf_status share_known_bundles(journal *j, strlist *ids)
{
	struct items sent, seen;
	rf_status st;

	memset(ids, 0, sizeof *ids);
	st = items_load(j, KIND_LOG, &sent);
	if (st != RF_OK)
		return st;
	st = items_load(j, KIND_SEEN, &seen);
	if (st != RF_OK) {
		items_free(&sent);
		return st;
	}
	for (int pass = 0; pass < 2 && st == RF_OK; pass++) {
		struct items *l = pass == 0 ? &sent : &seen;
		for (size_t i = 0; i < l->n && st == RF_OK; i++) {
			json_t *o = json_loadb(l->v[i].data, l->v[i].len, 0, NULL);
			if (o != NULL && jstr(o, "bundle")[0] != '\0')
				st = strlist_add(ids, jstr(o, "bundle"));
			json_decref(o);
		}
	}
	items_free(&sent);
	items_free(&seen);
	if (st != RF_OK)
		strlist_clear(ids);
	return st;
}

/* ---- the supervisor's review ---- */

/* Whether the entry being added to the review was discussed: set before each pattern_add,
 * since two supervisees' entries may carry the same number (Ana #1, Ben #1). */
struct discussed_now {
	bool talked;
};

static bool discussed_now(int64_t entry_id, void *ctx)
{
	(void)entry_id;
	return ((const struct discussed_now *)ctx)->talked;
}

rf_status share_held_discussed(journal *j, const share_held *v, size_t n, bool *talked)
{
	supervision_session *sessions = NULL;
	size_t nsessions = 0;
	rf_status st;

	/* an entry answered here, or discussed in a session its author attended, counts as
	 * discussed: its questions are no longer open */
	st = supervision_list(j, &sessions, &nsessions);
	if (st != RF_OK)
		return st;
	for (size_t i = 0; i < n; i++) {
		talked[i] = v[i].nresponses > 0;
		for (size_t k = 0; !talked[i] && k < nsessions; k++) {
			bool came = false;
			for (size_t w = 0; w < sessions[k].with.n && !came; w++)
				came = identity_name_same(sessions[k].with.v[w], v[i].from);
			for (size_t q = 0; came && !talked[i] && q < sessions[k].nentries; q++)
				talked[i] = supervision_entry_is(&sessions[k], q, v[i].from,
								 v[i].entry_id);
		}
	}
	supervision_list_free(&sessions, nsessions);
	return RF_OK;
}

rf_status share_review(journal *j, const char *from, const entry_filter *f, pattern_opts *po,
		       pattern **out, const pattern_report **r)
{
	share_held *v = NULL;
	size_t n = 0;
	bool *talked = NULL;
	struct discussed_now now = {false};
	pattern *p = NULL;
	rf_status st;

	*out = NULL;
	*r = NULL;
	st = share_held_list(j, NULL, NULL, &v, &n);
	if (st != RF_OK)
		return st;
	talked = calloc(n ? n : 1, sizeof(*talked));
	if (talked == NULL) {
		st = RF_ERR_NOMEM;
		goto out;
	}
	st = share_held_discussed(j, v, n, talked);
	if (st != RF_OK)
		goto out;
	/* by the entry being added, not by its number alone */
	po->discussed_ids = NULL;
	po->ndiscussed = 0;
	po->discussed = discussed_now;
	po->discussed_ctx = &now;
	/* Never "you" about someone else: the supervisee by name, or everyone together. */
	if (po->subject == NULL)
		po->subject = from != NULL ? from : _("the group");
	st = pattern_new(po, &p);
	for (size_t i = 0; i < n && st == RF_OK; i++) {
		v[i].e->id = v[i].entry_id; /* the author's own number, as on both sides */
		now.talked = talked[i];
		/* two people's numbers may be the same: every item names whose it is */
		st = pattern_set_author(p, v[i].from);
		if (st != RF_OK)
			break;
		/* and so may their family codes: Ana's F-1 is not Ben's, across everyone */
		if (from == NULL && v[i].e->family != NULL) {
			char fam[256];
			snprintf(fam, sizeof fam, "%s (%s)", v[i].e->family, v[i].from);
			if ((st = entry_set(&v[i].e->family, fam)) != RF_OK)
				break;
		}
		if ((from == NULL || identity_name_same(v[i].from, from)) && entry_matches(v[i].e, f))
			st = pattern_add(p, v[i].e);
		else
			st = pattern_add_context(p, v[i].e);
	}
	if (st == RF_OK)
		st = pattern_finish(p, r);
	if (st == RF_OK) {
		*out = p;
		p = NULL;
	}
out:
	pattern_free(&p);
	free(talked);
	po->discussed = NULL;
	po->discussed_ctx = NULL;
	share_held_list_free(&v, n);
	return st;
}

/* ---- the log ---- */

static int log_cmp(const void *a, const void *b)
{
	const share_log_entry *x = a, *y = b;

	return (x->at > y->at) - (x->at < y->at);
}

static rf_status log_add(share_log_entry **v, size_t *n, size_t *cap, const struct item *it,
			 bool received)
{
	json_t *o = json_loadb(it->data, it->len, 0, NULL), *a, *x;
	share_log_entry *e;
	size_t k, ecap = 0;
	rf_status st = RF_OK;

	if (o == NULL)
		return RF_OK;
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 16;
		share_log_entry *p;
		if (c > SIZE_MAX / sizeof *p || (p = realloc(*v, c * sizeof *p)) == NULL) {
			json_decref(o);
			return RF_ERR_NOMEM;
		}
		*v = p;
		*cap = c;
	}
	e = &(*v)[*n];
	memset(e, 0, sizeof *e);
	e->received = received;
	e->kind = strcmp(jstr(o, "kind"), "entries") == 0 ? BUNDLE_ENTRIES : BUNDLE_RESPONSES;
	copy_name(e->who, jstr(o, received ? "from" : "to"));
	e->at = (int64_t)jint(o, "at");
	e->count = (size_t)jint(o, "count");
	a = json_object_get(o, "entries");
	json_array_foreach(a, k, x)
	{
		if (json_is_integer(x) &&
		    !push_id(&e->entries, &e->nentries, &ecap, (int64_t)json_integer_value(x)))
			st = RF_ERR_NOMEM;
	}
	(*n)++;
	json_decref(o);
	return st;
}

rf_status share_log(journal *j, share_log_entry **out, size_t *nout)
{
	struct items sent, seen;
	share_log_entry *v = NULL;
	size_t n = 0, cap = 0;
	rf_status st;

	*out = NULL;
	*nout = 0;
	st = items_load(j, KIND_LOG, &sent);
	if (st != RF_OK)
		return st;
	st = items_load(j, KIND_SEEN, &seen);
	if (st != RF_OK) {
		items_free(&sent);
		return st;
	}
	for (size_t i = 0; st == RF_OK && i < sent.n; i++)
		st = log_add(&v, &n, &cap, &sent.v[i], false);
	for (size_t i = 0; st == RF_OK && i < seen.n; i++)
		st = log_add(&v, &n, &cap, &seen.v[i], true);
	items_free(&sent);
	items_free(&seen);
	if (st != RF_OK) {
		share_log_free(&v, n);
		return st;
	}
	if (n > 1)
		qsort(v, n, sizeof *v, log_cmp);
	*out = v;
	*nout = n;
	return RF_OK;
}

void share_log_free(share_log_entry **v, size_t n)
{
	if (v == NULL || *v == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		free((*v)[i].entries);
	free(*v);
	*v = NULL;
}
