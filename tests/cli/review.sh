#!/bin/sh
# review.sh - 'reflect review': the JSON against a golden file, filters, text, usage errors.
. "$(dirname "$0")/../lib/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
GOLDEN="$HERE/../golden/review.json"

new_journal
# Eight entries, added oldest first (ids 1..8), the same as fixture A in check_pattern.c,
# with texts and questions.
while IFS= read -r line; do
	[ -n "$line" ] || continue
	printf '%s\n' "$line" | r add >/dev/null || fail "add failed: $line"
done <<'JSON'
{"written_at":"2026-11-02T17:00:00Z","visit_date":"2026-11-02","family":"F-1","visit_type":"home visit","pause":{"text":"Arriving tired.","activation":3},"notice":{"text":"The baby slept on her chest. Mother held the baby close.","emotions":["fear","joy"]},"curious":{"text":"Was the home visit too early for them?"},"themes":["ghosts in the nursery"]}
{"written_at":"2026-11-03T17:00:00Z","visit_date":"2026-11-03","family":"F-1","visit_type":"home visit","pause":{"activation":5},"notice":{"text":"Baby cried; the home visit felt rushed.","emotions":["Fear"]},"curious":{"text":"What did the crying stir in mother?","questions":["How do I stay with her fear?"]},"themes":["ghosts in the nursery","sleep"],"for_supervision":true}
{"written_at":"2026-11-09T17:00:00Z","visit_date":"2026-11-09","family":"F-2","visit_type":"clinic","pause":{"activation":4},"notice":{"text":"Mother laughed with the baby over the rattle.","emotions":["joy"]},"themes":["sleep"]}
{"written_at":"2026-11-10T17:00:00Z","visit_date":"2026-11-10","family":"F-1","visit_type":"home visit","pause":{"activation":6},"notice":{"text":"Mamá habló de su propia madre. The baby watched her face.","emotions":["fear","sadness"]},"curious":{"text":"Listening for the past in the present."},"themes":["ghosts in the nursery"]}
{"written_at":"2026-11-11T17:00:00Z","visit_date":"2026-11-11","family":"F-2","visit_type":"clinic","notice":{"text":"Floor play, the baby reached for the rattle.","emotions":["joy"]},"themes":["play"]}
{"written_at":"2026-11-16T17:00:00Z","visit_date":"2026-11-16","family":"F-1","visit_type":"home visit","pause":{"activation":8},"notice":{"text":"Mother did not look at the baby.","emotions":["fear"]},"curious":{"text":"Her own mother, again: the past in the present.","questions":["Whose ghost is in the room?"]},"themes":["ghosts in the nursery"],"for_supervision":true}
{"written_at":"2026-11-17T17:00:00Z","visit_date":"2026-11-17","family":"F-3","visit_type":"group","pause":{"activation":7},"notice":{"text":"Group: parents sang with their babies.","emotions":["sadness","joy"]},"themes":["play"]}
{"written_at":"2026-11-18T17:00:00Z","visit_date":"2026-11-18","family":"F-1","visit_type":"home visit","pause":{"activation":9},"notice":{"text":"Baby would not settle; mother held the baby stiffly.","emotions":["fear","sadness"]},"curious":{"text":"What was the baby telling us?","questions":["What am I carrying from this family?"]},"themes":["ghosts in the nursery","sleep"],"for_supervision":true}
JSON

out=$(r review --format json --ids --min-support 2 --recent-days 7) || fail "review --format json failed"
printf '%s\n' "$out" >"$T/review.json"
# 'make golden' collects what this run produced (never written over the golden file here).
[ -n "${GOLDEN_ACTUAL:-}" ] && cp "$T/review.json" "$GOLDEN_ACTUAL/review.json"
diff -u "$GOLDEN" "$T/review.json" || fail "review JSON differs from tests/golden/review.json"

# Without --ids: the INTERFACE shape, no id lists.
out=$(r review --format json) || fail "review --format json failed"
assert_contains "$out" '"entries": 8'
assert_contains "$out" '"open_questions"'
assert_not_contains "$out" '"ids"'

# Filters narrow the set; the others are only background for the words.
out=$(r review --format json --family F-2) || fail "review --family failed"
assert_contains "$out" '"entries": 2'
assert_contains "$out" '"name": "joy"'
assert_not_contains "$out" '"name": "fear"'
out=$(r review --format json --visit-type clinic --since 2026-11-10) || fail "review --visit-type failed"
assert_contains "$out" '"entries": 1'
# A search reads every text in one pass: "rattle" is in entries 3 and 5 only.
out=$(r review --format json --ids --search rattle) || fail "review --search failed"
assert_contains "$out" '"entries": 2'
assert_contains "$out" '"name": "joy"'

# Text for a terminal of 80 columns.
out=$(r review --width 80) || fail "review text failed"
assert_contains "$out" "Review: 8 entries, 2026-11-02 to 2026-11-18"
assert_contains "$out" "fear + ghosts in the nursery"
assert_contains "$out" "Open questions for supervision (3)"
assert_contains "$out" "vicarious"
wide=$(printf '%s\n' "$out" | awk '{ if (length($0) > 80) print }')
[ -z "$wide" ] || fail "lines wider than 80 columns: $wide"

# Revisit from a given entry; an entry outside the set is refused.
out=$(r review --format json --revisit 4) || fail "review --revisit failed"
assert_contains "$out" '"entry": 4'
assert_status 1 r review --revisit 99
assert_contains "$(cat "$T/.err")" "not among the entries reviewed"

# A supervision session that discussed entry 6 closes its question.
r supervision add --minutes 60 --date 2026-11-19 --entry 6 >/dev/null || fail "supervision add failed"
out=$(r review --format json) || fail "review after supervision failed"
assert_not_contains "$out" "Whose ghost is in the room?"
assert_contains "$out" "What am I carrying from this family?"
assert_contains "$(r review)" "Open questions for supervision (2)"

# Usage errors change nothing and say why.
assert_status 2 r review --format yaml
assert_status 2 r review --recent-since 2026-02-30
assert_status 2 r review --ids
assert_status 2 r review --since yesterday
# A wrong passphrase is exit 3.
printf 'wrong\n' >"$T/bad"
assert_status 3 "$REFLECT" --journal "$J" --passphrase-file "$T/bad" review
exit 0
