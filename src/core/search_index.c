/* search_index.c - the sealed search index: folded words to keyed-hash buckets, each bucket's
 * words and entry numbers sealed; a sealed vocabulary to find whole words from a part. See
 * search_index.h and schema/003_search_index.sql. */
#include "reflect/search_index.h"

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "reflect/crypto.h"
#include "reflect/grow.h"
#include "reflect/query.h"
#include "reflect/text.h"

/* qsort, but nothing to do for fewer than two (qsort must not be given a null array). */
static void sort_n(void *v, size_t n, size_t sz, int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(v, n, sz, cmp);
}

/* bsearch, but nothing is found in an empty (possibly null) array. */
static void *find_n(const void *key, const void *v, size_t n, size_t sz,
		    int (*cmp)(const void *, const void *))
{
	return n > 0 ? bsearch(key, v, n, sz, cmp) : NULL;
}

#define STATE_ROW (-1)
#define VOCAB_ROW0 SIDX_BUCKETS
#define NCHUNKS 30    /* vocabulary rows: 26 letters, digits, other, themes, feelings */
#define MAX_WORD 64   /* a longer word is kept by its first 64 letters */
#define MAX_LABEL 254 /* themes and feelings are kept whole up to this */
#define MAX_EXPAND 512 /* a part of a word that names more words narrows nothing */
#define STATE_BYTES (4 + 4 + 4 + 16 + 32 + 8)

enum { NS_TEXT = 's', NS_THEME = 't', NS_FEELING = 'e' };

/* ---- small helpers ---- */

typedef struct buf {
	unsigned char *p;
	size_t len, cap;
} buf;

static bool buf_put(buf *b, const void *s, size_t n)
{
	if (b->len + n > b->cap) {
		size_t c = b->cap ? b->cap : 64;
		while (c < b->len + n)
			c *= 2;
		unsigned char *q = realloc(b->p, c);
		if (q == NULL)
			return false;
		b->p = q;
		b->cap = c;
	}
	if (n > 0)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	return true;
}

static void buf_wipe(buf *b)
{
	if (b->p != NULL)
		sodium_memzero(b->p, b->cap);
	free(b->p);
	memset(b, 0, sizeof *b);
}

static bool put_varint(buf *b, uint64_t v)
{
	unsigned char t[10];
	size_t n = 0;

	do {
		t[n++] = (unsigned char)((v & 0x7f) | (v >= 0x80 ? 0x80 : 0));
		v >>= 7;
	} while (v != 0);
	return buf_put(b, t, n);
}

static bool get_varint(const unsigned char *p, size_t len, size_t *at, uint64_t *v)
{
	uint64_t r = 0;

	for (int shift = 0; shift < 64 && *at < len; shift += 7) {
		unsigned char c = p[(*at)++];
		r |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80)) {
			*v = r;
			return true;
		}
	}
	return false;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* Sort and keep one of each; returns the new count. */
static size_t sort_unique(int64_t *v, size_t n)
{
	size_t k = 0;

	if (n == 0)
		return 0;
	sort_n(v, n, sizeof *v, cmp_i64);
	for (size_t i = 1; i < n; i++)
		if (v[i] != v[k])
			v[++k] = v[i];
	return k + 1;
}

void sidx_derive_keys(const unsigned char *master, unsigned char *hkey, unsigned char *skey)
{
	rcrypto_subkey(master, 1, "rsearch_", hkey);
	rcrypto_subkey(master, 2, "rsearch_", skey);
}

/* The bucket of a word (w[0] is its kind: text, theme or feeling). */
static uint32_t bucket_of(const sidx *x, const char *w, size_t n)
{
	unsigned char h[16];

	crypto_generichash(h, sizeof h, (const unsigned char *)w, n, x->hkey, RCRYPTO_KEYBYTES);
	return (uint32_t)(h[0] | h[1] << 8 | h[2] << 16 | (uint32_t)h[3] << 24) % SIDX_BUCKETS;
}

static int chunk_of(const char *w)
{
	unsigned char c = (unsigned char)w[1];

	if (w[0] == NS_THEME)
		return 28;
	if (w[0] == NS_FEELING)
		return 29;
	if (c >= 'a' && c <= 'z')
		return c - 'a';
	return c >= '0' && c <= '9' ? 26 : 27;
}

/* ---- rows: sealed, bound to (row, revision, generation) ---- */

static size_t row_ad(unsigned char *ad, size_t cap, int64_t id, int64_t rev, const char *label,
		     const unsigned char gen[16])
{
	size_t n = rcrypto_ad(ad, cap - 16, "search_index", id, rev, label);

	if (n == 0)
		return 0;
	memcpy(ad + n, gen, 16);
	return n + 16;
}

static const char *row_label(int64_t id)
{
	return id == STATE_ROW ? "state" : id < VOCAB_ROW0 ? "bucket" : "vocab";
}

/* The keyed term of a row in the state's sum. */
static void row_term(const sidx *x, int64_t id, int64_t rev, const unsigned char gen[16],
		     unsigned char out[32])
{
	unsigned char ad[128];
	size_t n = row_ad(ad, sizeof ad, id, rev, row_label(id), gen);

	crypto_generichash(out, 32, ad, n, x->hkey, RCRYPTO_KEYBYTES);
}

static void sum_add(unsigned char *d, const unsigned char *t)
{
	unsigned carry = 0;

	for (int i = 0; i < 32; i++) {
		unsigned v = (unsigned)d[i] + t[i] + carry;
		d[i] = (unsigned char)v;
		carry = v >> 8;
	}
}

