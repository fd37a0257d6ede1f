#!/bin/sh
# tui_review_planted.sh - the review pane over the planted fixture: home offers the monthly
# practice check-in once (p answers it), the pane's first screen holds the strongest pair and
# the family that stirs most in plain words, and "n more" opens the rest of a list.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/../lib/tmux.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
new_journal
while IFS= read -r line; do
	printf '%s\n' "$line" | r add >/dev/null || fail "add failed"
done <"$HERE/../fixtures/planted.jsonl"

start_tui -- --passphrase-file "$PW"
wait_for "81 reflections"
wait_for "Once a month"
keys p
wait_for "0 to 10, Esc to let it be"
type_text "7"
keys Enter
wait_for "Kept: 7 out of 10"
keys r
wait_for "Over time"
s=$(screen)
assert_contains "$s" "fear and removal: almost always together (13 of 13)"
assert_contains "$s" "Visits with F-31 stir you most"
# Feelings: the first eight, then "7 more"; Enter on it shows them all.
for i in 1 2 3 4 5 6; do keys Tab; done
wait_for "Feelings (entries naming each)"
for i in 1 2 3 4 5 6 7 8; do keys j; done
wait_for "7 more"
assert_not_contains "$(screen)" "frustration"
keys Enter
wait_for "frustration"
assert_not_contains "$(screen)" "7 more"
keys Escape
wait_for "n new"
keys q
wait_for "[exited 0]"
# The answer was kept; the offer rests for a month.
assert_contains "$(r practice)" "7.0 out of 10 (1 answer)"
echo "review pane over the planted fixture ok"
