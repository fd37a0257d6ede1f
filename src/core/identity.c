/* identity.c - the journal's identity, contact cards, fingerprints and pinned contacts. */
#include "reflect/i18n.h"
#include "reflect/identity.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <sodium.h>

#include "reflect/text.h"

struct identity {
	identity_public pub;
	unsigned char *seed;    /* sodium_malloc, IDENTITY_SEEDBYTES */
	unsigned char *sign_sk; /* sodium_malloc, crypto_sign_SECRETKEYBYTES */
	unsigned char *box_sk;  /* sodium_malloc, crypto_box_SECRETKEYBYTES */
	int64_t created;
	int64_t item; /* the journal item that keeps it, 0 when not stored */
	char credential[IDENTITY_CREDENTIAL_MAX + 1]; /* "IMH-E® Mentor", "" when none */
};

#define ID_MAGIC "RFID"
#define ID_VERSION 1
#define CARD_MAGIC "RFCD"
#define CARD_VERSION 1
#define CARD_BEGIN "-----BEGIN REFLECT CONTACT-----"
#define CARD_END "-----END REFLECT CONTACT-----"
#define CARD_SIG_CONTEXT "reflect contact card v1"
#define FPR_CONTEXT "reflect fingerprint v1"
/* magic, version, name length, name, two keys, signature */
#define CARD_FIXED (4 + 1 + 1 + 2 * IDENTITY_KEYBYTES + IDENTITY_SIGBYTES)
#define CARD_BIN_MAX (CARD_FIXED + IDENTITY_NAME_MAX)
#define CARD_B64_MAX 2048 /* characters between the armour lines, spaces included */

static const char FPR_ALPHABET[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

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

/* True when s is 1..max bytes of UTF-8 text on one line, not only spaces. */
static bool one_line_valid(const char *name, size_t max)
{
	size_t n;
	bool visible = false;

	if (name == NULL)
		return false;
	n = strlen(name);
	if (n == 0 || n > max || !text_valid_utf8(name, n))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];
		/* no control characters, C1 ones (U+0080..U+009F) included */
		if (c < 0x20 || c == 0x7f ||
		    (c == 0xc2 && (unsigned char)name[i + 1] >= 0x80 &&
		     (unsigned char)name[i + 1] <= 0x9f))
			return false;
		if (c != ' ')
			visible = true;
	}
	return visible;
}

bool identity_name_valid(const char *name)
{
	return one_line_valid(name, IDENTITY_NAME_MAX);
}

bool identity_credential_valid(const char *credential)
{
	return one_line_valid(credential, IDENTITY_CREDENTIAL_MAX);
}

static void set_name(char dst[IDENTITY_NAME_MAX + 1], const char *name)
{
	size_t n = name ? strlen(name) : 0;

	if (n > IDENTITY_NAME_MAX)
		n = IDENTITY_NAME_MAX;
	if (n > 0)
		memcpy(dst, name, n);
	dst[n] = '\0';
}

rf_status identity_from_seed(const unsigned char *seed, const char *name, identity **out)
{
	identity *id = NULL;
	unsigned char box_seed[crypto_box_SEEDBYTES];
	rf_status st = RF_ERR_NOMEM;

	*out = NULL;
	if (name != NULL && name[0] != '\0' && !identity_name_valid(name))
		return RF_ERR_INVALID;
	id = calloc(1, sizeof *id);
	if (id == NULL)
		goto out;
	id->seed = sodium_malloc(IDENTITY_SEEDBYTES);
	id->sign_sk = sodium_malloc(crypto_sign_SECRETKEYBYTES);
	id->box_sk = sodium_malloc(crypto_box_SECRETKEYBYTES);
	if (id->seed == NULL || id->sign_sk == NULL || id->box_sk == NULL)
		goto out;
	if (seed != NULL)
		memcpy(id->seed, seed, IDENTITY_SEEDBYTES);
	else
		randombytes_buf(id->seed, IDENTITY_SEEDBYTES);
	crypto_sign_seed_keypair(id->pub.sign_pk, id->sign_sk, id->seed);
	crypto_kdf_derive_from_key(box_seed, sizeof box_seed, 1, "rfidbox_", id->seed);
	crypto_box_seed_keypair(id->pub.box_pk, id->box_sk, box_seed);
	sodium_memzero(box_seed, sizeof box_seed);
	set_name(id->pub.name, name);
	id->created = (int64_t)time(NULL);
	*out = id;
	id = NULL;
	st = RF_OK;
out:
	identity_free(&id);
	return st;
}

