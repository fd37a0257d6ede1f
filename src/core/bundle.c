/* bundle.c - sealed, signed supervision bundles: writing them, and opening them with every
 * check made before anything is trusted (layout in bundle.h). */
#include "reflect/bundle.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <sodium.h>

#include "reflect/text.h"

#define SS_ABYTES crypto_secretstream_xchacha20poly1305_ABYTES
#define SS_HEADER crypto_secretstream_xchacha20poly1305_HEADERBYTES
#define SS_KEY crypto_secretstream_xchacha20poly1305_KEYBYTES
#define SEALED_KEY (crypto_box_SEALBYTES + SS_KEY)
#define OFF_SEALED 9
#define OFF_STREAM (OFF_SEALED + SEALED_KEY)
#define HEADER_JSON_MAX 4096
#define CIPHER_MAX (BUNDLE_FRAME_MAX + SS_ABYTES)
#define TRANSCRIPT_CONTEXT "reflect bundle transcript v1"
#define SIG_CONTEXT "reflect bundle signature v1"

typedef crypto_secretstream_xchacha20poly1305_state ss_state;

_Static_assert(OFF_STREAM + SS_HEADER == BUNDLE_PREAMBLE, "the preamble is 113 bytes");

static const char *const reject_msg[] = {
#define BUNDLE_REJECT_MSG(name, msg) msg,
	BUNDLE_REJECT_LIST(BUNDLE_REJECT_MSG)
#undef BUNDLE_REJECT_MSG
};
static const char *const reject_name[] = {
#define BUNDLE_REJECT_NAME(name, msg) #name,
	BUNDLE_REJECT_LIST(BUNDLE_REJECT_NAME)
#undef BUNDLE_REJECT_NAME
};

const char *bundle_reject_message(bundle_reject r)
{
	return (unsigned)r < BUNDLE_REJECT_COUNT ? reject_msg[r] : N_("the bundle was refused");
}

const char *bundle_reject_name(bundle_reject r)
{
	return (unsigned)r < BUNDLE_REJECT_COUNT ? reject_name[r] : "BUNDLE_?";
}

void bundle_id_hex(const unsigned char id[BUNDLE_IDBYTES], char out[2 * BUNDLE_IDBYTES + 1])
{
	sodium_bin2hex(out, 2 * BUNDLE_IDBYTES + 1, id, BUNDLE_IDBYTES);
}

static void put_u32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t get_u32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_i64(unsigned char *p, int64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)((uint64_t)v >> (8 * i));
}

static int64_t get_i64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return (int64_t)v;
}

static void transcript_frame(crypto_generichash_state *th, const unsigned char *pt, size_t len)
{
	unsigned char l[4];

	put_u32(l, (uint32_t)len);
	crypto_generichash_update(th, l, sizeof l);
	crypto_generichash_update(th, pt, len);
}

static void signed_message(crypto_generichash_state *th, unsigned char *msg, size_t *mlen)
{
	memcpy(msg, SIG_CONTEXT, sizeof SIG_CONTEXT);
	crypto_generichash_final(th, msg + sizeof SIG_CONTEXT, crypto_generichash_BYTES);
	*mlen = sizeof SIG_CONTEXT + crypto_generichash_BYTES;
}

/* ---- writing ---- */

struct out {
	unsigned char *p;
	size_t n, cap;
};

static rf_status out_reserve(struct out *o, size_t more)
{
	size_t cap;
	unsigned char *p;

	if (more > SIZE_MAX - o->n)
		return RF_ERR_TOO_BIG;
	if (o->n + more <= o->cap)
		return RF_OK;
	cap = o->cap ? o->cap : 4096;
	while (cap < o->n + more) {
		if (cap > SIZE_MAX / 2)
			return RF_ERR_TOO_BIG;
		cap *= 2;
	}
	p = realloc(o->p, cap);
	if (p == NULL)
		return RF_ERR_NOMEM;
	o->p = p;
	o->cap = cap;
	return RF_OK;
}

