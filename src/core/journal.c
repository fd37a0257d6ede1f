/* journal.c - the journal file: SQLite schema and migrations, unlocking, sealed records,
 * the digest of rows, drafts, items, checks and backups. */
#include "reflect/journal.h"
#include "reflect/deid.h"

#include <errno.h>
#include <fcntl.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>

#include "reflect/grow.h"
#include "reflect/i18n.h"
#include "reflect/par.h"
#include "reflect/schema.h"
#include "reflect/search_index.h"
#include "reflect/text.h"

#define APPLICATION_ID 0x52464c54 /* "RFLT" */
#define BUSY_TIMEOUT_MS 5000
#define DIGEST_BYTES 32
#define MAX_DAMAGE 1000
#define QUICK_CHECK_MAX_BYTES (32 << 20)

/* Subkey numbers under the context "reflect_". */
enum { KEY_ENTRIES = 1, KEY_ITEMS, KEY_DRAFTS, KEY_DIGEST, KEY_FINGERPRINT, KEY_COUNT };

struct journal {
	sqlite3 *db;
	char *path;
	unsigned char *master;           /* sodium_malloc'ed */
	unsigned char *keys[KEY_COUNT]; /* sodium_malloc'ed subkeys */
	int depth;                       /* nesting of journal_begin */
	int schema_version;
	bool legacy; /* while upgrading: schema 1 records (no sequence number) may be read */
	entry **index; /* metadata of every entry, newest first, when loaded */
	size_t nindex;
	int index_data_version;
	journal_damage *damage;
	size_t ndamage;
	sqlite3_stmt *cache[5]; /* prepared statements used in loops */
	/* This write transaction has stored a digest record whose high-water marks already
	 * stand above every row (dstate_floor applied, every id and seq given since counted):
	 * the next dstate_load in it need not scan the tables again (an import of many
	 * batches). Cleared when the transaction ends. */
	bool floor_done;
	unsigned char *sidx_keys[2]; /* the search index's subkeys, derived when first needed */
	bool sidx_ready;             /* the index was found whole (or built) in this session */
	bool sidx_rebuild;           /* a row of it did not authenticate: build it again */
	sidx_batch *sidx_pending;    /* changes to it made inside an outer transaction (an import
				      * in batches): applied once, at its commit */
	par_pool *pool; /* threads that open entries' texts (journal_pool), made when first needed */
	bool pool_tried;
};

enum { SQL_INSERT_ENTRY, SQL_UPDATE_ENTRY, SQL_PUT_BODY, SQL_GET_BODY, SQL_GET_META };

static const char *const cached_sql[] = {
	"INSERT INTO entries (id, rev, written, fp, meta, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	"UPDATE entries SET rev = ?2, written = ?3, fp = ?4, meta = ?5, seq = ?6 WHERE id = ?1",
	"INSERT OR REPLACE INTO entry_bodies (id, body) VALUES (?, ?)",
	"SELECT body FROM entry_bodies WHERE id = ?",
	"SELECT rev, written, meta, seq FROM entries WHERE id = ?",
};

/* A prepared statement kept for the journal's lifetime, reset and ready to bind. */
static sqlite3_stmt *cached(journal *j, int which)
{
	if (j->cache[which] == NULL &&
	    sqlite3_prepare_v3(j->db, cached_sql[which], -1, SQLITE_PREPARE_PERSISTENT,
			       &j->cache[which], NULL) != SQLITE_OK)
		return NULL;
	sqlite3_reset(j->cache[which]);
	sqlite3_clear_bindings(j->cache[which]);
	return j->cache[which];
}

static rf_status upgrade_records(journal *j);
static rf_status index_build(journal *j);
static rf_status sidx_of(journal *j, sidx *x);
static rf_status get_entry(journal *j, int64_t id, entry **out, bool note);
static rf_status entry_from_row(journal *j, int64_t id, int64_t rev, int64_t seq, int64_t written,
				const void *meta, size_t mlen, bool want_body,
				const entry_filter *prefilter, entry **out);
static void note_entry_damage(journal *j, int64_t id);
static void note_item_damage(journal *j, int64_t id, const char *kind);

/* ---- small helpers ---- */

static rf_status exec(journal *j, const char *sql)
{
	return rf_from_sqlite(sqlite3_exec(j->db, sql, NULL, NULL, NULL));
}

static void add_damage(journal *j, const char *table, int64_t id, const char *what)
{
	journal_damage *v;

	for (size_t i = 0; i < j->ndamage; i++)
		if (j->damage[i].id == id && strcmp(j->damage[i].table, table) == 0)
			return;
	if (j->ndamage >= MAX_DAMAGE)
		return;
	v = realloc(j->damage, (j->ndamage + 1) * sizeof *v);
	if (v == NULL)
		return;
	j->damage = v;
	memset(&v[j->ndamage], 0, sizeof v[0]);
	snprintf(v[j->ndamage].table, sizeof v[0].table, "%s", table);
	v[j->ndamage].id = id;
	snprintf(v[j->ndamage].what, sizeof v[0].what, "%s", what);
	j->ndamage++;
}

const journal_damage *journal_damage_list(const journal *j, size_t *n)
{
	*n = j->ndamage;
	return j->damage;
}

static rf_status mkdirs(const char *path)
{
	char *dir = strdup(path), *p;
	rf_status st = RF_OK;

	if (dir == NULL)
		return RF_ERR_NOMEM;
	p = strrchr(dir, '/');
	if (p == NULL || p == dir)
		goto out;
	*p = '\0';
	for (p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST)
			st = RF_ERR_IO;
		*p = '/';
	}
	if (st == RF_OK && mkdir(dir, 0700) != 0 && errno != EEXIST)
		st = RF_ERR_IO;
out:
	free(dir);
	return st;
}

char *journal_default_path(void)
{
	const char *env = getenv("REFLECT_JOURNAL"), *base = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	char *out;
	size_t n;

	if (env != NULL && *env != '\0')
		return strdup(env);
	if (base != NULL && *base == '/') {
		n = strlen(base) + sizeof "/reflect/journal.db";
		out = malloc(n);
		if (out != NULL)
			snprintf(out, n, "%s/reflect/journal.db", base);
		return out;
	}
	if (home == NULL || *home == '\0')
		home = ".";
	n = strlen(home) + sizeof "/.local/share/reflect/journal.db";
	out = malloc(n);
	if (out != NULL)
		snprintf(out, n, "%s/.local/share/reflect/journal.db", home);
	return out;
}

bool journal_exists(const char *path)
{
	struct stat sb;

	return path != NULL && stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0;
}

int journal_schema_latest(void)
{
	return (int)schema_migration_count;
}

int journal_schema_version(const journal *j)
{
	return j->schema_version;
}

/* ---- meta rows ---- */

static rf_status meta_get(journal *j, const char *key, unsigned char **val, size_t *len)
{
	sqlite3_stmt *s = NULL;
	rf_status st = RF_ERR_NOT_JOURNAL;
	int rc;

	*val = NULL;
	*len = 0;
	rc = sqlite3_prepare_v2(j->db, "SELECT value FROM meta WHERE key = ?", -1, &s, NULL);
	if (rc != SQLITE_OK)
		return rf_from_sqlite(rc) == RF_ERR_IO ? RF_ERR_NOT_JOURNAL : rf_from_sqlite(rc);
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		int n = sqlite3_column_bytes(s, 0);
		*val = malloc((size_t)n + 1);
		if (*val == NULL) {
			st = RF_ERR_NOMEM;
		} else {
			if (n > 0)
				memcpy(*val, sqlite3_column_blob(s, 0), (size_t)n);
			*len = (size_t)n;
			st = RF_OK;
		}
	} else if (rc != SQLITE_DONE) {
		st = rf_from_sqlite(rc);
	}
	sqlite3_finalize(s);
	return st;
}

static rf_status meta_put(journal *j, const char *key, const void *val, size_t len)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(j->db, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
				    -1, &s, NULL);

	if (rc != SQLITE_OK)
		return rf_from_sqlite(rc);
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 2, val, (int)len, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? RF_OK : rf_from_sqlite(rc);
}

/* The KDF parameters as stored: ops (8) mem (8) salt (16), little-endian. */
static void kdf_pack(const rcrypto_kdf *k, unsigned char out[32])
{
	for (int i = 0; i < 8; i++) {
		out[i] = (unsigned char)(k->opslimit >> (8 * i));
		out[8 + i] = (unsigned char)(k->memlimit >> (8 * i));
	}
	memcpy(out + 16, k->salt, RCRYPTO_SALTBYTES);
}

static void kdf_unpack(const unsigned char in[32], rcrypto_kdf *k)
{
	k->opslimit = 0;
	k->memlimit = 0;
	for (int i = 0; i < 8; i++) {
		k->opslimit |= (uint64_t)in[i] << (8 * i);
		k->memlimit |= (uint64_t)in[8 + i] << (8 * i);
	}
	memcpy(k->salt, in + 16, RCRYPTO_SALTBYTES);
}

/* Wrap the master key under a passphrase; writes the "kdf" and "master" rows. */
/* level NULL keeps the cost of the key derivation in force (with a fresh salt). */
static rf_status wrap_master(journal *j, const char *pass, size_t passlen,
			     const rcrypto_level *level)
{
	rcrypto_kdf kdf;
	unsigned char packed[32], ad[256], *kek = NULL, *sealed = NULL;
	size_t adlen, sealedlen = 0;
	rf_status st;

	st = rcrypto_kdf_new(level ? *level : RCRYPTO_INTERACTIVE, &kdf);
	if (st != RF_OK)
		return st;
	if (level == NULL) {
		unsigned char *cur = NULL;
		size_t clen = 0;
		rcrypto_kdf now;
		st = meta_get(j, "kdf", &cur, &clen);
		if (st == RF_OK && clen != 32)
			st = RF_ERR_KDF_PARAMS;
		if (st == RF_OK) {
			kdf_unpack(cur, &now);
			kdf.opslimit = now.opslimit;
			kdf.memlimit = now.memlimit;
		}
		free(cur);
		if (st != RF_OK)
			return st;
	}
	kdf_pack(&kdf, packed);
	kek = rcrypto_key_new();
	if (kek == NULL)
		return RF_ERR_NOMEM;
	st = rcrypto_derive(&kdf, pass, passlen, kek);
	if (st != RF_OK)
		goto out;
	/* The KDF parameters are in the associated data: altering them breaks the unwrap. */
	adlen = rcrypto_ad(ad, sizeof ad - sizeof packed, "meta", 0, 1, "master");
	memcpy(ad + adlen, packed, sizeof packed);
	adlen += sizeof packed;
	st = rcrypto_seal(kek, ad, adlen, j->master, RCRYPTO_KEYBYTES, &sealed, &sealedlen);
	if (st != RF_OK)
		goto out;
	st = meta_put(j, "kdf", packed, sizeof packed);
	if (st == RF_OK)
		st = meta_put(j, "master", sealed, sealedlen);
out:
	free(sealed);
	rcrypto_key_free(&kek);
	return st;
}

static rf_status derive_subkeys(journal *j)
{
	for (int k = 1; k < KEY_COUNT; k++) {
		j->keys[k] = rcrypto_key_new();
		if (j->keys[k] == NULL)
			return RF_ERR_NOMEM;
		rcrypto_subkey(j->master, (uint64_t)k, "reflect_", j->keys[k]);
	}
	return RF_OK;
}

static rf_status unwrap_master(journal *j, const char *pass, size_t passlen)
{
	unsigned char *packed = NULL, *sealed = NULL, *kek = NULL, *pt = NULL;
	unsigned char ad[256];
	size_t plen = 0, slen = 0, adlen, ptlen = 0;
	rcrypto_kdf kdf;
	rf_status st;

	st = meta_get(j, "kdf", &packed, &plen);
	if (st == RF_OK)
		st = meta_get(j, "master", &sealed, &slen);
	if (st != RF_OK)
		goto out;
	if (plen != 32) {
		st = RF_ERR_KDF_PARAMS;
		goto out;
	}
	kdf_unpack(packed, &kdf);
	st = rcrypto_kdf_check(&kdf); /* refused before any hashing */
	if (st != RF_OK)
		goto out;
	kek = rcrypto_key_new();
	if (kek == NULL) {
		st = RF_ERR_NOMEM;
		goto out;
	}
	st = rcrypto_derive(&kdf, pass, passlen, kek);
	if (st != RF_OK)
		goto out;
	adlen = rcrypto_ad(ad, sizeof ad - 32, "meta", 0, 1, "master");
	memcpy(ad + adlen, packed, 32);
	adlen += 32;
	st = rcrypto_open(kek, ad, adlen, sealed, slen, &pt, &ptlen);
	if (st == RF_ERR_DAMAGED || (st == RF_OK && ptlen != RCRYPTO_KEYBYTES)) {
		st = RF_ERR_PASSPHRASE;
		goto out;
	}
	if (st != RF_OK)
		goto out;
	j->master = rcrypto_key_new();
	if (j->master == NULL) {
		st = RF_ERR_NOMEM;
		goto out;
	}
	memcpy(j->master, pt, RCRYPTO_KEYBYTES);
	st = derive_subkeys(j);
out:
	rcrypto_plain_free(&pt, ptlen);
	rcrypto_key_free(&kek);
	free(packed);
	free(sealed);
	return st;
}

/* ---- associated data: table, row, revision, label and the row's sequence number ---- */

/* The associated data of a record sealed since schema 2: reflect/1's layout followed by "s2"
 * and the row's sequence number (a journal-wide counter never given twice), so an old copy of
 * a row put back cannot authenticate where a newer write of it stands. Records of schema 1
 * (no sequence) are read only while they are re-sealed on upgrade (j->legacy). */
static size_t ad_for(journal *j, unsigned char *buf, size_t cap, const char *table, int64_t id,
		     int64_t rev, int64_t seq, const char *label)
{
	size_t n;

	if (j->legacy && seq == 0)
		return rcrypto_ad(buf, cap, table, id, rev, label);
	n = rcrypto_ad(buf, cap > 10 ? cap - 10 : 0, table, id, rev, label);
	if (n == 0)
		return 0;
	buf[n++] = 's';
	buf[n++] = '2';
	for (int i = 0; i < 8; i++)
		buf[n++] = (unsigned char)((uint64_t)seq >> (8 * i));
	return n;
}

static rf_status seal_with(journal *j, const unsigned char *key, const char *table, int64_t id,
			   int64_t rev, int64_t seq, const char *label, const void *pt, size_t len,
			   unsigned char **out, size_t *outlen)
{
	unsigned char ad[256];
	size_t adlen = ad_for(j, ad, sizeof ad, table, id, rev, seq, label);

	if (adlen == 0)
		return RF_ERR_INVALID;
	return rcrypto_seal(key, ad, adlen, pt, len, out, outlen);
}

static rf_status seal(journal *j, int key, const char *table, int64_t id, int64_t rev,
		      int64_t seq, const char *label, const void *pt, size_t len,
		      unsigned char **out, size_t *outlen)
{
	return seal_with(j, j->keys[key], table, id, rev, seq, label, pt, len, out, outlen);
}

static rf_status unseal(journal *j, int key, const char *table, int64_t id, int64_t rev,
			int64_t seq, const char *label, const void *in, size_t inlen,
			unsigned char **pt, size_t *ptlen)
{
	unsigned char ad[256];
	size_t adlen = ad_for(j, ad, sizeof ad, table, id, rev, seq, label);

	if (adlen == 0)
		return RF_ERR_INVALID;
	return rcrypto_open(j->keys[key], ad, adlen, in, inlen, pt, ptlen);
}

/* ---- the digest of rows ----
 *
 * The sealed meta row "digest" holds the sum, modulo 2^256, of one keyed term per row
 * (table, id, revision, sequence number and kind), the number of rows, the next free entry,
 * item and draft ids and sequence number (high-water marks: never given twice), and flags.
 * A sum does not cancel as an XOR did: a row put in twice adds its term twice. Each write
 * updates it in the same transaction, so opening compares it with the rows present. */

#define DSTATE_BYTES (DIGEST_BYTES + 6 * 8)
#define DSTATE_CARRIED 1 /* damage found before an upgrade, kept showing until accepted */

typedef struct dstate {
	unsigned char sum[DIGEST_BYTES];
	uint64_t rows, next_entry, next_item, next_draft, next_seq, flags;
	bool floored; /* from dstate_load: its marks stand above every row (not stored) */
} dstate;

/* What a row's term is the keyed hash of: its associated data and "digest". */
static size_t digest_ad(journal *j, unsigned char ad[256], const char *table, int64_t id,
			int64_t rev, int64_t seq, const char *kind)
{
	size_t n = ad_for(j, ad, 256, table, id, rev, seq, kind ? kind : "");

	if (n + 7 <= 256) {
		memcpy(ad + n, "digest", 7);
		n += 7;
	}
	return n;
}

static void digest_term_with(journal *j, const unsigned char *key, const char *table, int64_t id,
			     int64_t rev, int64_t seq, const char *kind,
			     unsigned char out[DIGEST_BYTES])
{
	unsigned char ad[256];
	size_t n = digest_ad(j, ad, table, id, rev, seq, kind);

	crypto_generichash(out, DIGEST_BYTES, ad, n, key, RCRYPTO_KEYBYTES);
}

/* The same term from a hash state that has taken in the key already (crypto_generichash_init
 * with it): BLAKE2b takes a key in as a block of its own, so a scan of every row starts each
 * term from a copy of that state instead, at half the work and with the same result. */
