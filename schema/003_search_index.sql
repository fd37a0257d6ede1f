-- 003_search_index.sql - the sealed search index (issue 16).
-- Row -1 holds the index's sealed state (format, number of buckets, a random generation and a
-- keyed sum over every (row, revision) below). Rows 0 .. B-1 are buckets: each folded word of an
-- entry goes to the bucket a keyed hash of it names (BLAKE2b under a subkey of the master
-- key, cut to B buckets, so words share buckets); a bucket holds its words and, for each, the
-- entries that contain it, sealed (XChaCha20-Poly1305, associated data = table, row, revision
-- and the generation). Rows from B on hold the sealed vocabulary (the words, by first letter),
-- through which a word's beginning or any part of it finds the whole words. Nothing here is
-- readable without the key; what the sizes and the changes of rows reveal is in reflect(1).
CREATE TABLE search_index (
	id   INTEGER PRIMARY KEY,
	rev  INTEGER NOT NULL,
	data BLOB NOT NULL
);

-- Opening compares the sealed digest with every entry's (id, revision, sequence number): this
-- index holds just those, so that the comparison reads a few pages rather than every entry's
-- sealed metadata.
CREATE INDEX entries_by_row ON entries (id, rev, seq);
