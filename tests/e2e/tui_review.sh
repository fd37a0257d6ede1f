#!/bin/sh
# tui_review.sh - the review pane in tmux: r from home opens it, a pattern drills down to the
# reflections behind it, one opens, and Esc comes back step by step; a filter narrows it.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/../lib/tmux.sh"
new_journal
while IFS= read -r line; do
	[ -n "$line" ] || continue
	printf '%s\n' "$line" | r add >/dev/null || fail "add failed: $line"
done <<'JSON'
{"visit_date":"2026-11-02","family":"F-1","pause":{"activation":3},"notice":{"text":"canary-one the baby slept","emotions":["fear","joy"]},"themes":["ghosts in the nursery"]}
{"visit_date":"2026-11-03","family":"F-1","pause":{"activation":5},"notice":{"text":"canary-two the baby cried","emotions":["fear"]},"curious":{"questions":["Whose fear was it?"]},"themes":["ghosts in the nursery"],"for_supervision":true}
{"visit_date":"2026-11-09","family":"F-2","pause":{"activation":4},"notice":{"text":"canary-three laughter over the rattle","emotions":["joy"]},"themes":["play"]}
{"visit_date":"2026-11-10","family":"F-1","pause":{"activation":8},"notice":{"text":"canary-four the baby watched","emotions":["fear","sadness"]},"themes":["ghosts in the nursery"]}
JSON

snapshot "$T/before.json"
# The figures the pane shows are the review's own (the same core as 'reflect review'):
# week 46 holds entries 4 and 3 with mean activation 6.0; week 45 entries 2 and 1; fear is in
# entries 4, 2 and 1. The drill-downs below must show exactly those entries.
rv=$(r review --format json --ids | tr -d ' \n') || fail "reflect review"
assert_contains "$rv" '"week":"2026-W46","monday":"2026-11-09","entries":2,"ids":[4,3]'
assert_contains "$rv" '"week":"2026-W45","monday":"2026-11-02","entries":2,"ids":[2,1]'
assert_contains "$rv" '"week":"2026-W46","mean":6.0'
assert_contains "$rv" '"name":"fear","count":3,"ids":[4,2,1]'
# canary text of entry N, from the journal itself
canary() { r show "$1" | grep -o 'canary-[a-z]*[^.]*' | head -n 1; }
c1=$(canary 1); c2=$(canary 2); c3=$(canary 3); c4=$(canary 4)
[ -n "$c1" ] && [ -n "$c4" ] || fail "no canary texts in the entries"

start_tui -- --passphrase-file "$PW"
wait_for "4 reflections"
keys r
wait_for "Over time"
assert_contains "$(screen)" "entries/week"
# Four entries: nothing goes together beyond chance, and the pane says so in plain words.
assert_contains "$(screen)" "nothing goes together more than chance would give, yet"
assert_not_contains "$(screen)" "lift"
# The weeks come first: the newest is chosen; Left picks the one before, Enter opens it.
wait_for "week of 9 Nov: 2 entries, activation 6.0 on average"
keys Left
wait_for "week of 2 Nov: 2 entries"
keys Enter
wait_for "The week of 2 Nov"
wait_for "$c2"
assert_contains "$(screen)" "$c1"
assert_not_contains "$(screen)" "$c4"
assert_not_contains "$(screen)" "$c3"
keys Escape
wait_for "Over time"
# Tab goes to the next section with something to open: activation by family, where F-1
# (rated 3, 5 and 8) is highest but, over three ratings, not beyond chance: it is listed, not
# said to stir most; Enter lists its three reflections.
keys Tab
wait_for "No family stands out beyond chance; by family, highest first:"
wait_for "F-1: 5.3 on average over 3 entries"
assert_not_contains "$(screen)" "stir you most"
keys Enter
wait_for "$c4"
s=$(screen)
assert_contains "$s" "$c2"
assert_contains "$s" "$c1"
assert_not_contains "$s" "$c3"
# The newest is first and selected: Enter opens it; Esc returns to the list, then the pane.
keys Enter
wait_for "canary-four the baby watched"
wait_for "a reflection"
keys Escape
wait_for "canary-one the baby slept"
keys Escape
wait_for "Over time"
# A filter narrows the pane: only family F-2 (one reflection, joy).
keys /
wait_for "Look across"
type_text "family:F-2"
keys Enter
wait_for "1 of 4"
assert_not_contains "$(screen)" "sadness"
keys Escape
wait_for "4 of 4"
keys Escape
wait_for "n new"
keys q
wait_for "[exited 0]"
# Looking changes nothing: every entry as it was.
snapshot "$T/after.json"
same_snapshot "$T/before.json" "$T/after.json" "the journal after the review pane"
echo "review pane ok"
