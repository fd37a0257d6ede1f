#!/bin/sh
# export_redact.sh - nothing identifying leaves: an identifier in every field of an entry is
# refused without --redact (with where it was), and absent from every format and layout with
# it; patterns (email, phone, address, date of birth) too; --keep-identifiers keeps them;
# files are 0600, announced as readable, and never overwritten without --force.
. "$(dirname "$0")/../lib/lib.sh"

new_journal
printf 'Marisol Quintero\n' | r identifiers add --kind child 2>/dev/null || fail "identifiers add"
printf 'Oakhaven\n' | r identifiers add --kind place 2>/dev/null || fail "identifiers add place"

N="Marisol Quintero"
# A family code is a code: one that holds a listed name (or what may be a name) is refused.
printf '{"family": "Quintero family", "notice": {"text": "x"}}' | assert_status 1 r add
assert_contains "$(cat "$T/.err")" "family code"
printf '{"family": "Okonkwo family", "notice": {"text": "x"}}' | assert_status 1 r add
cat >"$T/e.json" <<JSON
{"written_at": "2026-11-20T16:05:00Z", "visit_date": "2026-11-20",
 "family": "F-3", "visit_type": "visit to $N", "life_stage": "$N stage",
 "pause": {"text": "Pause: $N.", "body": "Body: marisol quintero.", "activation": 5},
 "notice": {"text": "Notice: MARISOL QUINTERO's cot.", "between": "Between: $N", "stirred": "Stirred: Marisól Quintéro",
   "emotions": ["joy for $N"]},
 "curious": {"text": "Curious: $N?", "parent": "Parent: $N", "infant": "Infant: $N",
   "questions": ["Question about $N?"]},
 "themes": ["theme $N"], "competencies": ["Reflection with $N"],
 "for_supervision": true, "portfolio": true,
 "responses": [{"from": "$N", "at": "2026-11-21T10:00:00Z", "text": "Response: ask $N at Oakhaven."}]}
JSON
r add "$T/e.json" >/dev/null || fail "add"
printf '{"written_at": "2026-11-22T09:00:00Z", "family": "F-4", "notice": {"text": "Marisol Quintero slept."}}' |
	r add >/dev/null || fail "add second"

# absent FILE: none of the identifying words, in any case or accent, is in FILE.
absent() {
	for w in marisol quintero oakhaven "maris&#243;l" quint; do
		if grep -qi -- "$w" "$1"; then fail "'$w' leaked into $1: $(grep -i -- "$w" "$1" | head -n 3)"; fi
	done
	if grep -qi 'maris.l' "$1"; then fail "an accented form leaked into $1"; fi
}

# Refused without --redact, in every format, with entry, field and words, writing nothing.
for fmt in json md html txt; do
	assert_status 1 r export --format "$fmt" -o "$T/refused.$fmt"
	[ ! -e "$T/refused.$fmt" ] || fail "a refused $fmt export left a file"
	err=$(cat "$T/.err")
	assert_contains "$err" "entry 1, notice.text: \"MARISOL QUINTERO\""
	assert_contains "$err" "entry 1, responses.from: \"$N\""
	assert_contains "$err" "entry 1, notice.stirred: \"Marisól Quintéro\""
	assert_contains "$err" "--redact"
	[ -z "$(cat "$T/.out")" ] || fail "a refused export wrote to stdout"
done
# Every field that holds the name is named.
for field in visit_type life_stage pause.text pause.body notice.text notice.between \
	notice.stirred notice.emotions curious.text curious.parent curious.infant curious.questions \
	themes competencies responses.from responses.text; do
	assert_contains "$(cat "$T/.err")" "entry 1, $field: " "field $field not reported"
done
# Standard output is refused the same way.
assert_status 1 r export --format md
[ -z "$(cat "$T/.out")" ] || fail "a refused export wrote to stdout"

# With --redact: every format and layout, file and stdout, portfolio or not.
for fmt in json md html txt; do
	for layout in pnc gibbs nmc; do
		r export --format "$fmt" --layout "$layout" --redact -o "$T/red.$layout.$fmt" 2>"$T/err" ||
			fail "redacted $fmt/$layout export failed: $(cat "$T/err")"
		absent "$T/red.$layout.$fmt"
		# (Markdown escapes the brackets: read it without the backslashes.)
		assert_contains "$(tr -d '\\' <"$T/red.$layout.$fmt")" "[child F-4] slept." "kind and family code as the replacement"
		[ "$fmt" = json ] && break
	done
	r export --format "$fmt" --portfolio --redact >"$T/red-stdout.$fmt" 2>/dev/null || fail "stdout $fmt"
	absent "$T/red-stdout.$fmt"
done
# Readable replacements: the kind and the family code; a place by [place].
assert_contains "$(cat "$T/red.pnc.txt")" "Response: ask [child F-3] at [place]."
assert_contains "$(cat "$T/red.pnc.txt")" "Notice: [child F-3]'s cot."