static void sum_sub(unsigned char *d, const unsigned char *t)
{
	unsigned borrow = 0;

	for (int i = 0; i < 32; i++) {
		unsigned v = (unsigned)d[i] - t[i] - borrow;
		d[i] = (unsigned char)v;
		borrow = (v >> 8) & 1;
	}
}

rf_status rf_from_sqlite(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return RF_OK;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return RF_ERR_BUSY;
	case SQLITE_NOMEM:
		return RF_ERR_NOMEM;
	case SQLITE_FULL:
		return RF_ERR_FULL;
	case SQLITE_NOTADB:
		return RF_ERR_NOT_JOURNAL;
	case SQLITE_CORRUPT:
		return RF_ERR_DAMAGED;
	default:
		return RF_ERR_IO;
	}
}

typedef struct state {
	unsigned char gen[16];
	unsigned char sum[32];
	uint64_t rows;
} state;

/* Read row id: RF_ERR_NOT_FOUND when absent; *rev, and the plaintext in *pt (rcrypto_plain_free). */
static rf_status row_read(const sidx *x, sqlite3_stmt *s, int64_t id, const unsigned char gen[16],
			  int64_t *rev, unsigned char **pt, size_t *ptlen)
{
	rf_status st;
	int rc;

	*pt = NULL;
	*ptlen = 0;
	*rev = 0;
	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		unsigned char ad[128];
		size_t n;
		*rev = sqlite3_column_int64(s, 0);
		n = row_ad(ad, sizeof ad, id, *rev, row_label(id), gen);
		st = rcrypto_open(x->skey, ad, n, sqlite3_column_blob(s, 1),
				  (size_t)sqlite3_column_bytes(s, 1), pt, ptlen);
	} else {
		st = rc == SQLITE_DONE ? RF_ERR_NOT_FOUND : rf_from_sqlite(rc);
	}
	sqlite3_reset(s);
	return st;
}

/* Write (len > 0) or remove (len == 0) row id, which stood at old_rev (0: absent). */
static rf_status row_write(const sidx *x, sqlite3_stmt *put, sqlite3_stmt *del, state *sst,
			   int64_t id, int64_t old_rev, const void *pt, size_t len)
{
	unsigned char t[32];
	rf_status st = RF_OK;
	int rc;

	if (old_rev > 0) {
		row_term(x, id, old_rev, sst->gen, t);
		sum_sub(sst->sum, t);
		sst->rows--;
	}
	if (len == 0) {
		if (old_rev == 0)
			return RF_OK;
		sqlite3_reset(del);
		sqlite3_bind_int64(del, 1, id);
		rc = sqlite3_step(del);
		sqlite3_reset(del);
		return rc == SQLITE_DONE ? RF_OK : rf_from_sqlite(rc);
	}
	{
		unsigned char ad[128], *sealed = NULL;
		size_t n = row_ad(ad, sizeof ad, id, old_rev + 1, row_label(id), sst->gen), slen = 0;
		st = rcrypto_seal(x->skey, ad, n, pt, len, &sealed, &slen);
		if (st != RF_OK)
			return st;
		sqlite3_reset(put);
		sqlite3_bind_int64(put, 1, id);
		sqlite3_bind_int64(put, 2, old_rev + 1);
		sqlite3_bind_blob(put, 3, sealed, (int)slen, SQLITE_STATIC);
		rc = sqlite3_step(put);
		sqlite3_reset(put);
		free(sealed);
		if (rc != SQLITE_DONE)
			return rf_from_sqlite(rc);
	}
	if (id != STATE_ROW) {
		row_term(x, id, old_rev + 1, sst->gen, t);
		sum_add(sst->sum, t);
		sst->rows++;
	}
	return st;
}

static const unsigned char state_gen[16] = "reflect-sidx-st"; /* the state row's own binding */

static rf_status state_read(const sidx *x, state *out)
{
	sqlite3_stmt *s = NULL;
	unsigned char *pt = NULL;
	size_t ptlen = 0;
	int64_t rev = 0;
	rf_status st;

	memset(out, 0, sizeof *out);
	st = rf_from_sqlite(sqlite3_prepare_v2(x->db, "SELECT rev, data FROM search_index WHERE id = ?",
					    -1, &s, NULL));
	if (st == RF_OK)
		st = row_read(x, s, STATE_ROW, state_gen, &rev, &pt, &ptlen);
	sqlite3_finalize(s);
	if (st != RF_OK)
		return st;
	if (ptlen != STATE_BYTES || memcmp(pt, "RSI1", 4) != 0) {
		st = RF_ERR_DAMAGED;
	} else {
		uint32_t v = pt[4] | pt[5] << 8 | pt[6] << 16 | (uint32_t)pt[7] << 24;
		uint32_t nb = pt[8] | pt[9] << 8 | pt[10] << 16 | (uint32_t)pt[11] << 24;
		if (v != SIDX_VERSION || nb != SIDX_BUCKETS)
			st = RF_ERR_NOT_FOUND; /* another format: built again */
		memcpy(out->gen, pt + 12, 16);
		memcpy(out->sum, pt + 28, 32);
		for (int i = 0; i < 8; i++)
			out->rows |= (uint64_t)pt[60 + i] << (8 * i);
	}
	rcrypto_plain_free(&pt, ptlen);
	return st;
}

