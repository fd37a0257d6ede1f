/* share.c - sharing for supervision inside a journal: outgoing bundles and their log, receiving
 * (every check first, then one transaction), held entries and the supervisor's responses. */
#include "reflect/i18n.h"
#include "reflect/share.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <sodium.h>

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

void share_outgoing_free(share_outgoing **o)
{
	if (o == NULL || *o == NULL)
		return;
	free((*o)->data);
	free((*o)->entries);
	free((*o)->items);
	free(*o);
	*o = NULL;
}

static rf_status contact_for_sending(journal *j, const char *to, identity_contact *c, rf_detail *d)
{
	rf_status st = identity_contact_find(j, to, c);

	if (st == RF_ERR_NOT_FOUND)
		return rf_fail(d, st, 0, 0,
			       _("there is no contact named '%s'; add their card with 'reflect contact "
			       "add'"),
			       to);
	if (st != RF_OK)
		return st;
	if (c->has_pending)
		return rf_fail(d, RF_ERR_REJECTED, 0, 0,
			       _("'%s' has a changed card that is not verified yet; check its "
			       "fingerprint with them, then run 'reflect contact verify %s'"),
			       to, to);
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

static share_outgoing *outgoing_new(bundle_kind kind, const identity_contact *c)
{
	share_outgoing *o = calloc(1, sizeof *o);

	if (o == NULL)
		return NULL;
	o->kind = kind;
	copy_name(o->to, c->name);
	memcpy(o->to_sign_pk, c->card.sign_pk, IDENTITY_KEYBYTES);
	return o;
}

rf_status share_prepare_entries(journal *j, const identity *me, const char *to, const int64_t *ids,
				size_t nids, share_outgoing **out, rf_detail *d)
{
	identity_contact c;
	struct flagged f = {NULL, 0, 0, RF_OK};
	share_outgoing *o = NULL;
	size_t cap = 0;
	rf_status st;

	*out = NULL;
	st = contact_for_sending(j, to, &c, d);
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
		st = rf_fail(d, RF_ERR_INVALID, 0, 0,
			     ids == NULL ? "no entry is marked for supervision yet"
					 : "no entries were chosen");
		goto out;
	}
	o = outgoing_new(BUNDLE_ENTRIES, &c);
	if (o == NULL) {
		st = RF_ERR_NOMEM;
		goto out;
	}
	for (size_t i = 0; i < f.n; i++)
		if (!push_id(&o->entries, &o->n, &cap, f.v[i]->id)) {
			st = RF_ERR_NOMEM;
			goto out;
		}
	st = bundle_write(me, &c.card, BUNDLE_ENTRIES, f.v, f.n, NULL, 0, o->id, &o->data, &o->len);
	if (st == RF_ERR_TOO_BIG)
		rf_fail(d, st, 0, 0, "%s", _("an entry or the number of entries is larger than a bundle holds"));
out:
	for (size_t i = 0; i < f.n; i++)
		entry_free(&f.v[i]);
	free(f.v);
	if (st == RF_OK) {
		*out = o;
		o = NULL;
	}
	share_outgoing_free(&o);
	return st;
}

rf_status share_prepare_responses(journal *j, const identity *me, const char *to, bool all,
				  share_outgoing **out, rf_detail *d)
{
	identity_contact c;
	share_response_out *v = NULL;
	bundle_response *br = NULL;
	share_outgoing *o = NULL;
	size_t n = 0, nb = 0, cap1 = 0, cap2 = 0;
	rf_status st;

	*out = NULL;
	st = contact_for_sending(j, to, &c, d);
	if (st != RF_OK)
		return st;
	st = share_responses_out(j, 0, &v, &n);
	if (st != RF_OK)
		return st;
	o = outgoing_new(BUNDLE_RESPONSES, &c);
	br = n ? calloc(n, sizeof *br) : NULL;
	if (o == NULL || (n && br == NULL)) {
		st = RF_ERR_NOMEM;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		if (strcmp(v[i].to, to) != 0 || (v[i].sent != 0 && !all))
			continue;
		br[nb].entry = v[i].entry_id;
		br[nb].at = v[i].at;
		br[nb].text = v[i].text;
		nb++;
		if (!push_id(&o->entries, &o->n, &cap1, v[i].entry_id) ||
		    !push_id(&o->items, &o->nitems, &cap2, v[i].item)) {
			st = RF_ERR_NOMEM;
			goto out;
		}
	}
	if (nb == 0) {
		st = rf_fail(d, RF_ERR_INVALID, 0, 0,
			     all ? "there are no responses for '%s'"
				 : "there are no new responses for '%s' (--all sends them all again)",
			     to);
		goto out;
	}
	st = bundle_write(me, &c.card, BUNDLE_RESPONSES, NULL, 0, br, nb, o->id, &o->data, &o->len);
out:
	free(br);
	share_responses_out_free(&v, n);
	if (st == RF_OK) {
		*out = o;
		o = NULL;
	}
	share_outgoing_free(&o);
	return st;
}