static void digest_term_keyed(journal *j, const crypto_generichash_state *keyed,
			      const char *table, int64_t id, int64_t rev, int64_t seq,
			      const char *kind, unsigned char out[DIGEST_BYTES])
{
	unsigned char ad[256];
	size_t n = digest_ad(j, ad, table, id, rev, seq, kind);
	crypto_generichash_state h = *keyed;

	crypto_generichash_update(&h, ad, n);
	crypto_generichash_final(&h, out, DIGEST_BYTES);
	sodium_memzero(&h, sizeof h);
}

static void digest_term(journal *j, const char *table, int64_t id, int64_t rev, int64_t seq,
			const char *kind, unsigned char out[DIGEST_BYTES])
{
	digest_term_with(j, j->keys[KEY_DIGEST], table, id, rev, seq, kind, out);
}

/* d += t or d -= t, modulo 2^256 (little-endian). */
static void sum_add(unsigned char *d, const unsigned char *t)
{
	unsigned carry = 0;

	for (int i = 0; i < DIGEST_BYTES; i++) {
		unsigned v = (unsigned)d[i] + t[i] + carry;
		d[i] = (unsigned char)v;
		carry = v >> 8;
	}
}

static void sum_sub(unsigned char *d, const unsigned char *t)
{
	unsigned borrow = 0;

	for (int i = 0; i < DIGEST_BYTES; i++) {
		unsigned v = (unsigned)d[i] - t[i] - borrow;
		d[i] = (unsigned char)v;
		borrow = (v >> 8) & 1;
	}
}

static void put64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

/* RF_ERR_NOT_FOUND when the row is missing, RF_ERR_DAMAGED when it does not authenticate. */
static rf_status dstate_read(journal *j, dstate *d)
{
	unsigned char *sealed = NULL, *pt = NULL;
	size_t slen = 0, ptlen = 0;
	rf_status st = meta_get(j, "digest", &sealed, &slen);

	memset(d, 0, sizeof *d);
	if ((st == RF_OK && sealed == NULL) || st == RF_ERR_NOT_JOURNAL)
		st = RF_ERR_NOT_FOUND; /* the keys opened: it is this journal, its row is gone */
	if (st != RF_OK) {
		free(sealed);
		return st;
	}
	st = unseal(j, KEY_DIGEST, "meta", 0, 1, 0, "digest", sealed, slen, &pt, &ptlen);
	free(sealed);
	if (st == RF_OK && ptlen != DSTATE_BYTES && !(j->legacy && ptlen == DIGEST_BYTES))
		st = RF_ERR_DAMAGED;
	if (st == RF_OK) {
		memcpy(d->sum, pt, DIGEST_BYTES);
		if (ptlen == DSTATE_BYTES) {
			d->rows = get64(pt + DIGEST_BYTES);
			d->next_entry = get64(pt + DIGEST_BYTES + 8);
			d->next_item = get64(pt + DIGEST_BYTES + 16);
			d->next_draft = get64(pt + DIGEST_BYTES + 24);
			d->next_seq = get64(pt + DIGEST_BYTES + 32);
			d->flags = get64(pt + DIGEST_BYTES + 40);
		}
	}
	rcrypto_plain_free(&pt, ptlen);
	return st;
}

static rf_status dstate_write_with(journal *j, const unsigned char *key, const dstate *d)
{
	unsigned char buf[DSTATE_BYTES], *sealed = NULL;
	size_t slen = 0;
	rf_status st;

	memcpy(buf, d->sum, DIGEST_BYTES);
	put64(buf + DIGEST_BYTES, d->rows);
	put64(buf + DIGEST_BYTES + 8, d->next_entry);
	put64(buf + DIGEST_BYTES + 16, d->next_item);
	put64(buf + DIGEST_BYTES + 24, d->next_draft);
	put64(buf + DIGEST_BYTES + 32, d->next_seq);
	put64(buf + DIGEST_BYTES + 40, d->flags);
	st = seal_with(j, key, "meta", 0, 1, 0, "digest", buf, sizeof buf, &sealed, &slen);
	if (st == RF_OK)
		st = meta_put(j, "digest", sealed, slen);
	free(sealed);
	return st;
}

static rf_status dstate_write(journal *j, const dstate *d)
{
	rf_status st = dstate_write_with(j, j->keys[KEY_DIGEST], d);

	if (st == RF_OK && j->depth > 0 && d->floored)
		j->floor_done = true;
	return st;
}

static rf_status sql_int(journal *j, const char *sql, int64_t *v)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(j->db, sql, -1, &s, NULL);

	*v = 0;
	if (rc != SQLITE_OK)
		return rf_from_sqlite(rc);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? RF_OK : rf_from_sqlite(rc);
}

/* Raise the high-water marks to at least what the tables hold. */
static rf_status dstate_floor(journal *j, dstate *d)
{
	static const char *const q[] = {
		"SELECT COALESCE(MAX(id), 0) + 1 FROM entries",
		"SELECT COALESCE(MAX(id), 0) + 1 FROM items",
		"SELECT COALESCE(MAX(id), 0) + 1 FROM drafts",
		"SELECT MAX((SELECT COALESCE(MAX(seq), 0) FROM entries), "
		"(SELECT COALESCE(MAX(seq), 0) FROM items), "
		"(SELECT COALESCE(MAX(seq), 0) FROM drafts)) + 1",
	};
	uint64_t *at[] = {&d->next_entry, &d->next_item, &d->next_draft, &d->next_seq};
	rf_status st = RF_OK;

	for (size_t i = 0; i < 4 && st == RF_OK; i++) {
		int64_t v = 0;
		st = sql_int(j, q[i], &v);
		if (st == RF_OK && (uint64_t)v > *at[i])
			*at[i] = (uint64_t)v;
	}
	return st;
}

/* The state to change inside a write transaction. When it does not authenticate, start from
 * the tables rather than refuse every write ('reflect check' reports the mismatch). */
static rf_status dstate_load(journal *j, dstate *d)
{
	rf_status st = dstate_read(j, d);

	if (st == RF_OK && j->floor_done && j->depth > 0) {
		d->floored = true; /* written in this transaction, above every row */
		return RF_OK;
	}
	if (st == RF_ERR_DAMAGED || st == RF_ERR_NOT_FOUND) {
		memset(d, 0, sizeof *d);
		st = RF_OK;
	}
	if (st == RF_OK)
		st = dstate_floor(j, d);
	d->floored = st == RF_OK;
	return st;
}

/* In d: remove a row's old term (old_rev 0: none) and add its new one (new_rev 0: none). */
static void dstate_change(journal *j, dstate *d, const char *table, int64_t id, const char *kind,
			  int64_t old_rev, int64_t old_seq, int64_t new_rev, int64_t new_seq)
{
	unsigned char t[DIGEST_BYTES];

	if (old_rev > 0) {
		digest_term(j, table, id, old_rev, old_seq, kind, t);
		sum_sub(d->sum, t);
		d->rows--;
	}
	if (new_rev > 0) {
		digest_term(j, table, id, new_rev, new_seq, kind, t);
		sum_add(d->sum, t);
		d->rows++;
	}
}

static const char *const digest_sql[][2] = {
	{"entries", "SELECT id, rev, seq, 'entry' FROM entries"},
	{"items", "SELECT id, rev, seq, kind FROM items"},
	{"drafts", "SELECT id, rev, seq, 'draft' FROM drafts"},
};

/* The sum and count of the rows present, under key (NULL: the journal's digest key). */
static rf_status digest_compute_with(journal *j, const unsigned char *key, dstate *out)
{
	unsigned char t[DIGEST_BYTES];
	crypto_generichash_state keyed;
	rf_status st = RF_OK;

	memset(out->sum, 0, sizeof out->sum);
	out->rows = 0;
	if (crypto_generichash_init(&keyed, key ? key : j->keys[KEY_DIGEST], RCRYPTO_KEYBYTES,
				    DIGEST_BYTES) != 0)
		return RF_ERR_CRYPTO;
	for (size_t k = 0; k < sizeof digest_sql / sizeof digest_sql[0] && st == RF_OK; k++) {
		sqlite3_stmt *s = NULL;
		int rc = sqlite3_prepare_v2(j->db, digest_sql[k][1], -1, &s, NULL);
		if (rc != SQLITE_OK) {
			st = rf_from_sqlite(rc);
			break;
		}
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			const char *kind = (const char *)sqlite3_column_text(s, 3);
			digest_term_keyed(j, &keyed, digest_sql[k][0], sqlite3_column_int64(s, 0),
					  sqlite3_column_int64(s, 1), sqlite3_column_int64(s, 2),
					  kind ? kind : "", t);
			sum_add(out->sum, t);
			out->rows++;
		}
		if (rc != SQLITE_DONE)
			st = rf_from_sqlite(rc);
		sqlite3_finalize(s);
	}
	sodium_memzero(&keyed, sizeof keyed);
	return st;
}

static rf_status finish(journal *j, rf_status st);
static int busy_ms(void);

#define CKPT_MAGIC "RDC1"
#define CKPT_REWRITE 64 /* rows hashed at an opening before a fresh checkpoint is written */
#define CKPT_REC 26     /* table (1), id, rev, seq (8 each), kind length (1), then the kind */

/* The rows read, in the checkpoint's own format (the records after the header). */
typedef struct ckpt_rows {
	unsigned char *v;
	size_t n, cap;
	uint64_t count;
	bool unfit; /* a kind too long for a record (not one reflect gives): none is written */
} ckpt_rows;

static void ckpt_rows_free(ckpt_rows *r)
{
	free(r->v);
	memset(r, 0, sizeof *r);
}

static bool ckpt_put(ckpt_rows *r, int t, int64_t id, int64_t rev, int64_t seq, const char *kind)
{
	size_t kl = strlen(kind);
	unsigned char *p;

	if (kl > 255) {
		r->unfit = true;
		return true;
	}
	if (rf_grow((void **)&r->v, &r->cap, r->n + CKPT_REC + kl, 1, 1 << 16) != RF_OK)
		return false;
	p = r->v + r->n;
	p[0] = (unsigned char)t;
	put64(p + 1, (uint64_t)id);
	put64(p + 9, (uint64_t)rev);
	put64(p + 17, (uint64_t)seq);
	p[25] = (unsigned char)kl;
	memcpy(p + CKPT_REC, kind, kl);
	r->n += CKPT_REC + kl;
	r->count++;
	return true;
}

/* One record of a checkpoint being read. */
typedef struct crec {
	int t;
	int64_t id, rev, seq;
	char kind[256];
} crec;

/* The record at *at of p (len bytes) into c; false at the end or when it is cut short. */
static bool ckpt_next(const unsigned char *p, size_t len, size_t *at, crec *c)
{
	size_t kl;

	if (p == NULL || *at + CKPT_REC > len)
		return false;
	p += *at;
	kl = p[25];
	if (*at + CKPT_REC + kl > len || p[0] >= sizeof digest_sql / sizeof digest_sql[0])
		return false;
	c->t = p[0];
	c->id = (int64_t)get64(p + 1);
	c->rev = (int64_t)get64(p + 9);
	c->seq = (int64_t)get64(p + 17);
	memcpy(c->kind, p + CKPT_REC, kl);
	c->kind[kl] = '\0';
	*at += CKPT_REC + kl;
	return true;
}

/* The checkpoint's plaintext (magic, sum, count, records) in *pt, or NULL when there is none
 * that opens under the key or it is not whole (then the rows are all hashed). */
static void ckpt_read(journal *j, unsigned char **pt, size_t *ptlen)
{
	unsigned char *sealed = NULL;
	size_t slen = 0, at = 4 + DIGEST_BYTES + 8;
	uint64_t n = 0;
	crec c, prev = {.t = -1};

	*pt = NULL;
	*ptlen = 0;
	if (meta_get(j, "digest_rows", &sealed, &slen) != RF_OK || sealed == NULL ||
	    unseal(j, KEY_DIGEST, "meta", 0, 1, 0, "digest_rows", sealed, slen, pt, ptlen) !=
		RF_OK) {
		free(sealed);
		*pt = NULL;
		*ptlen = 0;
		return;
	}
	free(sealed);
	/* whole, in order, and counting what it holds */
	if (*ptlen < at || memcmp(*pt, CKPT_MAGIC, 4) != 0)
		goto bad;
	while (at < *ptlen) {
		if (!ckpt_next(*pt, *ptlen, &at, &c) ||
		    (c.t < prev.t || (c.t == prev.t && c.id < prev.id)))
			goto bad;
		prev = c;
		n++;
	}
	if (n == get64(*pt + 4 + DIGEST_BYTES))
		return;
bad:
	rcrypto_plain_free(pt, *ptlen);
	*pt = NULL;
	*ptlen = 0;
}

/* The sum and count of the rows present (into got, and their records into rows), hashing
 * only the rows that differ from the checkpoint's (*changed: how many terms were hashed). The
 * rows come in order of id, so an id met twice (possible only when a table's schema was
 * altered) is next to its twin: each is named as damage, once, and *dup set. */
static rf_status digest_compute_checked(journal *j, dstate *got, ckpt_rows *rows,
					size_t *changed, bool *dup)
{
	unsigned char t[DIGEST_BYTES], *pt = NULL;
	size_t ptlen = 0, at = 4 + DIGEST_BYTES + 8;
	crypto_generichash_state keyed;
	crec c;
	bool have;
	rf_status st = RF_OK;

	*changed = 0;
	*dup = false;
	memset(got->sum, 0, sizeof got->sum);
	got->rows = 0;
	if (crypto_generichash_init(&keyed, j->keys[KEY_DIGEST], RCRYPTO_KEYBYTES, DIGEST_BYTES) !=
	    0)
		return RF_ERR_CRYPTO;
	ckpt_read(j, &pt, &ptlen);
	if (pt != NULL) {
		memcpy(got->sum, pt + 4, DIGEST_BYTES);
		got->rows = get64(pt + 4 + DIGEST_BYTES);
	}
	have = ckpt_next(pt, ptlen, &at, &c);
	for (size_t k = 0; k < sizeof digest_sql / sizeof digest_sql[0] && st == RF_OK; k++) {
		const char *table = digest_sql[k][0];
		sqlite3_stmt *s = NULL;
		char sql[128];
		int64_t last = 0, named = 0;
		bool first = true;
		int rc;
		snprintf(sql, sizeof sql, "%s ORDER BY id", digest_sql[k][1]);
		if ((rc = sqlite3_prepare_v2(j->db, sql, -1, &s, NULL)) != SQLITE_OK) {
			st = rf_from_sqlite(rc);
			break;
		}
		while (st == RF_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
			int64_t id = sqlite3_column_int64(s, 0), rev = sqlite3_column_int64(s, 1),
				seq = sqlite3_column_int64(s, 2);
			const char *kind = (const char *)sqlite3_column_text(s, 3);
			bool same = false;
			if (kind == NULL)
				kind = "";
			if (!first && id == last && (named != id || !*dup)) {
				add_damage(j, table, id, "the same row is in the journal more than once");
				*dup = true;
				named = id;
			}
			first = false;
			last = id;
			if (!ckpt_put(rows, (int)k, id, rev, seq, kind)) {
				st = RF_ERR_NOMEM;
				break;
			}
			/* the checkpoint's rows before this one are gone: their terms go */
			while (have && (c.t < (int)k || (c.t == (int)k && c.id < id))) {
				digest_term_keyed(j, &keyed, digest_sql[c.t][0], c.id, c.rev, c.seq,
						  c.kind, t);
				sum_sub(got->sum, t);
				got->rows--;
				(*changed)++;
				have = ckpt_next(pt, ptlen, &at, &c);
			}
			if (have && c.t == (int)k && c.id == id) {
				same = c.rev == rev && c.seq == seq && strcmp(c.kind, kind) == 0;
				if (!same) {
					digest_term_keyed(j, &keyed, table, c.id, c.rev, c.seq,
							  c.kind, t);
					sum_sub(got->sum, t);
					got->rows--;
					(*changed)++;
				}
				have = ckpt_next(pt, ptlen, &at, &c);
			}
			if (!same) {
				digest_term_keyed(j, &keyed, table, id, rev, seq, kind, t);
				sum_add(got->sum, t);
				got->rows++;
				(*changed)++;
			}
		}
		if (st == RF_OK && rc != SQLITE_DONE)
			st = rf_from_sqlite(rc);
		sqlite3_finalize(s);
	}
	/* and those after the last row present */
	while (st == RF_OK && have) {
		digest_term_keyed(j, &keyed, digest_sql[c.t][0], c.id, c.rev, c.seq, c.kind, t);
		sum_sub(got->sum, t);
		got->rows--;
		(*changed)++;
		have = ckpt_next(pt, ptlen, &at, &c);
	}
	sodium_memzero(&keyed, sizeof keyed);
	sodium_memzero(&c, sizeof c);
	rcrypto_plain_free(&pt, ptlen);
	return st;
}

/* Keep rows, whose terms sum to got, as the checkpoint: at most a moment's wait for another
 * writer, and nothing said when it cannot be written (a file only read, a full disk, a busy
 * journal): the next opening hashes those rows again. */