/* Encrypt one frame (type, then a and b) onto o, and into the transcript. */
static rf_status push_frame(struct out *o, ss_state *ss, crypto_generichash_state *th, char type,
			    const void *a, size_t alen, const void *b, size_t blen, unsigned char tag,
			    const unsigned char *ad, size_t adlen)
{
	unsigned char *pt = NULL;
	size_t len;
	rf_status st;

	if (alen > BUNDLE_FRAME_MAX || blen > BUNDLE_FRAME_MAX - alen ||
	    1 + alen + blen > BUNDLE_FRAME_MAX)
		return RF_ERR_TOO_BIG;
	len = 1 + alen + blen;
	st = out_reserve(o, 4 + len + SS_ABYTES);
	if (st != RF_OK)
		return st;
	pt = sodium_malloc(len);
	if (pt == NULL)
		return RF_ERR_NOMEM;
	pt[0] = (unsigned char)type;
	if (alen)
		memcpy(pt + 1, a, alen);
	if (blen)
		memcpy(pt + 1 + alen, b, blen);
	transcript_frame(th, pt, len);
	put_u32(o->p + o->n, (uint32_t)(len + SS_ABYTES));
	crypto_secretstream_xchacha20poly1305_push(ss, o->p + o->n + 4, NULL, pt, len, ad, adlen,
						   tag);
	o->n += 4 + len + SS_ABYTES;
	sodium_free(pt);
	return RF_OK;
}

static json_t *hex_json(const unsigned char *k, size_t n)
{
	char h[2 * 64 + 1];

	sodium_bin2hex(h, sizeof h, k, n);
	return json_string(h);
}

static char *header_json(bundle_kind kind, const unsigned char id[BUNDLE_IDBYTES], int64_t created,
			 const identity_public *from, const identity_public *to, size_t nto,
			 const unsigned char *author, size_t count)
{
	json_t *o = json_pack("{s:i, s:s, s:o, s:I, s:{s:s, s:o, s:o}, s:I}", "reflect_bundle",
			      nto > 1 ? BUNDLE_VERSION_GROUP : BUNDLE_VERSION, "kind",
			      kind == BUNDLE_ENTRIES	       ? "entries"
			      : kind == BUNDLE_ATTESTATION ? "attestation"
							   : "responses",
			      "id",
			      hex_json(id, BUNDLE_IDBYTES), "created", (json_int_t)created, "from",
			      "name", from->name, "sign_pk", hex_json(from->sign_pk, IDENTITY_KEYBYTES),
			      "box_pk", hex_json(from->box_pk, IDENTITY_KEYBYTES), "count",
			      (json_int_t)count);
	json_t *t;
	char *s;
	int bad = 0;

	if (o == NULL)
		return NULL;
	if (nto == 1) {
		t = json_pack("{s:o, s:o}", "sign_pk", hex_json(to->sign_pk, IDENTITY_KEYBYTES),
			      "box_pk", hex_json(to->box_pk, IDENTITY_KEYBYTES));
	} else {
		t = json_array();
		for (size_t i = 0; t != NULL && i < nto; i++)
			bad |= json_array_append_new(
				t, json_pack("{s:o, s:o}", "sign_pk",
					     hex_json(to[i].sign_pk, IDENTITY_KEYBYTES), "box_pk",
					     hex_json(to[i].box_pk, IDENTITY_KEYBYTES)));
	}
	bad |= t == NULL || json_object_set_new(o, "to", t) != 0;
	if (author != NULL)
		bad |= json_object_set_new(o, "author", hex_json(author, IDENTITY_KEYBYTES));
	s = bad ? NULL : json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return s;
}

rf_status bundle_write(const identity *me, const identity_public *to, bundle_kind kind,
		       entry *const *entries, size_t nentries, const bundle_response *responses,
		       size_t nresponses, unsigned char id_out[BUNDLE_IDBYTES], unsigned char **out,
		       size_t *outlen)
{
	return bundle_write_to(me, to, 1, NULL, kind, entries, nentries, responses, nresponses,
			       id_out, out, outlen);
}

