-- 002_store_trust.sql - records bound to a never-repeating sequence number, many drafts.
-- seq is a journal-wide counter given to every write of a row (entries, items, drafts) and
-- never given again: it is in each sealed record's associated data and in the digest of rows,
-- so an old copy of a row put back cannot match. The high-water marks of ids and of seq are
-- kept inside the sealed digest record (meta "digest"): ids are never given twice.
ALTER TABLE entries ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE items ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE drafts ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