static void ckpt_write(journal *j, const dstate *got, const ckpt_rows *rows)
{
	size_t len = 4 + DIGEST_BYTES + 8 + rows->n, slen = 0;
	unsigned char *buf, *sealed = NULL;
	rf_status st;

	if (j->depth > 0 || j->legacy || rows->unfit || (buf = malloc(len)) == NULL)
		return;
	memcpy(buf, CKPT_MAGIC, 4);
	memcpy(buf + 4, got->sum, DIGEST_BYTES);
	put64(buf + 4 + DIGEST_BYTES, rows->count);
	if (rows->n > 0)
		memcpy(buf + 4 + DIGEST_BYTES + 8, rows->v, rows->n);
	st = seal(j, KEY_DIGEST, "meta", 0, 1, 0, "digest_rows", buf, len, &sealed, &slen);
	free(buf);
	sqlite3_busy_timeout(j->db, 100);
	if (st == RF_OK && journal_begin(j) == RF_OK)
		(void)finish(j, meta_put(j, "digest_rows", sealed, slen));
	sqlite3_busy_timeout(j->db, busy_ms());
	free(sealed);
}

static rf_status digest_verify(journal *j)
{
	dstate want, got;
	ckpt_rows rows = {0};
	size_t changed = 0;
	bool dup = false;
	rf_status st = dstate_read(j, &want);

	if (st == RF_ERR_NOT_FOUND) {
		add_damage(j, "journal", 0, "the record of which entries exist is missing");
		return RF_ERR_DAMAGED;
	}
	if (st == RF_ERR_DAMAGED) {
		add_damage(j, "journal", 0, "the record of which entries exist does not authenticate");
		return RF_ERR_DAMAGED;
	}
	if (st != RF_OK)
		return st;
	st = digest_compute_checked(j, &got, &rows, &changed, &dup);
	if (st != RF_OK) {
		ckpt_rows_free(&rows);
		return st;
	}
	if (dup)
		st = RF_ERR_DAMAGED;
	if (want.rows != got.rows || sodium_memcmp(want.sum, got.sum, DIGEST_BYTES) != 0) {
		add_damage(j, "journal", 0,
			   "entries or records were deleted, added, changed or rolled back outside reflect");
		st = RF_ERR_DAMAGED;
	}
	if (st == RF_OK && changed >= CKPT_REWRITE)
		ckpt_write(j, &got, &rows);
	ckpt_rows_free(&rows);
	if (want.flags & DSTATE_CARRIED) {
		add_damage(j, "journal", 0,
			   "the journal was already damaged when it was upgraded");
		st = RF_ERR_DAMAGED;
	}
	return st;
}

/* The schema as the migrations make it: every table and index of a journal built afresh in
 * memory, compared with this journal's own (by type, name and SQL text). */
static rf_status schema_verify(journal *j)
{
	static const char q[] = "SELECT type || ' ' || name || ' ' || COALESCE(sql, '') FROM "
				"sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name";
	sqlite3 *ref = NULL;
	sqlite3_stmt *a = NULL, *b = NULL;
	rf_status st = RF_OK;
	int ra, rb;

	if (sqlite3_open_v2(":memory:", &ref, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, NULL) !=
	    SQLITE_OK) {
		sqlite3_close(ref);
		return RF_ERR_NOMEM;
	}
	for (size_t i = 0; i < schema_migration_count && st == RF_OK; i++)
		st = rf_from_sqlite(sqlite3_exec(ref, schema_migrations[i].sql, NULL, NULL, NULL));
	if (st == RF_OK)
		st = rf_from_sqlite(sqlite3_prepare_v2(ref, q, -1, &a, NULL));
	if (st == RF_OK)
		st = rf_from_sqlite(sqlite3_prepare_v2(j->db, q, -1, &b, NULL));
	while (st == RF_OK) {
		ra = sqlite3_step(a);
		rb = sqlite3_step(b);
		if ((ra != SQLITE_ROW && ra != SQLITE_DONE) || (rb != SQLITE_ROW && rb != SQLITE_DONE)) {
			st = rf_from_sqlite(ra != SQLITE_ROW && ra != SQLITE_DONE ? ra : rb);
			break;
		}
		if (ra != rb ||
		    (ra == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(a, 0),
						(const char *)sqlite3_column_text(b, 0)) != 0)) {
			add_damage(j, "journal", 0,
				   "the journal's tables or indexes were changed outside reflect");
			st = RF_ERR_DAMAGED;
		}
		if (ra != SQLITE_ROW || rb != SQLITE_ROW)
			break;
	}
	sqlite3_finalize(a);
	sqlite3_finalize(b);
	sqlite3_close(ref);
	return st;
}

/* ---- transactions ---- */

static rf_status index_pending(journal *j);

/* Begin a transaction (sql) or, inside one, nest: only the outermost commit commits. */
static rf_status begin(journal *j, const char *sql)
{
	rf_status st;

	if (j->depth > 0) {
		j->depth++;
		return RF_OK;
	}
	st = exec(j, sql);
	if (st == RF_OK)
		j->depth = 1;
	return st;
}

rf_status journal_begin(journal *j)
{
	return begin(j, "BEGIN IMMEDIATE");
}

rf_status journal_commit(journal *j)
{
	rf_status st;

	if (j->depth == 0)
		return RF_ERR_INVALID;
	if (j->depth > 1) {
		j->depth--;
		return RF_OK;
	}
	st = index_pending(j);
	if (st == RF_OK)
		st = exec(j, "COMMIT");
	if (st != RF_OK) {
		journal_rollback(j);
		return st;
	}
	j->depth = 0;
	j->floor_done = false; /* the next transaction scans the tables again */
	return RF_OK;
}

rf_status journal_begin_read(journal *j)
{
	return begin(j, "BEGIN DEFERRED");
}

void journal_rollback(journal *j)
{
	if (j->depth == 0)
		return;
	sqlite3_exec(j->db, "ROLLBACK", NULL, NULL, NULL);
	j->depth = 0;
	j->floor_done = false;
	sidx_batch_free(&j->sidx_pending);
	/* The in-memory index may hold what was rolled back. */
	for (size_t i = 0; i < j->nindex; i++)
		entry_free(&j->index[i]);
	free(j->index);
	j->index = NULL;
	j->nindex = 0;
}

/* Finish a write started with journal_begin: commit when st is RF_OK, otherwise roll back. */
static rf_status finish(journal *j, rf_status st)
{
	if (st == RF_OK)
		return journal_commit(j);
	journal_rollback(j);
	return st;
}

/* ---- opening ---- */

/* How long to wait for another reflect's write (REFLECT_BUSY_TIMEOUT_MS, else 5 s). */
static int busy_ms(void)
{
	const char *env = getenv("REFLECT_BUSY_TIMEOUT_MS");
	int ms = env != NULL ? atoi(env) : 0;

	return ms > 0 ? ms : BUSY_TIMEOUT_MS;
}

static rf_status set_pragmas(journal *j)
{
	sqlite3_busy_timeout(j->db, busy_ms());
	return exec(j, "PRAGMA secure_delete = ON; PRAGMA foreign_keys = ON; "
		       "PRAGMA temp_store = MEMORY; PRAGMA synchronous = FULL; "
		       "PRAGMA cache_size = -16384;");
}

static rf_status read_version(journal *j, int *version, int *appid)
{
	sqlite3_stmt *s = NULL;
	int rc;

	rc = sqlite3_prepare_v2(j->db, "PRAGMA user_version", -1, &s, NULL);
	if (rc != SQLITE_OK)
		return rf_from_sqlite(rc);
	rc = sqlite3_step(s);
	*version = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return rf_from_sqlite(rc);
	rc = sqlite3_prepare_v2(j->db, "PRAGMA application_id", -1, &s, NULL);
	if (rc != SQLITE_OK)
		return rf_from_sqlite(rc);
	rc = sqlite3_step(s);
	*appid = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? RF_OK : rf_from_sqlite(rc);
}

/* Apply the migrations after `from`, in order, each recorded with the version it brings. */
static rf_status migrate(journal *j, int from)
{
	rf_status st = RF_OK;
	char sql[64];

	for (size_t i = (size_t)from; i < schema_migration_count && st == RF_OK; i++) {
		st = exec(j, schema_migrations[i].sql);
		if (st == RF_OK) {
			snprintf(sql, sizeof sql, "PRAGMA user_version = %zu", i + 1);
			st = exec(j, sql);
		}
		if (st == RF_OK)
			j->schema_version = (int)(i + 1);
	}
	return st;
}

static void journal_free(journal *j)
{
	if (j == NULL)
		return;
	for (size_t i = 0; i < j->nindex; i++)
		entry_free(&j->index[i]);
	free(j->index);
	for (size_t i = 0; i < sizeof j->cache / sizeof j->cache[0]; i++)
		sqlite3_finalize(j->cache[i]);
	for (int k = 0; k < KEY_COUNT; k++)
		rcrypto_key_free(&j->keys[k]);
	rcrypto_key_free(&j->sidx_keys[0]);
	rcrypto_key_free(&j->sidx_keys[1]);
	sidx_batch_free(&j->sidx_pending);
	par_pool_free(&j->pool);
	rcrypto_key_free(&j->master);
	if (j->db != NULL) {
		if (j->depth > 0)
			sqlite3_exec(j->db, "ROLLBACK", NULL, NULL, NULL);
		sqlite3_close_v2(j->db);
	}
	free(j->damage);
	free(j->path);
	free(j);
}

void journal_close(journal **jp)
{
	if (jp == NULL || *jp == NULL)
		return;
	journal_free(*jp);
	*jp = NULL;
}

static rf_status open_db(const char *path, int flags, journal **out)
{
	journal *j = calloc(1, sizeof *j);
	int rc;

	*out = NULL;
	if (j == NULL)
		return RF_ERR_NOMEM;
	j->path = strdup(path);
	if (j->path == NULL) {
		free(j);
		return RF_ERR_NOMEM;
	}
	rc = sqlite3_open_v2(path, &j->db, flags, NULL);
	if (rc != SQLITE_OK) {
		rf_status st = rf_from_sqlite(rc);
		journal_free(j);
		return st;
	}
	sqlite3_extended_result_codes(j->db, 0);
	*out = j;
	return RF_OK;
}

rf_status journal_create(const char *path, const char *pass, size_t passlen, rcrypto_level level,
			 journal **out)
{
	journal *j = NULL;
	char *tmp = NULL;
	size_t n;
	rf_status st;
	dstate zero = {.next_entry = 1, .next_item = 1, .next_draft = 1, .next_seq = 1};

	*out = NULL;
	st = rcrypto_init();
	if (st != RF_OK)
		return st;
	if (journal_exists(path))
		return RF_ERR_EXISTS;
	st = mkdirs(path);
	if (st != RF_OK)
		return st;
	/* Build the whole file under a temporary name, then rename it into place. */
	n = strlen(path) + 32;
	tmp = malloc(n);
	if (tmp == NULL)
		return RF_ERR_NOMEM;
	snprintf(tmp, n, "%s.new-%ld", path, (long)getpid());
	unlink(tmp);
	st = open_db(tmp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &j);
	if (st != RF_OK)
		goto out;
	st = set_pragmas(j);
	if (st == RF_OK)
		st = exec(j, "PRAGMA journal_mode = WAL");
	if (st == RF_OK)
		st = journal_begin(j);
	if (st != RF_OK)
		goto out;
	st = migrate(j, 0);
	if (st == RF_OK)
		st = exec(j, "PRAGMA application_id = 1380338772"); /* APPLICATION_ID */
	if (st == RF_OK) {
		j->master = rcrypto_key_new();
		st = j->master ? RF_OK : RF_ERR_NOMEM;
	}
	if (st == RF_OK) {
		rcrypto_random_key(j->master);
		st = derive_subkeys(j);
	}
	if (st == RF_OK)
		st = wrap_master(j, pass, passlen, &level);
	if (st == RF_OK)
		st = dstate_write(j, &zero);
	if (st == RF_OK) {
		sidx x;
		st = sidx_of(j, &x);
		if (st == RF_OK)
			st = sidx_reset(&x); /* an empty search index, kept from the first entry */
	}
	st = finish(j, st);
	/* Everything into the main file before it is renamed into place: a checkpoint that fails
	 * silently in close would leave a file without its tables (and its WAL deleted below). */
	if (st == RF_OK)
		st = rf_from_sqlite(sqlite3_wal_checkpoint_v2(j->db, NULL, SQLITE_CHECKPOINT_TRUNCATE,
							   NULL, NULL));
	if (st != RF_OK)
		goto out;
	journal_close(&j);
	if (journal_exists(path)) {
		st = RF_ERR_EXISTS;
		goto out;
	}
	if (rename(tmp, path) != 0) {
		st = RF_ERR_IO;
		goto out;
	}
	st = journal_open(path, pass, passlen, out);
out:
	if (j != NULL)
		journal_close(&j);
	if (tmp != NULL) {
		if (*out == NULL)
			unlink(tmp);
		char wal[4096];
		snprintf(wal, sizeof wal, "%s-wal", tmp);
		unlink(wal);
		snprintf(wal, sizeof wal, "%s-shm", tmp);
		unlink(wal);
		free(tmp);
	}
	return st;
}

static rf_status quick_check(journal *j)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(j->db, "PRAGMA quick_check(5)", -1, &s, NULL);
	rf_status st = RF_OK;

	if (rc != SQLITE_OK)
		return rf_from_sqlite(rc);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(s, 0);
		if (r != NULL && strcmp(r, "ok") != 0) {
			char what[160];
			snprintf(what, sizeof what, "the file's structure is damaged: %.100s", r);
			add_damage(j, "journal", 0, what);
			st = RF_ERR_DAMAGED;
		}
	}
	if (rc != SQLITE_DONE && st == RF_OK)
		st = rf_from_sqlite(rc);
	sqlite3_finalize(s);
	return st;
}

/* quick_check reads the whole file: on open it is done for files that take well under the
 * first screen's budget to read; 'reflect check' verifies every file whatever its size. */
static bool small_enough_to_check(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && sb.st_size <= QUICK_CHECK_MAX_BYTES;
}

rf_status journal_open(const char *path, const char *pass, size_t passlen, journal **out)
{
	journal *j = NULL;
	int version = 0, appid = 0;
	rf_status st;

	*out = NULL;
	st = rcrypto_init();
	if (st != RF_OK)
		return st;
	if (!journal_exists(path))
		return RF_ERR_NO_JOURNAL;
	st = open_db(path, SQLITE_OPEN_READWRITE, &j);
	if (st != RF_OK)
		goto out;
	st = set_pragmas(j);
	if (st == RF_OK)
		st = read_version(j, &version, &appid);
	/* A full disk fails here too (the shared-memory file cannot grow): say so, rather than
	 * call the person's journal something else. */
	if (st == RF_ERR_IO && (sqlite3_system_errno(j->db) == ENOSPC ||
				sqlite3_system_errno(j->db) == EDQUOT))
		st = RF_ERR_FULL;
	if (st == RF_ERR_IO || st == RF_ERR_DAMAGED)
		st = RF_ERR_NOT_JOURNAL;
	if (st != RF_OK)
		goto out;
	if (appid != APPLICATION_ID) {
		st = RF_ERR_NOT_JOURNAL;
		goto out;
	}
	if (version > journal_schema_latest()) {
		st = RF_ERR_TOO_NEW;
		goto out;
	}
	j->schema_version = version;
	st = unwrap_master(j, pass, passlen);
	if (st != RF_OK)
		goto out;
	if (version < journal_schema_latest()) {
		st = journal_begin(j);
		/* another process may have upgraded it meanwhile */
		if (st == RF_OK)
			st = read_version(j, &version, &appid);
		if (st == RF_OK && version < journal_schema_latest()) {
			int from = version;
			st = migrate(j, version);
			if (st == RF_OK && from < 2)
				st = upgrade_records(j);
			/* the search index, built from every entry once */
			if (st == RF_OK && from < 3)
				st = index_build(j);
		}
		st = finish(j, st);
		if (st != RF_OK)
			goto out;
		j->schema_version = journal_schema_latest();
	}
	/* Damage found here is reported, not fatal: what is intact still opens. */
	st = small_enough_to_check(path) ? quick_check(j) : RF_OK;
	if (st == RF_OK || st == RF_ERR_DAMAGED)
		st = digest_verify(j);
	if (st == RF_ERR_DAMAGED)
		st = RF_OK;
out:
	if (st != RF_OK) {
		journal_free(j);
		return st;
	}
	*out = j;
	return RF_OK;
}

rf_status journal_subkey(journal *j, uint64_t id, const char ctx[8], unsigned char *out)
{
	if (j->master == NULL)
		return RF_ERR_INVALID;
	rcrypto_subkey(j->master, id, ctx, out);
	return RF_OK;
}

/* ---- entries ---- */

static rf_status fingerprint(journal *j, const entry *e, unsigned char out[16])
{
	unsigned char *buf = NULL;
	size_t len = 0;
	rf_status st = entry_pack(e, ENTRY_PACK_ALL | ENTRY_PACK_NORESP, &buf, &len);

	if (st != RF_OK)
		return st;
	crypto_generichash(out, 16, buf, len, j->keys[KEY_FINGERPRINT], RCRYPTO_KEYBYTES);
	entry_free_packed(&buf, len);
	return RF_OK;
}

static void index_drop(journal *j)
{
	for (size_t i = 0; i < j->nindex; i++)
		entry_free(&j->index[i]);
	free(j->index);
	j->index = NULL;
	j->nindex = 0;
}

