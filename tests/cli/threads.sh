#!/bin/sh
# threads.sh - entries opened, checked, scanned and written on several threads (issue 16) give
# what one thread gives, byte for byte: every export format, list, search, a theme, --limit;
# with the journal's first entry damaged (the next one is then the document's first, though
# it was written on another thread as one that follows others) and one in the middle damaged;
# and a name far into the journal still stops the export, naming that entry.
. "$(dirname "$0")/../lib/lib.sh"

new_journal
N=300
{
	printf '{"reflect": 1, "entries": [\n'
	i=1
	while [ $i -le $N ]; do
		day=$(( (i % 28) + 1 ))
		case $((i % 4)) in
		0) text="Visit $i: the baby reached for the rattle *twice* & smiled." theme=burnout ;;
		1) text="Visita $i: mamá cantó una canción; el bebé la miró." theme=boundaries ;;
		2) text="Visit $i. A quiet hour.\\n\\nThen the toddler cried: \\\"no\\\"." theme=burnout ;;
		*) text="Visit $i - # not a heading, 1. not a list <b>not bold</b>" theme="infant's cues" ;;
		esac
		[ $i -gt 1 ] && printf ',\n'
		printf ' {"written_at": "2026-%02d-%02dT%02d:%02d:00Z", "family": "F-%d", "themes": ["%s"], "notice": {"text": "%s"}}' \
			$(( (i / 28) % 12 + 1 )) "$day" $((i % 24)) $((i % 60)) $((i % 37)) "$theme" "$text"
		i=$((i + 1))
	done
	printf '\n]}\n'
} >"$T/doc.json"
r import --format json "$T/doc.json" 2>/dev/null || fail "import"

# everything a person can ask for, on one thread and on four
outputs() {
	tag=$1
	for fmt in json md html txt; do
		r export --format "$fmt" --force -o "$T/$tag.$fmt" 2>/dev/null
		echo "export $fmt: $?" >>"$T/$tag.status"
	done
	r export --format json --keep-identifiers --force -o "$T/$tag.keep.json" 2>/dev/null
	r list >"$T/$tag.list" 2>>"$T/$tag.err"
	echo "list: $?" >>"$T/$tag.status"
	r list --search rattle >"$T/$tag.search" 2>>"$T/$tag.err"
	r list --search "cancion" --limit 7 >"$T/$tag.searchlimit" 2>>"$T/$tag.err"
	r list --theme burnout >"$T/$tag.theme" 2>>"$T/$tag.err"
	r list --limit 5 >"$T/$tag.limit" 2>>"$T/$tag.err"
}
same_outputs() {
	for f in json md html txt keep.json list search searchlimit theme limit status err; do
		cmp -s "$T/one.$f" "$T/four.$f" || { diff "$T/one.$f" "$T/four.$f" | head -n 20; fail "$1: '$f' differs between one thread and four"; }
	done
}
# the same asked of one thread and of four, the same answers
one_and_four() {
	rm -f "$T"/one.* "$T"/four.*
	REFLECT_THREADS=1 outputs one
	REFLECT_THREADS=4 outputs four
	same_outputs "$1"
}
one_and_four "a whole journal"

# by content: every entry, oldest first, as written
assert_eq "$(cut -f1 "$T/four.list" | head -n 1)" "$N" "the newest first"
assert_eq "$(grep -c . "$T/four.list")" "$N" "every entry listed"
grep -q '"text": "Visit 4: the baby reached for the rattle \*twice\* & smiled."' "$T/four.json" || fail "entry 4's text"
grep -q '"text": "Visita 297: mamá cantó una canción; el bebé la miró."' "$T/four.json" || fail "entry 297's text"
assert_eq "$(cut -f1 "$T/four.search" | sort -n | tr '\n' ' ' | cut -d' ' -f1-3)" "4 8 12" "search rattle"
assert_eq "$(cut -f1 "$T/four.limit" | tr '\n' ' ')" "$(cut -f1 "$T/four.list" | head -n 5 | tr '\n' ' ')" "--limit 5"
# the document read back is the journal (JSON whole: no comma out of place)
J2="$T/back.db"
"$REFLECT" --journal "$J2" --passphrase-file "$PW" init --kdf interactive >/dev/null || fail "init back"
"$REFLECT" --journal "$J2" --passphrase-file "$PW" import --format json "$T/four.json" 2>/dev/null || fail "the export does not import"
"$REFLECT" --journal "$J2" --passphrase-file "$PW" list | cut -f2- >"$T/back.list"
cut -f2- "$T/four.list" >"$T/here.list"
cmp -s "$T/back.list" "$T/here.list" || fail "the exported journal, imported, lists otherwise"