rf_status bundle_write_to(const identity *me, const identity_public *to, size_t nto,
			  const unsigned char *author, bundle_kind kind, entry *const *entries,
			  size_t nentries, const bundle_response *responses, size_t nresponses,
			  unsigned char id_out[BUNDLE_IDBYTES], unsigned char **out, size_t *outlen)
{
	struct out o = {NULL, 0, 0};
	unsigned char *key = NULL;
	unsigned char id[BUNDLE_IDBYTES];
	unsigned char sig[IDENTITY_SIGBYTES];
	unsigned char msg[sizeof SIG_CONTEXT + crypto_generichash_BYTES];
	crypto_generichash_state th;
	ss_state ss;
	size_t count = kind == BUNDLE_ENTRIES ? nentries : nresponses, mlen, pre_len;
	unsigned char *pre = NULL;
	char *hdr = NULL;
	rf_status st;

	*out = NULL;
	*outlen = 0;
	if (kind != BUNDLE_ENTRIES && kind != BUNDLE_RESPONSES && kind != BUNDLE_ATTESTATION)
		return RF_ERR_INVALID;
	if (nto < 1 || nto > BUNDLE_RECIPIENTS_MAX)
		return RF_ERR_INVALID;
	if (count > BUNDLE_COUNT_MAX)
		return RF_ERR_TOO_BIG;
	pre_len = nto == 1 ? BUNDLE_PREAMBLE : 10 + nto * SEALED_KEY + SS_HEADER;
	key = sodium_malloc(SS_KEY);
	pre = malloc(pre_len);
	if (key == NULL || pre == NULL) {
		st = RF_ERR_NOMEM;
		goto out;
	}
	st = out_reserve(&o, pre_len);
	if (st != RF_OK)
		goto out;
	randombytes_buf(id, sizeof id);
	crypto_secretstream_xchacha20poly1305_keygen(key);
	memcpy(o.p, BUNDLE_MAGIC, 8);
	if (nto == 1) {
		o.p[8] = BUNDLE_VERSION;
		crypto_box_seal(o.p + OFF_SEALED, key, SS_KEY, to[0].box_pk);
	} else {
		o.p[8] = BUNDLE_VERSION_GROUP;
		o.p[9] = (unsigned char)nto;
		for (size_t i = 0; i < nto; i++) /* the file key, sealed to each recipient */
			crypto_box_seal(o.p + 10 + i * SEALED_KEY, key, SS_KEY, to[i].box_pk);
	}
	crypto_secretstream_xchacha20poly1305_init_push(&ss, o.p + pre_len - SS_HEADER, key);
	o.n = pre_len;
	crypto_generichash_init(&th, NULL, 0, crypto_generichash_BYTES);
	crypto_generichash_update(&th, (const unsigned char *)TRANSCRIPT_CONTEXT,
				  sizeof TRANSCRIPT_CONTEXT);
	crypto_generichash_update(&th, o.p, pre_len);

	hdr = header_json(kind, id, (int64_t)time(NULL), identity_pub(me), to, nto, author, count);
	if (hdr == NULL) {
		st = RF_ERR_NOMEM;
		goto out;
	}
	memcpy(pre, o.p, pre_len); /* o.p may move while pushing */
	st = push_frame(&o, &ss, &th, 'H', hdr, strlen(hdr), NULL, 0,
			crypto_secretstream_xchacha20poly1305_TAG_MESSAGE, pre, pre_len);
	if (st != RF_OK)
		goto out;
	for (size_t i = 0; i < count && st == RF_OK; i++) {
		unsigned char pre[16];
		if (kind == BUNDLE_ENTRIES) {
			entry tmp = *entries[i];
			char *js;
			tmp.responses = NULL; /* a response is for the one who wrote the entry */
			tmp.nresponses = 0;
			js = entry_to_json(&tmp, 0);
			if (js == NULL) {
				st = RF_ERR_NOMEM;
				break;
			}
			put_i64(pre, entries[i]->id);
			put_i64(pre + 8, entries[i]->rev);
			st = push_frame(&o, &ss, &th, 'E', pre, sizeof pre, js, strlen(js),
					crypto_secretstream_xchacha20poly1305_TAG_MESSAGE, NULL, 0);
			entry_free_text(&js);
		} else {
			const char *t = responses[i].text ? responses[i].text : "";
			put_i64(pre, responses[i].entry);
			put_i64(pre + 8, responses[i].at);
			st = push_frame(&o, &ss, &th, kind == BUNDLE_ATTESTATION ? 'A' : 'R', pre,
					sizeof pre, t, strlen(t),
					crypto_secretstream_xchacha20poly1305_TAG_MESSAGE, NULL, 0);
		}
	}
	if (st != RF_OK)
		goto out;
	signed_message(&th, msg, &mlen);
	identity_sign(me, msg, mlen, sig);
	{
		crypto_generichash_state unused;
		crypto_generichash_init(&unused, NULL, 0, crypto_generichash_BYTES);
		st = push_frame(&o, &ss, &unused, 'S', sig, sizeof sig, NULL, 0,
				crypto_secretstream_xchacha20poly1305_TAG_FINAL, NULL, 0);
	}
	if (st != RF_OK)
		goto out;
	if (id_out != NULL)
		memcpy(id_out, id, sizeof id);
	*out = o.p;
	*outlen = o.n;
	o.p = NULL;
out:
	sodium_memzero(&ss, sizeof ss);
	sodium_free(key);
	free(pre);
	free(hdr);
	free(o.p);
	return st;
}