static int data_version(journal *j)
{
	sqlite3_stmt *s = NULL;
	int v = -1;

	if (sqlite3_prepare_v2(j->db, "PRAGMA data_version", -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* Write the sealed halves of e at (id, rev). known: e's fingerprint when the caller has just
 * made it (an import, which looks for it first), else NULL. */
static rf_status write_entry(journal *j, const entry *e, int64_t seq, bool insert,
			     const unsigned char known[16])
{
	unsigned char *meta = NULL, *body = NULL, *smeta = NULL, *sbody = NULL, fp[16];
	size_t mlen = 0, blen = 0, smlen = 0, sblen = 0;
	sqlite3_stmt *s = NULL;
	rf_status st;
	int rc;

	/* the same limits whichever way the entry came in */
	if (entry_check_limits(e, NULL) != RF_OK)
		return RF_ERR_TOO_BIG;
	st = entry_pack(e, ENTRY_PACK_META, &meta, &mlen);
	if (st == RF_OK)
		st = entry_pack(e, ENTRY_PACK_BODY, &body, &blen);
	if (st == RF_OK && known != NULL)
		memcpy(fp, known, sizeof fp);
	else if (st == RF_OK)
		st = fingerprint(j, e, fp);
	if (st == RF_OK)
		st = seal(j, KEY_ENTRIES, "entries", e->id, e->rev, seq, "meta", meta, mlen, &smeta,
			  &smlen);
	if (st == RF_OK)
		st = seal(j, KEY_ENTRIES, "entries", e->id, e->rev, seq, "body", body, blen, &sbody,
			  &sblen);
	if (st != RF_OK)
		goto out;
	s = cached(j, insert ? SQL_INSERT_ENTRY : SQL_UPDATE_ENTRY);
	rc = s ? SQLITE_OK : sqlite3_errcode(j->db);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(s, 1, e->id);
		sqlite3_bind_int64(s, 2, e->rev);
		sqlite3_bind_int64(s, 3, e->written);
		sqlite3_bind_blob(s, 4, fp, sizeof fp, SQLITE_STATIC);
		sqlite3_bind_blob(s, 5, smeta, (int)smlen, SQLITE_STATIC);
		sqlite3_bind_int64(s, 6, seq);
		rc = sqlite3_step(s);
		sqlite3_reset(s);
	}
	if (rc == SQLITE_DONE) {
		s = cached(j, SQL_PUT_BODY);
		rc = s ? SQLITE_OK : sqlite3_errcode(j->db);
	}
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(s, 1, e->id);
		sqlite3_bind_blob(s, 2, sbody, (int)sblen, SQLITE_STATIC);
		rc = sqlite3_step(s);
		sqlite3_reset(s);
	}
	st = rc == SQLITE_DONE ? RF_OK : rf_from_sqlite(rc);
out:
	entry_free_packed(&meta, mlen);
	entry_free_packed(&body, blen);
	free(smeta);
	free(sbody);
	return st;
}

/* sql selects (rev, seq) of row id. */
static rf_status row_rev(journal *j, const char *sql, int64_t id, int64_t *rev, int64_t *seq)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(j->db, sql, -1, &s, NULL);

	if (rc != SQLITE_OK)
		return rf_from_sqlite(rc);
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*rev = sqlite3_column_int64(s, 0);
		*seq = sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_ROW)
		return RF_OK;
	return rc == SQLITE_DONE ? RF_ERR_NOT_FOUND : rf_from_sqlite(rc);
}

/* Keep the in-memory index in step with a change made by this process. */
static void index_note(journal *j, const entry *e, bool removed)
{
	size_t i;

	if (j->index == NULL)
		return;
	for (i = 0; i < j->nindex; i++)
		if (j->index[i]->id == (e ? e->id : 0))
			break;
	if (i < j->nindex) {
		entry_free(&j->index[i]);
		memmove(&j->index[i], &j->index[i + 1], (j->nindex - i - 1) * sizeof j->index[0]);
		j->nindex--;
	}
	if (!removed && e != NULL) {
		entry **v = realloc(j->index, (j->nindex + 1) * sizeof *v);
		entry *copy = entry_dup(e);
		size_t at = 0;
		if (v == NULL || copy == NULL) {
			if (v != NULL)
				j->index = v;
			entry_free(&copy);
			index_drop(j);
			return;
		}
		j->index = v;
		/* Keep only metadata in the index. */
		entry_set(&copy->pause_text, NULL);
		entry_set(&copy->pause_body, NULL);
		entry_set(&copy->notice_text, NULL);
		entry_set(&copy->notice_between, NULL);
		entry_set(&copy->notice_stirred, NULL);
		entry_set(&copy->curious_text, NULL);
		entry_set(&copy->curious_parent, NULL);
		entry_set(&copy->curious_infant, NULL);
		for (int i = 0; i < ENTRY_ANSWERS; i++)
			entry_set(&copy->answers[i], NULL);
		while (at < j->nindex && (j->index[at]->written > copy->written ||
					  (j->index[at]->written == copy->written &&
					   j->index[at]->id > copy->id)))
			at++;
		memmove(&j->index[at + 1], &j->index[at], (j->nindex - at) * sizeof j->index[0]);
		j->index[at] = copy;
		j->nindex++;
	}
	j->index_data_version = data_version(j);
}

/* ---- the search index (search_index.c): kept in the same transaction as each write ---- */

static rf_status sidx_of(journal *j, sidx *x)
{
	if (j->sidx_keys[0] == NULL || j->sidx_keys[1] == NULL) {
		if (j->master == NULL)
			return RF_ERR_INVALID;
		if (j->sidx_keys[0] == NULL)
			j->sidx_keys[0] = rcrypto_key_new();
		if (j->sidx_keys[1] == NULL)
			j->sidx_keys[1] = rcrypto_key_new();
		if (j->sidx_keys[0] == NULL || j->sidx_keys[1] == NULL)
			return RF_ERR_NOMEM;
		sidx_derive_keys(j->master, j->sidx_keys[0], j->sidx_keys[1]);
	}
	x->db = j->db;
	x->hkey = j->sidx_keys[0];
	x->skey = j->sidx_keys[1];
	return RF_OK;
}

static void note_index_damage(journal *j, int64_t row)
{
	char what[160];

	if (row < 0)
		snprintf(what, sizeof what, "the search index's record of itself does not authenticate "
					    "or does not match its rows; it is built again");
	else
		snprintf(what, sizeof what, "search index row %lld does not authenticate; the index is "
					    "built again", (long long)row);
	add_damage(j, "search", row, what);
}

/* Apply the batch *b (when st, how far it got, is RF_OK) and free it: a journal without an
 * index is left so (it is built when a search needs it); an index that does not authenticate
 * is let go, to be built again. */
static rf_status index_apply(journal *j, const sidx *x, rf_status st, sidx_batch **b)
{
	int64_t bad = 0;

	if (st == RF_OK)
		st = sidx_batch_apply(x, *b, &bad);
	sidx_batch_free(b);
	if (st == RF_ERR_NOT_FOUND)
		return RF_OK;
	if (st == RF_ERR_DAMAGED) {
		note_index_damage(j, bad);
		j->sidx_ready = false;
		return sidx_drop(x);
	}
	return st;
}

/* The words of old (NULL: none) leave the index and those of e (NULL: none) come, inside the
 * caller's transaction (index_apply). */
static rf_status index_words(journal *j, entry *const *old, size_t nold, entry *const *e,
			     size_t ne)
{
	sidx x;
	sidx_batch *b = NULL;
	rf_status st = sidx_of(j, &x);
	/* inside an outer transaction (an import in batches): gathered, applied at its commit,
	 * so each bucket is written once rather than once a batch */
	bool later = j->depth > 1;

	if (st == RF_OK && later && j->sidx_pending == NULL)
		st = sidx_batch_new(&j->sidx_pending);
	if (later)
		b = j->sidx_pending;
	else if (st == RF_OK)
		st = sidx_batch_new(&b);
	for (size_t i = 0; st == RF_OK && i < nold; i++)
		if (old[i] != NULL)
			st = sidx_batch_entry(b, old[i], false);
	for (size_t i = 0; st == RF_OK && i < ne; i++)
		if (e[i] != NULL && e[i]->id > 0)
			st = sidx_batch_entry(b, e[i], true);
	if (later)
		return st;
	return index_apply(j, &x, st, &b);
}

/* The changes gathered inside an outer transaction, before it commits. */
static rf_status index_pending(journal *j)
{
	sidx x;

	if (j->sidx_pending == NULL)
		return RF_OK;
	return index_apply(j, &x, sidx_of(j, &x), &j->sidx_pending);
}

/* A new index from every entry (inside the caller's write transaction). */
static rf_status index_build(journal *j)
{
	sidx x;
	sidx_batch *b = NULL;
	sqlite3_stmt *s = NULL;
	int64_t bad = 0;
	rf_status st = sidx_of(j, &x);
	int rc = SQLITE_DONE;

	if (st == RF_OK)
		st = sidx_reset(&x);
	if (st == RF_OK)
		st = sidx_batch_new(&b);
	/* oldest number first: each word's entries come in order */
	if (st == RF_OK)
		st = rf_from_sqlite(sqlite3_prepare_v2(
			j->db, "SELECT id, rev, written, meta, seq FROM entries ORDER BY id", -1, &s,
			NULL));
	while (st == RF_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		entry *e = NULL;
		int64_t id = sqlite3_column_int64(s, 0);
		rf_status est = entry_from_row(j, id, sqlite3_column_int64(s, 1),
					       sqlite3_column_int64(s, 4), sqlite3_column_int64(s, 2),
					       sqlite3_column_blob(s, 3),
					       (size_t)sqlite3_column_bytes(s, 3), true, NULL, &e);
		if (est == RF_ERR_DAMAGED) {
			note_entry_damage(j, id);
			continue;
		}
		st = est;
		if (st == RF_OK)
			st = sidx_batch_entry(b, e, true);
		entry_free(&e);
	}
	if (st == RF_OK && rc != SQLITE_DONE)
		st = rf_from_sqlite(rc);
	sqlite3_finalize(s);
	if (st == RF_OK)
		st = sidx_batch_apply(&x, b, &bad);
	sidx_batch_free(&b);
	if (st == RF_OK)
		j->sidx_ready = true;
	return st;
}

/* Make sure the index is there and whole before it is asked (once a session): a missing,
 * stale or altered index is built again in its own transaction. False when it cannot be
 * (the journal busy or read-only): then every entry is read instead. */
static bool index_usable(journal *j)
{
	sidx x;
	int64_t bad = 0;
	rf_status st;

	if (j->sidx_ready)
		return true;
	if (sidx_of(j, &x) != RF_OK)
		return false;
	st = j->sidx_rebuild ? RF_ERR_DAMAGED : sidx_verify(&x, false, &bad);
	if (st == RF_OK) {
		j->sidx_ready = true;
		return true;
	}
	if (st == RF_ERR_DAMAGED && !j->sidx_rebuild)
		note_index_damage(j, bad);
	if (j->depth > 0)
		return false; /* inside the caller's transaction: not now */
	if (journal_begin(j) != RF_OK)
		return false;
	st = index_build(j);
	if (finish(j, st) != RF_OK)
		return false;
	j->sidx_rebuild = false;
	return j->sidx_ready;
}

/* A family code must be a code: one that holds a listed name or a possible name is refused
 * (it would stand for the family in every export). Codes without a word ("F-03") are cheap. */
static rf_status family_code_ok(journal *j, const entry *e)
{
	deid_list *l = NULL;
	bool word = false;
	rf_status st;

	if (e->family == NULL)
		return RF_OK;
	for (const unsigned char *p = (const unsigned char *)e->family; *p && !word; p++)
		word = (isalpha(p[0]) || p[0] >= 0x80) && (isalpha(p[1]) || p[1] >= 0x80);
	if (!word)
		return RF_OK;
	/* an unreadable list still leaves possible names to check */
	if (deid_list_load(j, &l) != RF_OK && (st = deid_list_new(&l)) != RF_OK)
		return st;
	st = deid_family_code_check(l, e->family);
	deid_list_free(&l);
	return st == RF_ERR_REJECTED ? RF_ERR_FAMILY_CODE : st;
}

rf_status journal_add(journal *j, entry *e)
{
	rf_status st = family_code_ok(j, e);
	int64_t id = 0, seq = 0;
	dstate d;

	if (st != RF_OK)
		return st;
	if ((st = journal_begin(j)) != RF_OK)
		return st;
	st = dstate_load(j, &d);
	if (st == RF_OK) {
		id = (int64_t)d.next_entry++;
		seq = (int64_t)d.next_seq++;
		e->id = id;
		e->rev = 1;
		st = write_entry(j, e, seq, true, NULL);
	}
	if (st == RF_OK) {
		dstate_change(j, &d, "entries", id, "entry", 0, 0, 1, seq);
		st = dstate_write(j, &d);
	}
	if (st == RF_OK)
		st = index_words(j, NULL, 0, &e, 1);
	st = finish(j, st);
	if (st != RF_OK) {
		e->id = 0;
		e->rev = 0;
		return st;
	}
	index_note(j, e, false);
	return RF_OK;
}

/* An entry's words as they were, to take out of the search index: an unreadable one is left
 * (every candidate is checked against the entry itself), but a failure to read (out of
 * memory, I/O: SQLite may have ended the transaction) is the caller's error. */
static rf_status old_words(journal *j, int64_t id, entry **old)
{
	rf_status st = get_entry(j, id, old, false);

	if (st == RF_ERR_DAMAGED || st == RF_ERR_NOT_FOUND || st == RF_ERR_PARSE) {
		entry_free(old);
		return RF_OK;
	}
	return st;
}

rf_status journal_update(journal *j, entry *e)
{
	rf_status st;
	int64_t rev = 0, oseq = 0, seq = 0;
	dstate d;
	entry *old = NULL;

	/* only a changed family code is checked (a response arriving changes nothing of it) */
	if (e->family != NULL && journal_get(j, e->id, &old) == RF_OK &&
	    (old->family == NULL || strcmp(old->family, e->family) != 0) &&
	    (st = family_code_ok(j, e)) != RF_OK) {
		entry_free(&old);
		return st;
	}
	entry_free(&old);
	if ((st = journal_begin(j)) != RF_OK)
		return st;
	st = row_rev(j, "SELECT rev, seq FROM entries WHERE id = ?", e->id, &rev, &oseq);
	/* its words as they were, to take out of the search index (unreadable: left, since
	 * every candidate is checked against the entry itself) */
	if (st == RF_OK)
		st = old_words(j, e->id, &old);
	if (st == RF_OK)
		st = dstate_load(j, &d);
	if (st == RF_OK) {
		e->rev = rev + 1;
		seq = (int64_t)d.next_seq++;
		st = write_entry(j, e, seq, false, NULL);
	}
	if (st == RF_OK) {
		dstate_change(j, &d, "entries", e->id, "entry", rev, oseq, rev + 1, seq);
		st = dstate_write(j, &d);
	}
	if (st == RF_OK)
		st = index_words(j, &old, 1, &e, 1);
	entry_free(&old);
	st = finish(j, st);
	if (st != RF_OK) {
		if (rev > 0)
			e->rev = rev;
		return st;
	}
	index_note(j, e, false);
	return RF_OK;
}

rf_status journal_delete(journal *j, int64_t id)
{
	rf_status st = journal_begin(j);
	int64_t rev = 0, seq = 0;
	sqlite3_stmt *s = NULL;
	dstate d;
	int rc;
	entry *old = NULL;

	if (st != RF_OK)
		return st;
	st = row_rev(j, "SELECT rev, seq FROM entries WHERE id = ?", id, &rev, &seq);
	if (st == RF_OK)
		st = old_words(j, id, &old);
	if (st == RF_OK) {
		rc = sqlite3_prepare_v2(j->db,
					"DELETE FROM entry_bodies WHERE id = ?1; ", -1, &s, NULL);
		if (rc == SQLITE_OK) {
			sqlite3_bind_int64(s, 1, id);
			rc = sqlite3_step(s);
			sqlite3_finalize(s);
		}
		if (rc == SQLITE_DONE)
			rc = sqlite3_prepare_v2(j->db, "DELETE FROM entries WHERE id = ?1", -1, &s,
						NULL);
		if (rc == SQLITE_OK) {
			sqlite3_bind_int64(s, 1, id);
			rc = sqlite3_step(s);
			sqlite3_finalize(s);
		}
		st = rc == SQLITE_DONE ? RF_OK : rf_from_sqlite(rc);
	}
	if (st == RF_OK)
		st = dstate_load(j, &d);
	if (st == RF_OK) {
		dstate_change(j, &d, "entries", id, "entry", rev, seq, 0, 0);
		st = dstate_write(j, &d);
	}
	if (st == RF_OK)
		st = index_words(j, &old, 1, NULL, 0);
	entry_free(&old);
	st = finish(j, st);
	if (st == RF_OK && j->index != NULL) {
		entry probe = {.id = id};
		index_note(j, &probe, true);
	}
	return st;
}