void identity_free(identity **id)
{
	if (id == NULL || *id == NULL)
		return;
	sodium_free((*id)->seed); /* sodium_free wipes first */
	sodium_free((*id)->sign_sk);
	sodium_free((*id)->box_sk);
	free(*id);
	*id = NULL;
}

const identity_public *identity_pub(const identity *id)
{
	return &id->pub;
}

void identity_sign(const identity *id, const unsigned char *m, size_t len,
		   unsigned char sig[IDENTITY_SIGBYTES])
{
	crypto_sign_detached(sig, NULL, m, len, id->sign_sk);
}

bool identity_verify(const unsigned char pk[IDENTITY_KEYBYTES], const unsigned char *m, size_t len,
		     const unsigned char sig[IDENTITY_SIGBYTES])
{
	return crypto_sign_verify_detached(sig, m, len, pk) == 0;
}

rf_status identity_unseal(const identity *id, const unsigned char *c, size_t clen, unsigned char *m)
{
	if (clen < crypto_box_SEALBYTES)
		return RF_ERR_DAMAGED;
	if (crypto_box_seal_open(m, c, clen, id->pub.box_pk, id->box_sk) != 0)
		return RF_ERR_DAMAGED;
	return RF_OK;
}

/* ---- storage of the identity: one item, binary, sealed by the journal ---- */

/* "RFID", version, seed, created (8), name length (1), name, then, when one is set, the
 * credential's length (1) and the credential */
#define ID_FIXED (4 + 1 + IDENTITY_SEEDBYTES + 8 + 1)

static rf_status identity_store(journal *j, identity *id)
{
	unsigned char *buf;
	size_t nlen = strlen(id->pub.name), clen = strlen(id->credential);
	size_t len = ID_FIXED + nlen + (clen ? 1 + clen : 0);
	rf_status st;

	buf = sodium_malloc(len);
	if (buf == NULL)
		return RF_ERR_NOMEM;
	memcpy(buf, ID_MAGIC, 4);
	buf[4] = ID_VERSION;
	memcpy(buf + 5, id->seed, IDENTITY_SEEDBYTES);
	put_i64(buf + 5 + IDENTITY_SEEDBYTES, id->created);
	buf[5 + IDENTITY_SEEDBYTES + 8] = (unsigned char)nlen;
	memcpy(buf + ID_FIXED, id->pub.name, nlen);
	if (clen) {
		buf[ID_FIXED + nlen] = (unsigned char)clen;
		memcpy(buf + ID_FIXED + nlen + 1, id->credential, clen);
	}
	st = journal_item_put(j, "identity", &id->item, buf, len);
	sodium_free(buf);
	return st;
}

struct first_item {
	int64_t id;
	char *data;
	size_t len;
	rf_status st;
};

static int take_first(int64_t id, const char *data, size_t len, void *ctx)
{
	struct first_item *f = ctx;

	f->data = sodium_malloc(len + 1);
	if (f->data == NULL) {
		f->st = RF_ERR_NOMEM;
		return 1;
	}
	memcpy(f->data, data, len);
	f->data[len] = '\0';
	f->len = len;
	f->id = id;
	return 1;
}