static rf_status state_write(const sidx *x, sqlite3_stmt *put, const state *sst)
{
	unsigned char pt[STATE_BYTES], ad[128], *sealed = NULL;
	size_t n, slen = 0;
	rf_status st;
	int rc;

	memcpy(pt, "RSI1", 4);
	for (int i = 0; i < 4; i++) {
		pt[4 + i] = (unsigned char)((uint32_t)SIDX_VERSION >> (8 * i));
		pt[8 + i] = (unsigned char)((uint32_t)SIDX_BUCKETS >> (8 * i));
	}
	memcpy(pt + 12, sst->gen, 16);
	memcpy(pt + 28, sst->sum, 32);
	for (int i = 0; i < 8; i++)
		pt[60 + i] = (unsigned char)(sst->rows >> (8 * i));
	n = row_ad(ad, sizeof ad, STATE_ROW, 1, "state", state_gen);
	st = rcrypto_seal(x->skey, ad, n, pt, sizeof pt, &sealed, &slen);
	if (st != RF_OK)
		return st;
	sqlite3_reset(put);
	sqlite3_bind_int64(put, 1, STATE_ROW);
	sqlite3_bind_int64(put, 2, 1);
	sqlite3_bind_blob(put, 3, sealed, (int)slen, SQLITE_STATIC);
	rc = sqlite3_step(put);
	sqlite3_reset(put);
	free(sealed);
	return rc == SQLITE_DONE ? RF_OK : rf_from_sqlite(rc);
}

static const char put_sql[] = "INSERT OR REPLACE INTO search_index (id, rev, data) VALUES (?, ?, ?)";

rf_status sidx_drop(const sidx *x)
{
	return rf_from_sqlite(sqlite3_exec(x->db, "DELETE FROM search_index", NULL, NULL, NULL));
}

rf_status sidx_reset(const sidx *x)
{
	sqlite3_stmt *put = NULL;
	state sst = {.rows = 0};
	rf_status st = sidx_drop(x);

	randombytes_buf(sst.gen, sizeof sst.gen);
	if (st == RF_OK)
		st = rf_from_sqlite(sqlite3_prepare_v2(x->db, put_sql, -1, &put, NULL));
	if (st == RF_OK)
		st = state_write(x, put, &sst);
	sqlite3_finalize(put);
	return st;
}

rf_status sidx_verify(const sidx *x, bool every_row, int64_t *bad)
{
	sqlite3_stmt *s = NULL;
	state sst, got = {.rows = 0};
	rf_status st = state_read(x, &sst);
	int rc = SQLITE_DONE;

	*bad = STATE_ROW;
	if (st != RF_OK)
		return st;
	st = rf_from_sqlite(sqlite3_prepare_v2(
		x->db,
		every_row ? "SELECT id, rev, data FROM search_index WHERE id >= 0 ORDER BY id"
			  : "SELECT id, rev FROM search_index WHERE id >= 0 ORDER BY id",
		-1, &s, NULL));
	while (st == RF_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0), rev = sqlite3_column_int64(s, 1);
		unsigned char t[32];
		if (id >= VOCAB_ROW0 + NCHUNKS) {
			*bad = id;
			st = RF_ERR_DAMAGED;
			break;
		}
		if (every_row) {
			unsigned char ad[128], *pt = NULL;
			size_t n = row_ad(ad, sizeof ad, id, rev, row_label(id), sst.gen), ptlen = 0;
			rf_status ost = rcrypto_open(x->skey, ad, n, sqlite3_column_blob(s, 2),
						     (size_t)sqlite3_column_bytes(s, 2), &pt, &ptlen);
			rcrypto_plain_free(&pt, ptlen);
			if (ost != RF_OK) {
				*bad = id;
				st = ost;
				break;
			}
		}
		row_term(x, id, rev, sst.gen, t);
		sum_add(got.sum, t);
		got.rows++;
	}
	if (st == RF_OK && rc != SQLITE_DONE)
		st = rf_from_sqlite(rc);
	sqlite3_finalize(s);
	if (st == RF_OK && (got.rows != sst.rows || sodium_memcmp(got.sum, sst.sum, 32) != 0)) {
		*bad = STATE_ROW;
		st = RF_ERR_DAMAGED;
	}
	return st;
}

/* ---- words of an entry ---- */

typedef struct bword {
	char *w; /* kind letter, then the word; NUL-terminated */
	size_t n;
	uint64_t h;
	int64_t last;  /* the last entry added (an entry's words are given together) */
	buf add;       /* entries to add: zigzag differences, varints */
	int64_t prev;  /* the last entry written to add */
	int64_t *del;  /* entries to take away */
	size_t ndel, cdel;
	int64_t last_del;
	uint32_t bucket;
} bword;

struct sidx_batch {
	bword **slot;
	size_t cap, n;
};