/* Build an entry from a row: id, rev, written, sealed meta, and optionally the sealed body. */
static rf_status entry_from_row(journal *j, int64_t id, int64_t rev, int64_t seq, int64_t written,
				const void *meta, size_t mlen, bool want_body,
				const entry_filter *prefilter, entry **out)
{
	unsigned char *pt = NULL;
	size_t ptlen = 0;
	entry *e = NULL;
	rf_status st;

	*out = NULL;
	st = unseal(j, KEY_ENTRIES, "entries", id, rev, seq, "meta", meta, mlen, &pt, &ptlen);
	if (st != RF_OK)
		goto out;
	e = entry_new();
	if (e == NULL) {
		st = RF_ERR_NOMEM;
		goto out;
	}
	st = entry_unpack(e, pt, ptlen);
	e->id = id;
	e->rev = rev;
	rcrypto_plain_free(&pt, ptlen);
	if (st == RF_OK && e->written != written)
		st = RF_ERR_DAMAGED; /* the plain ordering column was altered */
	if (st == RF_ERR_PARSE)
		st = RF_ERR_DAMAGED;
	if (st != RF_OK || !want_body)
		goto out;
	if (prefilter != NULL && !entry_matches(e, prefilter)) {
		/* Not wanted: no need to open the texts. */
		entry_free(&e);
		goto out;
	}
	{
		sqlite3_stmt *b = cached(j, SQL_GET_BODY);
		int rc;
		if (b == NULL) {
			st = rf_from_sqlite(sqlite3_errcode(j->db));
			goto out;
		}
		sqlite3_bind_int64(b, 1, id);
		rc = sqlite3_step(b);
		if (rc == SQLITE_ROW)
			st = unseal(j, KEY_ENTRIES, "entries", id, rev, seq, "body", sqlite3_column_blob(b, 0),
				    (size_t)sqlite3_column_bytes(b, 0), &pt, &ptlen);
		else
			st = rc == SQLITE_DONE ? RF_ERR_DAMAGED : rf_from_sqlite(rc); /* a lost body */
		sqlite3_reset(b);
	}
	if (st == RF_OK)
		st = entry_unpack(e, pt, ptlen);
	if (st == RF_ERR_PARSE)
		st = RF_ERR_DAMAGED;
out:
	rcrypto_plain_free(&pt, ptlen); /* also when entry_new failed after unsealing */
	if (st != RF_OK)
		entry_free(&e);
	*out = e;
	return st;
}

static void note_entry_damage(journal *j, int64_t id)
{
	add_damage(j, "entries", id, "does not authenticate: altered, damaged or moved from another row");
}

rf_status journal_get(journal *j, int64_t id, entry **out)
{
	return get_entry(j, id, out, true);
}

/* note: record damage met (journal_get) or not (reading an entry's old words) */
static rf_status get_entry(journal *j, int64_t id, entry **out, bool note)
{
	sqlite3_stmt *s = cached(j, SQL_GET_META);
	rf_status st;
	int rc;

	*out = NULL;
	if (s == NULL)
		return rf_from_sqlite(sqlite3_errcode(j->db));
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		st = entry_from_row(j, id, sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 3),
				    sqlite3_column_int64(s, 1),
				    sqlite3_column_blob(s, 2), (size_t)sqlite3_column_bytes(s, 2), true,
				    NULL, out);
		if (st == RF_ERR_DAMAGED && note)
			note_entry_damage(j, id);
	} else {
		st = rc == SQLITE_DONE ? RF_ERR_NOT_FOUND : rf_from_sqlite(rc);
	}
	sqlite3_reset(s);
	return st;
}

rf_status journal_load_index(journal *j)
{
	sqlite3_stmt *s = NULL;
	entry **v = NULL;
	size_t n = 0, cap = 0;
	rf_status st = RF_OK;
	int rc;

	if (j->index != NULL && j->index_data_version == data_version(j))
		return RF_OK;
	index_drop(j);
	rc = sqlite3_prepare_v2(j->db,
				"SELECT id, rev, written, meta, seq FROM entries ORDER BY written DESC, id DESC",
				-1, &s, NULL);
	if (rc != SQLITE_OK)
		return rf_from_sqlite(rc);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		entry *e = NULL;
		int64_t id = sqlite3_column_int64(s, 0);
		rf_status est = entry_from_row(j, id, sqlite3_column_int64(s, 1),
					       sqlite3_column_int64(s, 4), sqlite3_column_int64(s, 2), sqlite3_column_blob(s, 3),
					       (size_t)sqlite3_column_bytes(s, 3), false, NULL, &e);
		if (est == RF_ERR_DAMAGED) {
			note_entry_damage(j, id);
			continue;
		}
		if (est != RF_OK) {
			st = est;
			break;
		}
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 256;
			entry **nv = ncap > SIZE_MAX / sizeof *nv ? NULL : realloc(v, ncap * sizeof *nv);
			if (nv == NULL) {
				entry_free(&e);
				st = RF_ERR_NOMEM;
				break;
			}
			v = nv;
			cap = ncap;
		}
		v[n++] = e;
	}
	if (st == RF_OK && rc != SQLITE_DONE)
		st = rf_from_sqlite(rc);
	sqlite3_finalize(s);
	if (st != RF_OK) {
		for (size_t i = 0; i < n; i++)
			entry_free(&v[i]);
		free(v);
		return st;
	}
	j->index = v;
	j->nindex = n;
	j->index_data_version = data_version(j);
	return RF_OK;
}

rf_status journal_count(journal *j, size_t *n)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(j->db, "SELECT COUNT(*) FROM entries", -1, &s, NULL);

	*n = 0;
	if (rc != SQLITE_OK)
		return rf_from_sqlite(rc);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*n = (size_t)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? RF_OK : rf_from_sqlite(rc);
}

static bool filter_empty(const entry_filter *f)
{
	return f == NULL || (!f->since && !f->until && !f->theme && !f->emotion && !f->family &&
			     !f->visit_type && !entry_filter_needs_body(f) && !f->flagged &&
			     !f->portfolio);
}

static int cmp_id64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* ---- opening texts on several threads ----
 * The caller's thread reads the rows (SQLite is used from it alone) and opens each entry's
 * metadata, which is small and says whether its texts are wanted at all. The texts are copied
 * sealed into a batch, then opened, unpacked and checked on the journal's threads (par.h), and
 * given to the visitor in order: what a person sees is the same on one thread or four. */

#define OPEN_FIRST 8	/* the first batch: a first screen or a --limit needs few */
#define OPEN_BATCH 128

typedef struct open_slot {
	entry *e; /* its metadata; whole once opened; NULL when left out */
	int64_t id, rev, seq, written;
	unsigned char *meta; /* the sealed metadata when it is opened there too (e NULL) */
	size_t mlen;
	unsigned char *body; /* the sealed texts, as read from the row (NULL: lost) */
	size_t blen;
	rf_status st;
	void *made;	/* what the worker's work made of it */
	unsigned owner; /* the thread that opened it (par_self) */
} open_slot;

typedef struct opener opener;

/* What a pool's thread made (an entry's texts, the work's result), kept after its visit to
 * be freed by that same thread on the batch's next run: glibc gives each thread an arena of
 * its own, and freeing into another's takes its lock while that thread works. */
typedef struct open_trash {
	entry *e;
	void *made;
	unsigned owner;
} open_trash;

#define TRASH_MAX (2 * OPEN_BATCH)

typedef struct open_batch {
	opener *o;
	open_slot v[OPEN_BATCH];
	size_t n;
	open_trash trash[TRASH_MAX];
	size_t ntrash;
	bool drained[PAR_MAX]; /* thread k has freed its trash in this run */
} open_batch;

/* Two batches: while the journal's threads open one, the caller reads the rows of the next
 * and visits the one before. */
struct opener {
	journal *j;
	const entry_filter *f;	     /* checked once the texts are open (NULL: every entry) */
	const entry_filter *meta_f;  /* checked once the metadata is open, when opened there */
	const char *search, *folded; /* a search's words, and folded (NULL: none) */
	const journal_worker *w;     /* NULL: visit with fn */
	journal_visit fn;
	void *ctx;
	size_t limit, shown; /* stop after limit visits (0: never) */
	bool stop;
	par_pool *pool;
	open_batch b[2];
	int cur;      /* the batch being filled */
	bool running; /* the other is out on the pool */
	size_t cap;   /* how many the batch being filled takes */
};

/* What a thread of the journal does before it ends: what it remembered of words (people's,
 * and the program's translations) is wiped and freed. */
static void thread_done(void)
{
	deid_thread_done();
	i18n_thread_done();
}

/* The journal's threads, made when first needed (none when they cannot be: one thread). */
static par_pool *journal_pool(journal *j)
{
	if (!j->pool_tried) {
		j->pool_tried = true;
		if (par_pool_new(par_threads(), thread_done, &j->pool) != RF_OK)
			j->pool = NULL;
	}
	return j->pool;
}

/* Free what an entry and its work's result hold (on whichever thread: ideally its owner). */
static void trash_free(opener *o, open_trash *t)
{
	if (t->made != NULL && o->w != NULL && o->w->drop != NULL)
		o->w->drop(t->made, o->w->ctx);
	entry_free(&t->e);
	t->made = NULL;
}

/* On thread k, in a run of b: free what k made in b's run before. */
static void trash_drain(opener *o, open_batch *b, unsigned k)
{
	for (size_t i = 0; i < b->ntrash; i++)
		if (b->trash[i].owner == k)
			trash_free(o, &b->trash[i]);
}

/* On the caller's thread, b not out: drop what has been freed; with all, free the rest too. */
static void trash_compact(opener *o, open_batch *b, bool all)
{
	size_t k = 0;

	for (size_t i = 0; i < b->ntrash; i++) {
		if (all)
			trash_free(o, &b->trash[i]);
		if (b->trash[i].e != NULL || b->trash[i].made != NULL)
			b->trash[k++] = b->trash[i];
	}
	b->ntrash = k;
}

/* On any thread: open slot i's texts, check it, and hand it to the work. */
static void open_one(void *vctx, size_t i)
{
	open_batch *b = vctx;
	opener *o = b->o;
	open_slot *s = &b->v[i];
	unsigned char *pt = NULL;
	size_t ptlen = 0;
	bool want = true;
	unsigned self = par_self();

	if (self != 0 && self < PAR_MAX && !b->drained[self]) {
		b->drained[self] = true;
		trash_drain(o, b, self);
	}
	s->owner = self;

	if (s->body == NULL) {
		entry_free(&s->e); /* its texts are lost (s->st says so) */
		return;
	}
	if (s->meta != NULL) {
		s->st = entry_from_row(o->j, s->id, s->rev, s->seq, s->written, s->meta, s->mlen,
				       false, NULL, &s->e);
		if (s->st != RF_OK)
			return;
		if (o->meta_f != NULL && !entry_matches(s->e, o->meta_f)) {
			entry_free(&s->e); /* left out by the metadata alone */
			return;
		}
	}
	s->st = unseal(o->j, KEY_ENTRIES, "entries", s->id, s->rev, s->seq, "body", s->body, s->blen,
		       &pt, &ptlen);
	if (s->st == RF_OK && o->folded != NULL) {
		/* unpacked only when it may hold the words (the metadata's own words count) */
		entry_filter fields = {0};
		fields.search = o->search;
		want = entry_packed_may_contain(pt, ptlen, o->folded) ||
		       entry_matches_folded(s->e, &fields, o->folded);
	}
	if (s->st == RF_OK && want && (s->st = entry_unpack(s->e, pt, ptlen)) == RF_ERR_PARSE)
		s->st = RF_ERR_DAMAGED;
	rcrypto_plain_free(&pt, ptlen);
	if (s->st != RF_OK || !want ||
	    (o->f != NULL && !(o->folded ? entry_matches_folded(s->e, o->f, o->folded)
					 : entry_matches(s->e, o->f)))) {
		entry_free(&s->e);
		return;
	}
	if (o->w != NULL && o->w->work != NULL)
		s->made = o->w->work(s->e, o->w->ctx);
}

/* Empty a batch: what the pool's threads made is kept for them to free (trash), the rest
 * freed here. */
static void batch_clear(opener *o, open_batch *b)
{
	trash_compact(o, b, false);
	for (size_t i = 0; i < b->n; i++) {
		open_slot *s = &b->v[i];
		open_trash t = {s->e, s->made, s->owner};
		if (s->owner != 0 && b->ntrash < TRASH_MAX)
			b->trash[b->ntrash++] = t;
		else
			trash_free(o, &t);
		free(s->body);
		free(s->meta);
		memset(s, 0, sizeof *s);
	}
	b->n = 0;
}

/* Visit an opened batch's entries in order: damage noted, the first failure returned. */
static rf_status batch_visit(opener *o, open_batch *b)
{
	rf_status st = RF_OK;

	for (size_t i = 0; i < b->n && st == RF_OK && !o->stop; i++) {
		open_slot *s = &b->v[i];
		if (s->st == RF_ERR_DAMAGED) {
			note_entry_damage(o->j, s->id);
		} else if (s->st != RF_OK) {
			st = s->st;
		} else if (s->e != NULL) {
			/* (the visit borrows what the work made: dropped later, by its maker) */
			if (o->w != NULL ? o->w->visit(s->e, s->made, o->w->ctx) != 0
					 : o->fn(s->e, o->ctx) != 0)
				o->stop = true;
			else if (o->limit > 0 && ++o->shown >= o->limit)
				o->stop = true;
		}
	}
	batch_clear(o, b);
	return st;
}

/* The batch being filled goes out to the pool; the one out before is waited for first and
 * visited while this one is opened. */
static rf_status opener_turn(opener *o)
{
	open_batch *mine = &o->b[o->cur], *before = &o->b[!o->cur];
	bool had = o->running;
	rf_status st = RF_OK;

	if (o->pool == NULL && (o->pool = journal_pool(o->j)) == NULL) {
		/* no threads: opened and visited at once */
		par_pool_run(NULL, mine->n, open_one, mine);
		return batch_visit(o, mine);
	}
	if (had)
		par_pool_wait(o->pool);
	o->running = false;
	if (mine->n > 0) {
		memset(mine->drained, 0, sizeof mine->drained);
		par_pool_start(o->pool, mine->n, open_one, mine);
		o->running = true;
		o->cur = !o->cur;
	}
	if (had)
		st = batch_visit(o, before);
	o->cap = o->cap * 2 > OPEN_BATCH ? OPEN_BATCH : o->cap * 2;
	return st;
}

/* At the end of the rows: everything still out opened and visited, in order. */
static rf_status opener_flush(opener *o)
{
	rf_status st = RF_OK;

	if (o->b[o->cur].n > 0 || o->running)
		st = opener_turn(o); /* the last batch goes out, the one before is visited */
	if (o->running) {
		par_pool_wait(o->pool);
		o->running = false;
		if (st == RF_OK && !o->stop)
			st = batch_visit(o, &o->b[!o->cur]);
	}
	return st;
}

/* An opener for fn (or, with w, for w's work and visit); NULL: no memory. */
static opener *opener_new(journal *j, const entry_filter *f, const char *search,
			  const char *folded, const journal_worker *w, journal_visit fn, void *ctx,
			  size_t limit)
{
	opener *o = calloc(1, sizeof *o);

	if (o == NULL)
		return NULL;
	o->j = j;
	o->f = f;
	o->search = folded ? search : NULL;
	o->folded = folded;
	o->w = w;
	o->fn = fn;
	o->ctx = ctx;
	o->limit = limit;
	o->cap = OPEN_FIRST;
	o->b[0].o = o->b[1].o = o;
	return o;
}

/* Free o, with what it still holds unvisited (waiting for a batch still out). */
static void opener_end(opener *o)
{
	if (o == NULL)
		return;
	if (o->running)
		par_pool_wait(o->pool);
	batch_clear(o, &o->b[0]);
	batch_clear(o, &o->b[1]);
	trash_compact(o, &o->b[0], true);
	trash_compact(o, &o->b[1], true);
	free(o);
}

/* Take a row of (id, rev, written, meta, seq), its metadata already open in *e (which the
 * batch now owns) or, with e NULL, to be opened on the pool: its sealed texts are read, and
 * the batch sent out when full. */
static rf_status opener_take(opener *o, entry **e, sqlite3_stmt *row)
{
	int64_t id = sqlite3_column_int64(row, 0), rev = sqlite3_column_int64(row, 1);
	int64_t seq = sqlite3_column_int64(row, 4);
	sqlite3_stmt *b = cached(o->j, SQL_GET_BODY);
	open_batch *bt = &o->b[o->cur];
	open_slot *s = &bt->v[bt->n];
	rf_status st = RF_OK;
	int rc;

	if (b == NULL) {
		entry_free(e);
		return rf_from_sqlite(sqlite3_errcode(o->j->db));
	}
	if (e == NULL) {
		const void *m = sqlite3_column_blob(row, 3);
		s->mlen = (size_t)sqlite3_column_bytes(row, 3);
		s->written = sqlite3_column_int64(row, 2);
		if ((s->meta = malloc(s->mlen ? s->mlen : 1)) == NULL)
			return RF_ERR_NOMEM;
		if (s->mlen > 0)
			memcpy(s->meta, m, s->mlen);
	}
	sqlite3_bind_int64(b, 1, id);
	rc = sqlite3_step(b);
	if (rc == SQLITE_ROW) {
		const void *p = sqlite3_column_blob(b, 0);
		s->blen = (size_t)sqlite3_column_bytes(b, 0);
		if ((s->body = malloc(s->blen ? s->blen : 1)) == NULL)
			st = RF_ERR_NOMEM;
		else if (s->blen > 0)
			memcpy(s->body, p, s->blen);
	} else if (rc == SQLITE_DONE) {
		s->st = RF_ERR_DAMAGED; /* a lost body: noted in its turn (no texts to open) */
	} else {
		st = rf_from_sqlite(rc);
	}
	sqlite3_reset(b);
	if (st != RF_OK) {
		free(s->body);
		free(s->meta);
		memset(s, 0, sizeof *s);
		entry_free(e);
		return st;
	}
	if (e != NULL) {
		s->e = *e;
		*e = NULL;
	}
	s->id = id;
	s->rev = rev;
	s->seq = seq;
	if (++bt->n >= o->cap)
		return opener_turn(o);
	return RF_OK;
}

