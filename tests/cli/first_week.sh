#!/bin/sh
# first_week.sh - the command line as a new user meets it: options after operands, help that
# describes the JSON, plain text added with --text, natural dates in filters, human dates and
# one word for feelings.
. "$(dirname "$0")/../lib/lib.sh"
new_journal
today=$(date +%Y-%m-%d)
ago() { date -d "$1" +%Y-%m-%d; }
add_on() { printf '{"visit_date": "%s", "notice": {"text": "%s", "emotions": ["tenderness"]}}' "$1" "$2" | r add; }
id_old=$(add_on "$(ago '40 days ago')" "Forty days back") || fail "add"
id_10=$(add_on "$(ago '10 days ago')" "Ten days back") || fail "add"
id_5=$(add_on "$(ago '5 days ago')" "Five days back") || fail "add"
id_y=$(add_on "$(ago yesterday)" "Only yesterday") || fail "add"

# natural dates: --since 2w, yesterday, "last week", "3 days ago"; since: in the search line too
out=$(r list --since 2w) || fail "list --since 2w"
assert_contains "$out" "Ten days back"
assert_not_contains "$out" "Forty days back"
out=$(r list --since yesterday)
assert_contains "$out" "Only yesterday"
assert_not_contains "$out" "Five days back"
out=$(r list --since "last week")
assert_contains "$out" "Five days back"
assert_not_contains "$out" "Ten days back"
out=$(r list --until "3 days ago")
assert_contains "$out" "Five days back"
assert_not_contains "$out" "Only yesterday"
assert_status 2 r list --since "someday"
assert_contains "$(cat "$T/.err")" "last week"

# labels matched by prefix and word
printf '{"notice": {"text": "Labels here", "emotions": ["tenderness"]}, "themes": ["ghosts in the nursery"]}' | r add >/dev/null
assert_contains "$(r list --theme ghosts)" "Labels here"
assert_contains "$(r list --theme nursery)" "Labels here"
assert_contains "$(r list --emotion tender)" "Labels here"
assert_not_contains "$(r list --emotion fear)" "Labels here"

# options after operands, as in GNU tools
r delete "$id_old" --force 2>"$T/err" || fail "delete ID --force: $(cat "$T/err")"
assert_not_contains "$(r list)" "Forty days back"
out=$(r show "$id_10" --flagged 2>&1) && fail "show took an unknown option"
r list --limit 1 --since 2w >/dev/null || fail "list options"
out=$(r export --format json -o - --since 2w 2>/dev/null) || fail "export options"
assert_contains "$out" "Ten days back"

# help add describes the JSON fields
out=$(r help add)
assert_contains "$out" '"emotions"'
assert_contains "$out" 'visit_date'
assert_contains "$out" 'for_supervision'
assert_contains "$out" '--text'

# add --text: plain text as the Notice text, from stdin or a file, lines kept
printf 'First line of a plain note\nand its second line\n' | r add --text >"$T/out" 2>"$T/err" || fail "add --text: $(cat "$T/err")"
tid=$(cat "$T/out")
out=$(r export --format json --search "plain note")
assert_contains "$out" '"text": "First line of a plain note\nand its second line"'
printf 'From a file\n' >"$T/note.txt"
fid=$(r add "$T/note.txt" --text) || fail "add FILE --text"
assert_contains "$(r show "$fid")" "From a file"
assert_status 1 sh -c "printf '  \n' | '$REFLECT' --journal '$J' --passphrase-file '$PW' add --text"

# human dates where people read: never the raw ISO time; "Feelings" as on the screens
out=$(r show "$tid")
assert_contains "$out" "Written "
if printf '%s' "$out" | grep -q '[0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'; then fail "raw ISO time in show: $out"; fi
assert_contains "$out" "$(date +%Y)"
out=$(r show "$id_10")
assert_contains "$out" "Feelings: tenderness"
assert_not_contains "$out" "Emotions"
# Markdown and HTML exports keep a field's line breaks; days are human there too
printf 'Line one of the visit\nline two of the visit\n' | r add --text >/dev/null || fail "add --text"
out=$(r export --format md --search "Line one of the visit" 2>/dev/null)
# a hard break: the line ends in two spaces (a soft break would join the lines when read)
printf '%s\n' "$out" | grep -qx 'Line one of the visit  ' || fail "no hard break in Markdown: $out"
# the same for text with Markdown of its own (rendered through cmark, not the plain-prose path)
printf 'A *marked* line of the visit\nits second line\n' | r add --text >/dev/null || fail "add --text"
out=$(r export --format md --search "its second line" 2>/dev/null)
printf '%s\n' "$out" | grep -qx 'A \*marked\* line of the visit  ' || fail "no hard break in marked-up Markdown: $out"
assert_contains "$out" "## $(date +'%a %-d %b %Y')"
assert_not_contains "$out" "## $today"
out=$(r export --format html --search "Line one of the visit" 2>/dev/null)
assert_contains "$out" "Line one of the visit<br />"

# days as people read them in every listing: list, supervision list and hours, drafts; never
# YYYY-MM-DD (the id stays the first field, tab-separated)
iso='20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
out=$(r list)
printf '%s\n' "$out" | grep -q "$iso" && fail "an ISO day in list: $out"
assert_contains "$(r list | grep 'Ten days back' | cut -f2)" "$(human_day "$(ago '10 days ago')")"
assert_eq "$(r list | grep 'Ten days back' | cut -f1)" "$id_10" "the id first"
out=$(r supervision add --minutes 60 --date yesterday) || fail "supervision add --date yesterday"
assert_contains "$out" "on $(human_day "$(ago yesterday)")"
assert_status 2 r supervision add --minutes 60 --date someday
out=$(r supervision list)
assert_contains "$out" "$(human_day "$(ago yesterday)")"
printf '%s\n' "$out" | grep -q "$iso" && fail "an ISO day in supervision list: $out"
out=$(r supervision hours --until today) || fail "supervision hours --until today"
assert_contains "$out" "to $(human_day "$today")"
printf '%s\n' "$out" | grep -q "$iso" && fail "an ISO day in supervision hours: $out"

# the review's periods take natural dates as --since does
out=$(r review --format json --recent-since 2w --earlier-until "15 days ago") || fail "review --recent-since 2w"
assert_contains "$out" "\"since\": \"$(ago '14 days ago')\""
assert_contains "$(r review --recent-since "last week")" "What shifted: $(date -d 'last week' '+%-d %b')"
assert_status 2 r review --recent-since someday
assert_contains "$(cat "$T/.err")" "--recent-since takes a date like 2026-11-20, yesterday"
echo "first week ok"