# The first entry's texts lost: it is named, and the one after it opens the document.
first=$(sqlite3 "$J" "SELECT id FROM entries ORDER BY written, id LIMIT 1")
sqlite3 "$J" "UPDATE entry_bodies SET body = substr(body, 1, 40) || x'00' || substr(body, 42) WHERE id = $first" || fail "sqlite3"
one_and_four "the first entry damaged"
assert_contains "$(cat "$T/four.status")" "export json: 4"
assert_contains "$(cat "$T/four.err")" "skipped 1 damaged entry"
grep -q "Visit $first[:.]" "$T/four.md" && fail "the damaged entry's text was written"
second=$(sqlite3 "$J" "SELECT id FROM entries ORDER BY written, id LIMIT 1 OFFSET 1")
assert_contains "$(sed -n 3p "$T/four.json")" "{" "the first entry of the array"
assert_not_contains "$(sed -n 3p "$T/four.json")" "," "a comma before the first entry"
grep -q "\"id\": $second," "$T/four.json" || fail "the entry after the damaged one is missing"
[ "$(grep -m1 -n '^---$' "$T/four.md" | cut -d: -f1)" -gt "$(grep -m1 -n '^## ' "$T/four.md" | cut -d: -f1)" ] ||
	fail "the Markdown opens with a rule, as if an entry came before"

# Entries named by id, one of them not there: the two written, the third named as missing
# (the export meets them as it writes them, with no first pass).
REFLECT_THREADS=4 r export --format md --entry 5 7 99999 -o "$T/some.md" 2>"$T/some.err" || fail "export --entry"
assert_contains "$(cat "$T/some.err")" "1 of the 3 entries named with --entry are not in this journal"
assert_contains "$(cat "$T/some.err")" "Wrote 2 entries to"
assert_eq "$(grep -c '^## ' "$T/some.md")" "2" "entries in the export of two"
grep -q "Visita 5:" "$T/some.md" && grep -q "Visit 7 -" "$T/some.md" || fail "entries 5 and 7 not in the export of two"

# One in the middle too.
mid=150
sqlite3 "$J" "UPDATE entries SET meta = substr(meta, 1, 30) || x'00' || substr(meta, 32) WHERE id = $mid" || fail "sqlite3"
one_and_four "two entries damaged"
assert_contains "$(cat "$T/four.err")" "skipped 2 damaged entries"
grep -q "^$mid	" "$T/four.list" && fail "the damaged entry $mid was listed"
grep -q "^$((mid + 1))	" "$T/four.list" || fail "entry $((mid + 1)) is missing"

# A name far into the journal stops the export on four threads as on one, naming its entry.
J="$T/named.db"
new_journal
r import --format json "$T/doc.json" 2>/dev/null || fail "import again"
printf 'Marisol Quintero\n' | r identifiers add 2>/dev/null || fail "identifiers add"
printf '{"written_at": "2026-12-30T10:00:00Z", "notice": {"text": "Met Marisol Quintero today."}}' | r add >/dev/null || fail "add"
for t in 1 4; do
	REFLECT_THREADS=$t r export --format md -o "$T/found$t.md" 2>"$T/found$t.err"
	echo "$?" >"$T/found$t.status"
	[ ! -e "$T/found$t.md" ] || fail "a refused export left a file ($t threads)"
done
assert_eq "$(cat "$T/found4.status")" "1" "export with a name, four threads"
assert_contains "$(cat "$T/found4.err")" "entry $((N + 1)), notice.text: \"Marisol Quintero\""
cmp -s "$T/found1.err" "$T/found4.err" || fail "the refusal differs between one thread and four"
echo "ok"