static uint64_t fnv(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

rf_status sidx_batch_new(sidx_batch **out)
{
	sidx_batch *b = calloc(1, sizeof *b);

	*out = NULL;
	if (b == NULL)
		return RF_ERR_NOMEM;
	b->cap = 1024;
	b->slot = calloc(b->cap, sizeof *b->slot);
	if (b->slot == NULL) {
		free(b);
		return RF_ERR_NOMEM;
	}
	*out = b;
	return RF_OK;
}

void sidx_batch_free(sidx_batch **bp)
{
	sidx_batch *b = bp ? *bp : NULL;

	if (b == NULL)
		return;
	for (size_t i = 0; i < b->cap; i++) {
		bword *w = b->slot[i];
		if (w == NULL)
			continue;
		sodium_memzero(w->w, w->n);
		free(w->w);
		buf_wipe(&w->add);
		free(w->del);
		free(w);
	}
	free(b->slot);
	free(b);
	*bp = NULL;
}

/* A copy of the n bytes at s with a NUL after them, or NULL. */
static char *word_dup(const char *s, size_t n)
{
	char *w = malloc(n + 1);

	if (w != NULL) {
		memcpy(w, s, n);
		w[n] = '\0';
	}
	return w;
}

static bword *find(sidx_batch *b, const char *s, size_t n, bool make)
{
	uint64_t h = fnv(s, n);
	size_t i;

	if (make && (b->n + 1) * 2 > b->cap) {
		size_t nc = b->cap * 2;
		bword **ns = calloc(nc, sizeof *ns);
		if (ns == NULL)
			return NULL;
		for (size_t k = 0; k < b->cap; k++) {
			bword *w = b->slot[k];
			if (w == NULL)
				continue;
			size_t at = w->h & (nc - 1);
			while (ns[at] != NULL)
				at = (at + 1) & (nc - 1);
			ns[at] = w;
		}
		free(b->slot);
		b->slot = ns;
		b->cap = nc;
	}
	for (i = h & (b->cap - 1); b->slot[i] != NULL; i = (i + 1) & (b->cap - 1)) {
		bword *w = b->slot[i];
		if (w->h == h && w->n == n && memcmp(w->w, s, n) == 0)
			return w;
	}
	if (!make)
		return NULL;
	bword *w = calloc(1, sizeof *w);
	if (w == NULL || (w->w = word_dup(s, n)) == NULL) {
		free(w);
		return NULL;
	}
	w->n = n;
	w->h = h;
	b->slot[i] = w;
	b->n++;
	return w;
}

static rf_status note(sidx_batch *b, const char *s, size_t n, int64_t id, bool add)
{
	bword *w = find(b, s, n, true);

	if (w == NULL)
		return RF_ERR_NOMEM;
	if (add) {
		int64_t d;
		if (w->last == id)
			return RF_OK;
		w->last = id;
		d = id - w->prev;
		w->prev = id;
		/* zigzag: small either way */
		return put_varint(&w->add, d >= 0 ? (uint64_t)d << 1 : ((uint64_t)(-(d + 1)) << 1) | 1)
			       ? RF_OK
			       : RF_ERR_NOMEM;
	}
	if (w->last_del == id)
		return RF_OK;
	w->last_del = id;
	if (w->ndel == w->cdel) {
		size_t c = w->cdel ? w->cdel * 2 : 4;
		int64_t *v = realloc(w->del, c * sizeof *v);
		if (v == NULL)
			return RF_ERR_NOMEM;
		w->del = v;
		w->cdel = c;
	}
	w->del[w->ndel++] = id;
	return RF_OK;
}

/* Every word of text (folded, runs of a-z and 0-9) as a text word of entry id. */
static rf_status note_text(sidx_batch *b, const char *text, int64_t id, bool add)
{
	char word[MAX_WORD + 1], *folded = NULL;
	const unsigned char *p;
	bool ascii = true;
	rf_status st = RF_OK;
	size_t n = 0;

	if (text == NULL || *text == '\0')
		return RF_OK;
	for (p = (const unsigned char *)text; *p && ascii; p++)
		ascii = *p < 0x80;
	if (!ascii && (folded = text_fold(text)) == NULL)
		return RF_OK; /* not UTF-8: a search cannot fold it either */
	word[0] = NS_TEXT;
	for (p = (const unsigned char *)(folded ? folded : text);; p++) {
		unsigned char c = *p;
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + 32);
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (n < MAX_WORD)
				word[1 + n] = (char)c;
			n++;
			continue;
		}
		if (n > 0) {
			st = note(b, word, 1 + (n < MAX_WORD ? n : MAX_WORD), id, add);
			n = 0;
			if (st != RF_OK)
				break;
		}
		if (c == '\0')
			break;
	}
	sodium_memzero(word, sizeof word);
	if (folded != NULL) {
		sodium_memzero(folded, strlen(folded));
		free(folded);
	}
	return st;
}

static rf_status note_label(sidx_batch *b, int kind, const char *label, int64_t id, bool add)
{
	char w[MAX_LABEL + 2];
	size_t n = strlen(label);

	if (n > MAX_LABEL)
		n = MAX_LABEL;
	w[0] = (char)kind;
	memcpy(w + 1, label, n);
	return note(b, w, n + 1, id, add);
}

rf_status sidx_batch_entry(sidx_batch *b, const entry *e, bool add)
{
	const char *f[] = {e->pause_text,     e->pause_body,     e->notice_text,
			   e->notice_between, e->notice_stirred, e->curious_text,
			   e->curious_parent, e->curious_infant, e->family};
	rf_status st = RF_OK;

	/* the fields a search looks in (entry.c, matches) */
	for (size_t i = 0; st == RF_OK && i < sizeof f / sizeof f[0]; i++)
		st = note_text(b, f[i], e->id, add);
	for (int i = 0; st == RF_OK && i < ENTRY_ANSWERS; i++)
		st = note_text(b, e->answers[i], e->id, add);
	for (size_t i = 0; st == RF_OK && i < e->questions.n; i++)
		st = note_text(b, e->questions.v[i], e->id, add);
	for (size_t i = 0; st == RF_OK && i < e->themes.n; i++) {
		st = note_text(b, e->themes.v[i], e->id, add);
		if (st == RF_OK)
			st = note_label(b, NS_THEME, e->themes.v[i], e->id, add);
	}
	for (size_t i = 0; st == RF_OK && i < e->emotions.n; i++) {
		st = note_text(b, e->emotions.v[i], e->id, add);
		if (st == RF_OK)
			st = note_label(b, NS_FEELING, e->emotions.v[i], e->id, add);
	}
	for (size_t i = 0; st == RF_OK && i < e->nresponses; i++)
		st = note_text(b, e->responses[i].text, e->id, add);
	return st;
}