/* ---- opening ---- */

struct reader {
	const unsigned char *data;
	size_t len, at;
	ss_state ss;
	crypto_generichash_state th;
	const unsigned char *pre; /* the preamble, in data */
	size_t prelen;
	unsigned char *pt; /* sodium_malloc'ed plaintext of the current frame */
	size_t ptlen;
	unsigned char tag;
};

/* Would the frame at q decrypt as the next frame (state s)? Used after a failure, to tell a
 * rearranged bundle from an altered one. Only frames whose lengths are within the limits and
 * the file are tried. */
static bool decrypts_at(const ss_state *s, const unsigned char *data, size_t len, size_t q,
			const unsigned char *ad, size_t adlen)
{
	ss_state copy = *s;
	unsigned char *scratch;
	uint32_t l;
	bool ok;

	if (len - q < 4)
		return false;
	l = get_u32(data + q);
	if (l <= SS_ABYTES || l > CIPHER_MAX || l > len - q - 4)
		return false;
	scratch = malloc(l - SS_ABYTES);
	if (scratch == NULL)
		return false;
	ok = crypto_secretstream_xchacha20poly1305_pull(&copy, scratch, NULL, NULL, data + q + 4, l,
							ad, adlen) == 0;
	sodium_memzero(scratch, l - SS_ABYTES);
	free(scratch);
	sodium_memzero(&copy, sizeof copy);
	return ok;
}

static bool probe_reordered(const struct reader *r, const ss_state *before, size_t failed,
			    const unsigned char *ad, size_t adlen)
{
	size_t q = failed;
	int tries = 0;

	/* Walk the frames after the failed one by their lengths. */
	for (;;) {
		uint32_t l;
		if (r->len - q < 4)
			return false;
		l = get_u32(r->data + q);
		if (l <= SS_ABYTES || l > CIPHER_MAX || l > r->len - q - 4)
			return false;
		q += 4 + (size_t)l;
		if (q >= r->len || ++tries > BUNDLE_COUNT_MAX + 2)
			return false;
		if (decrypts_at(before, r->data, r->len, q, ad, adlen))
			return true;
	}
}

/* Read and decrypt the next frame into r->pt. */
static bundle_reject next_frame(struct reader *r, const unsigned char *ad, size_t adlen)
{
	ss_state before;
	unsigned long long mlen = 0;
	uint32_t l;

	if (r->pt != NULL) {
		sodium_free(r->pt);
		r->pt = NULL;
	}
	if (r->len - r->at < 4)
		return BUNDLE_TRUNCATED; /* the stream ends before its final frame */
	l = get_u32(r->data + r->at);
	if (l <= SS_ABYTES)
		return BUNDLE_ALTERED;
	if (l > CIPHER_MAX)
		return BUNDLE_TOO_BIG; /* checked before anything is allocated for it */
	if (l > r->len - r->at - 4)
		return BUNDLE_TRUNCATED;
	r->pt = sodium_malloc(l - SS_ABYTES);
	if (r->pt == NULL)
		return BUNDLE_TOO_BIG;
	before = r->ss;
	if (crypto_secretstream_xchacha20poly1305_pull(&r->ss, r->pt, &mlen, &r->tag,
						       r->data + r->at + 4, l, ad, adlen) != 0) {
		bundle_reject why = probe_reordered(r, &before, r->at, ad, adlen) ? BUNDLE_REORDERED
										     : BUNDLE_ALTERED;
		sodium_memzero(&before, sizeof before);
		return why;
	}
	sodium_memzero(&before, sizeof before);
	r->ptlen = (size_t)mlen;
	r->at += 4 + (size_t)l;
	if (r->ptlen == 0)
		return BUNDLE_ALTERED;
	transcript_frame(&r->th, r->pt, r->ptlen);
	return BUNDLE_INTACT;
}

static bool hex_key(json_t *v, unsigned char *k, size_t n)
{
	const char *s = json_string_value(v);
	size_t got = 0;

	return s != NULL && strlen(s) == 2 * n &&
	       sodium_hex2bin(k, n, s, 2 * n, NULL, &got, NULL) == 0 && got == n;
}

