#!/bin/sh
# export_golden.sh - every format and layout, and the portfolio cover, against golden files.
# The golden files change only through 'make golden' (tools/golden.sh), which collects what this
# test produced (GOLDEN_ACTUAL) and shows the diff; a test run never writes them.
. "$(dirname "$0")/../lib/lib.sh"
G=$(cd "$(dirname "$0")/../golden/export" && pwd)
export SOURCE_DATE_EPOCH=1795392000 # 2026-11-23

new_journal
r import --format json "$G/entries.json" 2>/dev/null || fail "import of the fixture failed"
# A supervision log for the cover: counted within the period, peer sessions never.
r supervision add --minutes 90 --date 2026-10-15 >/dev/null 2>&1 || fail "supervision add"
r supervision add --minutes 60 --date 2026-11-05 --group >/dev/null 2>&1 || fail "supervision add"
r supervision add --minutes 45 --date 2026-11-06 --peer >/dev/null 2>&1 || fail "supervision add"
r supervision add --minutes 60 --date 2026-12-01 >/dev/null 2>&1 || fail "supervision add"

# check NAME ARGS...: export with ARGS to a file, compare with $G/NAME.
check() {
	name=$1; shift
	rm -f "$T/out"
	r export "$@" -o "$T/out" 2>"$T/err" || fail "export $* failed: $(cat "$T/err")"
	if [ -n "${GOLDEN_ACTUAL:-}" ]; then
		# Collecting for 'make golden': keep going past a difference, fail at the end.
		mkdir -p "$GOLDEN_ACTUAL/export"
		cp "$T/out" "$GOLDEN_ACTUAL/export/$name"
		cmp -s "$G/$name" "$T/out" || differ="$differ $name"
		return
	fi
	[ -f "$G/$name" ] || fail "no golden file $name (run 'make golden')"
	diff -u "$G/$name" "$T/out" || fail "$name differs from the golden file"
}
differ=""

for layout in pnc gibbs nmc; do
	for fmt in md html txt; do
		check "$layout.$fmt" --format "$fmt" --layout "$layout"
	done
done
check all.json --format json
for fmt in md html txt json; do
	check "portfolio.$fmt" --format "$fmt" --portfolio --name "Sam Rivera"
done
check cover-since.md --format md --layout gibbs --cover --since 2026-11-01 --title "November reflections"
[ -z "$differ" ] || fail "differ from the golden files:$differ"

# The layout defaults to pnc, and the format can come from the file name.
r export -o "$T/guess.md" 2>/dev/null || fail "format from the file name"
diff -q "$G/pnc.md" "$T/guess.md" >/dev/null || fail "default layout or guessed format differs"
# The settings file's layout is the default; --layout still wins.
mkdir -p "$XDG_CONFIG_HOME/reflect"
printf 'layout = gibbs\n' >"$XDG_CONFIG_HOME/reflect/config"
r export --format md >"$T/config.md" 2>/dev/null || fail "export with a configured layout"
diff -q "$G/gibbs.md" "$T/config.md" >/dev/null || fail "the configured layout was not used"
r export --format md --layout nmc >"$T/config-nmc.md" 2>/dev/null || fail "export with --layout"
diff -q "$G/nmc.md" "$T/config-nmc.md" >/dev/null || fail "--layout did not win over the settings"
rm "$XDG_CONFIG_HOME/reflect/config"
# Standard output gets the same bytes as a file.
r export --format html --layout nmc >"$T/stdout.html" 2>/dev/null || fail "export to stdout"
diff -q "$G/nmc.html" "$T/stdout.html" >/dev/null || fail "stdout differs from the file"
# The JSON reads back into a journal with the same entries.
J2="$T/second.db"
"$REFLECT" --journal "$J2" --passphrase-file "$PW" init --kdf interactive >/dev/null 2>&1
"$REFLECT" --journal "$J2" --passphrase-file "$PW" import --format json "$G/all.json" 2>/dev/null ||
	fail "the JSON export does not import"
# Every entry, field by field, with the same ids (a lost entry replaced by a duplicate fails).
"$REFLECT" --journal "$J2" --passphrase-file "$PW" export --format json -o "$T/again.json" 2>/dev/null ||
	fail "export of the re-imported journal"
diff -u "$G/all.json" "$T/again.json" || fail "the re-imported journal differs from the JSON it came from"
# Unknown formats and layouts are usage errors.
assert_status 2 r export --format pdf
assert_status 2 r export --format md --layout star
echo "golden files match"