rf_status identity_ensure(journal *j, identity **out)
{
	struct first_item f = {0, NULL, 0, RF_OK};
	identity *id = NULL;
	const unsigned char *p;
	char name[IDENTITY_NAME_MAX + 1];
	size_t nlen;
	rf_status st;

	*out = NULL;
	st = journal_item_each(j, "identity", take_first, &f);
	if (st == RF_OK)
		st = f.st;
	if (st != RF_OK)
		goto out;
	if (f.data == NULL) {
		st = identity_from_seed(NULL, NULL, &id);
		if (st == RF_OK)
			st = identity_store(j, id);
		goto out;
	}
	p = (const unsigned char *)f.data;
	if (f.len < ID_FIXED || memcmp(p, ID_MAGIC, 4) != 0 || p[4] != ID_VERSION) {
		st = RF_ERR_DAMAGED;
		goto out;
	}
	nlen = p[ID_FIXED - 1];
	if (nlen > IDENTITY_NAME_MAX || f.len < ID_FIXED + nlen ||
	    (f.len > ID_FIXED + nlen &&
	     (f.len != ID_FIXED + nlen + 1 + p[ID_FIXED + nlen] || p[ID_FIXED + nlen] == 0 ||
	      p[ID_FIXED + nlen] > IDENTITY_CREDENTIAL_MAX))) {
		st = RF_ERR_DAMAGED;
		goto out;
	}
	memcpy(name, p + ID_FIXED, nlen);
	name[nlen] = '\0';
	st = identity_from_seed(p + 5, name, &id);
	if (st != RF_OK)
		goto out;
	id->created = get_i64(p + 5 + IDENTITY_SEEDBYTES);
	id->item = f.id;
	if (f.len > ID_FIXED + nlen) {
		memcpy(id->credential, p + ID_FIXED + nlen + 1, p[ID_FIXED + nlen]);
		id->credential[p[ID_FIXED + nlen]] = '\0';
	}
out:
	if (f.data != NULL)
		sodium_free(f.data);
	if (st == RF_OK) {
		*out = id;
		id = NULL;
	}
	identity_free(&id);
	return st;
}

rf_status identity_set_name(journal *j, identity *id, const char *name)
{
	char old[IDENTITY_NAME_MAX + 1];
	rf_status st;

	if (name != NULL && name[0] != '\0' && !identity_name_valid(name))
		return RF_ERR_INVALID;
	memcpy(old, id->pub.name, sizeof old);
	set_name(id->pub.name, name);
	st = identity_store(j, id);
	if (st != RF_OK)
		memcpy(id->pub.name, old, sizeof old);
	return st;
}

rf_status identity_set_credential(journal *j, identity *id, const char *credential)
{
	char old[IDENTITY_CREDENTIAL_MAX + 1];
	rf_status st;

	if (credential != NULL && credential[0] != '\0' && !identity_credential_valid(credential))
		return RF_ERR_INVALID;
	memcpy(old, id->credential, sizeof old);
	snprintf(id->credential, sizeof id->credential, "%s", credential ? credential : "");
	st = identity_store(j, id);
	if (st != RF_OK)
		memcpy(id->credential, old, sizeof old);
	sodium_memzero(old, sizeof old);
	return st;
}

const char *identity_credential(const identity *id)
{
	return id->credential;
}

/* ---- cards ---- */

/* The bytes a card's self-signature covers: a context string, then the card up to the
 * signature. */
static void card_signed_bytes(const unsigned char *bin, size_t len, unsigned char *msg, size_t *mlen)
{
	size_t c = sizeof CARD_SIG_CONTEXT; /* with its NUL */

	memcpy(msg, CARD_SIG_CONTEXT, c);
	memcpy(msg + c, bin, len);
	*mlen = c + len;
}