/* fn, or w's work and visit, on the caller's thread. */
static int visit_now(const journal_worker *w, journal_visit fn, void *ctx, const entry *e)
{
	void *made;
	int r;

	if (w == NULL)
		return fn(e, ctx);
	made = w->work != NULL ? w->work(e, w->ctx) : NULL;
	r = w->visit(e, made, w->ctx);
	if (made != NULL && w->drop != NULL)
		w->drop(made, w->ctx);
	return r;
}

static rf_status each_in_order(journal *j, const entry_filter *f, bool want_body, bool oldest,
			       size_t limit, const journal_worker *w, journal_visit fn, void *ctx)
{
	bool body = want_body || entry_filter_needs_body(f);
	bool cut = limit > 0 && filter_empty(f);
	entry_filter meta_only = f ? *f : (entry_filter){0};
	char *folded = NULL;
	sqlite3_stmt *s = NULL, *order = NULL;
	int64_t *cand = NULL;
	size_t ncand = 0, visited = 0;
	bool use_cand = false, scan_cand = false, meta_there;
	opener *op = NULL;
	rf_status st = RF_OK;
	size_t shown = 0;
	int rc;

	if (!body && j->index != NULL && j->index_data_version != data_version(j))
		index_drop(j); /* another process changed the journal */
	if (!body && j->index != NULL) {
		for (size_t k = 0; k < j->nindex; k++) {
			entry *e = j->index[oldest ? j->nindex - 1 - k : k];
			if (entry_matches(e, f) &&
			    (visit_now(w, fn, ctx, e) != 0 || (limit && ++shown >= limit)))
				break;
		}
		return RF_OK;
	}
	/* A search or a theme or feeling asks the search index which entries may pass: only
	 * those are read (in order, through the index on (written, id)) and checked. */
	/* A row that does not authenticate is named, the index built again, and asked again. */
	for (int tries = 0; tries < 2 && !use_cand && j->sidx_pending == NULL &&
			    (entry_filter_needs_body(f) || (f != NULL && (f->theme || f->emotion))) &&
			    index_usable(j);
	     tries++) {
		sidx x;
		int64_t bad = 0;
		rf_status cst = sidx_of(j, &x);
		if (cst == RF_OK)
			cst = sidx_candidates(&x, f, &cand, &ncand, &bad);
		if (cst == RF_OK) {
			use_cand = true;
		} else if (cst == RF_ERR_DAMAGED) {
			note_index_damage(j, bad);
			j->sidx_ready = false;
			j->sidx_rebuild = true;
		} else if (cst == RF_ERR_INVALID) {
			break;
		} else {
			return cst;
		}
	}
	/* Many candidates: one pass in order over the rows, those not named skipped before
	 * anything is decrypted; few: each looked up by its number. */
	if (use_cand) {
		int64_t total = 0;
		if (sql_int(j, "SELECT COUNT(*) FROM entries", &total) == RF_OK &&
		    (int64_t)ncand * 6 > total) {
			scan_cand = true;
			use_cand = false;
		}
	}
	if (use_cand) {
		rc = sqlite3_prepare_v2(j->db,
					oldest ? "SELECT id FROM entries ORDER BY written, id"
					       : "SELECT id FROM entries ORDER BY written DESC, id DESC",
					-1, &order, NULL);
		if (rc == SQLITE_OK)
			rc = sqlite3_prepare_v2(
				j->db, "SELECT id, rev, written, meta, seq FROM entries WHERE id = ?1",
				-1, &s, NULL);
		if (rc != SQLITE_OK) {
			sqlite3_finalize(order);
			free(cand);
			return rf_from_sqlite(rc);
		}
	} else {
	/* Without conditions, the newest (or oldest) few are cut in SQL, through the index on
	 * (written, id): only they are read and decrypted. */
	rc = sqlite3_prepare_v2(
		j->db,
		oldest ? (cut ? "SELECT id, rev, written, meta, seq FROM entries ORDER BY written, id "
				"LIMIT ?1"
			      : "SELECT id, rev, written, meta, seq FROM entries ORDER BY written, id")
		       : (cut ? "SELECT id, rev, written, meta, seq FROM entries "
				"ORDER BY written DESC, id DESC LIMIT ?1"
			      : "SELECT id, rev, written, meta, seq FROM entries "
				"ORDER BY written DESC, id DESC"),
		-1, &s, NULL);
	if (rc != SQLITE_OK) {
		free(cand);
		return rf_from_sqlite(rc);
	}
	}
	if (cut)
		sqlite3_bind_int64(s, 1, limit > INT64_MAX ? INT64_MAX : (sqlite3_int64)limit);
	if (entry_filter_needs_body(f) && (folded = text_fold(f->search)) == NULL) {
		sqlite3_finalize(s);
		sqlite3_finalize(order);
		free(cand);
		return RF_ERR_NOMEM;
	}
	meta_only.search = NULL;
	/* When the index named the candidates (or nothing but the texts narrows them), the
	 * metadata is opened on the threads too: few rows are read for nothing. Otherwise the
	 * metadata, opened here, decides whose texts are read at all. */
	meta_there = use_cand || scan_cand || filter_empty(&meta_only);
	if ((op = opener_new(j, f, f ? f->search : NULL, folded, w, fn, ctx,
			     cut ? 0 : limit)) == NULL) {
		sqlite3_finalize(s);
		sqlite3_finalize(order);
		free(cand);
		free(folded);
		return RF_ERR_NOMEM;
	}
	op->meta_f = &meta_only;
	for (;;) {
		entry *e = NULL;
		if (use_cand) {
			/* the next candidate in order; done when every one was met */
			int64_t want = 0;
			bool found = false;
			int orc = SQLITE_DONE;
			while (visited < ncand && (orc = sqlite3_step(order)) == SQLITE_ROW) {
				want = sqlite3_column_int64(order, 0);
				if (bsearch(&want, cand, ncand, sizeof *cand, cmp_id64) != NULL) {
					found = true;
					break;
				}
			}
			if (!found) {
				rc = orc == SQLITE_ROW ? SQLITE_DONE : orc;
				break;
			}
			visited++;
			sqlite3_reset(s);
			sqlite3_bind_int64(s, 1, want);
			if ((rc = sqlite3_step(s)) == SQLITE_DONE)
				continue; /* gone meanwhile */
		} else {
			rc = sqlite3_step(s);
			if (rc == SQLITE_ROW && scan_cand) {
				int64_t id = sqlite3_column_int64(s, 0);
				if (bsearch(&id, cand, ncand, sizeof *cand, cmp_id64) == NULL)
					continue; /* not a candidate: not decrypted */
			}
		}
		if (rc != SQLITE_ROW)
			break;
		int64_t id = sqlite3_column_int64(s, 0);
		rf_status est;
		int stop;
		if (body && meta_there) {
			/* the rows the index named, or all of them: opened whole on the threads */
			if ((st = opener_take(op, NULL, s)) != RF_OK || op->stop)
				break;
			continue;
		}
		est = entry_from_row(j, id, sqlite3_column_int64(s, 1), sqlite3_column_int64(s, 4),
				     sqlite3_column_int64(s, 2), sqlite3_column_blob(s, 3),
				     (size_t)sqlite3_column_bytes(s, 3), false, NULL, &e);
		if (est == RF_OK && body) {
			/* the texts of those the metadata lets through, opened on the threads */
			if (!entry_matches(e, &meta_only)) {
				entry_free(&e);
				continue;
			}
			if ((st = opener_take(op, &e, s)) != RF_OK || op->stop)
				break;
			continue;
		}
		if (est == RF_ERR_DAMAGED) {
			note_entry_damage(j, id);
			continue;
		}
		if (est != RF_OK) {
			st = est;
			break;
		}
		if (e == NULL)
			continue; /* left out by the metadata alone */
		stop = 0;
		if (folded ? entry_matches_folded(e, f, folded) : entry_matches(e, f)) {
			stop = visit_now(w, fn, ctx, e);
			if (!cut && limit > 0 && ++shown >= limit)
				stop = 1;
		}
		entry_free(&e);
		if (stop)
			break;
	}
	if (st == RF_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
		st = rf_from_sqlite(rc);
	if (st == RF_OK && !op->stop)
		st = opener_flush(op);
	opener_end(op);
	sqlite3_finalize(s);
	sqlite3_finalize(order);
	free(cand);
	free(folded);
	return st;
}

rf_status journal_each(journal *j, const entry_filter *f, bool want_body, journal_visit fn,
		       void *ctx)
{
	return each_in_order(j, f, want_body, false, 0, NULL, fn, ctx);
}

rf_status journal_each_newest(journal *j, const entry_filter *f, bool want_body, size_t limit,
			      journal_visit fn, void *ctx)
{
	return each_in_order(j, f, want_body, false, limit, NULL, fn, ctx);
}

rf_status journal_each_made(journal *j, const entry_filter *f, bool want_body,
			    const journal_worker *w)
{
	return each_in_order(j, f, want_body, false, 0, w, NULL, NULL);
}

rf_status journal_each_oldest_made(journal *j, const entry_filter *f, bool want_body,
				   const journal_worker *w)
{
	return each_in_order(j, f, want_body, true, 0, w, NULL, NULL);
}

rf_status journal_each_newest_made(journal *j, const entry_filter *f, bool want_body, size_t limit,
				   const journal_worker *w)
{
	return each_in_order(j, f, want_body, false, limit, w, NULL, NULL);
}

rf_status journal_each_oldest(journal *j, const entry_filter *f, bool want_body,
			      journal_visit fn, void *ctx)
{
	return each_in_order(j, f, want_body, true, 0, NULL, fn, ctx);
}

rf_status journal_import(journal *j, entry *const *v, size_t n, size_t *added, size_t *skipped)
{
	sqlite3_stmt *s = NULL;
	rf_status st;
	size_t a = 0, k = 0;
	dstate d;
	entry **fresh = NULL;

	*added = 0;
	*skipped = 0;
	if (n > 0 && (fresh = calloc(n, sizeof *fresh)) == NULL)
		return RF_ERR_NOMEM;
	st = journal_begin(j);
	if (st != RF_OK) {
		free(fresh);
		return st;
	}
	st = rf_from_sqlite(sqlite3_prepare_v2(j->db, "SELECT 1 FROM entries WHERE fp = ?", -1, &s, NULL));
	if (st == RF_OK)
		st = dstate_load(j, &d);
	for (size_t i = 0; i < n && st == RF_OK; i++) {
		unsigned char fp[16];
		int rc;
		st = fingerprint(j, v[i], fp);
		if (st != RF_OK)
			break;
		sqlite3_reset(s);
		/* A failed bind keeps the previous entry's fingerprint bound: this one would be
		 * taken for a duplicate of it and silently left out. */
		rc = sqlite3_bind_blob(s, 1, fp, sizeof fp, SQLITE_TRANSIENT);
		if (rc != SQLITE_OK) {
			st = rf_from_sqlite(rc);
			break;
		}
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			k++;
			continue;
		}
		if (rc != SQLITE_DONE) {
			st = rf_from_sqlite(rc);
			break;
		}
		int64_t seq = (int64_t)d.next_seq++;
		v[i]->id = (int64_t)d.next_entry++;
		v[i]->rev = 1;
		/* the fingerprint leaves out the id and revision just given (no ENTRY_PACK_ID) */
		st = write_entry(j, v[i], seq, true, fp);
		dstate_change(j, &d, "entries", v[i]->id, "entry", 0, 0, 1, seq);
		fresh[a++] = v[i];
	}
	sqlite3_finalize(s);
	/* One digest update for the whole batch, in the same transaction. */
	if (st == RF_OK && a > 0)
		st = dstate_write(j, &d);
	/* and one update of the search index (entries skipped have no id) */
	if (st == RF_OK && a > 0)
		st = index_words(j, NULL, 0, fresh, a);
	free(fresh);
	st = finish(j, st);
	if (st != RF_OK)
		return st;
	index_drop(j);
	*added = a;
	*skipped = k;
	return RF_OK;
}

/* ---- drafts ----
 * Sealed plaintext: "RFD2", started (8), step (8), field (8), then the packed entry (with its
 * id: the entry being changed, 0 for a new reflection). */

#define DRAFT_MAGIC "RFD2"
#define DRAFT_HEAD (4 + 3 * 8)

static rf_status draft_seal_plain(const entry *e, int64_t started, int step, int field,
				  unsigned char **out, size_t *outlen)
{
	unsigned char *packed = NULL, *buf;
	size_t plen = 0;
	rf_status st = entry_pack(e, ENTRY_PACK_ALL | ENTRY_PACK_ID, &packed, &plen);

	*out = NULL;
	*outlen = 0;
	if (st != RF_OK)
		return st;
	buf = malloc(DRAFT_HEAD + plen);
	if (buf == NULL) {
		entry_free_packed(&packed, plen);
		return RF_ERR_NOMEM;
	}
	memcpy(buf, DRAFT_MAGIC, 4);
	put64(buf + 4, (uint64_t)started);
	put64(buf + 12, (uint64_t)(int64_t)step);
	put64(buf + 20, (uint64_t)(int64_t)field);
	memcpy(buf + DRAFT_HEAD, packed, plen);
	entry_free_packed(&packed, plen);
	*out = buf;
	*outlen = DRAFT_HEAD + plen;
	return RF_OK;
}

/* Unseal a draft row into *out and info. */
static rf_status draft_from_row(journal *j, int64_t id, int64_t rev, int64_t seq, const void *data,
				size_t dlen, entry **out, journal_draft_info *info)
{
	unsigned char *pt = NULL;
	size_t ptlen = 0;
	entry *e = NULL;
	rf_status st;

	*out = NULL;
	st = unseal(j, KEY_DRAFTS, "drafts", id, rev, seq, "draft", data, dlen, &pt, &ptlen);
	if (st == RF_OK) {
		journal_draft_info in = {.id = id};
		const unsigned char *body = pt;
		size_t blen = ptlen;
		if (ptlen >= DRAFT_HEAD && memcmp(pt, DRAFT_MAGIC, 4) == 0) {
			in.started = (int64_t)get64(pt + 4);
			in.step = (int)(int64_t)get64(pt + 12);
			in.field = (int)(int64_t)get64(pt + 20);
			body = pt + DRAFT_HEAD;
			blen = ptlen - DRAFT_HEAD;
		} else if (!j->legacy) {
			st = RF_ERR_DAMAGED;
		}
		if (st == RF_OK) {
			e = entry_new();
			st = e == NULL ? RF_ERR_NOMEM : entry_unpack(e, body, blen);
		}
		if (st == RF_ERR_PARSE)
			st = RF_ERR_DAMAGED;
		if (st == RF_OK && info != NULL)
			*info = in;
	}
	if (st == RF_ERR_DAMAGED)
		add_damage(j, "drafts", id, "a saved draft does not authenticate");
	rcrypto_plain_free(&pt, ptlen);
	if (st != RF_OK)
		entry_free(&e);
	*out = e;
	return st;
}

rf_status journal_draft_put(journal *j, int64_t *id, const entry *e, int step, int field)
{
	unsigned char *plain = NULL, *sealed = NULL;
	size_t plen = 0, slen = 0;
	int64_t rev = 0, oseq = 0, seq, did = *id, started = (int64_t)time(NULL);
	sqlite3_stmt *s = NULL;
	dstate d;
	rf_status st;
	int rc;

	st = journal_begin(j);
	if (st != RF_OK)
		return st;
	if (did != 0) {
		entry *old = NULL;
		journal_draft_info in;
		st = row_rev(j, "SELECT rev, seq FROM drafts WHERE id = ?", did, &rev, &oseq);
		if (st == RF_OK) {
			/* keep when it was started */
			st = journal_draft_get(j, did, &old, &in);
			if (st == RF_OK)
				started = in.started;
			else if (st == RF_ERR_DAMAGED)
				st = RF_OK;
			entry_free(&old);
		}
	}
	if (st == RF_OK)
		st = dstate_load(j, &d);
	if (st == RF_OK) {
		if (did == 0)
			did = (int64_t)d.next_draft++;
		seq = (int64_t)d.next_seq++;
		st = draft_seal_plain(e, started, step, field, &plain, &plen);
	}
	if (st == RF_OK)
		st = seal(j, KEY_DRAFTS, "drafts", did, rev + 1, seq, "draft", plain, plen, &sealed,
			  &slen);
	if (st == RF_OK) {
		rc = sqlite3_prepare_v2(
			j->db, "INSERT OR REPLACE INTO drafts (id, rev, data, seq) VALUES (?, ?, ?, ?)",
			-1, &s, NULL);
		if (rc == SQLITE_OK) {
			sqlite3_bind_int64(s, 1, did);
			sqlite3_bind_int64(s, 2, rev + 1);
			sqlite3_bind_blob(s, 3, sealed, (int)slen, SQLITE_STATIC);
			sqlite3_bind_int64(s, 4, seq);
			rc = sqlite3_step(s);
			sqlite3_finalize(s);
		}
		st = rc == SQLITE_DONE ? RF_OK : rf_from_sqlite(rc);
	}
	if (st == RF_OK) {
		dstate_change(j, &d, "drafts", did, "draft", rev, oseq, rev + 1, seq);
		st = dstate_write(j, &d);
	}
	st = finish(j, st);
	if (st == RF_OK)
		*id = did;
	free(sealed);
	if (plain != NULL)
		rcrypto_plain_free(&plain, plen);
	return st;
}

