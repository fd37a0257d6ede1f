-- 001_init.sql - the first journal schema.
-- Only what ordering needs is plain (row ids, revisions, the time an entry was written, a keyed
-- content fingerprint for de-duplication, an item's kind); everything a person wrote or chose
-- is in the sealed blobs (XChaCha20-Poly1305, associated data = table, row id, revision).

-- Key settings and sealed journal-wide records: the Argon2id salt and limits, the wrapped
-- master key, the keyed digest of all (row, revision) pairs.
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value BLOB NOT NULL
) WITHOUT ROWID;

-- One row per entry: its small metadata, sealed (dates, codes, labels, flags, questions).
CREATE TABLE entries (
	id      INTEGER PRIMARY KEY,
	rev     INTEGER NOT NULL,
	written INTEGER NOT NULL,
	fp      BLOB NOT NULL,
	meta    BLOB NOT NULL
);
CREATE INDEX entries_by_time ON entries (written DESC, id DESC, rev);
CREATE INDEX entries_by_fp ON entries (fp);

-- The texts of each entry, sealed, read only when needed.
CREATE TABLE entry_bodies (
	id   INTEGER PRIMARY KEY REFERENCES entries (id) ON DELETE CASCADE,
	body BLOB NOT NULL
);

-- Small sealed records other parts keep: contacts, identifiers, the supervision log, ...
CREATE TABLE items (
	id   INTEGER PRIMARY KEY,
	kind TEXT NOT NULL,
	rev  INTEGER NOT NULL,
	data BLOB NOT NULL
);
CREATE INDEX items_by_kind ON items (kind, id);

-- The draft being composed, sealed, saved every few seconds.
CREATE TABLE drafts (
	id   INTEGER PRIMARY KEY,
	rev  INTEGER NOT NULL,
	data BLOB NOT NULL
);
