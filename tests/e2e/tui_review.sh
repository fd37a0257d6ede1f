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
wait_for "canary-two the baby cried"
assert_contains "$(screen)" "canary-one the baby slept"
assert_not_contains "$(screen)" "canary-four"
keys Escape
wait_for "Over time"
# Tab goes to the next section with something to open: activation by family, where F-1
# (rated 3, 5 and 8) stirs most; Enter lists its three reflections.
keys Tab
wait_for "Visits with F-1 stir you most: 5.3 on average over 3 visits (others 4.0)."
keys Enter
wait_for "canary-four the baby watched"
s=$(screen)
assert_contains "$s" "canary-two the baby cried"
assert_contains "$s" "canary-one the baby slept"
assert_not_contains "$s" "canary-three"
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
echo "review pane ok"