/* ---- buckets in memory: words and their entries ---- */

typedef struct bentry {
	char *w; /* kind letter + word */
	size_t n;
	int64_t *ids;
	size_t nids;
} bentry;

typedef struct bucket {
	bentry *v;
	size_t n, cap;
} bucket;

static void bucket_free(bucket *k)
{
	for (size_t i = 0; i < k->n; i++) {
		sodium_memzero(k->v[i].w, k->v[i].n);
		free(k->v[i].w);
		free(k->v[i].ids);
	}
	free(k->v);
	memset(k, 0, sizeof *k);
}

static bentry *bucket_add(bucket *k, const char *w, size_t n)
{
	bentry *e;

	if (rf_grow((void **)&k->v, &k->cap, k->n + 1, sizeof *k->v, 8) != RF_OK)
		return NULL;
	e = &k->v[k->n];
	memset(e, 0, sizeof *e);
	if ((e->w = word_dup(w, n)) == NULL)
		return NULL;
	e->n = n;
	k->n++;
	return e;
}

/* Parse a bucket's plaintext: (kind+word length u8, kind+word, count varint, differences). */
static rf_status bucket_parse(const unsigned char *p, size_t len, bucket *k)
{
	size_t at = 0;

	while (at < len) {
		size_t n = p[at++];
		uint64_t cnt = 0, d;
		int64_t id = 0;
		bentry *e;
		if (n == 0 || n > len - at)
			return RF_ERR_DAMAGED;
		if ((e = bucket_add(k, (const char *)p + at, n)) == NULL)
			return RF_ERR_NOMEM;
		at += n;
		if (!get_varint(p, len, &at, &cnt) || cnt > len)
			return RF_ERR_DAMAGED;
		e->ids = malloc((cnt ? cnt : 1) * sizeof *e->ids);
		if (e->ids == NULL)
			return RF_ERR_NOMEM;
		for (uint64_t i = 0; i < cnt; i++) {
			if (!get_varint(p, len, &at, &d))
				return RF_ERR_DAMAGED;
			id += (int64_t)d;
			e->ids[e->nids++] = id;
		}
	}
	return RF_OK;
}

static bool bucket_pack(const bucket *k, buf *out)
{
	for (size_t i = 0; i < k->n; i++) {
		const bentry *e = &k->v[i];
		unsigned char n = (unsigned char)e->n;
		int64_t prev = 0;
		if (e->nids == 0)
			continue;
		if (!buf_put(out, &n, 1) || !buf_put(out, e->w, e->n) || !put_varint(out, e->nids))
			return false;
		for (size_t j = 0; j < e->nids; j++) {
			if (!put_varint(out, (uint64_t)(e->ids[j] - prev)))
				return false;
			prev = e->ids[j];
		}
	}
	return true;
}

/* ---- vocabulary rows: (length u8, kind+word) sorted ---- */

typedef struct vocab {
	char **w;
	size_t n, cap;
} vocab;

static void vocab_free(vocab *v)
{
	for (size_t i = 0; i < v->n; i++) {
		sodium_memzero(v->w[i], strlen(v->w[i]));
		free(v->w[i]);
	}
	free(v->w);
	memset(v, 0, sizeof *v);
}

static bool vocab_push(vocab *v, const char *s, size_t n)
{
	if (rf_grow((void **)&v->w, &v->cap, v->n + 1, sizeof *v->w, 64) != RF_OK ||
	    (v->w[v->n] = word_dup(s, n)) == NULL)
		return false;
	v->n++;
	return true;
}