static bool key_pair(json_t *o, identity_public *p)
{
	memset(p, 0, sizeof *p);
	return json_is_object(o) && hex_key(json_object_get(o, "sign_pk"), p->sign_pk, IDENTITY_KEYBYTES) &&
	       hex_key(json_object_get(o, "box_pk"), p->box_pk, IDENTITY_KEYBYTES);
}

static bundle_reject parse_header(bundle *b, const unsigned char *p, size_t len, const identity *me,
				  int version, size_t nsealed, size_t *count)
{
	json_t *o, *from, *to, *author;
	const char *kind, *name;
	json_int_t n, created;
	bool mine = false;
	bundle_reject why = BUNDLE_ALTERED;

	if (len > HEADER_JSON_MAX)
		return BUNDLE_TOO_BIG;
	o = json_loadb((const char *)p, len, JSON_REJECT_DUPLICATES, NULL);
	if (o == NULL)
		return BUNDLE_ALTERED;
	if (!json_is_integer(json_object_get(o, "reflect_bundle")))
		goto out;
	if (json_integer_value(json_object_get(o, "reflect_bundle")) != version) {
		why = json_integer_value(json_object_get(o, "reflect_bundle")) > version
			      ? BUNDLE_TOO_NEW
			      : BUNDLE_ALTERED;
		goto out;
	}
	kind = json_string_value(json_object_get(o, "kind"));
	if (kind == NULL)
		goto out;
	if (strcmp(kind, "entries") == 0)
		b->kind = BUNDLE_ENTRIES;
	else if (strcmp(kind, "responses") == 0)
		b->kind = BUNDLE_RESPONSES;
	else if (strcmp(kind, "attestation") == 0)
		b->kind = BUNDLE_ATTESTATION;
	else
		goto out;
	from = json_object_get(o, "from");
	to = json_object_get(o, "to");
	name = json_string_value(json_object_get(from, "name"));
	if (!hex_key(json_object_get(o, "id"), b->id, BUNDLE_IDBYTES) || name == NULL ||
	    strlen(name) > IDENTITY_NAME_MAX ||
	    (name[0] != '\0' && !identity_name_valid(name)) ||
	    !hex_key(json_object_get(from, "sign_pk"), b->from.sign_pk, IDENTITY_KEYBYTES) ||
	    !hex_key(json_object_get(from, "box_pk"), b->from.box_pk, IDENTITY_KEYBYTES) ||
	    !json_is_integer(json_object_get(o, "count")) ||
	    !json_is_integer(json_object_get(o, "created")))
		goto out;
	/* every recipient's keys: one object (version 1), or one per sealed key (version 2) */
	if (version == BUNDLE_VERSION ? !json_is_object(to)
				      : !json_is_array(to) || json_array_size(to) != nsealed)
		goto out;
	b->nto = version == BUNDLE_VERSION ? 1 : nsealed;
	b->to = calloc(b->nto, sizeof *b->to);
	if (b->to == NULL) {
		why = BUNDLE_TOO_BIG;
		goto out;
	}
	for (size_t i = 0; i < b->nto; i++) {
		if (!key_pair(version == BUNDLE_VERSION ? to : json_array_get(to, i), &b->to[i]))
			goto out;
		if (sodium_memcmp(b->to[i].box_pk, identity_pub(me)->box_pk, IDENTITY_KEYBYTES) == 0 &&
		    sodium_memcmp(b->to[i].sign_pk, identity_pub(me)->sign_pk, IDENTITY_KEYBYTES) == 0)
			mine = true;
	}
	memcpy(b->to_sign_pk, b->to[0].sign_pk, IDENTITY_KEYBYTES);
	memcpy(b->to_box_pk, b->to[0].box_pk, IDENTITY_KEYBYTES);
	author = json_object_get(o, "author");
	if (author != NULL) {
		if (!hex_key(author, b->author, IDENTITY_KEYBYTES))
			goto out;
		b->has_author = true;
	}
	memcpy(b->from.name, name, strlen(name) + 1);
	n = json_integer_value(json_object_get(o, "count"));
	created = json_integer_value(json_object_get(o, "created"));
	if (n < 0) 
		goto out;
	if (n > BUNDLE_COUNT_MAX) {
		why = BUNDLE_TOO_BIG;
		goto out;
	}
	b->created = (int64_t)created;
	if (!mine) {
		why = BUNDLE_NOT_FOR_ME;
		goto out;
	}
	*count = (size_t)n;
	why = BUNDLE_INTACT;
out:
	json_decref(o);
	return why;
}