rf_status journal_draft_get(journal *j, int64_t id, entry **out, journal_draft_info *info)
{
	sqlite3_stmt *s = NULL;
	rf_status st;
	int rc;

	*out = NULL;
	rc = sqlite3_prepare_v2(j->db, "SELECT rev, data, seq FROM drafts WHERE id = ?", -1, &s,
				NULL);
	if (rc != SQLITE_OK)
		return rf_from_sqlite(rc);
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(s);
		return rc == SQLITE_DONE ? RF_ERR_NOT_FOUND : rf_from_sqlite(rc);
	}
	st = draft_from_row(j, id, sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 2),
			    sqlite3_column_blob(s, 1), (size_t)sqlite3_column_bytes(s, 1), out, info);
	sqlite3_finalize(s);
	return st;
}

rf_status journal_draft_each(journal *j, journal_draft_visit fn, void *ctx)
{
	sqlite3_stmt *s = NULL;
	rf_status st = RF_OK;
	int rc = sqlite3_prepare_v2(j->db, "SELECT id, rev, data, seq FROM drafts ORDER BY id", -1,
				    &s, NULL);

	if (rc != SQLITE_OK)
		return rf_from_sqlite(rc);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		entry *e = NULL;
		journal_draft_info in;
		int stop;
		rf_status est = draft_from_row(j, sqlite3_column_int64(s, 0),
					       sqlite3_column_int64(s, 1), sqlite3_column_int64(s, 3),
					       sqlite3_column_blob(s, 2),
					       (size_t)sqlite3_column_bytes(s, 2), &e, &in);
		if (est == RF_ERR_DAMAGED)
			continue;
		if (est != RF_OK) {
			st = est;
			break;
		}
		stop = fn(&in, e, ctx);
		entry_free(&e);
		if (stop)
			break;
	}
	if (st == RF_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
		st = rf_from_sqlite(rc);
	sqlite3_finalize(s);
	return st;
}

rf_status journal_draft_delete(journal *j, int64_t id)
{
	sqlite3_stmt *s = NULL;
	int64_t rev = 0, seq = 0;
	dstate d;
	rf_status st = journal_begin(j);
	int rc;

	if (st != RF_OK)
		return st;
	st = row_rev(j, "SELECT rev, seq FROM drafts WHERE id = ?", id, &rev, &seq);
	if (st == RF_OK) {
		rc = sqlite3_prepare_v2(j->db, "DELETE FROM drafts WHERE id = ?", -1, &s, NULL);
		if (rc == SQLITE_OK) {
			sqlite3_bind_int64(s, 1, id);
			rc = sqlite3_step(s);
			sqlite3_finalize(s);
		}
		st = rc == SQLITE_DONE ? RF_OK : rf_from_sqlite(rc);
	}
	if (st == RF_OK)
		st = dstate_load(j, &d);
	if (st == RF_OK) {
		dstate_change(j, &d, "drafts", id, "draft", rev, seq, 0, 0);
		st = dstate_write(j, &d);
	}
	return finish(j, st);
}

rf_status journal_draft_count(journal *j, size_t *n)
{
	int64_t v = 0;
	rf_status st = sql_int(j, "SELECT COUNT(*) FROM drafts", &v);

	*n = (size_t)v;
	return st;
}

rf_status journal_draft_save(journal *j, const entry *e)
{
	int64_t id = 0;

	return journal_draft_put(j, &id, e, 0, 0);
}

rf_status journal_draft_load(journal *j, entry **out)
{
	int64_t id = 0;
	rf_status st = sql_int(j, "SELECT COALESCE(MAX(id), 0) FROM drafts", &id);

	*out = NULL;
	if (st != RF_OK)
		return st;
	if (id == 0)
		return RF_ERR_NOT_FOUND;
	return journal_draft_get(j, id, out, NULL);
}

rf_status journal_draft_clear(journal *j)
{
	sqlite3_stmt *s = NULL;
	rf_status st;
	int64_t *ids = NULL;
	size_t n = 0;
	int rc = sqlite3_prepare_v2(j->db, "SELECT id FROM drafts", -1, &s, NULL);

	if (rc != SQLITE_OK)
		return rf_from_sqlite(rc);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t *v = realloc(ids, (n + 1) * sizeof *v);
		if (v == NULL)
			break;
		ids = v;
		ids[n++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_finalize(s);
	st = rc == SQLITE_DONE ? RF_OK : rc == SQLITE_ROW ? RF_ERR_NOMEM : rf_from_sqlite(rc);
	if (st == RF_OK)
		st = journal_begin(j);
	if (st == RF_OK) {
		for (size_t i = 0; i < n && st == RF_OK; i++)
			st = journal_draft_delete(j, ids[i]);
		st = finish(j, st);
	}
	free(ids);
	return st;
}

/* ---- items ---- */

rf_status journal_item_put(journal *j, const char *kind, int64_t *id, const void *data, size_t len)
{
	unsigned char *sealed = NULL;
	size_t slen = 0;
	int64_t rev = 0, oseq = 0, seq = 0, rid = *id;
	sqlite3_stmt *s = NULL;
	dstate d;
	rf_status st;
	int rc = SQLITE_OK;

	if (kind == NULL || *kind == '\0' || strlen(kind) > 32)
		return RF_ERR_INVALID;
	st = journal_begin(j);
	if (st != RF_OK)
		return st;
	if (rid != 0) {
		sqlite3_stmt *q = NULL;
		rc = sqlite3_prepare_v2(j->db, "SELECT rev, seq FROM items WHERE id = ? AND kind = ?",
					-1, &q, NULL);
		if (rc == SQLITE_OK) {
			sqlite3_bind_int64(q, 1, rid);
			sqlite3_bind_text(q, 2, kind, -1, SQLITE_STATIC);
			rc = sqlite3_step(q);
			if (rc == SQLITE_ROW) {
				rev = sqlite3_column_int64(q, 0);
				oseq = sqlite3_column_int64(q, 1);
			}
			sqlite3_finalize(q);
		}
		st = rc == SQLITE_ROW ? RF_OK : rc == SQLITE_DONE ? RF_ERR_NOT_FOUND : rf_from_sqlite(rc);
	}
	if (st == RF_OK)
		st = dstate_load(j, &d);
	if (st == RF_OK) {
		if (rid == 0)
			rid = (int64_t)d.next_item++;
		seq = (int64_t)d.next_seq++;
		st = seal(j, KEY_ITEMS, "items", rid, rev + 1, seq, kind, data, len, &sealed, &slen);
	}
	if (st == RF_OK) {
		rc = sqlite3_prepare_v2(j->db,
					"INSERT OR REPLACE INTO items (id, kind, rev, data, seq) "
					"VALUES (?, ?, ?, ?, ?)",
					-1, &s, NULL);
		if (rc == SQLITE_OK) {
			sqlite3_bind_int64(s, 1, rid);
			sqlite3_bind_text(s, 2, kind, -1, SQLITE_STATIC);
			sqlite3_bind_int64(s, 3, rev + 1);
			sqlite3_bind_blob(s, 4, sealed, (int)slen, SQLITE_STATIC);
			sqlite3_bind_int64(s, 5, seq);
			rc = sqlite3_step(s);
			sqlite3_finalize(s);
		}
		st = rc == SQLITE_DONE ? RF_OK : rf_from_sqlite(rc);
	}
	if (st == RF_OK) {
		dstate_change(j, &d, "items", rid, kind, rev, oseq, rev + 1, seq);
		st = dstate_write(j, &d);
	}
	free(sealed);
	st = finish(j, st);
	if (st == RF_OK)
		*id = rid;
	return st;
}

static void note_item_damage(journal *j, int64_t id, const char *kind)
{
	char what[160];

	snprintf(what, sizeof what, "a %.40s record does not authenticate: altered or damaged", kind);
	add_damage(j, "items", id, what);
}

rf_status journal_item_each(journal *j, const char *kind, journal_item_visit fn, void *ctx)
{
	sqlite3_stmt *s = NULL;
	rf_status st = RF_OK;
	int rc = sqlite3_prepare_v2(
		j->db, "SELECT id, rev, data, seq FROM items WHERE kind = ? ORDER BY id", -1, &s, NULL);

	if (rc != SQLITE_OK)
		return rf_from_sqlite(rc);
	sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		unsigned char *pt = NULL;
		size_t ptlen = 0;
		int64_t id = sqlite3_column_int64(s, 0);
		int stop;
		rf_status est = unseal(j, KEY_ITEMS, "items", id, sqlite3_column_int64(s, 1),
				       sqlite3_column_int64(s, 3), kind, sqlite3_column_blob(s, 2), (size_t)sqlite3_column_bytes(s, 2),
				       &pt, &ptlen);
		if (est == RF_ERR_DAMAGED) {
			note_item_damage(j, id, kind);
			continue;
		}
		if (est != RF_OK) {
			st = est;
			break;
		}
		stop = fn(id, (const char *)pt, ptlen, ctx);
		rcrypto_plain_free(&pt, ptlen);
		if (stop)
			break;
	}
	if (st == RF_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
		st = rf_from_sqlite(rc);
	sqlite3_finalize(s);
	return st;
}

rf_status journal_item_get(journal *j, const char *kind, int64_t id, char **data, size_t *len)
{
	sqlite3_stmt *s = NULL;
	rf_status st;
	int rc = sqlite3_prepare_v2(j->db, "SELECT rev, data, seq FROM items WHERE id = ? AND kind = ?",
				    -1, &s, NULL);

	*data = NULL;
	*len = 0;
	if (rc != SQLITE_OK)
		return rf_from_sqlite(rc);
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, kind, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		st = unseal(j, KEY_ITEMS, "items", id, sqlite3_column_int64(s, 0),
			    sqlite3_column_int64(s, 2), kind, sqlite3_column_blob(s, 1), (size_t)sqlite3_column_bytes(s, 1),
			    (unsigned char **)data, len);
		if (st == RF_ERR_DAMAGED)
			note_item_damage(j, id, kind);
	} else {
		st = rc == SQLITE_DONE ? RF_ERR_NOT_FOUND : rf_from_sqlite(rc);
	}
	sqlite3_finalize(s);
	return st;
}

rf_status journal_item_delete(journal *j, const char *kind, int64_t id)
{
	sqlite3_stmt *s = NULL;
	int64_t rev = 0, seq = 0;
	dstate d;
	rf_status st = journal_begin(j);
	int rc;

	if (st != RF_OK)
		return st;
	rc = sqlite3_prepare_v2(j->db, "SELECT rev, seq FROM items WHERE id = ? AND kind = ?", -1, &s,
				NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_text(s, 2, kind, -1, SQLITE_STATIC);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			rev = sqlite3_column_int64(s, 0);
			seq = sqlite3_column_int64(s, 1);
		}
		sqlite3_finalize(s);
	}
	st = rc == SQLITE_ROW ? RF_OK : rc == SQLITE_DONE ? RF_ERR_NOT_FOUND : rf_from_sqlite(rc);
	if (st == RF_OK) {
		rc = sqlite3_prepare_v2(j->db, "DELETE FROM items WHERE id = ?", -1, &s, NULL);
		if (rc == SQLITE_OK) {
			sqlite3_bind_int64(s, 1, id);
			rc = sqlite3_step(s);
			sqlite3_finalize(s);
		}
		st = rc == SQLITE_DONE ? RF_OK : rf_from_sqlite(rc);
	}
	if (st == RF_OK)
		st = dstate_load(j, &d);
	if (st == RF_OK) {
		dstate_change(j, &d, "items", id, kind, rev, seq, 0, 0);
		st = dstate_write(j, &d);
	}
	return finish(j, st);
}

/* ---- sealing everything again: on upgrade (same keys, schema 1 records read) and on passwd
 * (new master key) ---- */

static rf_status ids_of(journal *j, const char *sql, int64_t **out, size_t *n)
{
	sqlite3_stmt *s = NULL;
	int64_t *v = NULL;
	size_t cap = 0;
	int rc = sqlite3_prepare_v2(j->db, sql, -1, &s, NULL);

	*out = NULL;
	*n = 0;
	if (rc != SQLITE_OK)
		return rf_from_sqlite(rc);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			size_t nc = cap ? cap * 2 : 256;
			int64_t *nv = realloc(v, nc * sizeof *nv);
			if (nv == NULL) {
				sqlite3_finalize(s);
				free(v);
				return RF_ERR_NOMEM;
			}
			v = nv;
			cap = nc;
		}
		v[(*n)++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		free(v);
		*n = 0;
		return rf_from_sqlite(rc);
	}
	*out = v;
	return RF_OK;
}

static rf_status stmt_prepare(journal *j, const char *sql, sqlite3_stmt **s)
{
	return rf_from_sqlite(sqlite3_prepare_v2(j->db, sql, -1, s, NULL));
}

/* Entries: both halves opened with the journal's keys and sealed under nk with a fresh
 * sequence number; the fingerprint is made again when the keys change. A row that does not
 * open is left as it is (and keeps showing as damaged). */
static rf_status reseal_entries(journal *j, unsigned char *const *nk, dstate *d, bool new_keys)
{
	int rc;
	sqlite3_stmt *get = NULL, *up = NULL, *upb = NULL;
	int64_t *ids = NULL;
	size_t n = 0;
	rf_status st = ids_of(j, "SELECT id FROM entries", &ids, &n);

	if (st == RF_OK)
		st = stmt_prepare(j,
				  "SELECT e.rev, e.seq, e.meta, b.body FROM entries e "
				  "LEFT JOIN entry_bodies b ON b.id = e.id WHERE e.id = ?",
				  &get);
	if (st == RF_OK)
		st = stmt_prepare(j, "UPDATE entries SET seq = ?2, fp = COALESCE(?3, fp), meta = ?4 "
				     "WHERE id = ?1",
				  &up);
	if (st == RF_OK)
		st = stmt_prepare(j, "UPDATE entry_bodies SET body = ?2 WHERE id = ?1", &upb);
	for (size_t i = 0; i < n && st == RF_OK; i++) {
		unsigned char *mp = NULL, *bp = NULL, *sm = NULL, *sb = NULL, fp[16];
		size_t mlen = 0, blen = 0, smlen = 0, sblen = 0;
		int64_t rev, seq, nseq;
		bool have_fp = false;
		rf_status est;
		sqlite3_reset(get);
		sqlite3_bind_int64(get, 1, ids[i]);
		rc = sqlite3_step(get);
		if (rc != SQLITE_ROW) {
			if (rc != SQLITE_DONE)
				st = rf_from_sqlite(rc);
			continue;
		}
		rev = sqlite3_column_int64(get, 0);
		seq = sqlite3_column_int64(get, 1);
		est = unseal(j, KEY_ENTRIES, "entries", ids[i], rev, seq, "meta",
			     sqlite3_column_blob(get, 2), (size_t)sqlite3_column_bytes(get, 2), &mp,
			     &mlen);
		if (est == RF_OK)
			est = sqlite3_column_type(get, 3) == SQLITE_NULL
				      ? RF_ERR_DAMAGED
				      : unseal(j, KEY_ENTRIES, "entries", ids[i], rev, seq, "body",
					       sqlite3_column_blob(get, 3),
					       (size_t)sqlite3_column_bytes(get, 3), &bp, &blen);
		if (est == RF_OK && new_keys) {
			entry *e = entry_new();
			unsigned char *all = NULL;
			size_t alen = 0;
			est = e == NULL ? RF_ERR_NOMEM : entry_unpack(e, mp, mlen);
			if (est == RF_OK)
				est = entry_unpack(e, bp, blen);
			if (est == RF_OK)
				est = entry_pack(e, ENTRY_PACK_ALL | ENTRY_PACK_NORESP, &all, &alen);
			if (est == RF_OK) {
				crypto_generichash(fp, 16, all, alen, nk[KEY_FINGERPRINT],
						   RCRYPTO_KEYBYTES);
				have_fp = true;
				entry_free_packed(&all, alen);
			}
			entry_free(&e);
			if (est == RF_ERR_PARSE)
				est = RF_ERR_DAMAGED;
		}
		nseq = (int64_t)d->next_seq;
		if (est == RF_OK)
			est = seal_with(j, nk[KEY_ENTRIES], "entries", ids[i], rev, nseq, "meta", mp,
					mlen, &sm, &smlen);
		if (est == RF_OK)
			est = seal_with(j, nk[KEY_ENTRIES], "entries", ids[i], rev, nseq, "body", bp,
					blen, &sb, &sblen);
		if (est == RF_OK) {
			d->next_seq++;
			sqlite3_reset(up);
			sqlite3_bind_int64(up, 1, ids[i]);
			sqlite3_bind_int64(up, 2, nseq);
			if (have_fp)
				sqlite3_bind_blob(up, 3, fp, sizeof fp, SQLITE_STATIC);
			sqlite3_bind_blob(up, 4, sm, (int)smlen, SQLITE_STATIC);
			st = rf_from_sqlite(sqlite3_step(up));
			if (st == RF_OK) {
				sqlite3_reset(upb);
				sqlite3_bind_int64(upb, 1, ids[i]);
				sqlite3_bind_blob(upb, 2, sb, (int)sblen, SQLITE_STATIC);
				st = rf_from_sqlite(sqlite3_step(upb));
			}
		} else if (est == RF_ERR_DAMAGED) {
			note_entry_damage(j, ids[i]);
		} else {
			st = est;
		}
		rcrypto_plain_free(&mp, mlen);
		rcrypto_plain_free(&bp, blen);
		free(sm);
		free(sb);
	}
	sqlite3_finalize(get);
	sqlite3_finalize(up);
	sqlite3_finalize(upb);
	free(ids);
	return st;
}

/* How one table's rows open for resealing: the plaintext to seal again under the new key, or
 * RF_ERR_DAMAGED for a row that does not open (left as it is, and named when `damaged` is set). */