static rf_status vocab_parse(const unsigned char *p, size_t len, vocab *v)
{
	size_t at = 0;

	while (at < len) {
		size_t n = p[at++];
		if (n == 0 || n > len - at)
			return RF_ERR_DAMAGED;
		if (!vocab_push(v, (const char *)p + at, n))
			return RF_ERR_NOMEM;
		at += n;
	}
	return RF_OK;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---- applying a batch ---- */

static int cmp_bword(const void *a, const void *b)
{
	const bword *x = *(bword *const *)a, *y = *(bword *const *)b;
	return (x->bucket > y->bucket) - (x->bucket < y->bucket);
}

/* Decode a word's additions into a sorted array. */
static rf_status adds_of(const bword *w, int64_t **out, size_t *n)
{
	size_t at = 0, k = 0;
	int64_t id = 0;
	int64_t *v = malloc((w->add.len ? w->add.len : 1) * sizeof *v);

	*out = NULL;
	*n = 0;
	if (v == NULL)
		return RF_ERR_NOMEM;
	while (at < w->add.len) {
		uint64_t z = 0;
		get_varint(w->add.p, w->add.len, &at, &z);
		id += (z & 1) ? -(int64_t)(z >> 1) - 1 : (int64_t)(z >> 1);
		v[k++] = id;
	}
	*n = sort_unique(v, k);
	*out = v;
	return RF_OK;
}

/* e->ids = (e->ids - del) + add, sorted (an entry changed takes its old words away and gives
 * its new ones in one batch). */
static rf_status merge(bentry *e, const int64_t *add, size_t na, const int64_t *del, size_t nd)
{
	int64_t *v = malloc((e->nids + na + 1) * sizeof *v);
	size_t i = 0, j = 0, k = 0;

	if (v == NULL)
		return RF_ERR_NOMEM;
	while (i < e->nids || j < na) {
		if (j >= na || (i < e->nids && e->ids[i] < add[j])) {
			int64_t id = e->ids[i++];
			if (find_n(&id, del, nd, sizeof *del, cmp_i64) == NULL)
				v[k++] = id;
		} else if (i >= e->nids || add[j] < e->ids[i]) {
			v[k++] = add[j++];
		} else {
			v[k++] = add[j++];
			i++;
		}
	}
	free(e->ids);
	e->ids = v;
	e->nids = k;
	return RF_OK;
}

rf_status sidx_batch_apply(const sidx *x, sidx_batch *b, int64_t *bad)
{
	sqlite3_stmt *get = NULL, *put = NULL, *del = NULL;
	bword **ws = NULL;
	vocab added[NCHUNKS] = {{0}}, gone[NCHUNKS] = {{0}};
	state sst;
	size_t nw = 0;
	rf_status st;

	*bad = 0;
	if (b->n == 0)
		return RF_OK;
	st = state_read(x, &sst);
	if (st == RF_ERR_DAMAGED)
		*bad = STATE_ROW;
	if (st != RF_OK)
		return st;
	st = rf_from_sqlite(sqlite3_prepare_v2(x->db, "SELECT rev, data FROM search_index WHERE id = ?",
					    -1, &get, NULL));
	if (st == RF_OK)
		st = rf_from_sqlite(sqlite3_prepare_v2(x->db, put_sql, -1, &put, NULL));
	if (st == RF_OK)
		st = rf_from_sqlite(sqlite3_prepare_v2(x->db, "DELETE FROM search_index WHERE id = ?",
						    -1, &del, NULL));
	if (st == RF_OK && (ws = malloc(b->n * sizeof *ws)) == NULL)
		st = RF_ERR_NOMEM;
	for (size_t i = 0; st == RF_OK && i < b->cap; i++)
		if (b->slot[i] != NULL) {
			b->slot[i]->bucket = bucket_of(x, b->slot[i]->w, b->slot[i]->n);
			ws[nw++] = b->slot[i];
		}
	if (st == RF_OK)
		sort_n(ws, nw, sizeof *ws, cmp_bword);
	for (size_t i = 0; st == RF_OK && i < nw;) {
		uint32_t bk = ws[i]->bucket;
		size_t end = i;
		bucket k = {0};
		unsigned char *pt = NULL;
		size_t ptlen = 0;
		int64_t rev = 0;
		buf out = {0};
		while (end < nw && ws[end]->bucket == bk)
			end++;
		st = row_read(x, get, bk, sst.gen, &rev, &pt, &ptlen);
		if (st == RF_ERR_NOT_FOUND)
			st = RF_OK;
		else if (st == RF_OK)
			st = bucket_parse(pt, ptlen, &k);
		if (st == RF_ERR_DAMAGED)
			*bad = bk;
		rcrypto_plain_free(&pt, ptlen);
		for (size_t q = i; st == RF_OK && q < end; q++) {
			bword *w = ws[q];
			bentry *e = NULL;
			int64_t *adds = NULL;
			size_t na = 0, before;
			for (size_t r = 0; r < k.n && e == NULL; r++)
				if (k.v[r].n == w->n && memcmp(k.v[r].w, w->w, w->n) == 0)
					e = &k.v[r];
			if (e == NULL && w->add.len == 0)
				continue; /* taking away what is not there */
			if (e == NULL && (e = bucket_add(&k, w->w, w->n)) == NULL) {
				st = RF_ERR_NOMEM;
				break;
			}
			before = e->nids;
			st = adds_of(w, &adds, &na);
			if (st == RF_OK) {
				sort_n(w->del, w->ndel, sizeof *w->del, cmp_i64);
				st = merge(e, adds, na, w->del, w->ndel);
			}
			free(adds);
			if (st == RF_OK && before == 0 && e->nids > 0 &&
			    !vocab_push(&added[chunk_of(w->w)], w->w, w->n))
				st = RF_ERR_NOMEM;
			if (st == RF_OK && before > 0 && e->nids == 0 &&
			    !vocab_push(&gone[chunk_of(w->w)], w->w, w->n))
				st = RF_ERR_NOMEM;
		}
		if (st == RF_OK && !bucket_pack(&k, &out))
			st = RF_ERR_NOMEM;
		if (st == RF_OK)
			st = row_write(x, put, del, &sst, bk, rev, out.p, out.len);
		buf_wipe(&out);
		bucket_free(&k);
		i = end;
	}
	/* the vocabulary rows whose words came or went */
	for (int c = 0; st == RF_OK && c < NCHUNKS; c++) {
		vocab v = {0};
		unsigned char *pt = NULL;
		size_t ptlen = 0;
		int64_t rev = 0;
		buf out = {0};
		if (added[c].n == 0 && gone[c].n == 0)
			continue;
		st = row_read(x, get, VOCAB_ROW0 + c, sst.gen, &rev, &pt, &ptlen);
		if (st == RF_ERR_NOT_FOUND)
			st = RF_OK;
		else if (st == RF_OK)
			st = vocab_parse(pt, ptlen, &v);
		if (st == RF_ERR_DAMAGED)
			*bad = VOCAB_ROW0 + c;
		rcrypto_plain_free(&pt, ptlen);
		for (size_t i = 0; st == RF_OK && i < added[c].n; i++)
			if (!vocab_push(&v, added[c].w[i], strlen(added[c].w[i])))
				st = RF_ERR_NOMEM;
		if (st == RF_OK) {
			sort_n(v.w, v.n, sizeof *v.w, cmp_str);
			sort_n(gone[c].w, gone[c].n, sizeof *gone[c].w, cmp_str);
		}
		for (size_t i = 0; st == RF_OK && i < v.n; i++) {
			unsigned char n = (unsigned char)strlen(v.w[i]);
			if (i > 0 && strcmp(v.w[i], v.w[i - 1]) == 0)
				continue;
			if (find_n(&v.w[i], gone[c].w, gone[c].n, sizeof *gone[c].w, cmp_str) != NULL)
				continue;
			if (!buf_put(&out, &n, 1) || !buf_put(&out, v.w[i], n))
				st = RF_ERR_NOMEM;
		}
		if (st == RF_OK)
			st = row_write(x, put, del, &sst, VOCAB_ROW0 + c, rev, out.p, out.len);
		buf_wipe(&out);
		vocab_free(&v);
	}
	if (st == RF_OK)
		st = state_write(x, put, &sst);
	for (int c = 0; c < NCHUNKS; c++) {
		vocab_free(&added[c]);
		vocab_free(&gone[c]);
	}
	free(ws);
	sqlite3_finalize(get);
	sqlite3_finalize(put);
	sqlite3_finalize(del);
	return st;
}

/* ---- asking ---- */

typedef struct asker {
	const sidx *x;
	state sst;
	sqlite3_stmt *get;
	vocab chunk[NCHUNKS];
	bool have[NCHUNKS];
	int64_t *bad;
} asker;

static rf_status ask_chunk(asker *a, int c)
{
	unsigned char *pt = NULL;
	size_t ptlen = 0;
	int64_t rev = 0;
	rf_status st;

	if (a->have[c])
		return RF_OK;
	st = row_read(a->x, a->get, VOCAB_ROW0 + c, a->sst.gen, &rev, &pt, &ptlen);
	if (st == RF_ERR_NOT_FOUND)
		st = RF_OK;
	else if (st == RF_OK)
		st = vocab_parse(pt, ptlen, &a->chunk[c]);
	if (st == RF_ERR_DAMAGED)
		*a->bad = VOCAB_ROW0 + c;
	rcrypto_plain_free(&pt, ptlen);
	a->have[c] = st == RF_OK;
	return st;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

/* The entries of the words ws (nws of them): the union, sorted, in *out. */
static rf_status ask_words(asker *a, char **ws, size_t nws, int64_t **out, size_t *nout)
{
	uint32_t *bks = malloc((nws ? nws : 1) * sizeof *bks);
	int64_t *v = NULL;
	size_t n = 0, cap = 0;
	rf_status st = RF_OK;

	*out = NULL;
	*nout = 0;
	if (bks == NULL)
		return RF_ERR_NOMEM;
	for (size_t i = 0; i < nws; i++)
		bks[i] = bucket_of(a->x, ws[i], strlen(ws[i]));
	/* each bucket read once, whatever number of the words it holds */
	{
		uint32_t *order = malloc((nws ? nws : 1) * sizeof *order);
		size_t nb = 0;
		if (order == NULL) {
			free(bks);
			return RF_ERR_NOMEM;
		}
		if (nws > 0)
			memcpy(order, bks, nws * sizeof *order);
		sort_n(order, nws, sizeof *order, cmp_u32);
		for (size_t i = 0; i < nws; i++)
			if (i == 0 || order[i] != order[nb - 1])
				order[nb++] = order[i];
		for (size_t q = 0; st == RF_OK && q < nb; q++) {
			bucket k = {0};
			unsigned char *pt = NULL;
			size_t ptlen = 0;
			int64_t rev = 0;
			st = row_read(a->x, a->get, order[q], a->sst.gen, &rev, &pt, &ptlen);
			if (st == RF_ERR_NOT_FOUND)
				st = RF_OK;
			else if (st == RF_OK)
				st = bucket_parse(pt, ptlen, &k);
			if (st == RF_ERR_DAMAGED)
				*a->bad = order[q];
			rcrypto_plain_free(&pt, ptlen);
			for (size_t r = 0; st == RF_OK && r < k.n; r++) {
				bool want = false;
				for (size_t i = 0; !want && i < nws; i++)
					want = bks[i] == order[q] && k.v[r].n == strlen(ws[i]) &&
					       memcmp(k.v[r].w, ws[i], k.v[r].n) == 0;
				if (!want)
					continue;
				if (n + k.v[r].nids > cap) {
					size_t c = cap ? cap : 256;
					while (c < n + k.v[r].nids)
						c *= 2;
					int64_t *nv = realloc(v, c * sizeof *nv);
					if (nv == NULL) {
						st = RF_ERR_NOMEM;
						break;
					}
					v = nv;
					cap = c;
				}
				if (k.v[r].nids > 0)
					memcpy(v + n, k.v[r].ids, k.v[r].nids * sizeof *v);
				n += k.v[r].nids;
			}
			bucket_free(&k);
		}
		free(order);
	}
	free(bks);
	if (st != RF_OK) {
		free(v);
		return st;
	}
	*nout = sort_unique(v, n);
	*out = v;
	return RF_OK;
}

/* a = a ∩ b (both sorted); b freed. */
static void intersect(int64_t **a, size_t *na, int64_t *b, size_t nb, bool *first)
{
	size_t i = 0, j = 0, k = 0;

	if (*first) {
		free(*a);
		*a = b;
		*na = nb;
		*first = false;
		return;
	}
	while (i < *na && j < nb) {
		if ((*a)[i] < b[j])
			i++;
		else if (b[j] < (*a)[i])
			j++;
		else
			(*a)[k++] = (*a)[i++], j++;
	}
	*na = k;
	free(b);
}

enum { MATCH_EXACT, MATCH_PREFIX, MATCH_SUFFIX, MATCH_ANY };

static bool word_fits(const char *w, const char *t, size_t tn, int how)
{
	size_t wn = strlen(w);

	switch (how) {
	case MATCH_EXACT:
		return wn == tn && memcmp(w, t, tn) == 0;
	case MATCH_PREFIX:
		return wn >= tn && memcmp(w, t, tn) == 0;
	case MATCH_SUFFIX:
		return wn >= tn && memcmp(w + wn - tn, t, tn) == 0;
	default: {
		for (size_t i = 0; i + tn <= wn; i++)
			if (memcmp(w + i, t, tn) == 0)
				return true;
		return false;
	}
	}
}

/* The whole words of the vocabulary that a part t of the search can stand in. */
static rf_status words_for(asker *a, const char *t, size_t tn, int how, vocab *out)
{
	rf_status st = RF_OK;
	int c0 = chunk_of((char[]){NS_TEXT, t[0], 0});
	bool anywhere = how == MATCH_ANY || how == MATCH_SUFFIX;

	for (int c = 0; st == RF_OK && c < 28; c++) {
		if (!anywhere && c != c0)
			continue;
		st = ask_chunk(a, c);
		for (size_t i = 0; st == RF_OK && i < a->chunk[c].n; i++) {
			const char *w = a->chunk[c].w[i];
			if (w[0] == NS_TEXT && word_fits(w + 1, t, tn, how) &&
			    !vocab_push(out, w, strlen(w)))
				st = RF_ERR_NOMEM;
		}
	}
	return st;
}

static rf_status ask_text(asker *a, const char *search, int64_t **ids, size_t *n, bool *first,
			  bool *narrowed)
{
	char *f = text_fold(search);
	rf_status st = RF_OK;
	size_t len, at = 0;

	if (f == NULL)
		return RF_ERR_INVALID;
	len = strlen(f);
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)f[i] >= 0x80)
			st = RF_ERR_INVALID; /* not folded to Latin letters: read every entry */
	while (st == RF_OK && at < len) {
		size_t s, e;
		int how;
		vocab ws = {0};
		int64_t *got = NULL;
		size_t ng = 0;
		while (at < len && !((f[at] >= 'a' && f[at] <= 'z') || (f[at] >= '0' && f[at] <= '9')))
			at++;
		if (at >= len)
			break;
		s = at;
		while (at < len && ((f[at] >= 'a' && f[at] <= 'z') || (f[at] >= '0' && f[at] <= '9')))
			at++;
		e = at;
		if (e - s > MAX_WORD)
			continue; /* kept by its first letters: narrows nothing sure */
		/* open on the left when it may be the end of a longer word, on the right when
		 * it may be the start of one */
		how = (s == 0 ? 2 : 0) | (e == len ? 1 : 0);
		how = how == 3 ? MATCH_ANY : how == 2 ? MATCH_SUFFIX : how == 1 ? MATCH_PREFIX : MATCH_EXACT;
		st = words_for(a, f + s, e - s, how, &ws);
		if (st == RF_OK && ws.n <= MAX_EXPAND) {
			st = ask_words(a, ws.w, ws.n, &got, &ng);
			if (st == RF_OK) {
				intersect(ids, n, got, ng, first);
				*narrowed = true;
			}
		}
		vocab_free(&ws);
	}
	sodium_memzero(f, len);
	free(f);
	return st;
}