# Patterns: email, phone, street address, date of birth.
new_pattern_journal() {
	J="$T/patterns.db"
	rm -f "$J"
	r init --kdf interactive >/dev/null 2>&1 || fail "init patterns"
	printf '{"written_at": "2026-11-02T10:00:00Z", "family": "F-9", "notice": {"text": "Mum (m.q@example.org, 07700 900123) lives at 14 Elm Road; baby born on 3 March 2026."}}' |
		r add >/dev/null || fail "add patterns"
}
new_pattern_journal
assert_status 1 r export --format txt
for w in "m.q@example.org" "07700 900123" "14 Elm Road" "3 March 2026"; do
	assert_contains "$(cat "$T/.err")" "\"$w\""
done
r export --format txt --redact -o "$T/pat.txt" 2>/dev/null || fail "pattern redaction"
for w in "m.q@example.org" "07700" "Elm Road" "3 March"; do
	assert_not_contains "$(cat "$T/pat.txt")" "$w"
done
assert_contains "$(cat "$T/pat.txt")" "Mum ([email], [phone]) lives at [address]; baby born on [date of birth]."

# --title and --name leave too: scanned, refused, redacted like the entries.
assert_status 1 r export --format html --title "Reflections on Marisol" -o "$T/t.html"
assert_contains "$(cat "$T/.err")" "title: \"Marisol\""
[ ! -e "$T/t.html" ] || fail "a refused title left a file"
r export --format html --portfolio --redact --title "Reflections on Marisol" --name "Dr Ana Ruiz" \
	-o "$T/t.html" 2>/dev/null || fail "redacted title"
assert_not_contains "$(cat "$T/t.html")" "Marisol"
grep -q "<title>Reflections on \[name\]</title>" "$T/t.html" || { grep -n "title" "$T/t.html"; fail "title not redacted"; }
assert_contains "$(cat "$T/t.html")" "Dr Ana Ruiz"
# The cover says exactly what was checked and replaced, and that a person must still read it.
assert_contains "$(cat "$T/t.html")" "words that may be names"
assert_contains "$(cat "$T/t.html")" "a person must still read this document"
r export --format json --portfolio --redact -o "$T/t.json" 2>/dev/null || fail "redacted json"
assert_contains "$(cat "$T/t.json")" '"deidentified": true'
assert_contains "$(cat "$T/t.json")" '"deidentified_checks": ["identifiers list", "possible names"'

# A name hidden from the scan in Markdown (a character reference) is caught once rendered.
printf '{"written_at": "2026-11-03T10:00:00Z", "notice": {"text": "Hello M&#97;risol Quintero"}}' | r add >/dev/null
printf 'Marisol Quintero\n' | r identifiers add 2>/dev/null
assert_status 1 r export --format html --redact -o "$T/hidden.html"
assert_contains "$(cat "$T/.err")" "still shows an identifying detail"
[ ! -e "$T/hidden.html" ] || fail "the hidden name's export left a file"

# Emphasis inside a name joins it back together once rendered: Markdown and HTML refuse it.
printf '{"written_at": "2026-11-04T10:00:00Z", "notice": {"text": "hello marisol quin*tero*"}}' | r add >/dev/null
for fmt in md html; do
	assert_status 1 r export --format "$fmt" --redact --since 2026-11-04 -o "$T/emph.$fmt"
	assert_contains "$(cat "$T/.err")" "still shows an identifying detail"
	[ ! -e "$T/emph.$fmt" ] || fail "the emphasised name's export left a file"
done

# --keep-identifiers keeps them, says so, and the cover does not claim otherwise.
J="$T/journal.db"
r export --format md --portfolio --keep-identifiers -o "$T/kept.md" 2>"$T/err" || fail "keep"
assert_contains "$(cat "$T/kept.md")" "$N"
assert_contains "$(cat "$T/err")" "are kept, as you asked"
assert_not_contains "$(cat "$T/kept.md")" "Families appear only by their codes"
assert_status 2 r export --format md --redact --keep-identifiers

# Files: announced, 0600, never overwritten without --force.
r export --format md --redact -o "$T/file.md" 2>"$T/err" || fail "file export"
assert_contains "$(cat "$T/err")" "anyone who has the file can read it"
mode=$(stat -c %a "$T/file.md")
assert_eq "$mode" 600 "export file mode"
echo "mine" >"$T/keep.md"
assert_status 1 r export --format md --redact -o "$T/keep.md"
assert_contains "$(cat "$T/.err")" "--force"
assert_eq "$(cat "$T/keep.md")" "mine" "an existing file was changed"
r export --format md --redact --force -o "$T/keep.md" 2>/dev/null || fail "--force"
assert_contains "$(cat "$T/keep.md")" "# Reflections"
assert_eq "$(stat -c %a "$T/keep.md")" 600 "mode after --force"
ls -a "$T" | grep -q reflect-export && fail "a temporary export file was left behind"
assert_status 1 r export --format md --redact -o "$T/no/such/folder/x.md"
assert_contains "$(cat "$T/.err")" "could not be created"

# The identifiers are sealed: not in the journal file in plaintext.
no_plaintext "Oakhaven" "$J" "$J-wal" "$J-shm"
no_plaintext "Quintero" "$J" "$J-wal" "$J-shm"
echo "nothing identifying left"