/* Grow an array of size elements to hold one more, at most `limit` in all. */
static bool grow(void **v, size_t *cap, size_t n, size_t size, size_t limit)
{
	size_t c;
	void *p;

	if (n < *cap)
		return true;
	c = *cap ? *cap * 2 : 16;
	if (c > limit)
		c = limit;
	if (c <= n || c > SIZE_MAX / size)
		return false;
	p = realloc(*v, c * size);
	if (p == NULL)
		return false;
	*v = p;
	*cap = c;
	return true;
}

static bundle_reject parse_item(bundle *b, const unsigned char *p, size_t len, size_t *cap,
				size_t count, rf_status *st)
{
	if (len < 1 + 16)
		return BUNDLE_ALTERED;
	if (b->kind == BUNDLE_ENTRIES) {
		entry *e = NULL;
		if (p[0] != 'E')
			return BUNDLE_ALTERED;
		if (entry_from_json((const char *)p + 17, len - 17, &e, NULL) != RF_OK)
			return BUNDLE_ALTERED;
		e->id = get_i64(p + 1);
		e->rev = get_i64(p + 9);
		if (!grow((void **)&b->entries, cap, b->nentries, sizeof *b->entries, count)) {
			entry_free(&e);
			*st = RF_ERR_NOMEM;
			return BUNDLE_TOO_BIG;
		}
		b->entries[b->nentries++] = e;
	} else {
		bundle_response *r;
		size_t tlen = len - 17;
		if (p[0] != (b->kind == BUNDLE_ATTESTATION ? 'A' : 'R') || tlen == 0 ||
		    !text_valid_utf8((const char *)p + 17, tlen))
			return BUNDLE_ALTERED;
		for (size_t i = 17; i < len; i++)
			if ((p[i] < 0x20 && p[i] != '\n' && p[i] != '\t') || p[i] == 0x7f)
				return BUNDLE_ALTERED; /* reflect never writes these */
		if (!grow((void **)&b->responses, cap, b->nresponses, sizeof *b->responses, count)) {
			*st = RF_ERR_NOMEM;
			return BUNDLE_TOO_BIG;
		}
		r = &b->responses[b->nresponses];
		r->text = malloc(tlen + 1);
		if (r->text == NULL) {
			*st = RF_ERR_NOMEM;
			return BUNDLE_TOO_BIG;
		}
		memcpy(r->text, p + 17, tlen);
		r->text[tlen] = '\0';
		r->entry = get_i64(p + 1);
		r->at = get_i64(p + 9);
		b->nresponses++;
	}
	return BUNDLE_INTACT;
}