static rf_status ask_label(asker *a, int kind, const char *want, int64_t **ids, size_t *n,
			   bool *first)
{
	int c = kind == NS_THEME ? 28 : 29;
	vocab ws = {0};
	int64_t *got = NULL;
	size_t ng = 0;
	rf_status st = ask_chunk(a, c);

	for (size_t i = 0; st == RF_OK && i < a->chunk[c].n; i++) {
		char *w = a->chunk[c].w[i];
		char *one[1] = {w + 1};
		strlist l = {one, 1};
		if (w[0] == kind && query_label_matches(&l, want) && !vocab_push(&ws, w, strlen(w)))
			st = RF_ERR_NOMEM;
	}
	if (st == RF_OK)
		st = ask_words(a, ws.w, ws.n, &got, &ng);
	if (st == RF_OK)
		intersect(ids, n, got, ng, first);
	vocab_free(&ws);
	return st;
}

rf_status sidx_candidates(const sidx *x, const entry_filter *f, int64_t **ids, size_t *n,
			  int64_t *bad)
{
	asker a = {.x = x, .bad = bad};
	bool first = true, narrowed = false;
	rf_status st;

	*ids = NULL;
	*n = 0;
	*bad = 0;
	if (f == NULL || (!entry_filter_needs_body(f) && !f->theme && !f->emotion))
		return RF_ERR_INVALID;
	st = state_read(x, &a.sst);
	if (st == RF_ERR_DAMAGED)
		*bad = STATE_ROW;
	if (st != RF_OK)
		return st;
	st = rf_from_sqlite(sqlite3_prepare_v2(x->db, "SELECT rev, data FROM search_index WHERE id = ?",
					    -1, &a.get, NULL));
	if (st == RF_OK && f->theme) {
		st = ask_label(&a, NS_THEME, f->theme, ids, n, &first);
		narrowed = true;
	}
	if (st == RF_OK && f->emotion) {
		st = ask_label(&a, NS_FEELING, f->emotion, ids, n, &first);
		narrowed = true;
	}
	if (st == RF_OK && entry_filter_needs_body(f))
		st = ask_text(&a, f->search, ids, n, &first, &narrowed);
	if (st == RF_OK && !narrowed)
		st = RF_ERR_INVALID;
	for (int c = 0; c < NCHUNKS; c++)
		vocab_free(&a.chunk[c]);
	sqlite3_finalize(a.get);
	if (st != RF_OK) {
		free(*ids);
		*ids = NULL;
		*n = 0;
	}
	return st;
}
