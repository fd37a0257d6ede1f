#!/bin/sh
# export_layouts.sh - layouts true to their models: entries written with the Gibbs or NMC
# questions keep their answers through add, import and export and print what was asked;
# entries written in Pause / Notice / Be Curious say how their parts fill another layout's
# headings, an empty part is left out, and NMC's Code is never the IMH domains.
# The golden files change only through 'make golden' (tools/golden.sh collects GOLDEN_ACTUAL).
. "$(dirname "$0")/../lib/lib.sh"
G=$(cd "$(dirname "$0")/../golden/export" && pwd)

new_journal
r import --format json "$G/asked.json" 2>/dev/null || fail "import of the asked fixture"
check() {
	name=$1; shift
	rm -f "$T/out"
	r export "$@" -o "$T/out" 2>"$T/err" || fail "export $* failed: $(cat "$T/err")"
	if [ -n "${GOLDEN_ACTUAL:-}" ]; then
		mkdir -p "$GOLDEN_ACTUAL/export"
		cp "$T/out" "$GOLDEN_ACTUAL/export/$name"
		return
	fi
	diff -u "$G/$name" "$T/out" || fail "$name differs from the golden file"
}
check asked-gibbs.md --format md --layout gibbs
check asked-pnc.txt --format txt --layout pnc
check asked-nmc.html --format html --layout nmc
out=$(cat "$G/asked-gibbs.md")
assert_contains "$out" "*What were you thinking and feeling?*"
assert_contains "$out" "I felt shut out, then curious."
assert_contains "$out" "Written with the NMC reflective account’s questions; shown as asked."
assert_not_contains "$out" "Evaluation" "a Gibbs stage nothing was written for"
assert_not_contains "$out" "Nothing written"

# Round trip: add, export, import elsewhere, export again: the same answers.
printf '{"visit_date": "2026-11-05", "gibbs": {"conclusion": "I could have slowed down."}, "nmc": {"code": "Practise effectively."}}' |
	r add >/dev/null || fail "add with answers"
r export --format json -o "$T/a.json" 2>/dev/null || fail "export json"
assert_contains "$(cat "$T/a.json")" '"conclusion": "I could have slowed down."'
J2="$T/second.db"
"$REFLECT" --journal "$J2" --passphrase-file "$PW" init --kdf interactive >/dev/null 2>&1
"$REFLECT" --journal "$J2" --passphrase-file "$PW" import --format json "$T/a.json" 2>/dev/null ||
	fail "import of the export"
"$REFLECT" --journal "$J2" --passphrase-file "$PW" export --format json -o "$T/b.json" 2>/dev/null ||
	fail "export again"
diff -u "$T/a.json" "$T/b.json" || fail "the answers did not survive a round trip"
# Search finds words in the answers; the identifiers scan reads them too.
assert_contains "$(r list --search "slowed down")" "Thu 5 Nov 2026"
printf 'Kestrel\n' | r identifiers add --kind child >/dev/null 2>&1 || fail "identifiers add"
printf '{"visit_date": "2026-11-06", "gibbs": {"description": "Kestrel cried at the door."}}' | r add >/dev/null
assert_status 1 r export --format md
assert_contains "$(cat "$T/.err")" "gibbs.description"
r export --format md --redact -o "$T/red.md" 2>/dev/null || fail "redacted export"
assert_not_contains "$(cat "$T/red.md")" "Kestrel"

# A layout is also a prompt set: with layout = gibbs, plain mode asks Gibbs' six questions
# (each answer ended by an empty line) and stores the answers on the entry.
mkdir -p "$XDG_CONFIG_HOME/reflect"
printf 'layout = gibbs\n' >"$XDG_CONFIG_HOME/reflect/config"
printf '%s\n' "We met in the car park." "" "Uneasy." "" "" "" "Slow down first." "" "" "" |
	r --plain >"$T/out" 2>"$T/err" || fail "plain mode with the Gibbs questions: $(cat "$T/err")"
id=$(cat "$T/out")
shown=$(r show "$id")
assert_contains "$shown" "What happened?"
assert_contains "$shown" "We met in the car park."
assert_contains "$shown" "What were you thinking and feeling?"
assert_not_contains "$shown" "What was good and bad"
json=$(r export --format json --entry "$id")
assert_contains "$json" '"description": "We met in the car park."'
assert_contains "$json" '"feelings": "Uneasy."'
assert_contains "$json" '"conclusion": "Slow down first."'
printf 'layout = nmc\n' >"$XDG_CONFIG_HOME/reflect/config"
printf '%s\n' "A missed visit." "" "" "I call ahead now." "" |
	r --plain >"$T/out" 2>"$T/err" || fail "plain mode with the NMC questions"
json=$(r export --format json --entry "$(cat "$T/out")")
assert_contains "$json" '"what_happened": "A missed visit."'
assert_contains "$json" '"practice": "I call ahead now."'
rm "$XDG_CONFIG_HOME/reflect/config"

# Entries written in Pause / Notice / Be Curious: the mapping is said, nothing is faked.
gibbs=$(cat "$G/gibbs.md")
assert_contains "$gibbs" "Description holds Notice; Feelings holds Pause and what was stirred"
assert_contains "$gibbs" "Evaluation and Conclusion were not asked."
assert_not_contains "$gibbs" "### Evaluation"
assert_not_contains "$gibbs" "### Conclusion"
nmc=$(cat "$G/nmc.md")
assert_contains "$nmc" "How my practice changed and how it relates to the Code were not asked."
assert_not_contains "$nmc" "standard"
assert_not_contains "$nmc" "### How it relates to the Code"
# a part whose heading already names it has no empty label under it
printf '%s\n' "$nmc" | grep -qx '\*\*\*\*' && fail "an empty bold label in nmc.md"
grep -qx ':' "$G/nmc.txt" && fail "an empty label line in nmc.txt"
grep -qF '<h4></h4>' "$G/nmc.html" && fail "an empty heading in nmc.html"
echo "layouts ok"