rf_status bundle_open(const unsigned char *data, size_t len, const identity *me, bundle **out,
		      bundle_reject *why)
{
	struct reader r;
	unsigned char *key = NULL;
	unsigned char msg[sizeof SIG_CONTEXT + crypto_generichash_BYTES];
	size_t count = 0, cap = 0, mlen, nsealed = 0;
	const unsigned char *sealed = NULL;
	bundle *b = NULL;
	rf_status st = RF_ERR_REJECTED;
	bundle_reject w = BUNDLE_ALTERED;

	*out = NULL;
	memset(&r, 0, sizeof r);
	r.data = data;
	r.len = len;
	if (len < 9 || memcmp(data, BUNDLE_MAGIC, 8) != 0) {
		w = BUNDLE_NOT_BUNDLE;
		goto out;
	}
	if (data[8] != BUNDLE_VERSION && data[8] != BUNDLE_VERSION_GROUP) {
		w = data[8] > BUNDLE_VERSION_GROUP ? BUNDLE_TOO_NEW : BUNDLE_NOT_BUNDLE;
		goto out;
	}
	if (len > BUNDLE_FILE_MAX) {
		w = BUNDLE_TOO_BIG;
		goto out;
	}
	if (data[8] == BUNDLE_VERSION) {
		nsealed = 1;
		r.prelen = BUNDLE_PREAMBLE;
		sealed = data + OFF_SEALED;
	} else {
		if (len < 10) {
			w = BUNDLE_TRUNCATED;
			goto out;
		}
		nsealed = data[9];
		if (nsealed < 2 || nsealed > BUNDLE_RECIPIENTS_MAX) {
			w = nsealed > BUNDLE_RECIPIENTS_MAX ? BUNDLE_TOO_BIG : BUNDLE_ALTERED;
			goto out;
		}
		r.prelen = 10 + nsealed * SEALED_KEY + SS_HEADER;
		sealed = data + 10;
	}
	if (len < r.prelen) {
		w = BUNDLE_TRUNCATED;
		goto out;
	}
	key = sodium_malloc(SS_KEY);
	b = calloc(1, sizeof *b);
	if (key == NULL || b == NULL) {
		st = RF_ERR_NOMEM;
		goto out;
	}
	{
		bool opened = false;
		for (size_t i = 0; i < nsealed && !opened; i++) /* the copy sealed to me, if any */
			opened = identity_unseal(me, sealed + i * SEALED_KEY, SEALED_KEY, key) == RF_OK;
		if (!opened) {
			w = BUNDLE_NOT_FOR_ME;
			goto out;
		}
	}
	if (crypto_secretstream_xchacha20poly1305_init_pull(&r.ss, data + r.prelen - SS_HEADER,
							    key) != 0)
		goto out;
	r.pre = data;
	r.at = r.prelen;
	crypto_generichash_init(&r.th, NULL, 0, crypto_generichash_BYTES);
	crypto_generichash_update(&r.th, (const unsigned char *)TRANSCRIPT_CONTEXT,
				  sizeof TRANSCRIPT_CONTEXT);
	crypto_generichash_update(&r.th, r.pre, r.prelen);

	w = next_frame(&r, r.pre, r.prelen);
	if (w != BUNDLE_INTACT)
		goto out;
	if (r.pt[0] != 'H' || r.tag != crypto_secretstream_xchacha20poly1305_TAG_MESSAGE) {
		w = BUNDLE_ALTERED;
		goto out;
	}
	w = parse_header(b, r.pt + 1, r.ptlen - 1, me, data[8], nsealed, &count);
	if (w != BUNDLE_INTACT)
		goto out;
	for (size_t i = 0; i < count; i++) {
		w = next_frame(&r, NULL, 0);
		if (w != BUNDLE_INTACT)
			goto out;
		if (r.tag != crypto_secretstream_xchacha20poly1305_TAG_MESSAGE) {
			w = BUNDLE_ALTERED;
			goto out;
		}
		w = parse_item(b, r.pt, r.ptlen, &cap, count, &st);
		if (w != BUNDLE_INTACT)
			goto out;
	}
	/* The transcript up to here is what the sender signed. */
	signed_message(&r.th, msg, &mlen);
	w = next_frame(&r, NULL, 0);
	if (w != BUNDLE_INTACT)
		goto out;
	if (r.pt[0] != 'S' || r.ptlen != 1 + IDENTITY_SIGBYTES ||
	    r.tag != crypto_secretstream_xchacha20poly1305_TAG_FINAL || r.at != r.len) {
		w = BUNDLE_ALTERED;
		goto out;
	}
	if (!identity_verify(b->from.sign_pk, msg, mlen, r.pt + 1)) {
		w = BUNDLE_BAD_SIGNATURE;
		goto out;
	}
	w = BUNDLE_INTACT;
	st = RF_OK;
	*out = b;
	b = NULL;
out:
	if (r.pt != NULL)
		sodium_free(r.pt);
	sodium_memzero(&r.ss, sizeof r.ss);
	if (key != NULL)
		sodium_free(key);
	bundle_free(&b);
	if (st == RF_ERR_REJECTED && w == BUNDLE_INTACT)
		w = BUNDLE_ALTERED;
	if (st == RF_ERR_NOMEM)
		w = BUNDLE_TOO_BIG;
	*why = w;
	return st;
}

void bundle_free(bundle **b)
{
	if (b == NULL || *b == NULL)
		return;
	for (size_t i = 0; i < (*b)->nentries; i++)
		entry_free(&(*b)->entries[i]);
	free((*b)->entries);
	for (size_t i = 0; i < (*b)->nresponses; i++) {
		char *t = (*b)->responses[i].text;
		if (t != NULL) {
			sodium_memzero(t, strlen(t));
			free(t);
		}
	}
	free((*b)->responses);
	free((*b)->to);
	free(*b);
	*b = NULL;
}