rf_status identity_card(const identity *id, char **out)
{
	unsigned char bin[CARD_BIN_MAX];
	unsigned char msg[sizeof CARD_SIG_CONTEXT + CARD_BIN_MAX];
	char b64[sodium_base64_ENCODED_LEN(CARD_BIN_MAX, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
	char fpr[IDENTITY_FPR_SIZE];
	size_t nlen = strlen(id->pub.name), at = 0, mlen, blen, cap;
	char *s;
	int w;

	*out = NULL;
	memcpy(bin, CARD_MAGIC, 4);
	bin[4] = CARD_VERSION;
	bin[5] = (unsigned char)nlen;
	at = 6;
	memcpy(bin + at, id->pub.name, nlen);
	at += nlen;
	memcpy(bin + at, id->pub.sign_pk, IDENTITY_KEYBYTES);
	at += IDENTITY_KEYBYTES;
	memcpy(bin + at, id->pub.box_pk, IDENTITY_KEYBYTES);
	at += IDENTITY_KEYBYTES;
	card_signed_bytes(bin, at, msg, &mlen);
	identity_sign(id, msg, mlen, bin + at);
	at += IDENTITY_SIGBYTES;
	sodium_bin2base64(b64, sizeof b64, bin, at, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	identity_fingerprint(&id->pub, fpr);

	blen = strlen(b64);
	cap = 256 + nlen + strlen(id->credential) + blen + blen / 64 + 1;
	s = malloc(cap);
	if (s == NULL)
		return RF_ERR_NOMEM;
	/* the credential is said beside the name; attestations carry it signed */
	w = snprintf(s, cap, "Reflect contact card%s%s%s%s\nFingerprint: %s\n%s\n",
		     nlen ? " for " : "", id->pub.name, *id->credential ? ", " : "",
		     id->credential, fpr, CARD_BEGIN);
	at = (size_t)w;
	for (size_t i = 0; i < blen; i += 64) {
		size_t n = blen - i < 64 ? blen - i : 64;
		memcpy(s + at, b64 + i, n);
		at += n;
		s[at++] = '\n';
	}
	snprintf(s + at, cap - at, "%s\n", CARD_END);
	*out = s;
	return RF_OK;
}

static const char *find_bytes(const char *hay, size_t hlen, const char *needle)
{
	size_t n = strlen(needle);

	if (hlen < n)
		return NULL;
	for (size_t i = 0; i + n <= hlen; i++)
		if (hay[i] == needle[0] && memcmp(hay + i, needle, n) == 0)
			return hay + i;
	return NULL;
}

rf_status identity_card_parse(const char *text, size_t len, identity_public *out, rf_detail *d)
{
	const char *begin, *end, *p;
	char b64[CARD_B64_MAX + 1];
	unsigned char bin[CARD_BIN_MAX];
	unsigned char msg[sizeof CARD_SIG_CONTEXT + CARD_BIN_MAX];
	size_t nb = 0, binlen = 0, nlen, mlen;

	memset(out, 0, sizeof *out);
	if (len > IDENTITY_CARD_MAX)
		return rf_fail(d, RF_ERR_TOO_BIG, 0, 0, _("a contact card is at most %d bytes"),
			       IDENTITY_CARD_MAX);
	begin = find_bytes(text, len, CARD_BEGIN);
	if (begin == NULL)
		return rf_fail(d, RF_ERR_PARSE, 0, 0, _("there is no '%s' line"), CARD_BEGIN);
	p = begin + strlen(CARD_BEGIN);
	end = find_bytes(p, len - (size_t)(p - text), CARD_END);
	if (end == NULL)
		return rf_fail(d, RF_ERR_PARSE, 0, 0, _("the card has no '%s' line: it may be cut short"),
			       CARD_END);
	for (; p < end; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '>')
			continue;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_'))
			return rf_fail(d, RF_ERR_PARSE, 0, 0,
				       "%s", _("the card holds a character that does not belong in it"));
		if (nb >= CARD_B64_MAX)
			return rf_fail(d, RF_ERR_PARSE, 0, 0, "%s", _("the card is longer than a card can be"));
		b64[nb++] = (char)c;
	}
	b64[nb] = '\0';
	if (sodium_base642bin(bin, sizeof bin, b64, nb, NULL, &binlen, NULL,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		return rf_fail(d, RF_ERR_PARSE, 0, 0, "%s", _("the card's text is not complete"));
	if (binlen < CARD_FIXED || memcmp(bin, CARD_MAGIC, 4) != 0)
		return rf_fail(d, RF_ERR_PARSE, 0, 0, "%s", _("this is not a reflect contact card"));
	if (bin[4] != CARD_VERSION)
		return rf_fail(d, RF_ERR_PARSE, 0, 0,
			       "%s", _("the card was made by a newer reflect; update reflect to read it"));
	nlen = bin[5];
	if (nlen > IDENTITY_NAME_MAX || binlen != CARD_FIXED + nlen)
		return rf_fail(d, RF_ERR_PARSE, 0, 0, "%s", _("the card's length does not match what it says"));
	memcpy(out->name, bin + 6, nlen);
	out->name[nlen] = '\0';
	if (nlen > 0 && !identity_name_valid(out->name)) {
		memset(out, 0, sizeof *out);
		return rf_fail(d, RF_ERR_PARSE, 0, 0, "%s", _("the name on the card is not valid text"));
	}
	memcpy(out->sign_pk, bin + 6 + nlen, IDENTITY_KEYBYTES);
	memcpy(out->box_pk, bin + 6 + nlen + IDENTITY_KEYBYTES, IDENTITY_KEYBYTES);
	card_signed_bytes(bin, binlen - IDENTITY_SIGBYTES, msg, &mlen);
	if (!identity_verify(out->sign_pk, msg, mlen, bin + binlen - IDENTITY_SIGBYTES)) {
		memset(out, 0, sizeof *out);
		return rf_fail(d, RF_ERR_DAMAGED, 0, 0,
			       "%s", _("the card's signature does not match: it was altered"));
	}
	return RF_OK;
}

void identity_fingerprint(const identity_public *p, char out[IDENTITY_FPR_SIZE])
{
	unsigned char h[20];
	crypto_generichash_state st;
	size_t o = 0;
	unsigned bits = 0, nbits = 0;

	crypto_generichash_init(&st, NULL, 0, sizeof h);
	crypto_generichash_update(&st, (const unsigned char *)FPR_CONTEXT, sizeof FPR_CONTEXT);
	crypto_generichash_update(&st, p->sign_pk, IDENTITY_KEYBYTES);
	crypto_generichash_update(&st, p->box_pk, IDENTITY_KEYBYTES);
	crypto_generichash_final(&st, h, sizeof h);
	/* 160 bits, 5 at a time: 32 characters */
	for (size_t i = 0, k = 0; i < sizeof h; i++) {
		bits = (bits << 8) | h[i];
		nbits += 8;
		while (nbits >= 5) {
			if (k > 0 && k % 4 == 0)
				out[o++] = ' ';
			out[o++] = FPR_ALPHABET[(bits >> (nbits - 5)) & 31];
			nbits -= 5;
			k++;
		}
	}
	out[o] = '\0';
}

/* Canonical form of a typed fingerprint into buf (at most cap-1 characters). */
static void fpr_canon(const char *s, char *buf, size_t cap)
{
	size_t o = 0;

	for (; *s != '\0' && o + 1 < cap; s++) {
		char c = *s;
		if (c == ' ' || c == '-' || c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c == 'O')
			c = '0';
		else if (c == 'I' || c == 'L')
			c = '1';
		buf[o++] = c;
	}
	buf[o] = '\0';
}

bool identity_fingerprint_matches(const char *fpr, const char *typed)
{
	char a[64], b[64];

	if (fpr == NULL || typed == NULL)
		return false;
	fpr_canon(fpr, a, sizeof a);
	fpr_canon(typed, b, sizeof b);
	return a[0] != '\0' && strcmp(a, b) == 0;
}

bool identity_same_keys(const identity_public *a, const identity_public *b)
{
	return sodium_memcmp(a->sign_pk, b->sign_pk, IDENTITY_KEYBYTES) == 0 &&
	       sodium_memcmp(a->box_pk, b->box_pk, IDENTITY_KEYBYTES) == 0;
}

/* ---- contacts ---- */

static json_t *key_json(const unsigned char k[IDENTITY_KEYBYTES])
{
	char b64[sodium_base64_ENCODED_LEN(IDENTITY_KEYBYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

	sodium_bin2base64(b64, sizeof b64, k, IDENTITY_KEYBYTES,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return json_string(b64);
}

static bool key_from_json(json_t *v, unsigned char k[IDENTITY_KEYBYTES])
{
	const char *s = json_string_value(v);
	size_t n = 0;

	if (s == NULL)
		return false;
	return sodium_base642bin(k, IDENTITY_KEYBYTES, s, strlen(s), NULL, &n, NULL,
				 sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0 &&
	       n == IDENTITY_KEYBYTES;
}

static json_t *card_json(const identity_public *p)
{
	return json_pack("{s:s, s:o, s:o}", "name", p->name, "sign_pk", key_json(p->sign_pk),
			 "box_pk", key_json(p->box_pk));
}

static bool card_from_json(json_t *o, identity_public *p)
{
	const char *name = json_string_value(json_object_get(o, "name"));

	memset(p, 0, sizeof *p);
	if (name == NULL || strlen(name) > IDENTITY_NAME_MAX)
		return false;
	set_name(p->name, name);
	return key_from_json(json_object_get(o, "sign_pk"), p->sign_pk) &&
	       key_from_json(json_object_get(o, "box_pk"), p->box_pk);
}

static rf_status contact_store(journal *j, identity_contact *c)
{
	json_t *o = json_pack("{s:s, s:o, s:b, s:I, s:I}", "name", c->name, "card",
			      card_json(&c->card), "verified", c->verified, "first_seen",
			      (json_int_t)c->first_seen, "verified_at", (json_int_t)c->verified_at);
	char *s = NULL;
	rf_status st = RF_ERR_NOMEM;

	if (o == NULL)
		goto out;
	if (c->supervisor && json_object_set_new(o, "role", json_string("supervisor")) != 0)
		goto out;
	if (c->has_pending &&
	    json_object_set_new(o, "pending",
				json_pack("{s:o, s:I}", "card", card_json(&c->pending), "seen",
					  (json_int_t)c->pending_seen)) != 0)
		goto out;
	s = json_dumps(o, JSON_COMPACT);
	if (s == NULL)
		goto out;
	st = journal_item_put(j, "contact", &c->item, s, strlen(s));
out:
	free(s);
	json_decref(o);
	return st;
}

static bool contact_parse(int64_t id, const char *data, size_t len, identity_contact *c)
{
	json_t *o = json_loadb(data, len, 0, NULL), *p;
	const char *name;
	bool ok = false;

	memset(c, 0, sizeof *c);
	if (o == NULL)
		return false;
	name = json_string_value(json_object_get(o, "name"));
	if (name == NULL || !identity_name_valid(name))
		goto out;
	set_name(c->name, name);
	if (!card_from_json(json_object_get(o, "card"), &c->card))
		goto out;
	c->item = id;
	c->verified = json_is_true(json_object_get(o, "verified"));
	c->first_seen = (int64_t)json_integer_value(json_object_get(o, "first_seen"));
	c->verified_at = (int64_t)json_integer_value(json_object_get(o, "verified_at"));
	c->supervisor = json_string_value(json_object_get(o, "role")) != NULL &&
			strcmp(json_string_value(json_object_get(o, "role")), "supervisor") == 0;
	p = json_object_get(o, "pending");
	if (p != NULL) {
		if (!card_from_json(json_object_get(p, "card"), &c->pending))
			goto out;
		c->has_pending = true;
		c->pending_seen = (int64_t)json_integer_value(json_object_get(p, "seen"));
	}
	ok = true;
out:
	json_decref(o);
	return ok;
}

struct contact_list {
	identity_contact *v;
	size_t n, cap;
	rf_status st;
};

static int collect_contact(int64_t id, const char *data, size_t len, void *ctx)
{
	struct contact_list *l = ctx;
	identity_contact c;

	if (!contact_parse(id, data, len, &c))
		return 0; /* an unreadable contact is passed over, like a damaged row */
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		identity_contact *v;
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
	l->v[l->n++] = c;
	return 0;
}

rf_status identity_contact_list(journal *j, identity_contact **v, size_t *n)
{
	struct contact_list l = {NULL, 0, 0, RF_OK};
	rf_status st = journal_item_each(j, "contact", collect_contact, &l);

	if (st == RF_OK)
		st = l.st;
	if (st != RF_OK) {
		free(l.v);
		*v = NULL;
		*n = 0;
		return st;
	}
	*v = l.v;
	*n = l.n;
	return RF_OK;
}

/* The contact matching name (when name) or sign_pk (when key), including a pending card's key
 * when pending is true. */
static rf_status contact_lookup(journal *j, const char *name, const unsigned char *key,
				bool pending, identity_contact *out)
{
	identity_contact *v = NULL;
	size_t n = 0;
	rf_status st = identity_contact_list(j, &v, &n);

	if (st != RF_OK)
		return st;
	st = RF_ERR_NOT_FOUND;
	for (int pass = 0; pass < 2 && st == RF_ERR_NOT_FOUND; pass++)
	for (size_t i = 0; i < n; i++) {
		bool hit;
		if (name != NULL && pass == 1) /* then case and accents aside: "ana" finds "Ana" */
			hit = identity_name_same(v[i].name, name);
		else if (name != NULL)
			hit = strcmp(v[i].name, name) == 0;
		else if (pass == 1)
			break;
		else
			hit = sodium_memcmp(v[i].card.sign_pk, key, IDENTITY_KEYBYTES) == 0 ||
			      (pending && v[i].has_pending &&
			       sodium_memcmp(v[i].pending.sign_pk, key, IDENTITY_KEYBYTES) == 0);
		if (hit) {
			if (out != NULL)
				*out = v[i];
			st = RF_OK;
			break;
		}
	}
	free(v);
	return st;
}

rf_status identity_contact_find(journal *j, const char *name, identity_contact *out)
{
	return contact_lookup(j, name, NULL, false, out);
}

rf_status identity_contact_by_key(journal *j, const unsigned char sign_pk[IDENTITY_KEYBYTES],
				  identity_contact *out)
{
	return contact_lookup(j, NULL, sign_pk, false, out);
}

rf_status identity_contact_add(journal *j, const char *name, const identity_public *card,
			       bool verified, identity_add_result *result, identity_contact *out)
{
	identity_contact c, other;
	identity_add_result res = IDENTITY_ADDED;
	int64_t now = (int64_t)time(NULL);
	rf_status st;

	if (!identity_name_valid(name))
		return RF_ERR_INVALID;
	st = identity_contact_find(j, name, &c);
	if (st == RF_OK) {
		if (identity_same_keys(&c.card, card)) {
			res = IDENTITY_UNCHANGED;
			if (verified && !c.verified) {
				c.verified = true;
				c.verified_at = now;
				res = IDENTITY_NOW_VERIFIED;
				st = contact_store(j, &c);
			}
		} else {
			if (!c.has_pending || !identity_same_keys(&c.pending, card)) {
				c.has_pending = true;
				c.pending = *card;
				c.pending_seen = now;
				st = contact_store(j, &c);
			}
			res = IDENTITY_CHANGED;
			if (st == RF_OK)
				st = RF_ERR_REJECTED;
		}
		goto out;
	}
	if (st != RF_ERR_NOT_FOUND)
		goto out;
	st = contact_lookup(j, NULL, card->sign_pk, true, &other);
	if (st == RF_OK) {
		res = IDENTITY_DUPLICATE;
		c = other;
		st = RF_ERR_EXISTS;
		goto out;
	}
	if (st != RF_ERR_NOT_FOUND)
		goto out;
	memset(&c, 0, sizeof c);
	set_name(c.name, name);
	c.card = *card;
	c.verified = verified;
	c.first_seen = now;
	c.verified_at = verified ? now : 0;
	st = contact_store(j, &c);
out:
	if (result != NULL)
		*result = res;
	if (out != NULL && (st == RF_OK || st == RF_ERR_REJECTED || st == RF_ERR_EXISTS))
		*out = c;
	return st;
}

rf_status identity_contact_verify(journal *j, const char *name, const char *typed,
				  identity_contact *out)
{
	identity_contact c;
	char fpr[IDENTITY_FPR_SIZE];
	rf_status st = identity_contact_find(j, name, &c);

	if (st != RF_OK)
		return st;
	identity_fingerprint(c.has_pending ? &c.pending : &c.card, fpr);
	if (typed != NULL && !identity_fingerprint_matches(fpr, typed))
		return RF_ERR_REJECTED;
	if (c.has_pending) {
		c.card = c.pending;
		c.has_pending = false;
		memset(&c.pending, 0, sizeof c.pending);
		c.pending_seen = 0;
	}
	c.verified = true;
	c.verified_at = (int64_t)time(NULL);
	st = contact_store(j, &c);
	if (st == RF_OK && out != NULL)
		*out = c;
	return st;
}

bool identity_name_same(const char *a, const char *b)
{
	char *x = text_fold(a), *y = text_fold(b);
	bool same = x != NULL && y != NULL && strcmp(x, y) == 0;

	free(x);
	free(y);
	return same;
}

rf_status identity_contact_set_role(journal *j, const char *name, bool supervisor,
				    identity_contact *out)
{
	identity_contact c;
	rf_status st = identity_contact_find(j, name, &c);

	if (st != RF_OK)
		return st;
	c.supervisor = supervisor;
	st = contact_store(j, &c);
	if (st == RF_OK && out != NULL)
		*out = c;
	return st;
}

rf_status identity_contact_remove(journal *j, const char *name)
{
	identity_contact c;
	rf_status st = identity_contact_find(j, name, &c);

	if (st != RF_OK)
		return st;
	return journal_item_delete(j, "contact", c.item);
}
