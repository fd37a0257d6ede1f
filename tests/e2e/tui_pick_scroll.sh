#!/bin/sh
# tui_pick_scroll.sh - the feelings picker scrolls with the one scroll widget: with more own
# words than the screen holds, the chosen word is in view (with its group's name), and moving
# back up shows the first groups again.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/../lib/tmux.sh"
new_journal
start_tui 80 24 -- --passphrase-file "$PW"
wait_for "No reflections yet"
keys n
wait_for "1 Pause"
keys C-n; wait_for "What passed between parent and infant?"
keys Tab Tab Tab Enter; wait_for "Type a few letters"
wait_for "heavy"
keys +; wait_for "Your own words"
type_text "alpha, bravo, charlie, delta, echo, foxtrot, golf, hotel, india, juliet, kilo, lima"
keys Enter
# the last own word is chosen and in view, under its group's name
wait_for "[x] lima"
wait_for "my own words"
assert_not_contains "$(screen)" "[ ] sadness"
# up again: the first groups come back into view
for i in $(seq 1 14); do keys Up; done
keys Left Left Left
for i in $(seq 1 10); do keys Up; done
wait_for "[ ] sadness"
keys Enter
wait_for "alpha, bravo"
keys Escape
wait_for "Leave this reflection?"
keys d
wait_for "No reflections yet"
keys q; wait_for "[exited 0]"
stop_tui
echo "picker scrolls ok"
