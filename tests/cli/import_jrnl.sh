#!/bin/sh
# import_jrnl.sh - a generated 1,000-entry jrnl journal, as plain text and as jrnl's JSON export:
# counts, dates, times, tags and stars after import; importing again adds nothing.
. "$(dirname "$0")/../lib/lib.sh"
export TZ=UTC

# gen MODE: the journal as jrnl writes it (MODE text) or jrnl's JSON export (MODE json), and
# the expected written_at times in $T/expected.times.
gen() {
	awk -v mode="$1" -v times="$T/expected.times" 'BEGIN {
		split("31 28 31 30 31 30 31 31 30 31 30 31", ml, " ")
		y = 2023; m = 1; d = 1
		if (mode == "json") printf "{\"tags\": {}, \"entries\": [\n"
		for (i = 0; i < 1000; i++) {
			h = i % 24; mi = (i * 7) % 60
			date = sprintf("%04d-%02d-%02d", y, m, d)
			clock = sprintf("%02d:%02d", h, mi)
			t1 = "tag" (i % 5); t2 = "topic" (i % 3)
			star = (i % 10 == 0)
			title = "Visit " i " went slowly."
			body = "We sat on the floor with @" t1 ".\nLater: #" t2 " and a quote \"here\"."
			if (mode == "json") {
				b = body; gsub(/"/, "\\\"", b); gsub(/\n/, "\\n", b)
				printf "%s{\"title\": \"%s\", \"body\": \"%s\", \"date\": \"%s\", \"time\": \"%s\", \"tags\": [\"@%s\", \"#%s\"], \"starred\": %s}\n",
					(i ? "," : ""), title, b, date, clock, t1, t2, (star ? "true" : "false")
			} else {
				printf "[%s %s] %s%s\n%s\n\n", date, clock, title, (star ? " *" : ""), body
			}
			print date "T" clock ":00Z" > times
			d++
			feb = (m == 2 && y % 4 == 0) ? 29 : ml[m]
			if (d > feb) { d = 1; m++ }
			if (m > 12) { m = 1; y++ }
		}
		if (mode == "json") printf "]}\n"
	}'
}

# check_journal: the entries of the current journal match what gen made.
check_journal() {
	assert_eq "$(r list | wc -l | tr -d ' ')" 1000 "entries after import"
	r export --format json --force -o "$T/all.json" 2>/dev/null || fail "export"
	grep -o '"written_at": "[^"]*"' "$T/all.json" | sed 's/.*: "\(.*\)"/\1/' | sort >"$T/got.times"
	sort "$T/expected.times" | diff -u - "$T/got.times" >/dev/null || fail "the dates and times differ"
	# list shows each entry's day as people read it, newest first
	assert_eq "$(r list | head -n 1 | cut -f 2)" "Fri 26 Sep 2025" "newest day"
	assert_eq "$(r list | tail -n 1 | cut -f 2)" "Sun 1 Jan 2023" "oldest day"
	for k in 0 1 2 3 4; do
		assert_eq "$(r list --theme "tag$k" | wc -l | tr -d ' ')" 200 "entries with tag$k"
	done
	assert_eq "$(r list --theme topic2 | wc -l | tr -d ' ')" 333 "entries with topic2"
	assert_eq "$(r list --theme @tag1 | wc -l | tr -d ' ')" 0 "themes keep no @"
	assert_eq "$(r list --flagged | wc -l | tr -d ' ')" 100 "starred entries marked for supervision"
	assert_contains "$(cat "$T/all.json")" '"text": "Visit 999 went slowly.\nWe sat on the floor with @tag4.\nLater: #topic0 and a quote \"here\"."'
}

gen text >"$T/journal.txt"
gen json >"$T/journal.json"

new_journal
r import --format jrnl "$T/journal.txt" 2>"$T/err" || fail "jrnl import: $(cat "$T/err")"
assert_contains "$(cat "$T/err")" "Imported 1000 entries"
check_journal
r import --format jrnl "$T/journal.txt" 2>"$T/err" || fail "second jrnl import"
assert_contains "$(cat "$T/err")" "Imported 0 entries; 1000 were already in the journal"
assert_eq "$(r list | wc -l | tr -d ' ')" 1000 "entries after importing twice"
# The JSON export of the same journal maps to the same entries: nothing new.
r import --format jrnl-json "$T/journal.json" 2>"$T/err" || fail "jrnl-json into the same journal"
assert_contains "$(cat "$T/err")" "Imported 0 entries"

J="$T/second.db"
new_journal
r import --format jrnl-json "$T/journal.json" 2>"$T/err" || fail "jrnl-json import: $(cat "$T/err")"
assert_contains "$(cat "$T/err")" "Imported 1000 entries"
check_journal
r import --format jrnl-json "$T/journal.json" 2>"$T/err" || fail "second jrnl-json import"
assert_contains "$(cat "$T/err")" "Imported 0 entries"
assert_eq "$(r list | wc -l | tr -d ' ')" 1000 "entries after importing twice"

# Broken input adds nothing and says where.
printf 'not a journal\n[2024-01-01 10:00] x\n' >"$T/bad.txt"
assert_status 1 r import --format jrnl "$T/bad.txt"
assert_contains "$(cat "$T/.err")" "line 1"
assert_status 2 r import --format dayone "$T/bad.txt"
assert_eq "$(r list | wc -l | tr -d ' ')" 1000 "entries after a refused import"
echo "jrnl imports ok"
