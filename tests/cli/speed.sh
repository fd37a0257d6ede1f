#!/bin/sh
# speed.sh - the faster paths of issue 16 give what the plain ones gave: an export into a file
# (one pass, scanned as it is written) is the same document as the same export on standard
# output (which scans first); a name that shows only once rendered still stops the one-pass
# export and leaves no file; a finding stops it with the findings listed; list --limit gives
# the newest entries; searching finds words with and without accents; importing again adds
# nothing.
. "$(dirname "$0")/../lib/lib.sh"

new_journal
cat >"$T/doc.json" <<'JSON'
{"reflect": 1, "entries": [
 {"written_at": "2026-11-01T10:00:00Z", "family": "F-1", "notice": {"text": "Plain prose, nothing else. "}},
 {"written_at": "2026-11-02T10:00:00Z", "family": "F-2", "notice": {"text": "Some *emphasis* and a <tag> & more", "between": "Two\n\nparagraphs here.  \n"}},
 {"written_at": "2026-11-03T10:00:00Z", "family": "F-3", "notice": {"text": "Mamá sonrió con el café! \"Quoted\" (twice)."}},
 {"written_at": "2026-11-04T10:00:00Z", "family": "F-4", "notice": {"text": "1. a list\n2. of two"}, "curious": {"text": "# A heading"}}
]}
JSON
r import --format json "$T/doc.json" 2>/dev/null || fail "import"
r import --format json "$T/doc.json" 2>"$T/err" || fail "import again"
assert_contains "$(cat "$T/err")" "Imported 0 entries; 4 were already in the journal"

# The newest two, newest first, by their ids.
r list --limit 2 >"$T/list" || fail "list --limit"
assert_eq "$(cut -f1 "$T/list" | tr '\n' ' ')" "4 3 " "list --limit 2"
r list --limit 1 --family F-2 >"$T/list" || fail "list --limit with a filter"
assert_eq "$(cut -f1 "$T/list" | tr '\n' ' ')" "2 " "list --limit 1 --family F-2"

# Searching: folded words, accents or not, in the texts.
assert_eq "$(r list --search cafe | cut -f1 | tr '\n' ' ')" "3 " "search cafe"
assert_eq "$(r list --search CAFÉ | cut -f1 | tr '\n' ' ')" "3 " "search CAFÉ"
assert_eq "$(r list --search paragraphs | cut -f1 | tr '\n' ' ')" "2 " "search in between"
assert_eq "$(r list --search nowhere | cut -f1 | tr '\n' ' ')" "" "search for what is not there"

# File (one pass) and standard output (scan first) give the same document, every format.
for fmt in md html json txt; do
	r export --format "$fmt" -o "$T/out.$fmt" 2>"$T/err" || fail "export $fmt to a file: $(cat "$T/err")"
	assert_contains "$(cat "$T/err")" "anyone who has the file can read it"
	r export --format "$fmt" >"$T/std.$fmt" 2>/dev/null || fail "export $fmt to stdout"
	cmp -s "$T/out.$fmt" "$T/std.$fmt" || fail "$fmt: the file differs from standard output"
done
assert_contains "$(cat "$T/out.html")" "<p>Mamá sonrió con el café! &quot;Quoted&quot; (twice).</p>"
assert_contains "$(cat "$T/out.md")" "Mamá sonrió con el café\\! \"Quoted\" (twice)."

# A name hidden in Markdown stops the one-pass export once rendered; no file is left.
printf 'Marisol Quintero\n' | r identifiers add 2>/dev/null || fail "identifiers add"
printf '{"written_at": "2026-11-05T10:00:00Z", "notice": {"text": "Hello M&#97;risol Quintero"}}' | r add >/dev/null
assert_status 1 r export --format md -o "$T/hidden.md"
assert_contains "$(cat "$T/.err")" "still shows an identifying detail"
[ ! -e "$T/hidden.md" ] || fail "the hidden name's export left a file"

# A plain finding stops it too, with the findings listed and no file.
printf '{"written_at": "2026-11-06T10:00:00Z", "notice": {"text": "Met Marisol Quintero today."}}' | r add >/dev/null
assert_status 1 r export --format md -o "$T/found.md"
assert_contains "$(cat "$T/.err")" "entry 6, notice.text: \"Marisol Quintero\""
assert_not_contains "$(cat "$T/.err")" "will be plain text"
[ ! -e "$T/found.md" ] || fail "a refused export left a file"
ls -a "$T" | grep -q reflect-export && fail "a temporary export file was left behind"
# A journal written by the first reflect (schema 1): its own entries, imported again, are
# recognised by their fingerprints and add nothing.
J="$T/v1.db"
cp "$(dirname "$0")/../fixtures/journal-v1.db" "$J"
printf 'fixture passphrase v1\n' >"$T/v1.pass"
"$REFLECT" --journal "$J" --passphrase-file "$T/v1.pass" export --format json --keep-identifiers \
	>"$T/v1.json" 2>/dev/null || fail "export the v1 journal"
"$REFLECT" --journal "$J" --passphrase-file "$T/v1.pass" import --format json "$T/v1.json" \
	2>"$T/err" || fail "import into the v1 journal"
assert_contains "$(cat "$T/err")" "Imported 0 entries;"
echo "the faster paths give what the plain ones gave"