struct reseal_table {
	const char *table; /* also the associated data's table name */
	int key;           /* KEY_ITEMS, KEY_DRAFTS */
	const char *select; /* rev, seq, kind, data of one row by id */
	rf_status (*open)(journal *j, int64_t id, int64_t rev, int64_t seq, const char *kind,
			  const void *data, size_t len, unsigned char **pt, size_t *ptlen);
	void (*damaged)(journal *j, int64_t id, const char *kind);
};

static rf_status reseal_open_item(journal *j, int64_t id, int64_t rev, int64_t seq,
				  const char *kind, const void *data, size_t len,
				  unsigned char **pt, size_t *ptlen)
{
	return unseal(j, KEY_ITEMS, "items", id, rev, seq, kind, data, len, pt, ptlen);
}

static rf_status reseal_open_draft(journal *j, int64_t id, int64_t rev, int64_t seq,
				   const char *kind, const void *data, size_t len,
				   unsigned char **pt, size_t *ptlen)
{
	entry *e = NULL;
	journal_draft_info in;
	rf_status st = draft_from_row(j, id, rev, seq, data, len, &e, &in);

	(void)kind;
	if (st == RF_OK) {
		if (in.started == 0) /* a draft of schema 1: no time kept */
			in.started = (int64_t)time(NULL);
		st = draft_seal_plain(e, in.started, in.step, in.field, pt, ptlen);
	}
	entry_free(&e);
	return st;
}

static const struct reseal_table reseal_items_table = {
	"items", KEY_ITEMS, "SELECT rev, seq, kind, data FROM items WHERE id = ?",
	reseal_open_item, note_item_damage};
static const struct reseal_table reseal_drafts_table = {
	"drafts", KEY_DRAFTS, "SELECT rev, seq, 'draft', data FROM drafts WHERE id = ?",
	reseal_open_draft, NULL};

/* Seal every row of one table again under the new keys nk, each with a fresh sequence number. */
static rf_status reseal_table(journal *j, const struct reseal_table *t, unsigned char *const *nk,
			      dstate *d)
{
	int rc;
	char sql[96];
	sqlite3_stmt *get = NULL, *up = NULL;
	int64_t *ids = NULL;
	size_t n = 0;
	rf_status st;

	snprintf(sql, sizeof sql, "SELECT id FROM %s", t->table);
	st = ids_of(j, sql, &ids, &n);
	if (st == RF_OK)
		st = stmt_prepare(j, t->select, &get);
	snprintf(sql, sizeof sql, "UPDATE %s SET seq = ?2, data = ?3 WHERE id = ?1", t->table);
	if (st == RF_OK)
		st = stmt_prepare(j, sql, &up);
	for (size_t i = 0; i < n && st == RF_OK; i++) {
		unsigned char *pt = NULL, *sealed = NULL;
		size_t ptlen = 0, slen = 0;
		char kind[40];
		int64_t rev, seq, nseq = (int64_t)d->next_seq;
		rf_status est;
		sqlite3_reset(get);
		sqlite3_bind_int64(get, 1, ids[i]);
		rc = sqlite3_step(get);
		if (rc != SQLITE_ROW) {
			if (rc != SQLITE_DONE)
				st = rf_from_sqlite(rc);
			continue;
		}
		rev = sqlite3_column_int64(get, 0);
		seq = sqlite3_column_int64(get, 1);
		snprintf(kind, sizeof kind, "%s",
			 sqlite3_column_text(get, 2) ? (const char *)sqlite3_column_text(get, 2) : "");
		est = t->open(j, ids[i], rev, seq, kind, sqlite3_column_blob(get, 3),
			      (size_t)sqlite3_column_bytes(get, 3), &pt, &ptlen);
		if (est == RF_OK)
			est = seal_with(j, nk[t->key], t->table, ids[i], rev, nseq, kind, pt, ptlen,
					&sealed, &slen);
		if (est == RF_OK) {
			d->next_seq++;
			sqlite3_reset(up);
			sqlite3_bind_int64(up, 1, ids[i]);
			sqlite3_bind_int64(up, 2, nseq);
			sqlite3_bind_blob(up, 3, sealed, (int)slen, SQLITE_STATIC);
			st = rf_from_sqlite(sqlite3_step(up));
		} else if (est == RF_ERR_DAMAGED) {
			if (t->damaged != NULL)
				t->damaged(j, ids[i], kind);
		} else {
			st = est;
		}
		rcrypto_plain_free(&pt, ptlen);
		free(sealed);
	}
	sqlite3_finalize(get);
	sqlite3_finalize(up);
	free(ids);
	return st;
}

/* Inside a transaction: every record sealed again under nk (the journal's own keys on
 * upgrade), and the digest state rebuilt under nk from the rows now present. d holds the
 * high-water marks and flags to keep. */
static rf_status reseal_all(journal *j, unsigned char *const *nk, dstate *d, bool new_keys)
{
	rf_status st = dstate_floor(j, d);

	if (st == RF_OK)
		st = reseal_entries(j, nk, d, new_keys);
	if (st == RF_OK)
		st = reseal_table(j, &reseal_items_table, nk, d);
	if (st == RF_OK)
		st = reseal_table(j, &reseal_drafts_table, nk, d);
	j->legacy = false;
	if (st == RF_OK)
		st = digest_compute_with(j, nk[KEY_DIGEST], d);
	if (st == RF_OK)
		st = dstate_write_with(j, nk[KEY_DIGEST], d);
	return st;
}

/* The XOR digest of schema 1 over (table, id, revision): does it match the rows present? */
static bool legacy_digest_matches(journal *j, const unsigned char want[DIGEST_BYTES])
{
	static const char *const q[][2] = {
		{"entries", "SELECT id, rev FROM entries"},
		{"items", "SELECT id, rev FROM items"},
	};
	unsigned char got[DIGEST_BYTES] = {0}, t[DIGEST_BYTES], ad[128];

	for (size_t k = 0; k < 2; k++) {
		sqlite3_stmt *s = NULL;
		if (sqlite3_prepare_v2(j->db, q[k][1], -1, &s, NULL) != SQLITE_OK)
			return false;
		while (sqlite3_step(s) == SQLITE_ROW) {
			size_t n = rcrypto_ad(ad, sizeof ad, q[k][0], sqlite3_column_int64(s, 0),
					      sqlite3_column_int64(s, 1), "digest");
			crypto_generichash(t, DIGEST_BYTES, ad, n, j->keys[KEY_DIGEST],
					   RCRYPTO_KEYBYTES);
			for (int i = 0; i < DIGEST_BYTES; i++)
				got[i] ^= t[i];
		}
		sqlite3_finalize(s);
	}
	return sodium_memcmp(want, got, DIGEST_BYTES) == 0;
}

/* Upgrade from schema 1: records gain a sequence number in their associated data, the digest
 * becomes a sum with kinds and high-water marks. Damage already there is carried over. */
static rf_status upgrade_records(journal *j)
{
	dstate old, d;
	rf_status st;

	j->legacy = true;
	st = dstate_read(j, &old);
	memset(&d, 0, sizeof d);
	if (st != RF_OK || !legacy_digest_matches(j, old.sum))
		d.flags |= DSTATE_CARRIED;
	st = reseal_all(j, j->keys, &d, false);
	j->legacy = false;
	return st;
}

rf_status journal_accept(journal *j)
{
	dstate d;
	rf_status st = journal_begin(j);

	if (st != RF_OK)
		return st;
	st = dstate_load(j, &d);
	if (st == RF_OK)
		st = digest_compute_with(j, NULL, &d);
	if (st == RF_OK) {
		d.flags = 0;
		st = dstate_write(j, &d);
	}
	st = finish(j, st);
	if (st == RF_OK)
		j->ndamage = 0;
	return st;
}

rf_status journal_passwd(journal *j, const char *pass, size_t passlen, const rcrypto_level *level)
{
	unsigned char *master = rcrypto_key_new(), *nk[KEY_COUNT] = {NULL}, *old_master;
	unsigned char *old_keys[KEY_COUNT];
	dstate d;
	rf_status st = master == NULL ? RF_ERR_NOMEM : RF_OK;

	for (int k = 1; k < KEY_COUNT && st == RF_OK; k++) {
		nk[k] = rcrypto_key_new();
		if (nk[k] == NULL)
			st = RF_ERR_NOMEM;
	}
	if (st == RF_OK) {
		rcrypto_random_key(master);
		for (int k = 1; k < KEY_COUNT; k++)
			rcrypto_subkey(master, (uint64_t)k, "reflect_", nk[k]);
		st = journal_begin(j);
	}
	if (st != RF_OK)
		goto out;
	st = dstate_load(j, &d);
	if (st == RF_OK)
		st = reseal_all(j, nk, &d, true);
	/* the search index was sealed under the old key: it goes, and is built again under the
	 * new one when a search next needs it */
	if (st == RF_OK)
		st = exec(j, "DELETE FROM search_index");
	if (st == RF_OK) {
		/* wrap the new master key (wrap_master wraps j->master) */
		old_master = j->master;
		j->master = master;
		st = wrap_master(j, pass, passlen, level);
		j->master = old_master;
	}
	st = finish(j, st);
	if (st == RF_OK) {
		/* from now on the new keys */
		old_master = j->master;
		j->master = master;
		master = old_master;
		memcpy(old_keys, j->keys, sizeof old_keys);
		memcpy(j->keys, nk, sizeof nk);
		memcpy(nk, old_keys, sizeof nk);
		index_drop(j);
		rcrypto_key_free(&j->sidx_keys[0]);
		rcrypto_key_free(&j->sidx_keys[1]);
		j->sidx_ready = false;
	}
out:
	rcrypto_key_free(&master);
	for (int k = 1; k < KEY_COUNT; k++)
		rcrypto_key_free(&nk[k]);
	return st;
}

/* ---- checks and backups ---- */

static int count_item(int64_t id, const char *data, size_t len, void *ctx)
{
	(void)id;
	(void)data;
	(void)len;
	(*(size_t *)ctx)++;
	return 0;
}

static int count_entry(const entry *e, void *ctx)
{
	(void)e;
	(*(size_t *)ctx)++;
	return 0;
}

static int count_draft(const journal_draft_info *info, const entry *e, void *ctx)
{
	(void)info;
	(void)e;
	(*(size_t *)ctx)++;
	return 0;
}

rf_status journal_check(journal *j)
{
	sqlite3_stmt *s = NULL;
	rf_status st;
	size_t n = 0;
	int rc;

	j->ndamage = 0;
	rc = sqlite3_prepare_v2(j->db, "PRAGMA integrity_check(20)", -1, &s, NULL);
	if (rc != SQLITE_OK)
		return rf_from_sqlite(rc);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(s, 0);
		if (r != NULL && strcmp(r, "ok") != 0) {
			char what[160];
			snprintf(what, sizeof what, "the file's structure is damaged: %.100s", r);
			add_damage(j, "journal", 0, what);
		}
	}
	sqlite3_finalize(s);
	/* Every entry, both halves. */
	st = journal_each(j, NULL, true, count_entry, &n);
	if (st != RF_OK)
		return st;
	/* Every item, whatever its kind. */
	rc = sqlite3_prepare_v2(j->db, "SELECT DISTINCT kind FROM items", -1, &s, NULL);
	if (rc != SQLITE_OK)
		return rf_from_sqlite(rc);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		char kind[40];
		snprintf(kind, sizeof kind, "%s", (const char *)sqlite3_column_text(s, 0));
		st = journal_item_each(j, kind, count_item, &n);
		if (st != RF_OK)
			break;
	}
	sqlite3_finalize(s);
	if (st != RF_OK)
		return st;
	st = journal_draft_each(j, count_draft, &n);
	if (st != RF_OK)
		return st;
	st = schema_verify(j);
	if (st != RF_OK && st != RF_ERR_DAMAGED)
		return st;
	st = digest_verify(j);
	if (st != RF_OK && st != RF_ERR_DAMAGED)
		return st;
	/* the search index, every row opened (none at all is not damage: it is built when
	 * needed) */
	{
		sidx x;
		int64_t bad = 0;
		st = sidx_of(j, &x);
		if (st == RF_OK)
			st = sidx_verify(&x, true, &bad);
		if (st == RF_ERR_DAMAGED) {
			/* named, and built again from the entries (it holds nothing else) */
			note_index_damage(j, bad);
			j->sidx_ready = false;
			j->sidx_rebuild = true;
			(void)index_usable(j);
		} else if (st != RF_OK && st != RF_ERR_NOT_FOUND) {
			return st;
		}
	}
	return j->ndamage > 0 ? RF_ERR_DAMAGED : RF_OK;
}

static rf_status fsync_path(const char *path, bool dir)
{
	int fd = open(path, (dir ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC);
	rf_status st = RF_OK;

	if (fd < 0)
		return RF_ERR_IO;
	if (fsync(fd) != 0)
		st = errno == ENOSPC ? RF_ERR_FULL : RF_ERR_IO;
	close(fd);
	return st;
}

rf_status journal_backup(journal *j, const char *path)
{
	char *tmp = NULL, *dir = NULL, *slash;
	sqlite3_stmt *s = NULL;
	size_t n = strlen(path) + 32;
	rf_status st;
	int rc;

	tmp = malloc(n);
	dir = strdup(path);
	if (tmp == NULL || dir == NULL) {
		st = RF_ERR_NOMEM;
		goto out;
	}
	snprintf(tmp, n, "%s.part-%ld", path, (long)getpid());
	unlink(tmp);
	rc = sqlite3_prepare_v2(j->db, "VACUUM INTO ?", -1, &s, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(s, 1, tmp, -1, SQLITE_STATIC);
		rc = sqlite3_step(s);
		sqlite3_finalize(s);
	}
	st = rc == SQLITE_DONE ? RF_OK : rf_from_sqlite(rc);
	if (st == RF_OK)
		st = fsync_path(tmp, false);
	if (st == RF_OK && rename(tmp, path) != 0)
		st = RF_ERR_IO;
	if (st == RF_OK) {
		slash = strrchr(dir, '/');
		if (slash == NULL)
			strcpy(dir, ".");
		else if (slash == dir)
			dir[1] = '\0';
		else
			*slash = '\0';
		st = fsync_path(dir, true);
	}
	if (st != RF_OK)
		unlink(tmp);
out:
	free(tmp);
	free(dir);
	return st;
}

static int id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static rf_status each_of(journal *j, const int64_t *ids, size_t n, const journal_worker *w,
			 journal_visit fn, void *ctx)
{
	sqlite3_stmt *s = NULL;
	opener *op;
	rf_status st;
	int rc;

	if (n == 0)
		return RF_OK;
	if ((op = opener_new(j, NULL, NULL, NULL, w, fn, ctx, 0)) == NULL)
		return RF_ERR_NOMEM;
	st = journal_begin_read(j);
	if (st != RF_OK) {
		opener_end(op);
		return st;
	}
	rc = sqlite3_prepare_v2(j->db,
				"SELECT id, rev, written, meta, seq FROM entries ORDER BY written, id", -1,
				&s, NULL);
	if (rc != SQLITE_OK) {
		opener_end(op);
		journal_commit(j);
		return rf_from_sqlite(rc);
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0);
		rf_status est;
		if (bsearch(&id, ids, n, sizeof *ids, id_cmp) == NULL)
			continue;
		/* opened whole on the journal's threads */
		if ((est = opener_take(op, NULL, s)) != RF_OK) {
			st = est;
			break;
		}
		if (op->stop)
			break;
	}
	if (st == RF_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
		st = rf_from_sqlite(rc);
	if (st == RF_OK && !op->stop)
		st = opener_flush(op);
	opener_end(op);
	sqlite3_finalize(s);
	journal_commit(j);
	return st;
}

rf_status journal_each_of(journal *j, const int64_t *ids, size_t n, journal_visit fn, void *ctx)
{
	return each_of(j, ids, n, NULL, fn, ctx);
}

rf_status journal_each_of_made(journal *j, const int64_t *ids, size_t n, const journal_worker *w)
{
	return each_of(j, ids, n, w, NULL, NULL);
}

/* ---- the floor of a full scan (make bench) ---- */

rf_status journal_read_all(journal *j, bool bodies, size_t *rows, size_t *bytes)
{
	sqlite3_stmt *s = NULL;
	rf_status st;
	int rc;

	*rows = 0;
	*bytes = 0;
	st = journal_begin_read(j);
	if (st != RF_OK)
		return st;
	rc = sqlite3_prepare_v2(j->db,
				bodies ? "SELECT e.id, e.rev, e.meta, b.body, e.seq FROM entries e "
					 "JOIN entry_bodies b ON b.id = e.id"
				       : "SELECT id, rev, meta, NULL, seq FROM entries",
				-1, &s, NULL);
	while (rc == SQLITE_OK && st == RF_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0), rev = sqlite3_column_int64(s, 1);
		int64_t seq = sqlite3_column_int64(s, 4);
		for (int c = 2; c <= (bodies ? 3 : 2) && st == RF_OK; c++) {
			unsigned char *pt = NULL;
			size_t ptlen = 0, n = (size_t)sqlite3_column_bytes(s, c);
			st = unseal(j, KEY_ENTRIES, "entries", id, rev, seq, c == 2 ? "meta" : "body",
				    sqlite3_column_blob(s, c), n, &pt, &ptlen);
			rcrypto_plain_free(&pt, ptlen);
			*bytes += n;
		}
		++*rows;
		rc = SQLITE_OK;
	}
	if (st == RF_OK && rc != SQLITE_DONE)
		st = rf_from_sqlite(rc);
	sqlite3_finalize(s);
	journal_commit(j);
	return st;
}