rf_status share_record(journal *j, const share_outgoing *o)
{
	char idhex[2 * BUNDLE_IDBYTES + 1], khex[2 * IDENTITY_KEYBYTES + 1];
	int64_t now = (int64_t)time(NULL), id = 0;
	json_t *log, *ids;
	char *s = NULL;
	rf_status st = RF_ERR_NOMEM;

	bundle_id_hex(o->id, idhex);
	key_hex(o->to_sign_pk, khex);
	ids = json_array();
	for (size_t i = 0; ids != NULL && i < o->n; i++)
		if (json_array_append_new(ids, json_integer(o->entries[i])) != 0) {
			json_decref(ids);
			ids = NULL;
		}
	if (ids == NULL)
		return RF_ERR_NOMEM;
	log = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:o}", "kind",
			o->kind == BUNDLE_ENTRIES ? "entries" : "responses", "to", o->to, "key", khex,
			"bundle", idhex, "at", (json_int_t)now, "count",
			(json_int_t)(o->kind == BUNDLE_ENTRIES ? o->n : o->nitems), "entries", ids);
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
		json_t *meta;
		const char *body;
		size_t blen;
		int64_t item = o->items[i];
		st = journal_item_get(j, KIND_RESPONSE, item, &data, &len);
		if (st != RF_OK)
			break;
		if (!split_item(data, len, &meta, &body, &blen)) {
			st = RF_ERR_DAMAGED;
		} else {
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

static rf_status import_entries(journal *j, const bundle *b, const char *from, share_receipt *r)
{
	struct items l;
	char khex[2 * IDENTITY_KEYBYTES + 1], idhex[2 * BUNDLE_IDBYTES + 1];
	int64_t now = (int64_t)time(NULL);
	rf_status st;

	key_hex(b->from.sign_pk, khex);
	bundle_id_hex(b->id, idhex);
	st = items_load(j, KIND_HELD, &l);
	if (st != RF_OK)
		return st;
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
		meta = json_pack("{s:s, s:s, s:I, s:s, s:I, s:I}", "from", from, "from_key", khex,
				 "received", (json_int_t)now, "bundle", idhex, "entry_id",
				 (json_int_t)e->id, "rev", (json_int_t)e->rev);
		js = entry_to_json(e, 0);
		if (meta == NULL || js == NULL) {
			json_decref(meta);
			entry_free_text(&js);
			st = RF_ERR_NOMEM;
			break;
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
		    (strcmp(jstr(o, "to"), name) == 0 || strcmp(jstr(o, "key"), khex) == 0)) {
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

static rf_status import_responses(journal *j, const bundle *b, const char *from, share_receipt *r)
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
			if (st == RF_OK)
				r->added++;
		}
		entry_free(&e);
	}
	free(ids);
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
			 khex, "kind", b->kind == BUNDLE_ENTRIES ? "entries" : "responses", "at",
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
	else
		st = import_responses(j, b, r->from, r);
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
	struct items l;
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
		if ((from != NULL && strcmp(v[n].from, from) != 0) || !entry_matches(v[n].e, f)) {
			entry_free(&v[n].e);
			continue;
		}
		v[n].nresponses = count_for(ro, nro, v[n].item);
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

rf_status share_respond(journal *j, int64_t held, const char *text, int64_t *item_out)
{
	share_held h;
	json_t *meta;
	char *t = NULL;
	int64_t item = 0;
	size_t len, orig;
	rf_status st;

	if (text == NULL || strlen(text) > RESPONSE_MAX || !text_valid_utf8(text, strlen(text)))
		return RF_ERR_INVALID;
	for (const unsigned char *c = (const unsigned char *)text; *c; c++)
		if ((*c < 0x20 && *c != '\n' && *c != '\t' && *c != '\r') || *c == 0x7f)
			return RF_ERR_INVALID;
	t = strdup(text);
	if (t == NULL)
		return RF_ERR_NOMEM;
	orig = strlen(t);
	len = 0;
	for (size_t i = 0; t[i] != '\0'; i++)
		if (t[i] != '\r') /* line ends are kept as plain newlines */
			t[len++] = t[i];
	t[len] = '\0';
	text_trim(t);
	len = strlen(t);
	if (len == 0) {
		st = RF_ERR_INVALID;
		goto out;
	}
	st = share_held_get(j, held, &h);
	if (st != RF_OK)
		goto out;
	meta = json_pack("{s:I, s:s, s:I, s:I, s:I}", "held", (json_int_t)held, "to", h.from,
			 "entry_id", (json_int_t)h.entry_id, "at", (json_int_t)time(NULL), "sent",
			 (json_int_t)0);
	entry_free(&h.e);
	if (meta == NULL) {
		st = RF_ERR_NOMEM;
		goto out;
	}
	st = put_split(j, KIND_RESPONSE, &item, meta, t, len);
	json_decref(meta);
	if (st == RF_OK && item_out != NULL)
		*item_out = item;
out:
	sodium_memzero(t, orig);
	free(t);
	return st;
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
