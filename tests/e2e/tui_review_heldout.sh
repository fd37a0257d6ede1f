#!/bin/sh
# tui_review_heldout.sh - the review pane over the held-out Spanish-text fixture
# (tests/fixtures/heldout-es100.json): its first screen holds the strongest pair and the
# family that stirs most, in plain words, accents kept; a name capitalised within sentences
# (Ruby) is never among the words.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/../lib/tmux.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
new_journal
printf 'Oksana\nWiremu\n' | r identifiers add --kind parent >/dev/null || fail "identifiers add failed"
r import --format json "$HERE/../fixtures/heldout-es100.json" >/dev/null || fail "import failed"

start_tui -- --passphrase-file "$PW"
wait_for "100 reflections"
keys r
wait_for "Over time"
s=$(screen)
assert_contains "$s" "vergüenza and separación y pérdida: almost always together (11 of 12)"
assert_contains "$s" "Visits with K-4 stir you most"
assert_not_contains "$s" "lift"
# The words: Tab to their section; the planted phrase first, accents kept, no name.
for i in 1 2 3 4 5 6 7; do keys Tab; done
wait_for "apartó la mirada"
s=$(screen)
assert_not_contains "$s" "ruby"
assert_not_contains "$s" "oksana"
keys Escape
wait_for "n new"
keys q
wait_for "[exited 0]"
echo "review pane over the held-out fixture ok"
