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
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>

#include "reflect/schema.h"

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
	entry **index; /* metadata of every entry, newest first, when loaded */
	size_t nindex;
	int index_data_version;
	journal_damage *damage;
	size_t ndamage;
	sqlite3_stmt *cache[5]; /* prepared statements used in loops */
};

enum { SQL_INSERT_ENTRY, SQL_UPDATE_ENTRY, SQL_PUT_BODY, SQL_GET_BODY, SQL_GET_META };

static const char *const cached_sql[] = {
	"INSERT INTO entries (id, rev, written, fp, meta) VALUES (?1, ?2, ?3, ?4, ?5)",
	"UPDATE entries SET rev = ?2, written = ?3, fp = ?4, meta = ?5 WHERE id = ?1",
	"INSERT OR REPLACE INTO entry_bodies (id, body) VALUES (?, ?)",
	"SELECT body FROM entry_bodies WHERE id = ?",
	"SELECT rev, written, meta FROM entries WHERE id = ?",
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

/* ---- small helpers ---- */

static rf_status from_sqlite(int rc)
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

static rf_status exec(journal *j, const char *sql)
{
	return from_sqlite(sqlite3_exec(j->db, sql, NULL, NULL, NULL));
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

static size_t ad_for(unsigned char *buf, size_t cap, const char *table, int64_t id, int64_t rev,
		     const char *label)
{
	return rcrypto_ad(buf, cap, table, id, rev, label);
}

static rf_status seal(journal *j, int key, const char *table, int64_t id, int64_t rev,
		      const char *label, const void *pt, size_t len, unsigned char **out,
		      size_t *outlen)
{
	unsigned char ad[256];
	size_t adlen = ad_for(ad, sizeof ad, table, id, rev, label);

	if (adlen == 0)
		return RF_ERR_INVALID;
	return rcrypto_seal(j->keys[key], ad, adlen, pt, len, out, outlen);
}

static rf_status unseal(journal *j, int key, const char *table, int64_t id, int64_t rev,
			const char *label, const void *in, size_t inlen, unsigned char **pt,
			size_t *ptlen)
{
	unsigned char ad[256];
	size_t adlen = ad_for(ad, sizeof ad, table, id, rev, label);

	if (adlen == 0)
		return RF_ERR_INVALID;
	return rcrypto_open(j->keys[key], ad, adlen, in, inlen, pt, ptlen);
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
		return from_sqlite(rc) == RF_ERR_IO ? RF_ERR_NOT_JOURNAL : from_sqlite(rc);
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
		st = from_sqlite(rc);
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
		return from_sqlite(rc);
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 2, val, (int)len, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? RF_OK : from_sqlite(rc);
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
static rf_status wrap_master(journal *j, const char *pass, size_t passlen, rcrypto_level level)
{
	rcrypto_kdf kdf;
	unsigned char packed[32], ad[256], *kek = NULL, *sealed = NULL;
	size_t adlen, sealedlen = 0;
	rf_status st;

	st = rcrypto_kdf_new(level, &kdf);
	if (st != RF_OK)
		return st;
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

/* ---- the digest of (table, row, revision) pairs ---- */

static void digest_term(journal *j, const char *table, int64_t id, int64_t rev,
			unsigned char out[DIGEST_BYTES])
{
	unsigned char ad[128];
	size_t n = rcrypto_ad(ad, sizeof ad, table, id, rev, "digest");

	crypto_generichash(out, DIGEST_BYTES, ad, n, j->keys[KEY_DIGEST], RCRYPTO_KEYBYTES);
}

static void xor_into(unsigned char *d, const unsigned char *s)
{
	for (int i = 0; i < DIGEST_BYTES; i++)
		d[i] ^= s[i];
}

static rf_status digest_read(journal *j, unsigned char out[DIGEST_BYTES])
{
	unsigned char *sealed = NULL, *pt = NULL;
	size_t slen = 0, ptlen = 0;
	rf_status st = meta_get(j, "digest", &sealed, &slen);

	if (st != RF_OK)
		return st;
	st = unseal(j, KEY_DIGEST, "meta", 0, 1, "digest", sealed, slen, &pt, &ptlen);
	free(sealed);
	if (st == RF_OK && ptlen != DIGEST_BYTES)
		st = RF_ERR_DAMAGED;
	if (st == RF_OK)
		memcpy(out, pt, DIGEST_BYTES);
	rcrypto_plain_free(&pt, ptlen);
	return st;
}

static rf_status digest_write(journal *j, const unsigned char d[DIGEST_BYTES])
{
	unsigned char *sealed = NULL;
	size_t slen = 0;
	rf_status st = seal(j, KEY_DIGEST, "meta", 0, 1, "digest", d, DIGEST_BYTES, &sealed, &slen);

	if (st == RF_OK)
		st = meta_put(j, "digest", sealed, slen);
	free(sealed);
	return st;
}

/* Inside a write transaction: remove (old_rev) and add (new_rev) a row's term; 0 = none. */
static rf_status digest_change(journal *j, const char *table, int64_t id, int64_t old_rev,
			       int64_t new_rev)
{
	unsigned char d[DIGEST_BYTES], t[DIGEST_BYTES];
	rf_status st = digest_read(j, d);

	if (st == RF_ERR_DAMAGED) {
		/* Start afresh rather than refuse every write; check reports the mismatch. */
		memset(d, 0, sizeof d);
		st = RF_OK;
	}
	if (st != RF_OK)
		return st;
	if (old_rev > 0) {
		digest_term(j, table, id, old_rev, t);
		xor_into(d, t);
	}
	if (new_rev > 0) {
		digest_term(j, table, id, new_rev, t);
		xor_into(d, t);
	}
	return digest_write(j, d);
}

/* Inside a write transaction: fold a precomputed delta into the stored digest. */
static rf_status digest_apply(journal *j, const unsigned char delta[DIGEST_BYTES])
{
	unsigned char d[DIGEST_BYTES];
	rf_status st = digest_read(j, d);

	if (st == RF_ERR_DAMAGED) {
		memset(d, 0, sizeof d);
		st = RF_OK;
	}
	if (st != RF_OK)
		return st;
	xor_into(d, delta);
	return digest_write(j, d);
}

static rf_status digest_compute(journal *j, unsigned char out[DIGEST_BYTES])
{
	static const char *const q[][2] = {
		{"entries", "SELECT id, rev FROM entries ORDER BY written DESC, id DESC"},
		{"items", "SELECT id, rev FROM items"},
	};
	unsigned char t[DIGEST_BYTES];
	rf_status st = RF_OK;

	memset(out, 0, DIGEST_BYTES);
	for (size_t k = 0; k < sizeof q / sizeof q[0] && st == RF_OK; k++) {
		sqlite3_stmt *s = NULL;
		int rc = sqlite3_prepare_v2(j->db, q[k][1], -1, &s, NULL);
		if (rc != SQLITE_OK)
			return from_sqlite(rc);
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			digest_term(j, q[k][0], sqlite3_column_int64(s, 0),
				    sqlite3_column_int64(s, 1), t);
			xor_into(out, t);
		}
		if (rc != SQLITE_DONE)
			st = from_sqlite(rc);
		sqlite3_finalize(s);
	}
	return st;
}

static rf_status digest_verify(journal *j)
{
	unsigned char want[DIGEST_BYTES], got[DIGEST_BYTES];
	rf_status st = digest_read(j, want);

	if (st == RF_ERR_DAMAGED) {
		add_damage(j, "journal", 0, "the record of which entries exist does not authenticate");
		return RF_ERR_DAMAGED;
	}
	if (st != RF_OK)
		return st;
	st = digest_compute(j, got);
	if (st != RF_OK)
		return st;
	if (sodium_memcmp(want, got, DIGEST_BYTES) != 0) {
		add_damage(j, "journal", 0,
			   "entries or records were deleted, added or rolled back outside reflect");
		return RF_ERR_DAMAGED;
	}
	return RF_OK;
}

/* ---- transactions ---- */

rf_status journal_begin(journal *j)
{
	rf_status st;

	if (j->depth > 0) {
		j->depth++;
		return RF_OK;
	}
	st = exec(j, "BEGIN IMMEDIATE");
	if (st == RF_OK)
		j->depth = 1;
	return st;
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
	st = exec(j, "COMMIT");
	if (st != RF_OK) {
		journal_rollback(j);
		return st;
	}
	j->depth = 0;
	return RF_OK;
}

void journal_rollback(journal *j)
{
	if (j->depth == 0)
		return;
	sqlite3_exec(j->db, "ROLLBACK", NULL, NULL, NULL);
	j->depth = 0;
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

static rf_status set_pragmas(journal *j)
{
	const char *env = getenv("REFLECT_BUSY_TIMEOUT_MS");
	int ms = env != NULL ? atoi(env) : 0;

	sqlite3_busy_timeout(j->db, ms > 0 ? ms : BUSY_TIMEOUT_MS);
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
		return from_sqlite(rc);
	rc = sqlite3_step(s);
	*version = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return from_sqlite(rc);
	rc = sqlite3_prepare_v2(j->db, "PRAGMA application_id", -1, &s, NULL);
	if (rc != SQLITE_OK)
		return from_sqlite(rc);
	rc = sqlite3_step(s);
	*appid = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? RF_OK : from_sqlite(rc);
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
		rf_status st = from_sqlite(rc);
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
	unsigned char zero[DIGEST_BYTES] = {0};

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
		st = wrap_master(j, pass, passlen, level);
	if (st == RF_OK)
		st = digest_write(j, zero);
	st = finish(j, st);
	/* Everything into the main file before it is renamed into place: a checkpoint that fails
	 * silently in close would leave a file without its tables (and its WAL deleted below). */
	if (st == RF_OK)
		st = from_sqlite(sqlite3_wal_checkpoint_v2(j->db, NULL, SQLITE_CHECKPOINT_TRUNCATE,
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
		return from_sqlite(rc);
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
		st = from_sqlite(rc);
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
		if (st == RF_OK)
			st = finish(j, migrate(j, version));
		if (st != RF_OK)
			goto out;
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

rf_status journal_passwd(journal *j, const char *pass, size_t passlen, rcrypto_level level)
{
	rf_status st = journal_begin(j);

	if (st != RF_OK)
		return st;
	return finish(j, wrap_master(j, pass, passlen, level));
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

/* Write the sealed halves of e at (id, rev). */
static rf_status write_entry(journal *j, const entry *e, bool insert)
{
	unsigned char *meta = NULL, *body = NULL, *smeta = NULL, *sbody = NULL, fp[16];
	size_t mlen = 0, blen = 0, smlen = 0, sblen = 0;
	sqlite3_stmt *s = NULL;
	rf_status st;
	int rc;

	st = entry_pack(e, ENTRY_PACK_META, &meta, &mlen);
	if (st == RF_OK)
		st = entry_pack(e, ENTRY_PACK_BODY, &body, &blen);
	if (st == RF_OK)
		st = fingerprint(j, e, fp);
	if (st == RF_OK)
		st = seal(j, KEY_ENTRIES, "entries", e->id, e->rev, "meta", meta, mlen, &smeta, &smlen);
	if (st == RF_OK)
		st = seal(j, KEY_ENTRIES, "entries", e->id, e->rev, "body", body, blen, &sbody, &sblen);
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
	st = rc == SQLITE_DONE ? RF_OK : from_sqlite(rc);
out:
	entry_free_packed(&meta, mlen);
	entry_free_packed(&body, blen);
	free(smeta);
	free(sbody);
	return st;
}

static rf_status next_id(journal *j, const char *table, int64_t *id)
{
	sqlite3_stmt *s = NULL;
	char sql[64];
	int rc;

	snprintf(sql, sizeof sql, "SELECT COALESCE(MAX(id), 0) + 1 FROM %s", table);
	rc = sqlite3_prepare_v2(j->db, sql, -1, &s, NULL);
	if (rc != SQLITE_OK)
		return from_sqlite(rc);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? RF_OK : from_sqlite(rc);
}

static rf_status row_rev(journal *j, const char *sql, int64_t id, int64_t *rev)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(j->db, sql, -1, &s, NULL);

	if (rc != SQLITE_OK)
		return from_sqlite(rc);
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*rev = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (rc == SQLITE_ROW)
		return RF_OK;
	return rc == SQLITE_DONE ? RF_ERR_NOT_FOUND : from_sqlite(rc);
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
	int64_t id = 0;

	if (st != RF_OK)
		return st;
	if ((st = journal_begin(j)) != RF_OK)
		return st;
	st = next_id(j, "entries", &id);
	if (st == RF_OK) {
		e->id = id;
		e->rev = 1;
		st = write_entry(j, e, true);
	}
	if (st == RF_OK)
		st = digest_change(j, "entries", id, 0, 1);
	st = finish(j, st);
	if (st != RF_OK) {
		e->id = 0;
		e->rev = 0;
		return st;
	}
	index_note(j, e, false);
	return RF_OK;
}

rf_status journal_update(journal *j, entry *e)
{
	rf_status st;
	int64_t rev = 0;
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
	st = row_rev(j, "SELECT rev FROM entries WHERE id = ?", e->id, &rev);
	if (st == RF_OK) {
		e->rev = rev + 1;
		st = write_entry(j, e, false);
	}
	if (st == RF_OK)
		st = digest_change(j, "entries", e->id, rev, rev + 1);
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
	int64_t rev = 0;
	sqlite3_stmt *s = NULL;
	int rc;

	if (st != RF_OK)
		return st;
	st = row_rev(j, "SELECT rev FROM entries WHERE id = ?", id, &rev);
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
		st = rc == SQLITE_DONE ? RF_OK : from_sqlite(rc);
	}
	if (st == RF_OK)
		st = digest_change(j, "entries", id, rev, 0);
	st = finish(j, st);
	if (st == RF_OK && j->index != NULL) {
		entry probe = {.id = id};
		index_note(j, &probe, true);
	}
	return st;
}

/* Build an entry from a row: id, rev, written, sealed meta, and optionally the sealed body. */
static rf_status entry_from_row(journal *j, int64_t id, int64_t rev, int64_t written,
				const void *meta, size_t mlen, bool want_body,
				const entry_filter *prefilter, entry **out)
{
	unsigned char *pt = NULL;
	size_t ptlen = 0;
	entry *e = NULL;
	rf_status st;

	*out = NULL;
	st = unseal(j, KEY_ENTRIES, "entries", id, rev, "meta", meta, mlen, &pt, &ptlen);
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
			st = from_sqlite(sqlite3_errcode(j->db));
			goto out;
		}
		sqlite3_bind_int64(b, 1, id);
		rc = sqlite3_step(b);
		if (rc == SQLITE_ROW)
			st = unseal(j, KEY_ENTRIES, "entries", id, rev, "body", sqlite3_column_blob(b, 0),
				    (size_t)sqlite3_column_bytes(b, 0), &pt, &ptlen);
		else
			st = rc == SQLITE_DONE ? RF_ERR_DAMAGED : from_sqlite(rc); /* a lost body */
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
	sqlite3_stmt *s = cached(j, SQL_GET_META);
	rf_status st;
	int rc;

	*out = NULL;
	if (s == NULL)
		return from_sqlite(sqlite3_errcode(j->db));
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		st = entry_from_row(j, id, sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1),
				    sqlite3_column_blob(s, 2), (size_t)sqlite3_column_bytes(s, 2), true,
				    NULL, out);
		if (st == RF_ERR_DAMAGED)
			note_entry_damage(j, id);
	} else {
		st = rc == SQLITE_DONE ? RF_ERR_NOT_FOUND : from_sqlite(rc);
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
				"SELECT id, rev, written, meta FROM entries ORDER BY written DESC, id DESC",
				-1, &s, NULL);
	if (rc != SQLITE_OK)
		return from_sqlite(rc);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		entry *e = NULL;
		int64_t id = sqlite3_column_int64(s, 0);
		rf_status est = entry_from_row(j, id, sqlite3_column_int64(s, 1),
					       sqlite3_column_int64(s, 2), sqlite3_column_blob(s, 3),
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
		st = from_sqlite(rc);
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
		return from_sqlite(rc);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*n = (size_t)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? RF_OK : from_sqlite(rc);
}

rf_status journal_each(journal *j, const entry_filter *f, bool want_body, journal_visit fn,
		       void *ctx)
{
	bool body = want_body || entry_filter_needs_body(f);
	entry_filter meta_only = f ? *f : (entry_filter){0};
	sqlite3_stmt *s = NULL;
	rf_status st = RF_OK;
	int rc;

	if (!body && j->index != NULL && j->index_data_version != data_version(j))
		index_drop(j); /* another process changed the journal */
	if (!body && j->index != NULL) {
		for (size_t i = 0; i < j->nindex; i++)
			if (entry_matches(j->index[i], f) && fn(j->index[i], ctx) != 0)
				break;
		return RF_OK;
	}
	rc = sqlite3_prepare_v2(j->db,
				"SELECT id, rev, written, meta FROM entries ORDER BY written DESC, id DESC",
				-1, &s, NULL);
	if (rc != SQLITE_OK)
		return from_sqlite(rc);
	meta_only.search = NULL;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		entry *e = NULL;
		int64_t id = sqlite3_column_int64(s, 0);
		rf_status est = entry_from_row(
			j, id, sqlite3_column_int64(s, 1), sqlite3_column_int64(s, 2),
			sqlite3_column_blob(s, 3), (size_t)sqlite3_column_bytes(s, 3), body, &meta_only,
			&e);
		int stop;
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
		stop = entry_matches(e, f) ? fn(e, ctx) : 0;
		entry_free(&e);
		if (stop)
			break;
	}
	if (st == RF_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
		st = from_sqlite(rc);
	sqlite3_finalize(s);
	return st;
}

rf_status journal_import(journal *j, entry *const *v, size_t n, size_t *added, size_t *skipped)
{
	sqlite3_stmt *s = NULL;
	unsigned char delta[DIGEST_BYTES] = {0}, t[DIGEST_BYTES];
	rf_status st;
	size_t a = 0, k = 0;
	int64_t id = 0;

	*added = 0;
	*skipped = 0;
	st = journal_begin(j);
	if (st != RF_OK)
		return st;
	st = from_sqlite(sqlite3_prepare_v2(j->db, "SELECT 1 FROM entries WHERE fp = ?", -1, &s, NULL));
	if (st == RF_OK)
		st = next_id(j, "entries", &id);
	for (size_t i = 0; i < n && st == RF_OK; i++) {
		unsigned char fp[16];
		int rc;
		st = fingerprint(j, v[i], fp);
		if (st != RF_OK)
			break;
		sqlite3_reset(s);
		sqlite3_bind_blob(s, 1, fp, sizeof fp, SQLITE_TRANSIENT);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			k++;
			continue;
		}
		if (rc != SQLITE_DONE) {
			st = from_sqlite(rc);
			break;
		}
		v[i]->id = id++;
		v[i]->rev = 1;
		st = write_entry(j, v[i], true);
		digest_term(j, "entries", v[i]->id, 1, t);
		xor_into(delta, t);
		a++;
	}
	sqlite3_finalize(s);
	/* One digest update for the whole batch, in the same transaction. */
	if (st == RF_OK && a > 0)
		st = digest_apply(j, delta);
	st = finish(j, st);
	if (st != RF_OK)
		return st;
	index_drop(j);
	*added = a;
	*skipped = k;
	return RF_OK;
}

/* ---- drafts ---- */

rf_status journal_draft_save(journal *j, const entry *e)
{
	unsigned char *packed = NULL, *sealed = NULL;
	size_t plen = 0, slen = 0;
	int64_t rev = 0;
	sqlite3_stmt *s = NULL;
	rf_status st = entry_pack(e, ENTRY_PACK_ALL | ENTRY_PACK_ID, &packed, &plen);
	int rc;

	if (st != RF_OK)
		return st;
	st = journal_begin(j);
	if (st != RF_OK)
		goto out;
	st = row_rev(j, "SELECT rev FROM drafts WHERE id = ?", 1, &rev);
	if (st == RF_ERR_NOT_FOUND)
		st = RF_OK;
	if (st == RF_OK)
		st = seal(j, KEY_DRAFTS, "drafts", 1, rev + 1, "draft", packed, plen, &sealed, &slen);
	if (st == RF_OK) {
		rc = sqlite3_prepare_v2(j->db,
					"INSERT OR REPLACE INTO drafts (id, rev, data) VALUES (1, ?, ?)",
					-1, &s, NULL);
		if (rc == SQLITE_OK) {
			sqlite3_bind_int64(s, 1, rev + 1);
			sqlite3_bind_blob(s, 2, sealed, (int)slen, SQLITE_STATIC);
			rc = sqlite3_step(s);
			sqlite3_finalize(s);
		}
		st = rc == SQLITE_DONE ? RF_OK : from_sqlite(rc);
	}
	st = finish(j, st);
out:
	free(sealed);
	entry_free_packed(&packed, plen);
	return st;
}

rf_status journal_draft_load(journal *j, entry **out)
{
	sqlite3_stmt *s = NULL;
	unsigned char *pt = NULL;
	size_t ptlen = 0;
	rf_status st;
	int rc;

	*out = NULL;
	rc = sqlite3_prepare_v2(j->db, "SELECT rev, data FROM drafts WHERE id = 1", -1, &s, NULL);
	if (rc != SQLITE_OK)
		return from_sqlite(rc);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(s);
		return rc == SQLITE_DONE ? RF_ERR_NOT_FOUND : from_sqlite(rc);
	}
	st = unseal(j, KEY_DRAFTS, "drafts", 1, sqlite3_column_int64(s, 0), "draft",
		    sqlite3_column_blob(s, 1), (size_t)sqlite3_column_bytes(s, 1), &pt, &ptlen);
	sqlite3_finalize(s);
	if (st == RF_OK) {
		entry *e = entry_new();
		st = e == NULL ? RF_ERR_NOMEM : entry_unpack(e, pt, ptlen);
		if (st == RF_OK)
			*out = e; /* its id names the entry being edited, if any */
		else
			entry_free(&e);
		if (st == RF_ERR_PARSE)
			st = RF_ERR_DAMAGED;
	}
	if (st == RF_ERR_DAMAGED)
		add_damage(j, "drafts", 1, "the saved draft does not authenticate");
	rcrypto_plain_free(&pt, ptlen);
	return st;
}

rf_status journal_draft_clear(journal *j)
{
	return exec(j, "DELETE FROM drafts");
}

/* ---- items ---- */

rf_status journal_item_put(journal *j, const char *kind, int64_t *id, const void *data, size_t len)
{
	unsigned char *sealed = NULL;
	size_t slen = 0;
	int64_t rev = 0, rid = *id;
	sqlite3_stmt *s = NULL;
	rf_status st;
	int rc;

	if (kind == NULL || *kind == '\0' || strlen(kind) > 32)
		return RF_ERR_INVALID;
	st = journal_begin(j);
	if (st != RF_OK)
		return st;
	if (rid == 0) {
		st = next_id(j, "items", &rid);
	} else {
		sqlite3_stmt *q = NULL;
		rc = sqlite3_prepare_v2(j->db, "SELECT rev FROM items WHERE id = ? AND kind = ?", -1,
					&q, NULL);
		if (rc == SQLITE_OK) {
			sqlite3_bind_int64(q, 1, rid);
			sqlite3_bind_text(q, 2, kind, -1, SQLITE_STATIC);
			rc = sqlite3_step(q);
			if (rc == SQLITE_ROW)
				rev = sqlite3_column_int64(q, 0);
			sqlite3_finalize(q);
		}
		st = rc == SQLITE_ROW ? RF_OK : rc == SQLITE_DONE ? RF_ERR_NOT_FOUND : from_sqlite(rc);
	}
	if (st == RF_OK)
		st = seal(j, KEY_ITEMS, "items", rid, rev + 1, kind, data, len, &sealed, &slen);
	if (st == RF_OK) {
		rc = sqlite3_prepare_v2(
			j->db, "INSERT OR REPLACE INTO items (id, kind, rev, data) VALUES (?, ?, ?, ?)",
			-1, &s, NULL);
		if (rc == SQLITE_OK) {
			sqlite3_bind_int64(s, 1, rid);
			sqlite3_bind_text(s, 2, kind, -1, SQLITE_STATIC);
			sqlite3_bind_int64(s, 3, rev + 1);
			sqlite3_bind_blob(s, 4, sealed, (int)slen, SQLITE_STATIC);
			rc = sqlite3_step(s);
			sqlite3_finalize(s);
		}
		st = rc == SQLITE_DONE ? RF_OK : from_sqlite(rc);
	}
	if (st == RF_OK)
		st = digest_change(j, "items", rid, rev, rev + 1);
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
	int rc = sqlite3_prepare_v2(j->db, "SELECT id, rev, data FROM items WHERE kind = ? ORDER BY id",
				    -1, &s, NULL);

	if (rc != SQLITE_OK)
		return from_sqlite(rc);
	sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		unsigned char *pt = NULL;
		size_t ptlen = 0;
		int64_t id = sqlite3_column_int64(s, 0);
		int stop;
		rf_status est = unseal(j, KEY_ITEMS, "items", id, sqlite3_column_int64(s, 1), kind,
				       sqlite3_column_blob(s, 2), (size_t)sqlite3_column_bytes(s, 2),
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
		st = from_sqlite(rc);
	sqlite3_finalize(s);
	return st;
}

rf_status journal_item_get(journal *j, const char *kind, int64_t id, char **data, size_t *len)
{
	sqlite3_stmt *s = NULL;
	rf_status st;
	int rc = sqlite3_prepare_v2(j->db, "SELECT rev, data FROM items WHERE id = ? AND kind = ?", -1,
				    &s, NULL);

	*data = NULL;
	*len = 0;
	if (rc != SQLITE_OK)
		return from_sqlite(rc);
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, kind, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		st = unseal(j, KEY_ITEMS, "items", id, sqlite3_column_int64(s, 0), kind,
			    sqlite3_column_blob(s, 1), (size_t)sqlite3_column_bytes(s, 1),
			    (unsigned char **)data, len);
		if (st == RF_ERR_DAMAGED)
			note_item_damage(j, id, kind);
	} else {
		st = rc == SQLITE_DONE ? RF_ERR_NOT_FOUND : from_sqlite(rc);
	}
	sqlite3_finalize(s);
	return st;
}

rf_status journal_item_delete(journal *j, const char *kind, int64_t id)
{
	sqlite3_stmt *s = NULL;
	int64_t rev = 0;
	rf_status st = journal_begin(j);
	int rc;

	if (st != RF_OK)
		return st;
	rc = sqlite3_prepare_v2(j->db, "SELECT rev FROM items WHERE id = ? AND kind = ?", -1, &s, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_text(s, 2, kind, -1, SQLITE_STATIC);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW)
			rev = sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
	}
	st = rc == SQLITE_ROW ? RF_OK : rc == SQLITE_DONE ? RF_ERR_NOT_FOUND : from_sqlite(rc);
	if (st == RF_OK) {
		rc = sqlite3_prepare_v2(j->db, "DELETE FROM items WHERE id = ?", -1, &s, NULL);
		if (rc == SQLITE_OK) {
			sqlite3_bind_int64(s, 1, id);
			rc = sqlite3_step(s);
			sqlite3_finalize(s);
		}
		st = rc == SQLITE_DONE ? RF_OK : from_sqlite(rc);
	}
	if (st == RF_OK)
		st = digest_change(j, "items", id, rev, 0);
	return finish(j, st);
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

rf_status journal_check(journal *j)
{
	sqlite3_stmt *s = NULL;
	rf_status st;
	size_t n = 0;
	int rc;

	j->ndamage = 0;
	rc = sqlite3_prepare_v2(j->db, "PRAGMA integrity_check(20)", -1, &s, NULL);
	if (rc != SQLITE_OK)
		return from_sqlite(rc);
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
		return from_sqlite(rc);
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
	{
		entry *d = NULL;
		if (journal_draft_load(j, &d) == RF_OK)
			entry_free(&d);
	}
	st = digest_verify(j);
	if (st != RF_OK && st != RF_ERR_DAMAGED)
		return st;
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
	st = rc == SQLITE_DONE ? RF_OK : from_sqlite(rc);
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
